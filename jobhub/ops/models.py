"""Scheduled jobs that failed in a worker without a queue (RQ keeps its own failed jobs)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import now_utc
from jobhub.extensions import db


class ScheduledJobFailure(db.Model):
    """One failed run of a scheduled job run inline: which job, when, its exit code and the
    type of the error it reported (never its output, which may name a person)."""

    __tablename__ = "scheduled_job_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(60))
    failed_at: Mapped[datetime] = mapped_column(default=now_utc, index=True)
    exit_code: Mapped[int]
    error: Mapped[str] = mapped_column(String(80), default="")
