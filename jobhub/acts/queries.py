"""Reading the acts: a person's live ones, and the facts they establish on a given day (for
the policy engine), one person at a time or for many at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_

from jobhub.acts.models import DifficultyCertification, UnemploymentRegistration
from jobhub.extensions import db
from jobhub.policy.acts import EMPLOYMENT_ENDS

LIVE_REGISTRATION = ("applied", "registered")
LIVE_CERTIFICATION = ("applied", "certified")


@dataclass(frozen=True)
class ActFacts:
    """What the bureau's acts establish about a person on one day."""

    registered_since: date | None = None
    # (category code, certified on, the 认定's number), for the categories in force that day
    certified: tuple[tuple[str, date, int], ...] = ()


NO_ACTS = ActFacts()


def live_registration(person_id: int) -> UnemploymentRegistration | None:
    return db.session.execute(
        db.select(UnemploymentRegistration).where(
            UnemploymentRegistration.person_id == person_id,
            UnemploymentRegistration.status.in_(LIVE_REGISTRATION),
        )
    ).scalar_one_or_none()


def live_certification(person_id: int) -> DifficultyCertification | None:
    return db.session.execute(
        db.select(DifficultyCertification).where(
            DifficultyCertification.person_id == person_id,
            DifficultyCertification.status.in_(LIVE_CERTIFICATION),
        )
    ).scalar_one_or_none()


def registrations_of(person_id: int) -> list[UnemploymentRegistration]:
    return list(
        db.session.execute(
            db.select(UnemploymentRegistration)
            .where(UnemploymentRegistration.person_id == person_id)
            .order_by(UnemploymentRegistration.id.desc())
        ).scalars()
    )


def certifications_of(person_id: int) -> list[DifficultyCertification]:
    return list(
        db.session.execute(
            db.select(DifficultyCertification)
            .where(DifficultyCertification.person_id == person_id)
            .order_by(DifficultyCertification.id.desc())
        ).scalars()
    )


def _in_force(start: date | None, end: date | None, on: date, *, through_end: bool = False):
    """Whether an act made on ``start`` and ended on ``end`` stands on ``on``. An end takes
    effect that day, except a registration ended by a job (``through_end``): the facts of a
    hire date describe the person before the hire."""
    if start is None or on < start:
        return False
    return end is None or on < end or (through_end and on == end)


def certified_on_day(categories: dict[str, Any], on: date) -> list[str]:
    """The approved categories of a 认定 still in force on ``on``."""
    out = []
    for code, entry in (categories or {}).items():
        if entry.get("decision") not in ("approved", "ended"):
            continue
        if entry.get("decision") == "ended" and not entry.get("ended_on"):
            continue
        ended = date.fromisoformat(entry["ended_on"]) if entry.get("ended_on") else None
        if ended is None or on < ended:
            out.append(code)
    return out


def acts_on(person_ids: Select | list[int], on: date) -> dict[int, ActFacts]:
    """The acts in force on ``on`` for many people (``person_ids`` a subquery of ids or a
    short list), two queries in all."""
    registered: dict[int, date] = {}
    rows = db.session.execute(
        db.select(
            UnemploymentRegistration.person_id,
            UnemploymentRegistration.registered_on,
            UnemploymentRegistration.ended_on,
            UnemploymentRegistration.end_reason,
        ).where(
            UnemploymentRegistration.person_id.in_(person_ids),
            UnemploymentRegistration.status.in_(("registered", "ended")),
            UnemploymentRegistration.registered_on <= on,
            or_(
                UnemploymentRegistration.ended_on.is_(None), UnemploymentRegistration.ended_on >= on
            ),
        )
    ).all()
    for pid, since, ended, reason in rows:
        if _in_force(since, ended, on, through_end=reason in EMPLOYMENT_ENDS):
            registered[pid] = since
    certified: dict[int, list[tuple[str, date, int]]] = {}
    certs = db.session.execute(
        db.select(DifficultyCertification).where(
            DifficultyCertification.person_id.in_(person_ids),
            DifficultyCertification.status.in_(("certified", "ended")),
            DifficultyCertification.certified_on <= on,
            or_(DifficultyCertification.ended_on.is_(None), DifficultyCertification.ended_on > on),
        )
    ).scalars()
    for cert in certs:
        if not _in_force(cert.certified_on, cert.ended_on, on):
            continue
        assert cert.certified_on is not None
        for code in certified_on_day(cert.categories, on):
            certified.setdefault(cert.person_id, []).append((code, cert.certified_on, cert.id))
    ids = set(registered) | set(certified)
    return {
        pid: ActFacts(registered.get(pid), tuple(sorted(certified.get(pid, ())))) for pid in ids
    }


def acts_of(person_id: int | None, on: date) -> ActFacts:
    if person_id is None:
        return NO_ACTS
    return acts_on([person_id], on).get(person_id, NO_ACTS)
