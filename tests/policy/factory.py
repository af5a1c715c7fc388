"""Builders shared by the policy tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from jobhub.policy import PersonFacts, evaluate

# A fixed calculation date keeps the expectations independent of the machine's clock.
AS_OF = date(2026, 11, 22)


def person(**overrides: Any) -> PersonFacts:
    """A person with no key group or category unless the test gives one."""
    fields: dict[str, Any] = {"birth_date": date(1990, 5, 17), "gender": "male"}
    fields.update(overrides)
    return PersonFacts(**fields)


def flexible_difficulty(**overrides: Any) -> PersonFacts:
    """A 4050 man in flexible employment paying 600元 a month (a typical applicant)."""
    fields: dict[str, Any] = {
        "birth_date": date(1970, 3, 10),
        "gender": "male",
        "employment_status": "flexible",
        "monthly_contribution": Decimal("600"),
    }
    fields.update(overrides)
    return PersonFacts(**fields)


def subsidy(p: PersonFacts, code: str, as_of: date = AS_OF, region: str = "default"):
    return evaluate(p, as_of, region).subsidy(code)


def reasons_text(result: Any) -> str:
    return "".join(result.reasons)
