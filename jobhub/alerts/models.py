"""Saved job alerts, what each person was sent, and who was told about which policy."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import now_utc
from jobhub.extensions import db


class JobAlert(db.Model):
    """A seeker's alert: "new vacancies that fit me" (``fits_me``) or a saved search (keyword,
    street, kind, pay floor). Either way only vacancies that pass the matching floor for the
    person are sent."""

    __tablename__ = "job_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    fits_me: Mapped[bool] = mapped_column(default=False)
    q: Mapped[str] = mapped_column(String(50), default="")
    street_code: Mapped[str | None] = mapped_column(String(12))
    kind: Mapped[str | None] = mapped_column(String(20))
    min_pay: Mapped[float | None] = mapped_column(Numeric(12, 2))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)


class AlertSent(db.Model):
    """A vacancy sent to a person in an alert digest: never sent to them again."""

    __tablename__ = "alerts_sent"
    __table_args__ = (UniqueConstraint("person_id", "vacancy_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"))
    sent_on: Mapped[date]


class PolicyPush(db.Model):
    """A person told (政策推送) that they newly qualify for a subsidy or key-group service:
    once per (person, code). The station that serves them follows up (``followed_up_at``);
    the bureau counts told and applied."""

    __tablename__ = "policy_pushes"
    __table_args__ = (UniqueConstraint("person_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    code: Mapped[str] = mapped_column(String(40))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    told_at: Mapped[datetime] = mapped_column(default=now_utc)
    followed_up_at: Mapped[datetime | None]
