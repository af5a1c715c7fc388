"""失业登记 and 就业困难人员认定 as stored acts, and the log of every change of state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin, now_utc, unique_where
from jobhub.extensions import db
from jobhub.policy.acts import CERTIFICATION_STATUSES, REGISTRATION_STATUSES
from jobhub.security.columns import EncryptedJSON, EncryptedText
from jobhub.security.masking import mask_id_number

ACT_CHANNELS = {"online": "网上申请", "counter": "服务站窗口"}


class UnemploymentRegistration(TimestampMixin, db.Model):
    """A 失业登记: applied → registered | refused; registered → ended (with its reason).

    One live registration (applied or registered) per person, kept by a partial unique index
    so that two clicks or two counters cannot make a second. The 《就业创业证》 number is
    encrypted and shown masked.
    """

    __tablename__ = "unemployment_registrations"
    __table_args__ = (
        unique_where(
            "uq_unemployment_registrations_live",
            "person_id",
            where="status IN ('applied', 'registered')",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    applied_via: Mapped[str] = mapped_column(String(10))  # a key of ACT_CHANNELS
    residence: Mapped[str] = mapped_column(String(10))  # a key of policy.acts.RESIDENCE_LABELS
    residence_street_code: Mapped[str | None] = mapped_column(String(12))
    # 常住地 only: the 居住证 (or the region's residence registration), its number encrypted
    residence_evidence: Mapped[str | None] = mapped_column(String(30))
    residence_evidence_number: Mapped[str | None] = mapped_column(
        EncryptedText("unemployment_registrations.residence_evidence_number")
    )
    residence_evidence_until: Mapped[date | None]
    registered_on: Mapped[date | None]
    certificate_number: Mapped[str | None] = mapped_column(
        EncryptedText("unemployment_registrations.certificate_number")
    )
    refusal_code: Mapped[str | None] = mapped_column(String(30))
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(String(30))

    person = relationship("Person")
    events: Mapped[list[ActEvent]] = relationship(
        back_populates="registration", order_by="ActEvent.id"
    )

    @property
    def status_label(self) -> str:
        return REGISTRATION_STATUSES.get(self.status, self.status)

    @property
    def certificate_masked(self) -> str:
        return mask_id_number(self.certificate_number)

    @property
    def residence_evidence_masked(self) -> str:
        return mask_id_number(self.residence_evidence_number)


class DifficultyCertification(TimestampMixin, db.Model):
    """A 就业困难人员认定: applied → certified | refused (each category decided on its own);
    certified → ended when its basis goes (the daily job) or on review.

    ``categories`` (encrypted: which categories a person claims is a sensitive status) maps
    each category code to its evidence and decision::

        {"disabled": {"decision": "approved", "evidence": [{"kind": "disability_card",
          "reference": "…", "valid_until": "2030-01-01", "source": "…"}],
          "reason": null, "note": "", "decided_by": 3, "decided_at": "…", "ended_on": null}}
    """

    __tablename__ = "difficulty_certifications"
    __table_args__ = (
        unique_where(
            "uq_difficulty_certifications_live",
            "person_id",
            where="status IN ('applied', 'certified')",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    applied_via: Mapped[str] = mapped_column(String(10))
    categories: Mapped[dict[str, Any]] = mapped_column(
        EncryptedJSON("difficulty_certifications.categories"), default=dict
    )
    certified_on: Mapped[date | None]
    valid_until: Mapped[date | None]
    review_on: Mapped[date | None] = mapped_column(index=True)
    ended_on: Mapped[date | None]
    end_reason: Mapped[str | None] = mapped_column(String(30))

    person = relationship("Person")
    events: Mapped[list[ActEvent]] = relationship(
        back_populates="certification", order_by="ActEvent.id"
    )

    @property
    def status_label(self) -> str:
        return CERTIFICATION_STATUSES.get(self.status, self.status)


class ActEvent(db.Model):
    """One change of state of an act: who (``None`` with role ``system``: the daily job),
    when, from, to, the structured reason and a note (encrypted: it may name a category)."""

    __tablename__ = "act_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int | None] = mapped_column(
        ForeignKey("unemployment_registrations.id"), index=True
    )
    certification_id: Mapped[int | None] = mapped_column(
        ForeignKey("difficulty_certifications.id"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=now_utc)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(EncryptedText("act_events.note"))

    registration: Mapped[UnemploymentRegistration | None] = relationship(back_populates="events")
    certification: Mapped[DifficultyCertification | None] = relationship(back_populates="events")
    actor = relationship("User")
