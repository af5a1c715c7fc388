"""How long a station's clients have waited for work, kept as a column so the dashboard's
等待最久的求职者 is an index read (``people (registered_station_id, waiting_since, id)``) with a
LIMIT, whatever the number of people.

``Person.waiting_since`` is :func:`jobhub.gigs.dispatch.waiting_since` stored: the last gig the
person finished, else their first station visit, else their registration. One flush listener
recomputes it for every person whose claims or visits a flush wrote (any path: the counter,
the API, a worker's own claim, an employer's completion), in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Select, event, update

from jobhub.extensions import db
from jobhub.seekers.models import Person


def refresh_waiting(among: Select | Iterable[int], connection: Any = None) -> None:
    """Recompute ``waiting_since`` of the people of ``among`` (ids, or an id subquery) from
    their claims and visits. ``updated_at`` is left as it was: nothing the person said
    changed."""
    from jobhub.gigs.dispatch import waiting_since

    ids = among if isinstance(among, Select) else sorted(set(among))
    statement = (
        update(Person.__table__)
        .where(Person.__table__.c.id.in_(ids))
        .values(waiting_since=waiting_since(Person.id), updated_at=Person.updated_at)
    )
    (connection or db.session).execute(statement)


def _people_touched(session: Any, _context: Any) -> None:
    from jobhub.gigs.models import GigClaim
    from jobhub.stations.models import StationVisit

    if not has_app_context():
        return
    ids = {
        obj.person_id
        for obj in (*session.new, *session.dirty, *session.deleted)
        if isinstance(obj, GigClaim | StationVisit) and obj.person_id is not None
    }
    if ids and _column_exists(session):
        refresh_waiting(ids, session.connection())


def _column_exists(session: Any) -> bool:
    """Whether this database has the column yet (not before its migration ran: the migration
    tests write at earlier revisions). A yes is kept; a no is asked again."""
    from sqlalchemy import inspect

    known = current_app.extensions.setdefault("jobhub.stations.waiting", set())
    key = str(session.get_bind().url)
    if key not in known:
        columns = inspect(session.connection()).get_columns("people")
        if any(c["name"] == "waiting_since" for c in columns):
            known.add(key)
    return key in known


def install_hook() -> None:
    """Listen on the app's sessions (once per process)."""
    from flask_sqlalchemy.session import Session

    if not event.contains(Session, "after_flush", _people_touched):
        event.listen(Session, "after_flush", _people_touched)
