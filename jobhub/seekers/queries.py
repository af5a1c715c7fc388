"""Read-only queries of the seekers area."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, update

from jobhub.extensions import db
from jobhub.seekers.models import Application, Invitation, Person, SubsidyApplication

# The flexible-employment social-insurance subsidies a person applies for themselves; their
# first approval starts the term that later applications continue (社保补贴期限).
FLEXIBLE_SI_CODES = ("si_flexible_difficulty", "si_flexible_graduate")


def first_subsidy_approval(person_id: int) -> date | None:
    """初次核定: the first approval date of the person's flexible social-insurance subsidy."""
    return db.session.scalar(
        db.select(func.min(SubsidyApplication.approved_on)).where(
            SubsidyApplication.person_id == person_id,
            SubsidyApplication.status == "approved",
            SubsidyApplication.code.in_(FLEXIBLE_SI_CODES),
        )
    )


def first_approvals(among: Select) -> dict[int, date]:
    """:func:`first_subsidy_approval` for the people whose ids the subquery ``among`` selects,
    in one query (a subquery, not a list: PostgreSQL takes at most 65,535 bound parameters)."""
    rows = db.session.execute(
        db.select(SubsidyApplication.person_id, func.min(SubsidyApplication.approved_on))
        .where(
            SubsidyApplication.person_id.in_(among),
            SubsidyApplication.status == "approved",
            SubsidyApplication.code.in_(FLEXIBLE_SI_CODES),
        )
        .group_by(SubsidyApplication.person_id)
    ).all()
    return {pid: when for pid, when in rows if when is not None}


def applied_codes(among: Select) -> dict[int, set[str]]:
    """Subsidy codes each person of the id subquery ``among`` has applied for (any status)."""
    out: dict[int, set[str]] = {}
    rows = db.session.execute(
        db.select(SubsidyApplication.person_id, SubsidyApplication.code)
        .where(SubsidyApplication.person_id.in_(among))
        .distinct()
    ).all()
    for pid, code in rows:
        out.setdefault(pid, set()).add(code)
    return out


def person_applications(person_id: int) -> list[Application]:
    return list(
        db.session.execute(
            db.select(Application)
            .where(Application.person_id == person_id)
            .order_by(Application.created_at.desc(), Application.id.desc())
        ).scalars()
    )


def person_invitations(person_id: int) -> list[Invitation]:
    return list(
        db.session.execute(
            db.select(Invitation)
            .where(Invitation.person_id == person_id)
            .order_by(Invitation.at.desc(), Invitation.id.desc())
        ).scalars()
    )


def person_subsidy_applications(person_id: int) -> list[SubsidyApplication]:
    return list(
        db.session.execute(
            db.select(SubsidyApplication)
            .where(SubsidyApplication.person_id == person_id)
            .order_by(SubsidyApplication.created_at.desc(), SubsidyApplication.id.desc())
        ).scalars()
    )


def applied_vacancy_ids(person_id: int) -> set[int]:
    """Vacancies the person holds a live application to."""
    return set(
        db.session.execute(
            db.select(Application.vacancy_id).where(
                Application.person_id == person_id, Application.status != "withdrawn"
            )
        ).scalars()
    )


def lock_person(person_id: int) -> bool:
    """Serialise one person's place-taking (gig claims, course enrolments) until commit:
    ``UPDATE people SET updated_at = updated_at`` is a row lock on PostgreSQL and takes the
    write lock on SQLite. False when there is no such person."""
    return (
        db.session.execute(
            update(Person)
            .where(Person.id == person_id)
            .values(updated_at=Person.updated_at)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )
