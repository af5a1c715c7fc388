"""Gigs: short jobs with a date, a time window, a place and a number of places."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import TimestampMixin
from jobhub.extensions import db


class Gig(TimestampMixin, db.Model):
    __tablename__ = "gigs"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= capacity", name="taken_within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    employer_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(120))
    trade: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    work_date: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[time]
    end_time: Mapped[time]
    address: Mapped[str] = mapped_column(String(200))
    street_code: Mapped[str | None] = mapped_column(String(12))
    lat: Mapped[float]
    lng: Mapped[float]
    pay_amount: Mapped[float] = mapped_column(Numeric(10, 2))
    pay_unit: Mapped[str] = mapped_column(String(10), default="day")  # day | hour
    capacity: Mapped[int] = mapped_column(default=1)
    taken: Mapped[int] = mapped_column(default=0)
    settlement: Mapped[str] = mapped_column(String(20), default="daily")  # daily | on_completion
    occupation_code: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
