"""Interviews and the message thread of an application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin, now_utc, unique_where
from jobhub.extensions import db
from jobhub.security.columns import EncryptedText

INTERVIEW_STATES = {
    "proposed": "待回复",
    "accepted": "已接受",
    "reschedule": "求职者希望改期",
    "declined": "求职者已婉拒",
    "cancelled": "单位已取消",
}
REPLIES = {"accepted": "接受", "reschedule": "希望改期", "declined": "婉拒"}


class Interview(TimestampMixin, db.Model):
    """An employer's invitation to an interview: when, where, whom to ask for, notes; and the
    person's reply (accept, ask for another time with a note, or decline)."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    starts_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(40))
    # the employer's contact line for the interview (encrypted like every phone at rest)
    contact_phone: Mapped[str | None] = mapped_column(EncryptedText("interviews.contact_phone"))
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    reply_note: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def status_label(self) -> str:
        return INTERVIEW_STATES.get(self.status, "")


class ApplicationMessage(db.Model):
    """One text message in an application's thread (no files, length-limited, reviewed)."""

    __tablename__ = "application_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # employer | seeker | station (staff writing for a person without an account)
    side: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(default=now_utc)

    @property
    def side_label(self) -> str:
        return {"employer": "用人单位", "seeker": "求职者", "station": "服务站代求职者"}.get(
            self.side, ""
        )


class ResumeShare(db.Model):
    """A person's agreement that one employer may read their résumé without an application
    (answering its invitation): given online by the person, or at the counter by a station
    worker who records that the person agreed there. One live row per person and employer;
    withdrawing ends it, the row stays as the record."""

    __tablename__ = "resume_shares"
    __table_args__ = (
        unique_where(
            "uq_resume_shares_live", "person_id", "organisation_id", where="withdrawn_at IS NULL"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"))
    given_via: Mapped[str] = mapped_column(String(10))  # online | counter
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    given_at: Mapped[datetime] = mapped_column(default=now_utc)
    withdrawn_at: Mapped[datetime | None]

    organisation = relationship("Organisation")

    @property
    def organisation_name(self) -> str:
        return self.organisation.name
