"""Read-only queries of the employers area."""

from __future__ import annotations

from sqlalchemy import func

from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.seekers.models import Application


def organisation_vacancies(organisation_id: int) -> list[Vacancy]:
    return list(
        db.session.execute(
            db.select(Vacancy)
            .where(Vacancy.organisation_id == organisation_id)
            .order_by(Vacancy.id.desc())
        ).scalars()
    )


def application_counts(vacancy_ids: list[int]) -> dict[int, int]:
    """Live applications per vacancy."""
    if not vacancy_ids:
        return {}
    rows = db.session.execute(
        db.select(Application.vacancy_id, func.count())
        .where(Application.vacancy_id.in_(vacancy_ids), Application.status != "withdrawn")
        .group_by(Application.vacancy_id)
    ).all()
    return dict(rows)


def organisation_applications(
    organisation_id: int, *, vacancy_id: int | None = None, status: str | None = None
) -> list[Application]:
    query = (
        db.select(Application)
        .join(Vacancy, Application.vacancy_id == Vacancy.id)
        .where(Vacancy.organisation_id == organisation_id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    )
    if vacancy_id is not None:
        query = query.where(Application.vacancy_id == vacancy_id)
    if status:
        query = query.where(Application.status == status)
    return list(db.session.execute(query).scalars())


def pending_review() -> list[Vacancy]:
    return list(
        db.session.execute(
            db.select(Vacancy)
            .where(Vacancy.status == "pending_review")
            .order_by(Vacancy.updated_at, Vacancy.id)
        ).scalars()
    )


def public_welfare_vacancies() -> list[Vacancy]:
    return list(
        db.session.execute(
            db.select(Vacancy).where(Vacancy.kind == "public_welfare").order_by(Vacancy.id.desc())
        ).scalars()
    )
