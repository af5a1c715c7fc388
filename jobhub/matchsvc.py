"""Matching on stored data: engine profiles built from rows, the persisted vacancy index, and
ranked vacancies, gigs and people for the seeker, employer and station pages.

The index (fitted text model + vacancy and gig matrices) lives in ``instance/matching`` and is
built offline by ``flask --app wsgi matching rebuild``; the web tier only loads it. Every
process keeps it current without a refit: rows changed since its last look (``updated_at``)
are upserted or removed before each query, and the module's own writes call
``index_vacancy`` / ``index_gig`` / ``unindex``.

What reaches the engine is what the person chose to give for matching: skills, trades, wanted
jobs, summary, work history, home point and travel limit, and the key groups the policy engine
found. Never gender, age, birth date, ethnicity or 户籍 (the dataclasses have no such fields).
"""

from __future__ import annotations

import gc
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import numpy as np
from flask import current_app
from sqlalchemy.orm import defer

from jobhub import peoplesvc  # registers the session hook that keeps the people index current
from jobhub.acts.queries import acts_of
from jobhub.db import as_utc, now_utc
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.listings.table import ListingRow, ListingTable
from jobhub.matching.block import VacancyBlock
from jobhub.matching.eligibility import RULES as ELIGIBILITY_RULES
from jobhub.matching.eligibility import ineligibility_reason, is_eligible
from jobhub.matching.engine import rank_candidates
from jobhub.matching.index import SearchFilters, VacancyIndex
from jobhub.matching.models import GeoPoint, MatchResult, SeekerProfile, VacancyProfile
from jobhub.matching.store import IndexUnavailable
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from jobhub.seekers.policy import evaluate_person

T = TypeVar("T")


class MatchIndexMissing(RuntimeError):
    """No fitted index on disk: run ``flask --app wsgi matching rebuild``."""


@dataclass(frozen=True)
class RankedVacancy:
    vacancy: Vacancy
    result: MatchResult


@dataclass(frozen=True)
class RankedGig:
    gig: Gig
    result: MatchResult


@dataclass(frozen=True)
class RankedCandidate:
    person: Person
    result: MatchResult
    key_groups: tuple[str, ...]


# -- profiles from rows ---------------------------------------------------------------------------


def _point(lat: float | None, lng: float | None) -> GeoPoint | None:
    return GeoPoint(float(lat), float(lng)) if lat is not None and lng is not None else None


def vacancy_key(vacancy_id: int) -> str:
    return f"v{vacancy_id}"


def gig_key(gig_id: int) -> str:
    return f"g{gig_id}"


# Pay in other units is compared per month: 21.75 paid days a month (劳社部发〔2008〕3号
# 关于职工全年月平均工作时间和工资折算问题的通知) and 8 hours a day.
MONTHLY_FACTOR = {"month": 1.0, "day": 21.75, "hour": 21.75 * 8}


def monthly(amount, unit: str | None) -> float | None:  # noqa: ANN001 - Decimal or float
    """An amount in 元 per `unit` as 元 per month; None if either is missing or unknown."""
    if amount is None or unit not in MONTHLY_FACTOR:
        return None
    return float(amount) * MONTHLY_FACTOR[unit]


def vacancy_profile(vacancy: Vacancy) -> VacancyProfile:
    return VacancyProfile(
        id=vacancy_key(vacancy.id),
        title=vacancy.title,
        description=vacancy.description or "",
        skills=tuple(vacancy.skills or ()),
        location=_point(vacancy.lat, vacancy.lng),
        kind=vacancy.kind,
        occupation_code=vacancy.occupation_code,
        pay_max=monthly(vacancy.salary_max, vacancy.salary_unit),
    )


def gig_profile(gig: Gig) -> VacancyProfile:
    return VacancyProfile(
        id=gig_key(gig.id),
        title=gig.title,
        description=f"{gig.trade} {gig.description or ''}".strip(),
        skills=tuple(gig.skills or ()),
        location=_point(gig.lat, gig.lng),
        kind="gig",
        occupation_code=gig.occupation_code,
        pay_max=monthly(gig.pay_amount, gig.pay_unit),
    )


def _age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def seeker_profile(person: Person, today: date | None = None) -> SeekerProfile:
    """The engine's view of a person. Key groups come from the policy engine on ``today``; the
    16–24 registered-unemployed test for 就业见习 is decided here, so no age reaches the engine."""
    today = today or today_in_china()
    evaluation = evaluate_person(person, today)
    key_groups = tuple(g.code for g in evaluation.key_groups) if evaluation else ()
    youth = registered_youth(person, acts_of(person.id, today).registered_since, today)
    return engine_view(person, key_groups, youth)


def registered_youth(person: Person, registered_since: date | None, today: date) -> bool:
    """就业见习's test: 16–24 on ``today`` and registered unemployed (登记失业: the bureau's
    registration in force that day, ``registered_since``, never a declared date)."""
    age = _age_on(person.birth_date, today)
    return registered_since is not None and age is not None and 16 <= age <= 24


def engine_view(person: Person, key_groups: tuple[str, ...], youth: bool) -> SeekerProfile:
    """The engine's view of a person whose key groups and youth flag are already decided
    (by ``seeker_profile``, or precomputed in the people index)."""
    return SeekerProfile(
        id=person.id,
        skills=tuple(dict.fromkeys([*(person.skills or ()), *(person.trades or ())])),
        desired_titles=tuple(person.desired_titles or ()),
        summary=person.summary or "",
        work_history=tuple(
            line for line in (person.work_history or "").splitlines() if line.strip()
        ),
        location=_point(person.lat, person.lng),
        max_distance_km=float(person.max_distance_km) if person.max_distance_km else None,
        key_groups=key_groups,
        occupation_codes=tuple(person.desired_occupation_codes or ()),
        registered_unemployed_youth=youth,
        expected_pay=monthly(person.expected_pay, person.expected_pay_unit),
    )


def ineligibility(person: Person, kind: str, today: date | None = None) -> str | None:
    """Why the person may not apply to a vacancy of this kind (公益性岗位, 就业见习), or None:
    the same rule the ranking applies."""
    if kind not in ELIGIBILITY_RULES:
        return None
    if is_eligible(seeker_profile(person, today), kind):
        return None
    return ineligibility_reason(kind)


# -- the index ------------------------------------------------------------------------------------


def index_dir() -> Path:
    configured = current_app.config.get("MATCHING_INDEX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "matching"


def _live_vacancies():
    return db.session.scalars(db.select(Vacancy).where(Vacancy.status == "published"))


def _live_gigs():
    return db.session.scalars(db.select(Gig).where(Gig.status == "open"))


# Rows changed up to this long before a rebuild read them are looked at again by every
# worker's first sync (a write that committed late with an earlier timestamp is not missed).
_SYNC_MARGIN = timedelta(minutes=5)


def rebuild_index() -> int:
    """Fit the text model on every published vacancy and open gig and save the index (the
    offline job behind ``flask matching rebuild``), then the people index with the same model
    (peoplesvc.rebuild). Returns the number of vacancies and gigs indexed. The index records
    when its rows were read, so a worker that loads it asks the database only for the rows
    changed since."""
    read_at = now_utc()
    profiles = [vacancy_profile(v) for v in _live_vacancies()] + [
        gig_profile(g) for g in _live_gigs()
    ]
    index = VacancyIndex.fit(profiles)
    fit_id = uuid.uuid4().hex
    index.save(index_dir(), note={"rows_read_at": read_at.isoformat(), "fit_id": fit_id})
    current_app.extensions.pop("jobhub.match_index", None)
    peoplesvc.rebuild(index, fit_id)
    return len(profiles)


def _synced_through(index: VacancyIndex) -> datetime:
    """The moment up to which the loaded index holds every row (less a margin); the start
    of time for an index that does not say (every row is looked at once)."""
    try:
        read_at = datetime.fromisoformat(str(index.note["rows_read_at"]))
    except (KeyError, ValueError):
        return datetime.min.replace(tzinfo=UTC)
    return as_utc(read_at) - _SYNC_MARGIN


class _IndexState:
    def __init__(self, index: VacancyIndex) -> None:
        self.index = index
        self.lock = threading.RLock()
        self.synced_at = _synced_through(index)
        self.checked = 0.0  # time.monotonic() of the last look at the database
        # the public search's filter columns, read at its first keyword search and kept
        # current with the index from then on (listing_rows, _listed)
        self.listings: ListingTable | None = None
        self._numbers: dict[int, tuple[VacancyBlock, np.ndarray]] = {}

    def vacancy_numbers(self, block: VacancyBlock) -> np.ndarray:
        """The vacancy id of each row of a segment (``v12`` → 12; a gig → -1), kept until the
        segment is replaced (a segment's rows never change, only whether they are open)."""
        kept = self._numbers.get(id(block))
        if kept is None or kept[0] is not block:
            numbers = np.fromiter(
                (int(k[1:]) if isinstance(k, str) and k[:1] == "v" else -1 for k in block.ids),
                dtype=np.int64,
                count=len(block.ids),
            )
            live = {id(b) for b in self.index.segments}
            self._numbers = {k: v for k, v in self._numbers.items() if k in live}
            kept = self._numbers[id(block)] = (block, numbers)
        return kept[1]

    def changed(self, vacancy: Vacancy) -> None:
        """A vacancy written or looked at again: into the index (and the public search's
        columns) if published, out otherwise. Under the lock."""
        if vacancy.status == "published":
            self.index.upsert(vacancy_profile(vacancy))
            if self.listings is not None:
                self.listings.set(listing_row(vacancy))
        else:
            self.removed(vacancy.id)

    def removed(self, vacancy_id: int) -> None:
        self.index.remove(vacancy_key(vacancy_id))
        if self.listings is not None:
            self.listings.drop(vacancy_id)


def warm() -> None:
    """Load the index (and the title classifier) before serving, e.g. in the gunicorn master
    so that forked workers share the memory and no request pays for the load."""
    from jobhub.occupations import warm as warm_classifier

    try:
        state = _load_state()
    except MatchIndexMissing:
        current_app.logger.warning("no matching index yet: run `flask matching rebuild`")
    else:
        index = state.index
        with state.lock:
            _listings(state)
            state.vacancy_numbers(index.main)
        # the first query loads the tokeniser's dictionaries: pay for it here, once
        index.top_for_seeker(SeekerProfile(id=0, desired_titles=("电工",), skills=("电工证",)), k=1)
        peoplesvc.warm()
    warm_classifier()
    # what is loaded now lives as long as the process: keep it out of the garbage collector's
    # full scans (one over the million-vacancy index held a search up for 1.7–3.2 s)
    gc.collect()
    gc.freeze()


def loaded_index() -> VacancyIndex:
    """The index as loaded from disk (no sync): for scoring with its fitted text model."""
    return _load_state().index


def _load_state() -> _IndexState:
    state = current_app.extensions.get("jobhub.match_index")
    if state is None:
        try:
            index = VacancyIndex.load(index_dir())
        except IndexUnavailable as exc:
            raise MatchIndexMissing(str(exc)) from exc
        state = _IndexState(index)
        current_app.extensions["jobhub.match_index"] = state
    return state


def _state() -> _IndexState:
    state = _load_state()
    _sync(state)
    return state


def _sync(state: _IndexState) -> None:
    """Apply rows changed since the last look (any process may have changed them). Other
    processes' changes are looked for at most every MATCHING_SYNC_SECONDS; this process's own
    writes reach the index at once through ``index_vacancy`` / ``index_gig``."""
    interval = current_app.config["MATCHING_SYNC_SECONDS"]
    now = time.monotonic()
    if interval and now - state.checked < interval:
        return
    with state.lock:
        state.checked = now
        since = state.synced_at
        newest = since
        for vacancy in db.session.scalars(db.select(Vacancy).where(Vacancy.updated_at > since)):
            state.changed(vacancy)
            newest = max(newest, as_utc(vacancy.updated_at))
        for gig in db.session.scalars(db.select(Gig).where(Gig.updated_at > since)):
            if gig.status == "open":
                state.index.upsert(gig_profile(gig))
            else:
                state.index.remove(gig_key(gig.id))
            newest = max(newest, as_utc(gig.updated_at))
        state.synced_at = newest


def index_vacancy(vacancy: Vacancy) -> None:
    """Call after a vacancy is published, edited, paused or closed (after flush)."""
    state = current_app.extensions.get("jobhub.match_index")
    if state is None:
        return
    with state.lock:
        state.changed(vacancy)


def index_gig(gig: Gig) -> None:
    """Call after a gig is opened, edited, filled or cancelled (after flush)."""
    state = current_app.extensions.get("jobhub.match_index")
    if state is None:
        return
    with state.lock:
        if gig.status == "open":
            state.index.upsert(gig_profile(gig))
        else:
            state.index.remove(gig_key(gig.id))


def unindex_vacancy(vacancy_id: int) -> None:
    state = current_app.extensions.get("jobhub.match_index")
    if state is not None:
        with state.lock:
            state.removed(vacancy_id)


def search(
    seeker: SeekerProfile,
    *,
    k: int = 20,
    kinds: tuple[str, ...] | None = None,
    max_km: float | None = None,
) -> list[MatchResult]:
    """The platform's published vacancies and open gigs ranked for a person described by the
    caller (the integration API); results carry the index ids (``v12`` / ``g3``)."""
    state = _state()
    with state.lock:
        return state.index.top_for_seeker(
            seeker, k=k, filters=SearchFilters(kinds=kinds, max_distance_km=max_km)
        )


def text_hits(
    query: str, *, kinds: tuple[str, ...] | None = None, limit: int = 5_000
) -> list[tuple[str, float]]:
    """Published vacancies and open gigs (``v12`` / ``g3``) whose text shares a word with a
    visitor's search, best first, by the index's fitted text model (public search)."""
    state = _state()
    with state.lock:
        return state.index.text_hits(query, kinds=kinds, limit=limit)


def listing_row(vacancy: Vacancy) -> ListingRow:
    return ListingRow(
        vacancy.id,
        vacancy.kind,
        vacancy.street_code,
        vacancy.occupation_code,
        vacancy.salary_max,
        vacancy.salary_unit,
        vacancy.published_at,
        vacancy.valid_until,
    )


def _listing_rows():
    v = Vacancy
    columns = (v.id, v.kind, v.street_code, v.occupation_code, v.salary_max, v.salary_unit)
    found = db.session.execute(
        db.select(*columns, v.published_at, v.valid_until).where(v.status == "published")
    )
    return (ListingRow(*row) for row in found)


def _listings(state: _IndexState) -> ListingTable:
    """The public search's filter columns, read from the database once (under the lock)."""
    if state.listings is None:
        state.listings = ListingTable(_listing_rows())
    return state.listings


def public_candidates(
    query: str,
    *,
    kinds: tuple[str, ...],
    limit: int,
    choose: Callable[[np.ndarray, np.ndarray, ListingTable], T],
) -> T:
    """The public search's keyword candidates among published vacancies: the ids and scores of
    the same rows ``text_hits`` lists (unordered), handed with the search's filter columns to
    ``choose`` under the index's lock (so no write changes them meanwhile)."""
    state = _state()
    with state.lock:
        listings = _listings(state)
        ids, scores = [], []
        for block, rows, score in state.index.text_candidates(query, kinds=kinds, limit=limit):
            numbers = state.vacancy_numbers(block)[rows]
            mine = numbers >= 0
            ids.append(numbers[mine])
            scores.append(score[mine])
        return choose(
            np.concatenate(ids) if ids else np.zeros(0, np.int64),
            np.concatenate(scores) if scores else np.zeros(0, np.float32),
            listings,
        )


def split_key(key) -> tuple[str, int | str]:
    """``"v12"`` → ``("vacancy", 12)``, ``"g3"`` → ``("gig", 3)``; other ids are vacancies."""
    if isinstance(key, str) and key[:1] in "vg" and key[1:].isdigit():
        return ("vacancy" if key[0] == "v" else "gig", int(key[1:]))
    return "vacancy", key


# -- ranked lists ---------------------------------------------------------------------------------


def _pay_ok(vacancy: Vacancy, min_pay: float | None) -> bool:
    """The page's hard pay filter: the top of the range, per month, reaches `min_pay`."""
    top = monthly(vacancy.salary_max, vacancy.salary_unit)
    return min_pay is None or top is None or top >= min_pay


def rank_vacancies_for_person(
    person: Person,
    *,
    kinds: tuple[str, ...] | None = None,
    max_km: float | None = None,
    min_pay: float | None = None,
    employment_type: str | None = None,
    limit: int = 200,
) -> list[RankedVacancy]:
    """Published vacancies ranked for a person, best first (ineligible kinds after the rest);
    only those with evidence of fit (the engine's relevance floor). ``min_pay`` compares with
    the top of the advertised range per month."""
    state = _state()
    wanted = tuple(k for k in (kinds or ("regular", "traineeship", "public_welfare")) if k != "gig")
    with state.lock:
        results = state.index.top_for_seeker(
            seeker_profile(person),
            k=limit * 2,
            filters=SearchFilters(kinds=wanted, max_distance_km=max_km),
        )
    ids = [int(str(r.vacancy_id)[1:]) for r in results]
    rows = {v.id: v for v in db.session.scalars(db.select(Vacancy).where(Vacancy.id.in_(ids)))}
    ranked = []
    for result, vacancy_id in zip(results, ids, strict=True):
        vacancy = rows.get(vacancy_id)
        if vacancy is None or vacancy.status != "published" or not _pay_ok(vacancy, min_pay):
            continue
        if employment_type and vacancy.employment_type != employment_type:
            continue
        ranked.append(RankedVacancy(vacancy, result))
    return ranked[:limit]


def nearby_vacancies_for_person(
    person: Person, *, km: float | None = None, limit: int = 50
) -> list[tuple[Vacancy, float]]:
    """Every published vacancy within ``km`` (default: the person's own travel limit, else
    5 km) of the person's home, nearest first, with its distance: a list to browse, not a
    recommendation. Empty if the person gave no home location."""
    location = _point(person.lat, person.lng)
    if location is None:
        return []
    radius = km or (float(person.max_distance_km) if person.max_distance_km else 5.0)
    state = _state()
    with state.lock:
        found = state.index.nearby(
            location, radius, kinds=("regular", "traineeship", "public_welfare"), limit=limit
        )
    ids = [int(str(key)[1:]) for key, _ in found]
    rows = {v.id: v for v in db.session.scalars(db.select(Vacancy).where(Vacancy.id.in_(ids)))}
    return [
        (rows[i], d)
        for i, (_, d) in zip(ids, found, strict=True)
        if i in rows and rows[i].status == "published"
    ]


def _available_on(person: Person, day: date) -> bool:
    """``availability = {"days": [0..6] (Monday = 0), ...}``; no days recorded means any day."""
    days = (person.availability or {}).get("days")
    return not days or day.weekday() in days


def rank_gigs_for_person(
    person: Person, *, limit: int = 50, today: date | None = None
) -> list[RankedGig]:
    """Open gigs from today on (the bureau's day, in China), on the person's available days,
    within reach, best first."""
    today = today or today_in_china()
    state = _state()
    with state.lock:
        results = state.index.top_for_seeker(
            seeker_profile(person, today), k=limit * 3, filters=SearchFilters(kinds=("gig",))
        )
    ids = [int(str(r.vacancy_id)[1:]) for r in results]
    rows = {g.id: g for g in db.session.scalars(db.select(Gig).where(Gig.id.in_(ids)))}
    ranked = []
    for result, gig_id in zip(results, ids, strict=True):
        gig = rows.get(gig_id)
        if (
            gig is None
            or gig.status != "open"
            or gig.work_date < today
            or gig.taken >= gig.capacity
        ):
            continue
        if _available_on(person, gig.work_date):
            ranked.append(RankedGig(gig, result))
    return ranked[:limit]


def _engine_options() -> dict:
    try:
        state = _state()
    except MatchIndexMissing:
        return {}
    return {
        "text_model": state.index.model,
        "vocabulary": state.index.vocabulary,
        "profile": state.index.profile,
    }


def _rank_people(target: VacancyProfile, people: list[Person], limit: int, today: date):
    """The exhaustive path: every person evaluated and ranked (without a people index)."""
    if not people:
        return []
    profiles = [seeker_profile(p, today) for p in people]
    by_id = {p.id: (p, sp.key_groups) for p, sp in zip(people, profiles, strict=True)}
    results = rank_candidates(target, profiles, top=limit, **_engine_options())
    return [RankedCandidate(by_id[r.seeker_id][0], r, by_id[r.seeker_id][1]) for r in results]


def _selected(target: VacancyProfile, limit: int, weekday: int | None):  # noqa: ANN202
    """(ids the people index selects, the index), or None without a people index."""
    try:
        found = peoplesvc.select(target, limit, weekday=weekday)
    except MatchIndexMissing:
        return None
    if found is None:
        return None
    ids, index = found
    return [i for i in ids if index.key_groups(i) is not None], index


def _read_selected(ids: list[int], index) -> tuple[list[Person], list[SeekerProfile]]:  # noqa: ANN001
    """The people of ``ids`` still in the database (those deleted since the index last
    looked are left out), in that order, with the key groups the index holds. The ID number
    and sensitive statuses are never shown with a ranking: not read, so not decrypted."""
    query = db.select(Person).where(Person.id.in_(ids))
    query = query.options(defer(Person.id_number_enc), defer(Person.sensitive))
    rows = {p.id: p for p in db.session.scalars(query)}
    people = [rows[i] for i in ids if i in rows]
    return people, [engine_view(p, *index.key_groups(p.id)) for p in people]


def _rank_selected(target: VacancyProfile, limit: int, weekday: int | None):
    """The people index's path: the people it selects, ranked with the key groups it holds
    from its own vectors (`PeopleIndex.rank`: the list `rank_candidates`, the exhaustive
    path's function, gives), with no policy evaluation and no decryption of ID numbers or
    sensitive statuses. None without a people index."""
    found = _selected(target, limit, weekday)
    if found is None:
        return None
    ids, index = found
    people, profiles = _read_selected(ids, index)
    by_id = {p.id: p for p in people}
    results = index.rank(target, profiles, limit)  # rank_candidates from the index's vectors
    return [RankedCandidate(by_id[r.seeker_id], r, r.key_groups) for r in results]


def _people_with_profiles():
    return list(
        db.session.scalars(
            db.select(Person).where(Person.birth_date.is_not(None)).order_by(Person.id)
        )
    )


def rank_candidates_for_vacancy(vacancy: Vacancy, *, limit: int = 100) -> list[RankedCandidate]:
    """People ranked for a vacancy, best first, with their key groups: only those with
    evidence of fit (the engine's relevance floor), as on the seeker's side. From the people
    index when there is one (the same list: see matching/people.py)."""
    target = vacancy_profile(vacancy)
    ranked = _rank_selected(target, limit, None)
    if ranked is None:
        ranked = _rank_people(target, _people_with_profiles(), limit, today_in_china())
    return [c for c in ranked if c.result.relevant]


def candidates_window(
    vacancy: Vacancy, start: int, stop: int, *, limit: int = 100
) -> tuple[int, list[RankedCandidate]]:
    """(how many people `rank_candidates_for_vacancy` lists, its places ``start`` to
    ``stop``). With a people index the whole list is ordered from the index's vectors and
    only the window's people are read from the database and explained."""
    target = vacancy_profile(vacancy)
    found = _selected(target, limit, None)
    if found is None:
        listed = rank_candidates_for_vacancy(vacancy, limit=limit)
        return len(listed), listed[start:stop]
    ids, index = found
    # only the window's rows are read below: people deleted since the index last looked are
    # left out of the whole list here (the full read of `_rank_selected` skips them itself)
    present = set(db.session.scalars(db.select(Person.id).where(Person.id.in_(ids))))
    ranking = index.order(target, [i for i in ids if i in present], limit)
    listed = [i for i, ok in zip(ranking.ids, ranking.relevant, strict=True) if ok]
    people, profiles = _read_selected(listed[start:stop], index)
    by_id = {p.id: p for p in people}
    results = index.explain(ranking, profiles)
    return len(listed), [RankedCandidate(by_id[r.seeker_id], r, r.key_groups) for r in results]


def rank_people_for_gig(gig: Gig, *, limit: int = 50) -> list[RankedCandidate]:
    """People available on the gig's day, ranked for it, best first. Everyone available is
    listed (a station fills simple gigs with whoever can come); those with evidence of fit
    come first, the others are marked by their explanation."""
    target = gig_profile(gig)
    ranked = _rank_selected(target, limit, gig.work_date.weekday())
    if ranked is not None:
        return ranked
    people = [p for p in _people_with_profiles() if _available_on(p, gig.work_date)]
    return _rank_people(target, people, limit, today_in_china())
