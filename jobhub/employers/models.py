"""Organisations and vacancies."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin
from jobhub.extensions import db
from jobhub.security.columns import EncryptedText


class Organisation(TimestampMixin, db.Model):
    """A 用人单位 identified by its 统一社会信用代码 (public registration data, kept in clear)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    street_code: Mapped[str | None] = mapped_column(String(12))
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    # micro | small | medium | large — 小微企业 rules read this
    size: Mapped[str] = mapped_column(String(10), default="small")
    is_public_employer: Mapped[bool] = mapped_column(default=False)
    contact_name: Mapped[str] = mapped_column(String(40), default="")
    contact_phone: Mapped[str | None] = mapped_column(EncryptedText("organisations.contact_phone"))

    users = relationship("User", back_populates="organisation")
    vacancies = relationship("Vacancy", back_populates="organisation")


class Vacancy(TimestampMixin, db.Model):
    """A vacancy with the structured fields of the posting-review contract."""

    __tablename__ = "vacancies"
    # every web worker polls "changed since" for the matching index (jobhub.matchsvc._sync);
    # the public search lists the newest published first, by street or not (jobhub.listings)
    __table_args__ = (
        Index("ix_vacancies_updated_at", "updated_at"),
        # labour-market figures read one occupation (or a code range) by publication date
        Index("ix_vacancies_occupation_published", "occupation_code", "published_at"),
        Index("ix_vacancies_published_at", "published_at"),
        # the counts of the newest read these indexes alone (SQLite: covering, no row lookups)
        Index("ix_vacancies_listing", "status", "published_at", "valid_until", "kind"),
        Index(
            "ix_vacancies_listing_street",
            "status",
            "street_code",
            "published_at",
            "valid_until",
            "kind",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    # regular | traineeship (就业见习) | public_welfare (公益性岗位)
    kind: Mapped[str] = mapped_column(String(20), default="regular", index=True)
    employment_type: Mapped[str] = mapped_column(String(20), default="full_time")
    headcount: Mapped[int] = mapped_column(default=1)
    work_location: Mapped[str] = mapped_column(String(200))
    street_code: Mapped[str | None] = mapped_column(String(12))
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    salary_min: Mapped[float | None] = mapped_column(Numeric(12, 2))
    salary_max: Mapped[float | None] = mapped_column(Numeric(12, 2))
    salary_unit: Mapped[str] = mapped_column(String(10), default="month")
    valid_until: Mapped[date | None]
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    occupation_code: Mapped[str | None] = mapped_column(String(12), index=True)
    # draft | pending_review | published | paused | closed | rejected
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    review_verdict: Mapped[str | None] = mapped_column(String(10))
    justification: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    organisation: Mapped[Organisation] = relationship(back_populates="vacancies")
