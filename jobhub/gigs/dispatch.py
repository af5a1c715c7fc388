"""Dispatch: gigs for a client, and clients for a gig (即时快招).

Both directions are ranked by the matching engine through ``jobhub.matchsvc`` (gigs for a
person on the fitted index, or the engine's stateless ``rank_vacancies`` on the open gigs while
no index has been built yet), then filtered by what the engine does not know: places left, the person's
available days and hours, and their other claims that day.

For a gig, 人社部发〔2022〕38号 asks for tiered help to long-waiting, low-income, disabled and
older gig workers. The engine's key-group priority already nudges key groups within its ε; on
top of it, people of *equal* score go in tier order. "Equal" is defined as falling in the same
band of width ε (the profile's ``priority.epsilon``, 0.05 — "the spread a station worker treats
as equally suitable"): ``band = floor(score / ε)``. Within a band, more tier marks first, then
the longest wait, then the score. So the tie-break never lifts anyone over a person a band above.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func

from jobhub.extensions import db
from jobhub.gigs.models import Gig, GigClaim
from jobhub.gigs.services import overlapping_claim
from jobhub.gigs.states import DONE_CLAIM_STATES
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from jobhub.seekers.policy import evaluate_person
from jobhub.stations.models import StationVisit
from jobhub.stations.services import EMPLOYED_STATUSES, Availability

# 38号 tiered help: a client with any of these goes first among equals.
TIER_MARKS = {
    "long_waiting": "长期待岗",
    "low_income": "低收入（低保）",
    "disabled": "残疾人",
    "older_worker": "大龄（4050）",
}
# Without a gig or a job for this many days a client counts as long-waiting.
LONG_WAIT_DAYS = 30


@dataclass(frozen=True)
class GigMatch:
    gig: Gig
    score: float
    distance_km: float | None
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    score: float
    distance_km: float | None
    explanation: tuple[str, ...]
    key_groups: tuple[str, ...]
    marks: tuple[str, ...]  # codes of TIER_MARKS
    waiting_days: int
    band: int

    @property
    def mark_labels(self) -> tuple[str, ...]:
        return tuple(TIER_MARKS[m] for m in self.marks)


def _epsilon() -> float:
    from jobhub.matching.profile import load_profile

    return load_profile("city").epsilon


def waiting_since(person_id):  # noqa: ANN001, ANN201 - SQL in, SQL out
    """When the wait of the person ``person_id`` (a column or a value) began, as SQL: the
    last gig they finished, or else their first station visit, or else their registration.
    Both look-ups go through the person_id index of their table."""
    last_work = (
        db.select(func.max(GigClaim.completed_at))
        .where(GigClaim.person_id == person_id, GigClaim.status.in_(DONE_CLAIM_STATES))
        .scalar_subquery()
    )
    first_visit = (
        db.select(func.min(StationVisit.at))
        .where(StationVisit.person_id == person_id)
        .scalar_subquery()
    )
    return func.coalesce(last_work, first_visit, Person.created_at)


def days_since(since, today: date) -> int:  # noqa: ANN001 - a datetime or None
    """Whole days from the stored instant ``since`` (UTC) to ``today``, both as dates in
    Asia/Shanghai (the UTC date was a day behind from 16:00 UTC to midnight)."""
    return max((today - today_in_china(since)).days, 0) if since is not None else 0


def waiting_days(person: Person, today: date | None = None) -> int:
    """Days since the person last finished a gig, or since they first came to a station (or
    registered) when they never did."""
    since = db.session.scalar(db.select(waiting_since(Person.id)).where(Person.id == person.id))
    return days_since(since, today or today_in_china())


def tier_marks(
    person: Person, key_groups: tuple[str, ...] = (), waited: int = 0
) -> tuple[str, ...]:
    """The person's 38号 tier marks, from the policy engine's difficulty categories (those of
    a live 认定: a declared status alone marks nothing)."""
    evaluation = evaluate_person(person)
    categories = {c.code for c in evaluation.difficulty_categories} if evaluation else set()
    marks = []
    if waited >= LONG_WAIT_DAYS or "long_term_unemployed" in categories:
        marks.append("long_waiting")
    if "low_income" in categories:
        marks.append("low_income")
    if "disabled" in categories:
        marks.append("disabled")
    if "older_worker" in categories:
        marks.append("older_worker")
    return tuple(marks)


def order_among_equals(matches: list[PersonMatch]) -> list[PersonMatch]:
    """Band by ε, then tier marks, then longest wait, then score (see the module docstring)."""
    return sorted(matches, key=lambda m: (-m.band, -len(m.marks), -m.waiting_days, -m.score))


def _band(score: float, epsilon: float) -> int:
    return math.floor(score / epsilon + 1e-9) if epsilon > 0 else 0


# --- the engine, through matchsvc when it is there --------------------------------------


def _open_gigs(today: date) -> list[Gig]:
    return list(
        db.session.execute(
            db.select(Gig)
            .where(Gig.status == "open", Gig.work_date >= today, Gig.taken < Gig.capacity)
            .order_by(Gig.work_date, Gig.id)
            .limit(2000)
        ).scalars()
    )


def _rank_gigs(person: Person, limit: int) -> list[tuple[Gig, object]]:
    from jobhub import matchsvc

    try:
        ranked = matchsvc.rank_gigs_for_person(person, limit=limit, today=today_in_china())
    except matchsvc.MatchIndexMissing:
        pass  # no fitted index yet (a new install): rank the open gigs directly
    else:
        return [(r.gig, r.result) for r in ranked]
    from jobhub.matching.engine import rank_vacancies

    today = today_in_china()
    gigs = {matchsvc.gig_key(g.id): g for g in _open_gigs(today)}
    results = rank_vacancies(
        matchsvc.seeker_profile(person, today),
        [matchsvc.gig_profile(g) for g in gigs.values()],
        top=limit,
    )
    # the index lists only gigs with evidence of fit (the relevance floor): the same list here
    return [(gigs[r.vacancy_id], r) for r in results if r.relevant]


def _rank_people(gig: Gig, limit: int) -> list[tuple[Person, object, tuple[str, ...]]]:
    from jobhub import matchsvc

    return [
        (r.person, r.result, r.key_groups) for r in matchsvc.rank_people_for_gig(gig, limit=limit)
    ]


# --- the two directions -----------------------------------------------------------------


def gigs_for_person(person: Person, *, limit: int = 20) -> list[GigMatch]:
    """Open gigs with places left, within the person's reach, on days and hours they are
    available and not clashing with their other claims, best first (key-group priority comes
    from the engine)."""
    today = today_in_china()
    available = Availability.of(person)
    out = []
    for gig, result in _rank_gigs(person, limit * 3):
        if gig.status != "open" or gig.places_left <= 0 or gig.work_date < today:
            continue
        if not getattr(result, "eligible", True):
            continue
        if not available.allows(gig.work_date, gig.start_time, gig.end_time):
            continue
        if overlapping_claim(person.id, gig) is not None or _holds(person.id, gig.id):
            continue
        out.append(
            GigMatch(
                gig=gig,
                score=float(result.score),
                distance_km=result.distance_km,
                explanation=tuple(result.explanation),
            )
        )
        if len(out) >= limit:
            break
    return out


def people_for_gig(gig: Gig, *, limit: int = 20) -> list[PersonMatch]:
    """Nearby available clients of the gig's station, best first, with 38号 tiered help among
    equals (a station dispatches the people it serves, not the city's register)."""
    from jobhub.stations.queries import people_served_ids

    epsilon = _epsilon()
    served = people_served_ids(gig.station_id) if gig.station_id else set()
    out = []
    for person, result, groups in _rank_people(gig, limit * 3):
        if person.id not in served:
            continue
        if person.employment_status in EMPLOYED_STATUSES - {"flexible"}:
            continue
        if not getattr(result, "eligible", True):
            continue
        if not Availability.of(person).allows(gig.work_date, gig.start_time, gig.end_time):
            continue
        if _holds(person.id, gig.id) or overlapping_claim(person.id, gig) is not None:
            continue
        waited = waiting_days(person)
        score = float(result.score)
        out.append(
            PersonMatch(
                person=person,
                score=score,
                distance_km=result.distance_km,
                explanation=tuple(result.explanation),
                key_groups=groups,
                marks=tier_marks(person, groups, waited),
                waiting_days=waited,
                band=_band(score, epsilon),
            )
        )
    return order_among_equals(out)[:limit]


def _holds(person_id: int, gig_id: int) -> bool:
    return (
        db.session.execute(
            db.select(GigClaim.id).where(
                GigClaim.person_id == person_id,
                GigClaim.gig_id == gig_id,
                GigClaim.active.is_(True),
            )
        ).first()
        is not None
    )
