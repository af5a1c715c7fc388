"""Recording sensitive actions, and revealing an unmasked field only through the audit log."""

from __future__ import annotations

from flask import has_request_context, request

from jobhub.extensions import db
from jobhub.security.models import AuditEvent


def record(
    actor,
    action: str,
    subject_type: str,
    subject_id: int | None,
    purpose: str,
    field: str | None = None,
    outcome: str = "ok",
) -> AuditEvent:
    """Add an audit row to the current transaction (the view commits it with its work)."""
    event = AuditEvent(
        actor_user_id=getattr(actor, "id", None),
        actor_role=getattr(actor, "role", "anonymous") or "anonymous",
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        field=field,
        purpose=purpose,
        outcome=outcome,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


def reveal(actor, subject, field: str, purpose: str) -> str | None:
    """Return the clear value of ``subject.<field>`` and log that ``actor`` saw it and why."""
    if not purpose.strip():
        raise ValueError("a purpose is required to view unmasked personal data")
    record(actor, "view_unmasked", type(subject).__tablename__, subject.id, purpose, field)
    return getattr(subject, field)
