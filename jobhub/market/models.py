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


class WageFigure(db.Model):
    """薪酬价位 of one quarter × source × occupation (a 中类, 小类 or 细类) × area ('' for the
    whole region, a county or a street), as the refresh job computed it. The percentiles are
    stored whatever the count of employers; pages and the API suppress them when reading."""

    __tablename__ = "wage_cells"
    __table_args__ = (
        UniqueConstraint("period", "source", "area_code", "occupation_code", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # 2026Q3
    source: Mapped[str] = mapped_column(String(10))  # vacancies | hires
    area_code: Mapped[str] = mapped_column(String(12))
    occupation_code: Mapped[str] = mapped_column(String(12))
    level: Mapped[int]  # 2 中类, 3 小类, 4 细类
    n_vacancies: Mapped[int]
    n_employers: Mapped[int]
    p10: Mapped[float]
    p25: Mapped[float]
    p50: Mapped[float]
    p75: Mapped[float]
    p90: Mapped[float]
    computed_at: Mapped[datetime] = mapped_column(default=now_utc)


class SupplyDemandFigure(db.Model):
    """岗位需求人数 and 求职人数 of one period (quarter or month) × area × occupation group
    (level 0 with code '' is the period's total), as the refresh job computed them."""

    __tablename__ = "supply_demand_cells"
    __table_args__ = (UniqueConstraint("period", "area_code", "level", "occupation_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # 2026Q3 or 2026-07
    area_code: Mapped[str] = mapped_column(String(12))
    level: Mapped[int]
    occupation_code: Mapped[str] = mapped_column(String(12))
    vacancies: Mapped[int]
    seekers: Mapped[int]
    computed_at: Mapped[datetime] = mapped_column(default=now_utc)
