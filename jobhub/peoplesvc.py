"""The people-side index on stored data: built with the vacancy index, kept current like it.

``flask --app wsgi matching rebuild`` fits the text model, saves the vacancy index, then
indexes every person with a birth date (the people the ranked lists consider) with that model
into ``instance/matching/people``: their engine view, the key groups and the 16–24
registered-unemployed flag (the policy engine's: never decided here), and the days they are
available. The rebuild reads people in blocks and takes the key groups from the stored policy
evaluations (``jobhub.lists``: refreshed on every change and nightly) where they hold for
today under the current rules, evaluating only the others (``entries_of``); a change between
rebuilds is evaluated person by person (``entry``: ``matchsvc.seeker_profile``).

The vacancy and people indexes carry one ``fit_id``; a people index whose id is not the loaded
vacancy index's is not used (the ranked lists then take the exhaustive path).

Kept current as the vacancy index is, in every process: rows of ``people`` changed since the
last look (``updated_at``, indexed) are re-evaluated and upserted at most every
MATCHING_SYNC_SECONDS, and this process's own writes reach it at the next query, whatever
wrote them (seeker profile, walk-in registration, admin, consent withdrawal): a session hook
notes every Person flushed, and the ids noted in a committed transaction are applied first.
A change of key groups that does not touch the person's row (e.g. an 认定 kept elsewhere)
calls ``person_changed``.

What is precomputed is as of the day it was computed: the nightly rebuild refreshes the key
groups and the youth flag of people whose facts did not change (a graduate's two years end
on a date, not on a write).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime

from flask import current_app, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event
from sqlalchemy.orm import defer

from jobhub.acts.queries import NO_ACTS, acts_on
from jobhub.db import as_utc, now_utc
from jobhub.extensions import db
from jobhub.matching.index import VacancyIndex
from jobhub.matching.models import VacancyProfile
from jobhub.matching.people import PeopleIndex, PersonEntry, days_mask
from jobhub.matching.store import IndexUnavailable
from jobhub.policy import evaluate
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile
from jobhub.seekers.models import Person

STATE = "jobhub.people_index"
_CHANGED = "jobhub.people_changed"
_BATCH = 2_000


def people_dir():  # noqa: ANN201 - a Path
    from jobhub.matchsvc import index_dir

    return index_dir() / "people"


def entry(person: Person, today: date | None = None) -> PersonEntry:
    """The index row of a person: the engine's view with the policy engine's key groups."""
    from jobhub.matchsvc import seeker_profile

    return PersonEntry(
        seeker_profile(person, today), days_mask((person.availability or {}).get("days"))
    )


def entries_of(people: Sequence[Person], today: date) -> list[PersonEntry]:
    """The index rows of many people at once, equal to ``entry`` of each: the key groups from
    their stored evaluation of ``today`` (``jobhub.lists``, refreshed on every change and
    nightly), the youth flag from the acts in force, and the policy engine run only for those
    whose stored evaluation is missing, stale, of another day or of other rules. A few queries
    for the lot, none per person."""
    from jobhub.admin.queries import facts_reader
    from jobhub.lists.queries import stored_key_groups
    from jobhub.lists.rows import rules_version
    from jobhub.matchsvc import engine_view, registered_youth

    profile = region_profile()
    # evaluate_person's rule: no evaluation (no key groups) without a birth date and gender
    evaluable = [p for p in people if p.birth_date is not None and p.gender is not None]
    groups = stored_key_groups([p.id for p in evaluable], today, rules_version(profile))
    missing = [p.id for p in evaluable if p.id not in groups]
    if missing:
        facts_of = facts_reader(db.select(Person.id).where(Person.id.in_(missing)), today)
        for person in (p for p in evaluable if p.id not in groups):
            evaluation = evaluate(facts_of(person), today, profile)
            groups[person.id] = tuple(g.code for g in evaluation.key_groups)
    acts = acts_on([p.id for p in people], today)
    return [
        PersonEntry(
            engine_view(
                person,
                groups.get(person.id, ()),
                registered_youth(person, acts.get(person.id, NO_ACTS).registered_since, today),
            ),
            days_mask((person.availability or {}).get("days")),
        )
        for person in people
    ]


def _indexed_people() -> Iterator[list[Person]]:
    """Everyone the ranked lists consider (a birth date), in blocks of ``_BATCH``; what the
    index does not use is not read (ID number and phone: not decrypted)."""
    after = 0
    while True:
        block = list(
            db.session.scalars(
                db.select(Person)
                .where(Person.birth_date.is_not(None), Person.id > after)
                .options(defer(Person.id_number_enc), defer(Person.phone_enc))
                .order_by(Person.id)
                .limit(_BATCH)
            )
        )
        if not block:
            return
        yield block
        after = block[-1].id


def rebuild(index: VacancyIndex, fit_id: str) -> int:
    """Index every person with the vacancy index's fitted model and save it (offline job,
    after the vacancy index is saved). Returns the number of people indexed. The key groups
    are today's in China (the policy engine's day), from the stored evaluations (``entries_of``)."""
    read_at = now_utc()
    today = today_in_china()
    entries = [e for block in _indexed_people() for e in entries_of(block, today)]
    people = PeopleIndex.build(entries, index.model, index.vocabulary, index.profile)
    people.save(
        people_dir(),
        note={
            "rows_read_at": read_at.isoformat(),
            "fit_id": fit_id,
            "key_groups_as_of": today.isoformat(),
        },
    )
    current_app.extensions.pop(STATE, None)
    return len(entries)


class _PeopleState:
    def __init__(self, index: PeopleIndex | None) -> None:
        from jobhub.matchsvc import _synced_through

        self.index = index
        self.lock = threading.RLock()
        self.synced_at = _synced_through(index) if index is not None else None
        self.checked = 0.0
        self.pending: set[int] = set()


def _load() -> _PeopleState:
    state = current_app.extensions.get(STATE)
    if state is None:
        from jobhub.matchsvc import loaded_index

        vacancies = loaded_index()  # MatchIndexMissing propagates: no model, no people index
        try:
            people = PeopleIndex.load(
                people_dir(), vacancies.model, vacancies.vocabulary, vacancies.profile
            )
        except IndexUnavailable:
            people = None
        if people is not None and people.note.get("fit_id") != vacancies.note.get("fit_id"):
            current_app.logger.warning("people index fitted with another model: not used")
            people = None
        state = current_app.extensions[STATE] = _PeopleState(people)
    return state


def warm() -> None:
    """Load the people index and build its postings before serving (the gunicorn master:
    forked workers share the pages)."""
    state = _load()
    if state.index is not None:
        state.index.warm()


def _apply(index: PeopleIndex, people) -> datetime | None:  # noqa: ANN001 - iterable of Person
    newest = None
    for person in people:
        if person.birth_date is None:
            index.remove(person.id)
        else:
            index.upsert(entry(person))
        stamp = as_utc(person.updated_at) if person.updated_at else None
        newest = stamp if newest is None or (stamp and stamp > newest) else newest
    return newest


def _sync(state: _PeopleState) -> None:
    """This process's committed writes first, then (every MATCHING_SYNC_SECONDS) the rows
    any process changed since the last look."""
    index = state.index
    if index is None:
        return
    with state.lock:
        if state.pending:
            ids, state.pending = sorted(state.pending), set()
            found = list(db.session.scalars(db.select(Person).where(Person.id.in_(ids))))
            for gone in set(ids) - {p.id for p in found}:
                index.remove(gone)
            _apply(index, found)
        interval = current_app.config["MATCHING_SYNC_SECONDS"]
        now = time.monotonic()
        if interval and now - state.checked < interval:
            return
        state.checked = now
        since = state.synced_at or datetime.min.replace(tzinfo=UTC)
        changed = db.session.scalars(db.select(Person).where(Person.updated_at > since))
        newest = _apply(index, changed)
        if newest is not None and newest > since:
            state.synced_at = newest


def current() -> PeopleIndex | None:
    """The people index, brought up to date; None without one (the exhaustive path)."""
    state = _load()
    _sync(state)
    return state.index


def select(vacancy: VacancyProfile, limit: int, *, weekday: int | None = None):  # noqa: ANN201
    """(ids the exhaustive ranking would list first, the index) or None without an index."""
    state = _load()
    _sync(state)
    if state.index is None:
        return None
    with state.lock:
        return state.index.select(vacancy, limit, weekday=weekday), state.index


def person_changed(person_id: int) -> None:
    """Re-evaluate a person at the next query of this process (for facts kept outside the
    person's row; the row's own changes are noticed by the session hook)."""
    state = current_app.extensions.get(STATE) if has_app_context() else None
    if state is not None:
        with state.lock:
            state.pending.add(person_id)


# -- the session hook -----------------------------------------------------------------------------


@event.listens_for(Session, "after_flush")
def _note_people(session, _context) -> None:  # noqa: ANN001
    changed = session.info.setdefault(_CHANGED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Person) and obj.id is not None:
            changed.add(obj.id)


@event.listens_for(Session, "after_commit")
def _committed(session) -> None:  # noqa: ANN001
    for person_id in session.info.pop(_CHANGED, ()):
        person_changed(person_id)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session) -> None:  # noqa: ANN001
    session.info.pop(_CHANGED, None)
