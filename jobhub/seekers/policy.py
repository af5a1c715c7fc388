"""The policy engine applied to a stored person (seekers and walk-in clients alike)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from jobhub.policy import Evaluation, PersonFacts, evaluate
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile
from jobhub.seekers.models import Person

# Sensitive statuses kept (encrypted, with consent) in Person.sensitive, by PersonFacts field.
SENSITIVE_FLAGS = (
    "is_veteran",
    "disabled",
    "low_income_household",
    "zero_employment_household",
    "land_expropriated",
    "single_parent",
    "receiving_unemployment_benefit",
)


_FROM_RECORDS = object()


def person_facts(
    person: Person,
    *,
    subsidy_first_approved_on: date | None | object = _FROM_RECORDS,
    listed: Mapping[str, Any] | object = _FROM_RECORDS,
) -> PersonFacts:
    """Facts for the policy engine from what the person (or staff, with consent) recorded,
    and from the departments' lists the person is on (matched by the ID's keyed hash): a
    person listed by civil affairs as 低保 need not declare it; schooling and status from
    the education department's list fill what the person left unknown.

    ``subsidy_first_approved_on`` (初次核定 of a flexible-employment social-insurance subsidy)
    and ``listed`` (``jobhub.imports.queries.listed_facts_for``) are read from the records
    unless the caller, evaluating many people at once, passes them.
    """
    registered = (person.sensitive or {}).get("unemployment_registered_since") or {}
    since = registered.get("value")
    if subsidy_first_approved_on is _FROM_RECORDS:
        from jobhub.seekers.queries import first_subsidy_approval

        subsidy_first_approved_on = first_subsidy_approval(person.id) if person.id else None
    if listed is _FROM_RECORDS:
        from jobhub.imports.queries import listed_facts_for

        listed = listed_facts_for(person.id_number_hmac)
    lists: Mapping[str, Any] = listed  # type: ignore[assignment]
    return PersonFacts(
        birth_date=person.birth_date,
        gender=person.gender,
        retirement_category=person.retirement_category,
        education=person.education or lists.get("education"),
        graduation_date=person.graduation_date or lists.get("graduation_date"),
        employment_status=person.employment_status or lists.get("employment_status"),
        employment_since=person.employment_since,
        unemployment_registered_since=date.fromisoformat(since) if since else None,
        monthly_contribution=person.monthly_contribution,
        subsidy_first_approved_on=subsidy_first_approved_on,  # type: ignore[arg-type]
        **{flag: person.sensitive_flag(flag) or bool(lists.get(flag)) for flag in SENSITIVE_FLAGS},
    )


def evaluate_person(person: Person, as_of: date | None = None) -> Evaluation | None:
    """Evaluate a stored person on ``as_of`` (today by default), or ``None`` without a birth
    date and gender (not yet 实名)."""
    if person.birth_date is None or person.gender is None:
        return None
    return evaluate(person_facts(person), as_of or today_in_china(), region_profile())
