"""Read-side queries of the stations area: who a staff member may see, and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort
from sqlalchemy import Select, or_

from jobhub.auth.models import User
from jobhub.db import MAX_ROW_ID, as_utc
from jobhub.extensions import db
from jobhub.gigs.lifecycle import UnpaidGig, unpaid_gigs
from jobhub.gigs.models import Gig, GigClaim
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from jobhub.stations.models import ServiceRecord, Station, StationVisit

CHINA = ZoneInfo("Asia/Shanghai")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants at which a China calendar day starts and ends."""
    start = datetime.combine(day, time(0), CHINA).astimezone(UTC)
    return start, start + timedelta(days=1)


def staff_station(user: User) -> Station:
    """The staff member's station; 404 when the account is not bound to one."""
    station = db.session.get(Station, user.station_id) if user.station_id else None
    if station is None:
        abort(404)
    return station


def served_by_station(station_id: int):  # noqa: ANN201 - a SQL condition on Person
    """The people a station serves: registered there, came to its counter (a visit), or
    claimed one of its gigs. The one rule of what a station's staff may see and act on
    (minimum necessary: not the whole city's register)."""
    visited = (
        db.select(StationVisit.id)
        .where(StationVisit.person_id == Person.id, StationVisit.station_id == station_id)
        .exists()
    )
    claimed = (
        db.select(GigClaim.id)
        .join(Gig, Gig.id == GigClaim.gig_id)
        .where(GigClaim.person_id == Person.id, Gig.station_id == station_id)
        .exists()
    )
    return or_(Person.registered_station_id == station_id, visited, claimed)


def person_visible_to_staff(person: Person, user: User) -> bool:
    """Whether the staff member's station serves this person (see `served_by_station`)."""
    if not user.station_id:
        return False
    found = db.session.execute(
        db.select(Person.id).where(Person.id == person.id, served_by_station(user.station_id))
    ).first()
    return found is not None


def people_served_ids(station_id: int) -> set[int]:
    """Ids of every person the station serves."""
    return set(
        db.session.execute(db.select(Person.id).where(served_by_station(station_id))).scalars()
    )


def person_for_staff(person_id: int, user: User) -> Person:
    """The person, or 404 (also for someone this station does not serve, or an id no row can
    have)."""
    if not 0 < person_id <= MAX_ROW_ID:
        abort(404)
    person = db.session.get(Person, person_id)
    if person is None or not person_visible_to_staff(person, user):
        abort(404)
    return person


def gig_for_staff(gig_id: int, user: User) -> Gig:
    gig = db.session.get(Gig, gig_id)
    if gig is None or gig.station_id is None or gig.station_id != user.station_id:
        abort(404)
    return gig


def station_gigs(station_id: int, *, upcoming_only: bool = False) -> list[Gig]:
    query = db.select(Gig).where(Gig.station_id == station_id)
    if upcoming_only:
        query = query.where(Gig.work_date >= today_in_china())
    return list(db.session.execute(query.order_by(Gig.work_date.desc(), Gig.id.desc())).scalars())


@dataclass(frozen=True)
class Waiting:
    person: Person
    days: int


@dataclass(frozen=True)
class Dashboard:
    day: date
    walk_ins: list[StationVisit]
    new_people: int
    open_gigs: list[Gig]
    places: int
    taken: int
    unpaid: list[UnpaidGig]
    key_group_today: int
    key_group_30d: int
    services_today: list[ServiceRecord]
    waiting: list[Waiting]

    @property
    def fill_rate(self) -> float | None:
        return self.taken / self.places if self.places else None


def dashboard(station_id: int, day: date | None = None) -> Dashboard:
    """What a station sees first: today's walk-ins, open gigs and their fill rate, unpaid gigs
    (欠薪), key-group clients served, and the clients waiting longest for work."""
    day = day or today_in_china()
    start, end = day_bounds(day)
    walk_ins = list(
        db.session.execute(
            db.select(StationVisit)
            .where(
                StationVisit.station_id == station_id,
                StationVisit.at >= start,
                StationVisit.at < end,
            )
            .order_by(StationVisit.at.desc())
        ).scalars()
    )
    open_gigs = list(
        db.session.execute(
            db.select(Gig)
            .where(
                Gig.station_id == station_id,
                Gig.status.in_(("open", "full")),  # recruiting: the fill rate counts full ones
                Gig.work_date >= day,
            )
            .order_by(Gig.work_date, Gig.start_time)
        ).scalars()
    )
    month_start, _ = day_bounds(day - timedelta(days=29))
    key_30d = _key_group_people(station_id, month_start, end)
    services = list(
        db.session.execute(
            db.select(ServiceRecord)
            .where(
                ServiceRecord.station_id == station_id,
                ServiceRecord.at >= start,
                ServiceRecord.at < end,
            )
            .order_by(ServiceRecord.at.desc())
        ).scalars()
    )
    return Dashboard(
        day=day,
        walk_ins=walk_ins,
        new_people=sum(1 for v in walk_ins if v.new_person),
        open_gigs=open_gigs,
        places=sum(g.capacity for g in open_gigs),
        taken=sum(g.taken for g in open_gigs),
        unpaid=unpaid_gigs(station_id, day),
        key_group_today=len({v.person_id for v in walk_ins if v.key_groups}),
        key_group_30d=int(key_30d or 0),
        services_today=services,
        waiting=longest_waiting(station_id),
    )


def _key_group_people(station_id: int, start: datetime, end: datetime) -> int:
    rows = db.session.execute(
        db.select(StationVisit.person_id, StationVisit.key_groups).where(
            StationVisit.station_id == station_id, StationVisit.at >= start, StationVisit.at < end
        )
    ).all()
    return len({pid for pid, groups in rows if groups})


LOOKING = ("unemployed", "flexible")


def longest_waiting(station_id: int, limit: int = 10) -> list[Waiting]:
    """Clients of the station (registered there, or came to its counter) without work and
    without a place in an upcoming gig, longest wait first (then by id).

    The station's registered people are read in the order of the index
    ``(registered_station_id, waiting_since, id)`` and the read stops at ``limit`` (the
    stored ``Person.waiting_since``, see ``jobhub.stations.waiting``): no sort of all of them.
    Clients registered elsewhere who came to the counter are found through the station's
    visits and merged in."""
    from jobhub.gigs.dispatch import days_since

    today = today_in_china()
    registered, guests = waiting_queries(station_id, today)
    found = {
        p.id: p
        for query in (registered, guests)
        for p in db.session.execute(query.limit(limit)).scalars()
    }
    never = datetime.max.replace(tzinfo=UTC)  # no stored start sorts last, as on PostgreSQL
    people = sorted(
        found.values(),
        key=lambda p: (as_utc(p.waiting_since) if p.waiting_since else never, p.id),
    )[:limit]
    return [Waiting(p, days_since(p.waiting_since, today)) for p in people]


def waiting_queries(station_id: int, today: date) -> tuple[Select, Select]:
    """The two reads of :func:`longest_waiting`, in waiting order: the station's registered
    people (an index order) and the people registered elsewhere who came to its counter."""
    booked = (
        db.select(GigClaim.id)
        .join(Gig, Gig.id == GigClaim.gig_id)
        .where(GigClaim.person_id == Person.id, GigClaim.active.is_(True), Gig.work_date >= today)
        .exists()
    )
    looking = (
        db.select(Person)
        .where(Person.employment_status.in_(LOOKING), ~booked)
        .order_by(Person.waiting_since, Person.id)
    )
    visited = db.select(StationVisit.person_id).where(StationVisit.station_id == station_id)
    return (
        looking.where(Person.registered_station_id == station_id),
        looking.where(
            Person.id.in_(visited),
            or_(Person.registered_station_id.is_(None), Person.registered_station_id != station_id),
        ),
    )


def day_records(station_id: int, day: date) -> dict[str, list]:
    """The day's records for the export: visits, services and claims on the station's gigs."""
    start, end = day_bounds(day)
    visits = list(
        db.session.execute(
            db.select(StationVisit)
            .where(
                StationVisit.station_id == station_id,
                StationVisit.at >= start,
                StationVisit.at < end,
            )
            .order_by(StationVisit.at)
        ).scalars()
    )
    services = list(
        db.session.execute(
            db.select(ServiceRecord)
            .where(
                ServiceRecord.station_id == station_id,
                ServiceRecord.at >= start,
                ServiceRecord.at < end,
            )
            .order_by(ServiceRecord.at)
        ).scalars()
    )
    claims = list(
        db.session.execute(
            db.select(GigClaim)
            .join(Gig, Gig.id == GigClaim.gig_id)
            .where(
                Gig.station_id == station_id,
                or_(
                    Gig.work_date == day,
                    (GigClaim.claimed_at >= start) & (GigClaim.claimed_at < end),
                ),
            )
            .order_by(GigClaim.id)
        ).scalars()
    )
    return {"visits": visits, "services": services, "claims": claims}
