"""Employer-side services."""

from __future__ import annotations

from jobhub.employers.models import Organisation
from jobhub.extensions import db


def find_organisation(uscc: str) -> Organisation | None:
    return db.session.execute(
        db.select(Organisation).where(Organisation.uscc == uscc)
    ).scalar_one_or_none()


def register_organisation(name: str, uscc: str, contact_name: str = "") -> Organisation | None:
    """Create an organisation, or return ``None`` when its 统一社会信用代码 is registered already.

    A USCC is public, so knowing it must not let anyone join an organisation: further users
    are added by the organisation's own users.
    """
    if find_organisation(uscc) is not None:
        return None
    organisation = Organisation(name=name.strip(), uscc=uscc, contact_name=contact_name.strip())
    db.session.add(organisation)
    db.session.flush()
    return organisation
