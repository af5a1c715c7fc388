"""Corrections of occupation codes: (normalised title, 细类) pairs people chose over the
classifier's best guess, and who chose them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import now_utc
from jobhub.extensions import db

CORRECTION_STATUSES = {
    "pending": "待确认",
    "accepted": "已生效",
    "rejected": "已驳回",
    "superseded": "已被新的更正取代",
}


class OccupationCorrection(db.Model):
    """One proposed code for one normalised title. At most one is ``accepted`` per title."""

    __tablename__ = "occupation_corrections"
    __table_args__ = (UniqueConstraint("title_key", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title_key: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200))  # as first typed, for the admin page
    code: Mapped[str] = mapped_column(String(12))
    suggested_code: Mapped[str | None] = mapped_column(String(12))  # the classifier's then
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    votes: Mapped[list[OccupationCorrectionVote]] = relationship(
        back_populates="correction", order_by="OccupationCorrectionVote.id"
    )


class OccupationCorrectionVote(db.Model):
    """One user's choice of the correction's code for its title (once per user)."""

    __tablename__ = "occupation_correction_votes"
    __table_args__ = (UniqueConstraint("correction_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    correction_id: Mapped[int] = mapped_column(ForeignKey("occupation_corrections.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)

    correction: Mapped[OccupationCorrection] = relationship(back_populates="votes")
