"""Layoff reports from employers and the daily early-warning indicators."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin, now_utc
from jobhub.extensions import db


class LayoffReport(TimestampMixin, db.Model):
    """A 规模性裁员报告: an employer tells the bureau it plans to let ``headcount`` people go
    on ``planned_on`` (劳动合同法 §41: twenty or more is reported thirty days ahead)."""

    __tablename__ = "layoff_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    headcount: Mapped[int]
    planned_on: Mapped[date] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(Text)
    # the organisation's street when reported: the area the indicator counts it in
    street_code: Mapped[str | None] = mapped_column(String(12))

    organisation = relationship("Organisation")


class MarketIndicator(db.Model):
    """One early-warning indicator of one street and month, as the daily job computed it."""

    __tablename__ = "market_indicators"
    __table_args__ = (UniqueConstraint("month", "street_code", "indicator"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(index=True)  # first day of the month
    street_code: Mapped[str] = mapped_column(String(12))
    indicator: Mapped[str] = mapped_column(String(30))
    value: Mapped[float | None]  # None: the platform does not hold this figure
    level: Mapped[str | None] = mapped_column(String(10))  # watch | alert
    computed_at: Mapped[datetime] = mapped_column(default=now_utc)
