"""What the engine returns: frozen dataclasses, each verdict with its reasons and legal basis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .facts import PersonFacts, RetirementCategory


@dataclass(frozen=True)
class Retirement:
    """The legal retirement date and age, and how they were reached."""

    date: date
    age_years: int
    age_months: int
    category: RetirementCategory
    category_defaulted: bool
    delay_months: int
    reasons: tuple[str, ...]
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """Whether a key group or difficulty category holds, with the caseworker's reasons."""

    code: str
    name: str
    holds: bool
    reasons: tuple[str, ...]
    basis: tuple[str, ...]
    # 待认定: declared or computed to hold, but no live 认定 of the bureau grants it (a record
    # evaluated from acts only; see PersonFacts.certified_categories)
    pending: bool = False


@dataclass(frozen=True)
class SubsidyResult:
    """One subsidy or programme of the profile, eligible or not.

    ``start``/``end``/``months``/``monthly_amount_cap`` are set exactly when ``eligible`` and
    the programme has a term and an amount; ``public_welfare_post`` and ``traineeship`` are
    eligibility verdicts only (their term and pay are set by the placement), so those four stay
    ``None`` for them. For ``job_expansion_once`` (a one-off payment) ``months`` is 1, the term
    is the hire month and ``monthly_amount_cap`` is the one-off amount.

    ``person_qualifies`` says whether the *person's* side of the conditions is met; it differs
    from ``eligible`` only for the unit-side subsidies when an employer-side fact (the unit's
    contribution, its size, the contract) is missing or rules it out.
    """

    code: str
    name: str
    eligible: bool
    start: date | None
    end: date | None
    months: int | None
    monthly_amount_cap: Decimal | None
    reasons: tuple[str, ...]
    basis: tuple[str, ...]
    person_qualifies: bool


@dataclass(frozen=True)
class Evaluation:
    """The whole answer for one person on one date under one region profile."""

    as_of: date
    region: str
    person: PersonFacts
    retirement: Retirement
    group_checks: tuple[Finding, ...]
    category_checks: tuple[Finding, ...]
    subsidies: tuple[SubsidyResult, ...]
    # Facts the answer depends on that were not given (需补充：…): the verdicts that depend on
    # them are not granted (see :func:`jobhub.policy.engine.evaluate`).
    missing: tuple[str, ...] = ()

    @property
    def key_groups(self) -> tuple[Finding, ...]:
        """The key groups (重点群体) the person belongs to, each with its reasons."""
        return tuple(f for f in self.group_checks if f.holds)

    @property
    def difficulty_categories(self) -> tuple[Finding, ...]:
        """Every difficulty category that holds, whatever the person's employment status."""
        return tuple(f for f in self.category_checks if f.holds)

    def subsidy(self, code: str) -> SubsidyResult:
        for result in self.subsidies:
            if result.code == code:
                return result
        raise KeyError(code)
