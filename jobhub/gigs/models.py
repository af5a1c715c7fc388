"""Gigs: short jobs with a date, a time window, a place and a number of places."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin, now_utc, unique_where
from jobhub.extensions import db
from jobhub.gigs.states import GigTiming, claim_label, gig_label
from jobhub.numbers import plain_number

SETTLEMENTS = {"daily": "日结", "on_completion": "完工结"}
PAY_UNITS = {"day": "元/天", "hour": "元/小时"}


class Gig(TimestampMixin, db.Model):
    __tablename__ = "gigs"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= capacity", name="taken_within_capacity"),
        # polled by every web worker for the matching index (jobhub.matchsvc._sync)
        Index("ix_gigs_updated_at", "updated_at"),
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
    # Added by issue 7: the posting review's verdict, the date pay is due (the work date for
    # 日结; a later agreed date for 完工结) and the phone staff call for 即时快招.
    review_verdict: Mapped[str | None] = mapped_column(String(10))
    settle_by: Mapped[date | None] = mapped_column(index=True)

    claims: Mapped[list[GigClaim]] = relationship(back_populates="gig", order_by="GigClaim.id")

    @property
    def places_left(self) -> int:
        return self.capacity - self.taken

    @property
    def pay_label(self) -> str:
        amount = plain_number(float(self.pay_amount))
        return f"{amount} {PAY_UNITS.get(self.pay_unit, self.pay_unit)}"

    @property
    def status_label(self) -> str:
        return gig_label(self.status)

    @property
    def timing(self) -> GigTiming:
        return GigTiming(self.work_date, self.start_time, self.end_time)

    @property
    def settlement_label(self) -> str:
        return SETTLEMENTS.get(self.settlement, self.settlement)

    @property
    def pay_due(self) -> date:
        """The last day pay may arrive: 日结 pays by the end of the work day (a settle_by typed
        on a 日结 gig does not postpone it); 完工结 by its agreed date, else the work day."""
        if self.settlement == "daily" or self.settle_by is None:
            return self.work_date
        return self.settle_by

    @property
    def hours(self) -> float:
        start = self.start_time.hour * 60 + self.start_time.minute
        end = self.end_time.hour * 60 + self.end_time.minute
        return max(end - start, 0) / 60

    def amount_per_worker(self) -> float:
        """What one worker is owed for the whole gig (hourly pay times the gig's hours)."""
        pay = float(self.pay_amount)
        return round(pay * self.hours, 2) if self.pay_unit == "hour" else pay


PAY_METHODS = {"cash": "现金", "transfer": "银行转账", "wechat": "微信", "alipay": "支付宝"}


class GigClaim(db.Model):
    """One person holding one place in one gig, and what happened after: check-in, completion,
    payment, a non-payment report and ratings both ways.

    ``status`` moves only along ``jobhub.gigs.states.CLAIM_TABLE``. ``active`` is true while the
    claim holds a place (every state but cancelled);
    a partial unique index on (gig_id, person_id) WHERE active keeps one place per person per
    gig on both SQLite and PostgreSQL, while cancelled claims stay as history.
    """

    __tablename__ = "gig_claims"
    __table_args__ = (
        unique_where("uq_gig_claims_active_person", "gig_id", "person_id", where="active"),
        CheckConstraint("worker_rating BETWEEN 1 AND 5", name="worker_rating_range"),
        CheckConstraint("employer_rating BETWEEN 1 AND 5", name="employer_rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gig_id: Mapped[int] = mapped_column(ForeignKey("gigs.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    claimed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="claimed")
    active: Mapped[bool] = mapped_column(default=True)
    claimed_at: Mapped[datetime] = mapped_column(default=now_utc)
    cancelled_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    amount_due: Mapped[float | None] = mapped_column(Numeric(10, 2))
    paid_amount: Mapped[float | None] = mapped_column(Numeric(10, 2))
    paid_at: Mapped[datetime | None]
    pay_method: Mapped[str | None] = mapped_column(String(20))
    nonpayment_reported_at: Mapped[datetime | None]
    nonpayment_note: Mapped[str | None] = mapped_column(Text)
    # The worker rates the employer; the employer (or staff for a caller) rates the worker.
    worker_rating: Mapped[int | None]
    worker_comment: Mapped[str | None] = mapped_column(String(200))
    employer_rating: Mapped[int | None]
    employer_comment: Mapped[str | None] = mapped_column(String(200))

    gig: Mapped[Gig] = relationship(back_populates="claims")
    person = relationship("Person")

    @property
    def status_label(self) -> str:
        return claim_label(self.status)
