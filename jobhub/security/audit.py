"""Recording sensitive actions, and revealing an unmasked field only through the audit log."""

from __future__ import annotations

import functools

from flask import has_request_context, make_response, request
from flask_login import current_user
from sqlalchemy import text

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.security import chain
from jobhub.security.models import AuditEvent

# pg_advisory_xact_lock key that serialises audit inserts ("audit" in ASCII): one transaction
# at a time reads the chain's tip and appends to it, so two requests never link to the same
# row. Held until that transaction ends.
_CHAIN_LOCK = 0x6175646974


def _lock_chain() -> None:
    """Hold the chain until this transaction ends, before reading its tip."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    elif dialect == "sqlite":
        # A write that matches no row still takes SQLite's one write lock (readers go on), so
        # no other writer can read the same tip in between.
        db.session.execute(text("UPDATE audit_events SET id = id WHERE 0 = 1"))


def record(
    actor,
    action: str,
    subject_type: str,
    subject_id: int | None,
    purpose: str,
    field: str | None = None,
    outcome: str = "ok",
) -> AuditEvent:
    """Write an audit row, linked to the one before it, in the current transaction (the view
    commits it with its work)."""
    role = getattr(actor, "role", None) or "anonymous"
    values = {
        "at": now_utc(),
        "actor_user_id": getattr(actor, "id", None),
        "actor_role": str(getattr(role, "value", role)),
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "field": field,
        "purpose": purpose,
        "outcome": outcome,
        "ip": request.remote_addr if has_request_context() else None,
    }
    _lock_chain()
    tip = db.session.scalar(db.select(AuditEvent.row_hash).order_by(AuditEvent.id.desc()).limit(1))
    prev_hash = tip or chain.GENESIS
    event = AuditEvent(**values, prev_hash=prev_hash, row_hash=chain.link_hash(prev_hash, values))
    db.session.add(event)
    db.session.flush()  # the next record() in this transaction links to this row
    return event


def reveal(actor, subject, field: str, purpose: str) -> str | None:
    """Return the clear value of ``subject.<field>`` and log that ``actor`` saw it and why."""
    if not purpose.strip():
        raise ValueError("a purpose is required to view unmasked personal data")
    record(actor, "view_unmasked", type(subject).__tablename__, subject.id, purpose, field)
    return getattr(subject, field)


# The route argument that names what a one-subject page is about, and its table.
_SUBJECTS = {
    "person_id": "people",
    "application_id": "applications",
    "vacancy_id": "vacancies",
    "gig_id": "gigs",
    "course_id": "courses",
}


def shows_people(purpose: str):
    """Declare that a view shows other people's names, or their ID numbers or phones partly
    masked: every answer it serves (200) records who saw them, for what, and on a page about
    one person, application, vacancy or gig, which one. tests/privacy walks every route and
    fails on one that shows someone without this."""

    def decorate(view):
        @functools.wraps(view)
        def audited(*args, **kwargs):
            response = make_response(view(*args, **kwargs))
            if response.status_code == 200:
                arg = next((a for a in _SUBJECTS if a in kwargs), None)
                subject_type = _SUBJECTS[arg] if arg else "people"
                subject_id = kwargs[arg] if arg else None
                record(current_user, "view_people", subject_type, subject_id, purpose)
                db.session.commit()
            return response

        return audited

    return decorate
