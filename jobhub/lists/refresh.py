"""Keeping the stored evaluations current.

- :func:`refresh_people` re-evaluates the people of an id subquery and replaces their rows (and
  tags) in one transaction: running it twice gives the same rows.
- The on-change hook (:func:`install_hook`): every flush that writes something a person's
  evaluation or lists read (the person, their 失业登记/认定 and its log, subsidy applications
  and decisions, applications to vacancies, service records, a department's list entry) notes
  the person; before the commit their rows are refreshed (:func:`facts_changed`). One listener
  for every path, so a new route that changes facts cannot forget it. A commit touching more
  than ``HOOK_LIMIT`` people (a bulk import) marks their rows stale instead and leaves them to
  ``flask --app wsgi lists refresh --stale``.
- The nightly job (:func:`refresh_all`, ``flask --app wsgi lists refresh``) re-evaluates everyone
  in partitions of person-id blocks on :func:`jobhub.partitions.run_partitions` (a dask
  ``LocalCluster``, a cluster named by ``JOBHUB_DASK_SCHEDULER``, or inline in this process
  with ``POLICY_REFRESH_WORKERS = 0``). Date-driven changes (a graduate leaves the two-year
  window, a 认定 lapses) are caught here; the lists say which day they were evaluated on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Select, delete, event, insert, select, update

from jobhub.extensions import db
from jobhub.lists.models import PolicySnapshot, PolicySnapshotTag
from jobhub.lists.queries import current_rows
from jobhub.lists.rows import PersonInputs, SnapshotRow, rules_version, snapshot_row
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile
from jobhub.seekers.models import Person

HOOK_LIMIT = 2000
_CHANGED = "jobhub.lists.changed"


def snapshot_rows(among: Select, as_of: date) -> list[SnapshotRow]:
    """The rows of the people of the id subquery ``among`` on ``as_of`` (a few queries for all
    of them, then the pure :func:`jobhub.lists.rows.snapshot_row` per person)."""
    from jobhub.admin.queries import applied_kinds, facts_reader
    from jobhub.seekers.queries import applied_codes
    from jobhub.seekers.subsidies import PERSON_CODES
    from jobhub.stations.models import ServiceRecord

    people = list(
        db.session.execute(select(Person).where(Person.id.in_(among)).order_by(Person.id)).scalars()
    )
    if not people:
        return []
    ids = select(Person.id).where(Person.id.in_(among))
    facts_of = facts_reader(ids, as_of)
    applied = applied_codes(ids)
    kinds = applied_kinds(ids)
    services: dict[int, list[str]] = {}
    for pid, kind in db.session.execute(
        select(ServiceRecord.person_id, ServiceRecord.kind).where(ServiceRecord.person_id.in_(ids))
    ):
        services.setdefault(pid, []).append(kind)
    profile = region_profile()
    rows = []
    for person in people:
        evaluable = person.birth_date is not None and person.gender is not None
        inputs = PersonInputs(
            person_id=person.id,
            station_id=person.registered_station_id,
            street_code=person.home_street_code,
            graduation_date=person.graduation_date,
            facts=facts_of(person) if evaluable else None,
            status_unknown=person.employment_status is None,
            applied=frozenset(applied.get(person.id, ())),
            applied_kinds=frozenset(kinds.get(person.id, ())),
            service_kinds=tuple(services.get(person.id, ())),
        )
        rows.append(snapshot_row(inputs, as_of, profile, PERSON_CODES))
    return rows


def refresh_people(among: Select, as_of: date | None = None) -> int:
    """Replace the stored rows of the people of the id subquery ``among`` with their
    evaluation on ``as_of`` (today in China by default). Flushes, never commits; idempotent."""
    as_of = as_of or today_in_china()
    rows = snapshot_rows(among, as_of)
    db.session.execute(delete(PolicySnapshotTag).where(PolicySnapshotTag.person_id.in_(among)))
    db.session.execute(delete(PolicySnapshot).where(PolicySnapshot.person_id.in_(among)))
    if rows:
        db.session.execute(insert(PolicySnapshot), [r.values() for r in rows])
        tags = [
            {"tag": tag, "person_id": r.person_id, "station_id": r.station_id}
            for r in rows
            for tag in r.tags
        ]
        if tags:
            db.session.execute(insert(PolicySnapshotTag), tags)
    return len(rows)


def facts_changed(person_ids: Iterable[int], as_of: date | None = None) -> None:
    """The one call for "these people's facts changed": their rows are refreshed now (or, for
    more than ``HOOK_LIMIT`` people at once, marked stale for the next refresh)."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), HOOK_LIMIT):
        chunk = ids[start : start + HOOK_LIMIT]
        if len(ids) > HOOK_LIMIT:
            db.session.execute(
                update(PolicySnapshot)
                .where(PolicySnapshot.person_id.in_(chunk))
                .values(stale=True)
                .execution_options(synchronize_session=False)
            )
        else:
            refresh_people(select(Person.id).where(Person.id.in_(chunk)), as_of)


# --- the on-change hook ----------------------------------------------------------------------


def _people_of(obj: Any, session: Any) -> Iterator[int]:
    from jobhub.acts.models import ActEvent, DifficultyCertification, UnemploymentRegistration
    from jobhub.imports.models import ListedPerson
    from jobhub.seekers.models import Application, SubsidyApplication
    from jobhub.stations.models import ServiceRecord

    if isinstance(obj, Person):
        if obj.id is not None:
            yield obj.id
    elif isinstance(
        obj,
        Application
        | SubsidyApplication
        | ServiceRecord
        | UnemploymentRegistration
        | DifficultyCertification,
    ):
        if obj.person_id is not None:
            yield obj.person_id
    elif isinstance(obj, ActEvent):
        for model, key in (
            (UnemploymentRegistration, obj.registration_id),
            (DifficultyCertification, obj.certification_id),
        ):
            if key is not None:
                act = session.get(model, key)
                if act is not None:
                    yield act.person_id
    elif isinstance(obj, ListedPerson):
        found = session.execute(
            select(Person.id).where(Person.id_number_hmac == obj.id_number_hmac)
        ).scalar()
        if found is not None:
            yield found


def _note_changes(session: Any, _context: Any) -> None:
    if not has_app_context():
        return
    changed = session.info.setdefault(_CHANGED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and not session.is_modified(obj):
            continue
        if isinstance(obj, Person) and obj in session.deleted:
            continue  # its rows go with it (ON DELETE CASCADE)
        changed.update(_people_of(obj, session))


def _lists_table_exists(session: Any) -> bool:
    """Whether this database has the lists' tables (not before its migration ran: the
    migration tests write people at earlier revisions). A yes is kept; a no is asked again."""
    from sqlalchemy import inspect

    known = current_app.extensions.setdefault("jobhub.lists.tables", set())
    bind = session.get_bind()
    key = str(bind.url)
    if key not in known and inspect(session.connection()).has_table("policy_snapshots"):
        known.add(key)
    return key in known


def _refresh_before_commit(session: Any) -> None:
    nothing = not (session.info.get(_CHANGED) or session.new or session.dirty or session.deleted)
    if (
        nothing
        or not has_app_context()
        or current_app.config.get("POLICY_REFRESH_ON_CHANGE") is False
        or not _lists_table_exists(session)
    ):
        session.info.pop(_CHANGED, None)
        return
    while True:
        session.flush()
        ids = session.info.pop(_CHANGED, None)
        if not ids:
            return
        live = set(session.execute(select(Person.id).where(Person.id.in_(sorted(ids)))).scalars())
        if live:
            facts_changed(live)


def _forget(session: Any, _previous: Any = None) -> None:
    session.info.pop(_CHANGED, None)


def install_hook() -> None:
    """Listen on the app's sessions (once per process)."""
    from flask_sqlalchemy.session import Session

    for name, func in (
        ("after_flush", _note_changes),
        ("before_commit", _refresh_before_commit),
        ("after_soft_rollback", _forget),
    ):
        if not event.contains(Session, name, func):
            event.listen(Session, name, func)


# --- the nightly refresh in partitions --------------------------------------------------------


def stale_people() -> Select:
    """People whose row is missing, marked stale, of an earlier day or of other rules."""
    current = current_rows(today_in_china(), rules_version(region_profile()))
    return select(Person.id).where(~Person.id.in_(select(PolicySnapshot.person_id).where(*current)))


def _block(lo: int, size: int, number: int) -> Select:
    start = lo + number * size
    return select(Person.id).where(Person.id >= start, Person.id < start + size)


_WORKER_APPS: dict[str, Any] = {}


def _worker_app(config: dict[str, Any]) -> Any:
    """The app of a dask worker (one per process and configuration)."""
    key = repr(sorted((k, repr(v)) for k, v in config.items()))
    if key not in _WORKER_APPS:
        from jobhub import create_app

        _WORKER_APPS.clear()
        _WORKER_APPS[key] = create_app(config)
    return _WORKER_APPS[key]


@dataclass(frozen=True)
class RefreshBlock:
    """Partition ``number``: the people with ids in [lo + number·size, lo + (number+1)·size),
    re-evaluated on ``as_of`` and committed. Rerunning it gives the same rows."""

    config: dict[str, Any]
    lo: int
    size: int
    as_of: date

    def __call__(self, number: int) -> int:
        app = _worker_app(self.config)
        with app.app_context():
            done = refresh_block(self.lo, self.size, number, self.as_of)
            db.engine.dispose()
            return done


def refresh_block(lo: int, size: int, number: int, as_of: date) -> int:
    """One partition of the nightly refresh, in this app context, committed."""
    done = refresh_people(_block(lo, size, number), as_of)
    db.session.commit()
    return done


def _plain_config() -> dict[str, Any]:
    """The app's configuration as a worker needs it to build the same app."""
    import cloudpickle

    out = {}
    for key, value in current_app.config.items():
        if not key.isupper():
            continue
        try:
            cloudpickle.dumps(value)
        except Exception:  # noqa: BLE001 - a value a worker cannot take is left to its default
            continue
        out[key] = value
    return out


@dataclass(frozen=True)
class RefreshRun:
    people: int
    partitions: int
    seconds: list[float]


def refresh_all(
    as_of: date | None = None,
    *,
    block_size: int = 20000,
    workers: int | None = None,
    scheduler: str | None = None,
    only_stale: bool = False,
    progress: Any = None,
) -> RefreshRun:
    """Re-evaluate every person (or, ``only_stale``, those :func:`stale_people` selects) on
    ``as_of``, in partitions of ``block_size`` person ids. ``workers`` 0 runs them here, one
    after the other; otherwise on :func:`jobhub.partitions.run_partitions`."""
    import time

    from jobhub.partitions import run_partitions, scheduler_address

    as_of = as_of or today_in_china()
    if only_stale:
        ids = stale_people()
        done = 0
        while chunk := list(db.session.execute(ids.limit(block_size)).scalars()):
            done += refresh_people(select(Person.id).where(Person.id.in_(chunk)), as_of)
            db.session.commit()
        return RefreshRun(done, 1, [])
    lo, hi = db.session.execute(select(db.func.min(Person.id), db.func.max(Person.id))).one()
    if lo is None:
        return RefreshRun(0, 0, [])
    n = (hi - lo) // block_size + 1
    if workers is None:
        workers = int(current_app.config.get("POLICY_REFRESH_WORKERS", 0))
    people, seconds = 0, []
    if workers == 0 and not scheduler_address(scheduler):
        for number in range(n):
            t0 = time.perf_counter()
            people += refresh_block(lo, block_size, number, as_of)
            seconds.append(time.perf_counter() - t0)
            if progress:
                progress(number + 1, n)
        return RefreshRun(people, n, seconds)
    db.session.commit()
    task = RefreshBlock(_plain_config(), lo, block_size, as_of)
    for finished, done in enumerate(
        run_partitions(task, n, scheduler=scheduler, n_workers=workers, name="policy-refresh"),
        start=1,
    ):
        people += done.result
        seconds.append(done.seconds)
        if progress:
            progress(finished, n)
    return RefreshRun(people, n, seconds)


def evaluated_on() -> date | None:
    """The day of the oldest stored evaluation (what the lists say they are "按…的评估")."""
    return db.session.scalar(select(db.func.min(PolicySnapshot.evaluated_on)))


STALE_SHOWN = 10_000


def stale_count() -> int:
    """Rows of an earlier day the next refresh will redo, counted up to ``STALE_SHOWN`` + 1
    (a range of the ``evaluated_on`` index, never a scan of every row)."""
    older = (
        select(PolicySnapshot.person_id)
        .where(PolicySnapshot.evaluated_on < today_in_china())
        .limit(STALE_SHOWN + 1)
        .subquery()
    )
    return int(db.session.scalar(select(db.func.count()).select_from(older)) or 0)
