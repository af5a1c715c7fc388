"""The policy engine applied to a stored person (seekers and walk-in clients alike)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from jobhub.acts.queries import ActFacts, acts_of
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
    on: date | None = None,
    acts: ActFacts | None = None,
    listed: Mapping[str, Any] | object = _FROM_RECORDS,
) -> PersonFacts:
    """Facts for the policy engine from a stored record, as the bureau's acts make them on
    ``on`` (today by default), and from the departments' lists the person is on (matched by
    the ID's keyed hash).

    The 失业登记 date and the 就业困难人员 categories come from the acts in force that day
    (``jobhub.acts``), never from what was declared: a declared status without its act is
    待认定 and grants nothing. A live registration means the person is unemployed from its
    date. A department's list is evidence, like a declaration made by the department: a
    person listed by civil affairs as 低保 need not declare it (it shows as known, and a
    认定 can cite the list), and schooling and status from the education department's list
    fill what the person left unknown. ``subsidy_first_approved_on`` (初次核定 of a
    flexible-employment social-insurance subsidy), ``acts`` and ``listed``
    (``jobhub.imports.queries.listed_facts_for``) are read from the records unless the
    caller, evaluating many people at once, passes them.
    """
    on = on or today_in_china()
    if acts is None:
        acts = acts_of(person.id, on)
    if subsidy_first_approved_on is _FROM_RECORDS:
        from jobhub.seekers.queries import first_subsidy_approval

        subsidy_first_approved_on = first_subsidy_approval(person.id) if person.id else None
    if listed is _FROM_RECORDS:
        from jobhub.imports.queries import listed_facts_for

        listed = listed_facts_for(person.id_number_hmac)
    lists: Mapping[str, Any] = listed  # type: ignore[assignment]
    status = person.employment_status or lists.get("employment_status")
    since = person.employment_since
    if acts.registered_since is not None:
        status, since = "unemployed", acts.registered_since
    return PersonFacts(
        birth_date=person.birth_date,
        gender=person.gender,
        retirement_category=person.retirement_category,
        education=person.education or lists.get("education"),
        graduation_date=person.graduation_date or lists.get("graduation_date"),
        employment_status=status,
        employment_since=since,
        unemployment_registered_since=acts.registered_since,
        monthly_contribution=person.monthly_contribution,
        subsidy_first_approved_on=subsidy_first_approved_on,  # type: ignore[arg-type]
        certified_categories=acts.certified,
        **{flag: person.sensitive_flag(flag) or bool(lists.get(flag)) for flag in SENSITIVE_FLAGS},
    )


def evaluate_person(person: Person, as_of: date | None = None) -> Evaluation | None:
    """Evaluate a stored person on ``as_of`` (today by default), or ``None`` without a birth
    date and gender (not yet 实名)."""
    if person.birth_date is None or person.gender is None:
        return None
    as_of = as_of or today_in_china()
    return evaluate(person_facts(person, on=as_of), as_of, region_profile())
