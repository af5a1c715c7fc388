"""One row per posting review (who asked, when, on what, with which verdict and codes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import now_utc
from jobhub.extensions import db


class PostingReview(db.Model):
    __tablename__ = "posting_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # vacancy | gig
    subject_id: Mapped[int | None] = mapped_column(index=True)
    verdict: Mapped[str] = mapped_column(String(10))
    codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    findings: Mapped[list[dict]] = mapped_column(JSON, default=list)
    rules_version: Mapped[str] = mapped_column(String(40))
