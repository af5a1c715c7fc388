"""The bureau's lists: 政策找人 (people who qualify for support they have not applied for) and
the 离校未就业 graduates' real-name service (1131). Both evaluate people on read, so a list
changes when time passes, without anyone editing a record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select

from jobhub.acts.queries import NO_ACTS, acts_on
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.imports.queries import listed_facts_among
from jobhub.lists.rows import (
    REQUIRED,  # noqa: F401 - the views read it here
    evaluate_or_none,
    if_status_were,
    open_subsidies,
    service_counts,
)
from jobhub.policy import Evaluation, PersonFacts
from jobhub.regions.services import region_profile
from jobhub.seekers.models import Application, Person
from jobhub.seekers.policy import person_facts
from jobhub.seekers.queries import applied_codes, first_approvals
from jobhub.seekers.subsidies import PERSON_CODES
from jobhub.stations.models import SERVICE_KINDS, ServiceRecord


def _verified_people(
    station_id: int | None = None,
    *,
    graduated_since: date | None = None,
    among: Select | None = None,
) -> tuple[list[Person], Select]:
    """The people the engine can evaluate (birth date and gender known), and the same people
    as a SQL subquery of ids. The later queries filter by that subquery, never by a list of
    ids: a bound parameter per person fails beyond 65,535 people on PostgreSQL.
    ``graduated_since`` keeps only those who left school on or after that day; ``among`` (an
    id subquery) only those people."""
    query = db.select(Person).where(Person.birth_date.is_not(None), Person.gender.is_not(None))
    if among is not None:
        query = query.where(Person.id.in_(among))
    if station_id is not None:
        query = query.where(Person.registered_station_id == station_id)
    if graduated_since is not None:
        query = query.where(Person.graduation_date >= graduated_since)
    people = list(db.session.execute(query.order_by(Person.id)).scalars())
    return people, query.with_only_columns(Person.id)


def _listed_among(among: Select) -> dict[str, dict]:
    """What the departments' lists say of the people of the id subquery ``among``."""
    hashes = db.select(Person.id_number_hmac).where(Person.id.in_(among))
    return listed_facts_among(hashes)


def facts_reader(among: Select, as_of: date) -> Callable[[Person], PersonFacts]:
    """The engine's facts of the people of the id subquery ``among`` on ``as_of``: their first
    subsidy approvals, list facts and acts read with one query each, not one per person."""
    approvals = first_approvals(among)
    listed = _listed_among(among)
    acts = acts_on(among, as_of)

    def facts_of(person: Person) -> PersonFacts:
        return person_facts(
            person,
            subsidy_first_approved_on=approvals.get(person.id),
            listed=listed.get(person.id_number_hmac or "", {}),
            on=as_of,
            acts=acts.get(person.id, NO_ACTS),
        )

    return facts_of


def evaluate_many(people: Iterable[Person], among: Select, as_of: date) -> dict[int, Evaluation]:
    """Evaluate ``people`` (selected by the id subquery ``among``) on ``as_of``, with one query
    for their first subsidy approvals."""
    facts_of = facts_reader(among, as_of)
    profile = region_profile()
    out: dict[int, Evaluation] = {}
    for person in people:
        evaluation = evaluate_or_none(facts_of(person), as_of, profile)
        if evaluation is not None:  # else a record the engine cannot read
            out[person.id] = evaluation
    return out


def applied_kinds(among: Select) -> dict[int, set[str]]:
    """Kinds of vacancy each person of the id subquery ``among`` applied to (not withdrawn)."""
    out: dict[int, set[str]] = defaultdict(set)
    rows = db.session.execute(
        db.select(Application.person_id, Vacancy.kind)
        .join(Vacancy, Application.vacancy_id == Vacancy.id)
        .where(Application.person_id.in_(among), Application.status != "withdrawn")
        .distinct()
    ).all()
    for pid, kind in rows:
        out[pid].add(kind)
    return out


@dataclass(frozen=True)
class OutreachRow:
    person: Person
    key_groups: tuple[tuple[str, str], ...]  # (code, name)
    subsidies: tuple  # SubsidyResult (or StoredSubsidy), eligible and not applied for
    services: tuple = ()  # ServiceOffer of their key groups (asked for with ``services``)


def policy_outreach(
    as_of: date,
    *,
    group: str | None = None,
    station_id: int | None = None,
    code: str | None = None,
    services: bool = False,
    among: Select | None = None,
) -> list[OutreachRow]:
    """Registered people for whom the engine finds person-side support they have not applied
    for, filtered by key group, registering station and subsidy; with ``services``, also those
    offered a key-group service of the region profile (政策推送 tells both). Evaluated on read:
    the test oracle of the stored lists (``jobhub.lists``), and 政策推送's reasons for the
    people the stored rows name (``among``, an id subquery)."""
    from jobhub.policy.group_services import offered_services

    profile = region_profile()
    people, among = _verified_people(station_id, among=among)
    evaluations = evaluate_many(people, among, as_of)
    applied = applied_codes(among)
    kinds = applied_kinds(among)
    rows = []
    for person in people:
        evaluation = evaluations.get(person.id)
        if evaluation is None:
            continue
        groups = tuple((f.code, f.name) for f in evaluation.key_groups)
        if group and group not in {c for c, _ in groups}:
            continue
        open_ = open_subsidies(
            evaluation,
            applied.get(person.id, ()),
            kinds.get(person.id, ()),
            PERSON_CODES,
            code,
        )
        offers = offered_services(evaluation, profile) if services else ()
        if open_ or offers:
            rows.append(OutreachRow(person, groups, tuple(open_), offers))
    return rows


# --- 需补充信息: support that hangs on an unknown employment status ----------------------


@dataclass(frozen=True)
class PendingRow:
    """A person whose employment status is unknown (待核实) and who would qualify for ``would``
    (names) if it were found to be unemployed or flexible: listed to be asked, granted nothing."""

    person: Person
    would: tuple[str, ...]


def _if_status_were(
    people: list[Person], among: Select, as_of: date
) -> dict[int, list[Evaluation]]:
    """For each person with an unknown status, the evaluations as if it were each status."""
    unknown = [p for p in people if p.employment_status is None]
    facts_of = facts_reader(among.where(Person.employment_status.is_(None)), as_of)
    profile = region_profile()
    out: dict[int, list[Evaluation]] = defaultdict(list)
    for person in unknown:
        evaluations = if_status_were(facts_of(person), as_of, profile)
        if evaluations:
            out[person.id] = evaluations
    return out


def outreach_pending(as_of: date, *, station_id: int | None = None) -> list[PendingRow]:
    """需补充信息 for 政策找人: unknown status, and person-side support if it were known."""
    from jobhub.seekers.subsidies import subsidy_name

    people, among = _verified_people(station_id)
    by_id = {p.id: p for p in people}
    rows = []
    for person_id, evaluations in _if_status_were(people, among, as_of).items():
        names = {
            subsidy_name(s.code)
            for e in evaluations
            for s in e.subsidies
            if s.eligible and s.code in PERSON_CODES
        }
        if names:
            rows.append(PendingRow(by_id[person_id], tuple(sorted(names))))
    return rows


def graduates_pending(as_of: date) -> list[PendingRow]:
    """需补充信息 for 1131: graduates in their window whose employment status is unknown."""
    people, among = _verified_people()
    by_id = {p.id: p for p in people}
    rows = []
    for person_id, evaluations in _if_status_were(people, among, as_of).items():
        if any(f.code == "graduate_within_2y" for e in evaluations for f in e.key_groups):
            rows.append(PendingRow(by_id[person_id], ("离校2年内未就业高校毕业生",)))
    return rows


# --- graduates' real-name service (1131) ----------------------------------------------------


def _graduate_window_start(as_of: date) -> date:
    """The earliest graduation date the graduate rules can still count on ``as_of``: the
    window's months back, or the first day of the year (毕业年度), whichever is earlier."""
    from jobhub.policy.dates import add_months

    months = region_profile().value("graduate.window_months", as_of)
    return min(add_months(as_of, -int(months)), date(as_of.year, 1, 1))


@dataclass(frozen=True)
class GraduateRow:
    person: Person
    counts: dict[str, int]  # by REQUIRED key
    missing: tuple[str, ...]  # labels of what is still owed
    records: tuple[ServiceRecord, ...]


def graduates(
    as_of: date, *, missing_only: bool = False, station_id: int | None = None
) -> list[GraduateRow]:
    """Every seeker (registered at ``station_id``, when given) who is a ``graduate_within_2y``
    on ``as_of``, with the services recorded. Only people who left school within the graduate
    window (or in this calendar year) are evaluated: nobody else can be one, and the list is
    computed on every station home page (今日待办)."""
    people, among = _verified_people(station_id, graduated_since=_graduate_window_start(as_of))
    evaluations = evaluate_many(people, among, as_of)
    chosen = [
        p
        for p in people
        if p.id in evaluations
        and any(f.code == "graduate_within_2y" for f in evaluations[p.id].key_groups)
    ]
    chosen_ids = {p.id for p in chosen}
    records: dict[int, list[ServiceRecord]] = defaultdict(list)
    if chosen:
        for record in db.session.execute(
            db.select(ServiceRecord)
            .where(ServiceRecord.person_id.in_(among))
            .order_by(ServiceRecord.at, ServiceRecord.id)
        ).scalars():
            if record.person_id in chosen_ids:
                records[record.person_id].append(record)
    rows = []
    for person in chosen:
        mine = records.get(person.id, [])
        counts, missing = service_counts(r.kind for r in mine)
        if missing_only and not missing:
            continue
        rows.append(GraduateRow(person, counts, missing, tuple(mine)))
    return rows


SERVICE_KIND_LABELS = SERVICE_KINDS
