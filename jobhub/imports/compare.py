"""比对: a department's list against the platform, by street and station.

Who on the list has no platform record yet (matched by the ID's keyed hash), and who
qualifies for a key group or person-side support and has not applied for it (as the engine
found on the day the list was taken in). Each street is served by the station on it, else the
nearest one; a station worker's follow-up queue is its streets' people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from jobhub.admin.queries import applied_kinds
from jobhub.extensions import db
from jobhub.imports.models import ImportBatch, ListedPerson
from jobhub.lists.rows import PROGRAMME_KINDS
from jobhub.seekers.models import Person
from jobhub.seekers.places import district_streets
from jobhub.seekers.queries import applied_codes
from jobhub.stations.coverage import distance_m
from jobhub.stations.models import Station

FOLLOW_UP = {"unregistered": "未在平台登记", "open": "可享受未申请"}


@dataclass(frozen=True)
class ListedMatch:
    listed_id: int
    source: str
    name: str
    street_code: str | None
    station_id: int | None
    person_id: int | None  # the platform record with the same ID number, if any
    groups: tuple[str, ...]
    open_subsidies: tuple[str, ...]  # eligible when listed and not applied for

    @property
    def needs_follow_up(self) -> bool:
        return self.person_id is None or bool(self.open_subsidies)


@dataclass(frozen=True)
class AreaCount:
    street_code: str | None
    station_id: int | None
    listed: int
    unregistered: int
    open: int


def station_of_streets() -> dict[str, int]:
    """Street code -> the station serving it: the station on the street (lowest id), else the
    nearest station to the street's point.

    Kept per process until the stations or the streets change (one aggregate over the
    stations tells): every station worker's home asks, and working it out reads every
    station of the city (42 ms for 500 stations, 280 ms for 3,000, measured on SQLite)."""
    from flask import current_app

    streets = district_streets()
    stamp = db.session.execute(
        db.select(
            db.func.count(Station.id), db.func.max(Station.id), db.func.max(Station.updated_at)
        )
    ).one()
    key = (str(db.engine.url), tuple(stamp), tuple((s.code, s.lat, s.lng) for s in streets))
    cache = current_app.extensions.setdefault("jobhub.imports.station_of_streets", {})
    if key not in cache:
        cache.clear()
        cache[key] = _station_of_streets(streets)
    return dict(cache[key])


def _station_of_streets(streets) -> dict[str, int]:  # noqa: ANN001 - CoverageStreet tuple
    stations = list(db.session.execute(db.select(Station).order_by(Station.id)).scalars())
    out: dict[str, int] = {}
    if not stations:
        return out
    for street in streets:
        own = [s for s in stations if s.street_code == street.code]
        nearest = (
            own[0]
            if own
            else min(stations, key=lambda s: distance_m(street.lat, street.lng, s.lat, s.lng))
        )
        out[street.code] = nearest.id
    return out


def _applied(source: str) -> dict[int, set[str]]:
    """The person-side codes each registered person on ``source``'s list has applied for: a
    subsidy application, or an application to a vacancy of the programme's kind."""
    among = db.select(Person.id).where(
        Person.id_number_hmac.in_(
            db.select(ListedPerson.id_number_hmac).where(ListedPerson.source == source)
        )
    )
    done = applied_codes(among)
    for pid, kinds in applied_kinds(among).items():
        done.setdefault(pid, set()).update(c for c, k in PROGRAMME_KINDS.items() if k in kinds)
    return done


def matches(
    source: str | None = None, *, station_id: int | None = None, street_code: str | None = None
) -> list[ListedMatch]:
    """Everyone on the lists (of ``source``, when given) with their 比对, in list order,
    filtered by serving station and street."""
    stations = station_of_streets()
    served = [code for code, sid in stations.items() if sid == station_id]
    sources = (
        [source]
        if source
        else [s for (s,) in db.session.execute(db.select(ListedPerson.source).distinct())]
    )
    out: list[ListedMatch] = []
    for src in sources:
        applied = _applied(src)
        query = (
            db.select(
                ListedPerson.id,
                ListedPerson.name,
                ListedPerson.street_code,
                ListedPerson.facts,
                Person.id,
            )
            .outerjoin(Person, Person.id_number_hmac == ListedPerson.id_number_hmac)
            .where(ListedPerson.source == src)
            .order_by(ListedPerson.id)
        )
        if street_code:
            query = query.where(ListedPerson.street_code == street_code)
        if station_id is not None:
            query = query.where(ListedPerson.street_code.in_(served))
        for lid, name, street, facts, person_id in db.session.execute(query):
            station = stations.get(street) if street else None
            if station_id is not None and station != station_id:
                continue
            done = applied.get(person_id, set()) if person_id else set()
            out.append(
                ListedMatch(
                    listed_id=lid,
                    source=src,
                    name=name,
                    street_code=street,
                    station_id=station,
                    person_id=person_id,
                    groups=tuple(facts.get("groups", ())),
                    open_subsidies=tuple(c for c in facts.get("subsidies", ()) if c not in done),
                )
            )
    return out


def listed_graduates_unregistered() -> tuple[int, int | None]:
    """Graduates on the education department's 离校未就业 list with no platform record yet
    (they join the 1131 list once registered), and the latest education batch's id."""
    count = db.session.scalar(
        db.select(db.func.count(ListedPerson.id))
        .outerjoin(Person, Person.id_number_hmac == ListedPerson.id_number_hmac)
        .where(ListedPerson.source == "education", Person.id.is_(None))
    )
    latest = db.session.scalar(
        db.select(db.func.max(ImportBatch.id)).where(ImportBatch.source == "education")
    )
    return count, latest


def unregistered_count(station_id: int) -> int:
    """People on any list who live on the station's streets and have no platform record."""
    streets = [code for code, sid in station_of_streets().items() if sid == station_id]
    if not streets:
        return 0
    return db.session.scalar(
        db.select(db.func.count(db.distinct(ListedPerson.id_number_hmac)))
        .outerjoin(Person, Person.id_number_hmac == ListedPerson.id_number_hmac)
        .where(ListedPerson.street_code.in_(streets), Person.id.is_(None))
    )


def by_area(rows: list[ListedMatch]) -> list[AreaCount]:
    """Counts by street (and its station), streets in code order, unknown street last."""
    counts: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    station: dict[str | None, int | None] = {}
    for row in rows:
        c = counts[row.street_code]
        station[row.street_code] = row.station_id
        c[0] += 1
        c[1] += row.person_id is None
        c[2] += bool(row.open_subsidies)
    keys = sorted(counts, key=lambda k: (k is None, k or ""))
    return [AreaCount(k, station[k], *counts[k]) for k in keys]


def id_numbers(listed_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """(ID number, phone) of the given list rows, to be masked on the page that shows them."""
    rows = db.session.execute(
        db.select(ListedPerson.id, ListedPerson.id_number, ListedPerson.phone).where(
            ListedPerson.id.in_(listed_ids)
        )
    )
    return {lid: (number, phone) for lid, number, phone in rows}
