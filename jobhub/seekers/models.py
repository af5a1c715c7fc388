"""People served by the platform, whether they registered online or walked into a station."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin, now_utc, unique_where
from jobhub.extensions import db
from jobhub.policy.facts import STATUS_ZH
from jobhub.security.columns import EncryptedJSON, EncryptedText, lookup_hash
from jobhub.security.idcard import normalise_id_number

# What an unknown fact shows as, wherever it is shown.
UNKNOWN_LABEL = "待核实"


def _registered_at(context: Any) -> datetime:
    """A new person's wait starts when they register (``created_at``, given or now)."""
    return context.get_current_parameters().get("created_at") or now_utc()


class Person(TimestampMixin, db.Model):
    """A job seeker or walk-in client.

    The 身份证号 and phone are encrypted, each with an HMAC column for exact look-up (one
    person, one record). Sensitive statuses (veteran, disability, 低保, ...) live in one
    encrypted JSON object together with their consent records. Birth date and gender come
    from the ID number and feed only the policy engine (retirement date, 4050): matching never
    reads them.
    """

    __tablename__ = "people"
    # the people index asks for the rows changed since its last look (peoplesvc); the
    # labour-market figures count people who registered in a period (jobhub.market); a
    # station's 等待最久的求职者 reads its people in waiting order (jobhub.stations.waiting)
    __table_args__ = (
        Index("ix_people_updated_at", "updated_at"),
        Index("ix_people_created_at", "created_at"),
        Index("ix_people_station_waiting", "registered_station_id", "waiting_since", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    id_number_enc: Mapped[str | None] = mapped_column(
        "id_number", EncryptedText("people.id_number")
    )
    id_number_hmac: Mapped[str | None] = mapped_column(String(64), unique=True)
    phone_enc: Mapped[str | None] = mapped_column("phone", EncryptedText("people.phone"))
    phone_hmac: Mapped[str | None] = mapped_column(String(64), index=True)
    birth_date: Mapped[date | None]
    gender: Mapped[str | None] = mapped_column(String(10))
    # 退休类别 of the 2025 reform (female_cadre 原55 / female_worker 原50; men need none): asked
    # at the counter only where it decides; unknown → the policy engine says 需补充.
    retirement_category: Mapped[str | None] = mapped_column(String(20))

    education: Mapped[str | None] = mapped_column(String(30))
    major: Mapped[str | None] = mapped_column(String(80))
    graduation_date: Mapped[date | None]
    # None: not known yet (待核实). Unknown is never read as unemployed: it grants nothing and
    # the bureau's lists show the person under 需补充信息 until someone asks.
    employment_status: Mapped[str | None] = mapped_column(String(20))
    employment_since: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    work_history: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    trades: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_titles: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_occupation_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    home_street_code: Mapped[str | None] = mapped_column(String(12), index=True)
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    max_distance_km: Mapped[float | None]
    availability: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expected_pay: Mapped[float | None] = mapped_column(Numeric(12, 2))
    expected_pay_unit: Mapped[str | None] = mapped_column(String(10))
    # {"is_veteran": {"value": true, "consented_at": "...", "purpose": "..."}, ...}
    sensitive: Mapped[dict[str, Any] | None] = mapped_column(
        EncryptedJSON("people.sensitive"), default=None
    )
    registered_station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    # When the person's wait for work began (the last gig they finished, else their first
    # station visit, else their registration), kept by ``jobhub.stations.waiting`` on every
    # write of a claim or a visit, so a station's longest-waiting list is an index read.
    waiting_since: Mapped[datetime | None] = mapped_column(default=_registered_at)
    monthly_contribution: Mapped[float | None] = mapped_column(Numeric(10, 2))
    # The seeker's consent to show their name and phone to employers looking for candidates
    # (otherwise an employer sees 张** until the seeker applies to that vacancy).
    share_with_employers: Mapped[bool] = mapped_column(default=False, server_default=text("false"))

    user = relationship("User")

    @property
    def id_number(self) -> str | None:
        return self.id_number_enc

    @id_number.setter
    def id_number(self, value: str | None) -> None:
        number = normalise_id_number(value) if value else None
        self.id_number_enc = number
        self.id_number_hmac = lookup_hash(number, "id_number") if number else None

    @property
    def phone(self) -> str | None:
        return self.phone_enc

    @phone.setter
    def phone(self, value: str | None) -> None:
        self.phone_enc = value or None
        self.phone_hmac = lookup_hash(value, "phone") if value else None

    @property
    def nothing_to_match(self) -> bool:
        """No trade, skill or desired job on record: matching has nothing to go on."""
        return not (self.trades or self.skills or self.desired_titles)

    @property
    def employment_status_label(self) -> str:
        """The status as pages show it; unknown reads 待核实."""
        labels = {status.value: label for status, label in STATUS_ZH.items()}
        return labels.get(self.employment_status or "", UNKNOWN_LABEL)

    def sensitive_flag(self, name: str) -> bool:
        entry = (self.sensitive or {}).get(name)
        return bool(entry and entry.get("value"))


def find_person_by_id_number(number: str) -> Person | None:
    """Exact look-up by 身份证号 through the HMAC column, without decrypting the table."""
    digest = lookup_hash(normalise_id_number(number), "id_number")
    return db.session.execute(
        db.select(Person).where(Person.id_number_hmac == digest)
    ).scalar_one_or_none()


# --- applications (les-emplois style: every transition logged, structured refusals) ---------

APPLICATION_STATUSES = {
    "applied": "已投递",
    "viewed": "已查看",
    "interview": "邀请面试",
    "offer": "拟录用",
    "hired": "录用",
    "not_selected": "未录用",
    "withdrawn": "已撤回",
}
# The statuses in which an application still holds its place (one per vacancy and person).
OPEN_STATUSES = ("applied", "viewed", "interview", "offer")


class Application(TimestampMixin, db.Model):
    """A person's application to a vacancy.

    A partial unique index keeps one live application per (vacancy, person): a withdrawn one
    stays as history and the person may apply again.
    """

    __tablename__ = "applications"
    __table_args__ = (
        unique_where(
            "uq_applications_live_pair", "vacancy_id", "person_id", where="status <> 'withdrawn'"
        ),
        Index("ix_applications_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    # A code from jobhub.seekers.applications.REJECTION_REASONS (never a free-text-only refusal)
    reason_code: Mapped[str | None] = mapped_column(String(30))
    reason_note: Mapped[str | None] = mapped_column(Text)
    hired_on: Mapped[date | None] = mapped_column(index=True)
    # What the hire form said (contract months, the unit's monthly contribution) and the
    # person's status before the hire, so the employer-side subsidies can be recomputed.
    hire_facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    vacancy = relationship("Vacancy")
    person: Mapped[Person] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", order_by="ApplicationEvent.id"
    )

    @property
    def status_label(self) -> str:
        return APPLICATION_STATUSES.get(self.status, self.status)


class ApplicationEvent(db.Model):
    """One state transition of an application: who, when, from, to, and the reason."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=now_utc)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason_code: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    application: Mapped[Application] = relationship(back_populates="events")

    @property
    def to_label(self) -> str:
        return APPLICATION_STATUSES.get(self.to_status, self.to_status)


class Invitation(db.Model):
    """An employer's invitation to a candidate to apply to a vacancy (seen by the seeker)."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("vacancy_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=now_utc)
    message: Mapped[str] = mapped_column(Text, default="")
    # sent | applied | declined
    status: Mapped[str] = mapped_column(String(20), default="sent")

    vacancy = relationship("Vacancy")
    person: Mapped[Person] = relationship()


# --- subsidy applications ------------------------------------------------------------------

SUBSIDY_STATUSES = {"submitted": "已提交，待审核", "approved": "已核定", "rejected": "未通过"}


class SubsidyApplication(TimestampMixin, db.Model):
    """An application for a subsidy (the flexible-employment social-insurance subsidy online).

    ``approved_on`` of the first approved application is the 初次核定 date the policy engine's
    term rule reads (``subsidy_first_approved_on``).
    """

    __tablename__ = "subsidy_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    monthly_contribution: Mapped[float | None] = mapped_column(Numeric(10, 2))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    approved_on: Mapped[date | None]

    person: Mapped[Person] = relationship()
    payments: Mapped[list[SubsidyPayment]] = relationship(
        back_populates="application", order_by="SubsidyPayment.month"
    )

    @property
    def status_label(self) -> str:
        return SUBSIDY_STATUSES.get(self.status, self.status)

    @property
    def paid_total(self) -> float:
        return float(sum(float(p.amount) for p in self.payments))


class SubsidyPayment(db.Model):
    """One paid month of an approved subsidy."""

    __tablename__ = "subsidy_payments"
    __table_args__ = (UniqueConstraint("application_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("subsidy_applications.id"), index=True)
    month: Mapped[date]  # first day of the month paid for
    amount: Mapped[float] = mapped_column(Numeric(10, 2))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=now_utc)

    application: Mapped[SubsidyApplication] = relationship(back_populates="payments")


# --- consents (the purpose and text version each was given for; jobhub.seekers.consents) ---

CONSENT_CHANNELS = {"counter": "服务站窗口", "online": "网上"}


class Consent(db.Model):
    """A person's consent to one purpose, under one version of its text.

    At most one live consent per person and purpose (neither withdrawn nor replaced); agreeing
    to a newer text replaces the old row, withdrawing ends it. Rows are kept as the record of
    what was agreed, when, where and with whom.
    """

    __tablename__ = "consents"
    __table_args__ = (
        unique_where(
            "uq_consents_live_purpose",
            "person_id",
            "purpose",
            where="withdrawn_at IS NULL AND replaced_at IS NULL",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    text_version: Mapped[int]
    given_at: Mapped[datetime] = mapped_column(default=now_utc)
    given_via: Mapped[str] = mapped_column(String(10))  # a key of CONSENT_CHANNELS
    given_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # staff at the counter
    replaced_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    withdrawn_via: Mapped[str | None] = mapped_column(String(10))
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    person: Mapped[Person] = relationship()

    @property
    def live(self) -> bool:
        return self.withdrawn_at is None and self.replaced_at is None
