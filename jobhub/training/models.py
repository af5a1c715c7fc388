"""Training institutions, their courses and the people enrolled on them (issue 19)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin, now_utc, unique_where
from jobhub.extensions import db

LEVELS = {"junior": "初级（五级）", "intermediate": "中级（四级）", "senior": "高级（三级）"}
COURSE_STATUSES = {
    "pending_review": "待人社局审核",
    "published": "已发布",
    "rejected": "未通过审核",
    "closed": "已结束招生",
}
ENROLMENT_STATUSES = {
    "applied": "已报名，待机构确认",
    "confirmed": "已确认参训",
    "completed": "已结业",
    "declined": "机构未录取",
    "withdrawn": "已退出",
}
# A place is held from the application until the person leaves or is not taken.
HOLDS_PLACE = ("applied", "confirmed", "completed")


class TrainingInstitution(TimestampMixin, db.Model):
    """A 培训机构, identified by its 统一社会信用代码 (public registration data, kept in clear)."""

    __tablename__ = "training_institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    street_code: Mapped[str | None] = mapped_column(String(12))
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    # who registered it is in the audit log (a users FK here would make the two tables
    # depend on each other: users.institution_id points here)

    courses: Mapped[list[Course]] = relationship(back_populates="institution")


class Course(TimestampMixin, db.Model):
    """A course: what it teaches (skill ids of the matching vocabulary), its 职业技能等级, hours,
    dates, street point, fee and places; public once the bureau has reviewed it.

    ``taken`` counts the places held (``HOLDS_PLACE``); it only moves through one conditional
    UPDATE (``jobhub.training.enrolment``), and the check constraint refuses anything above
    ``capacity`` on both engines.
    """

    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("taken >= 0 AND taken <= capacity", name="taken_within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    institution_id: Mapped[int] = mapped_column(ForeignKey("training_institutions.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    occupation_code: Mapped[str] = mapped_column(String(12), index=True)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    level: Mapped[str] = mapped_column(String(20))
    hours: Mapped[int]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    street_code: Mapped[str] = mapped_column(String(12))
    place: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    fee: Mapped[float] = mapped_column(Numeric(10, 2))
    capacity: Mapped[int]
    taken: Mapped[int] = mapped_column(default=0)
    subsidised: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="pending_review", index=True)
    review_verdict: Mapped[str | None] = mapped_column(String(10))
    review_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None]

    institution: Mapped[TrainingInstitution] = relationship(back_populates="courses")
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="course")

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, "")

    @property
    def status_label(self) -> str:
        return COURSE_STATUSES.get(self.status, "")

    @property
    def places_left(self) -> int:
        return self.capacity - self.taken


class Enrolment(db.Model):
    """One person on one course: application, the institution's confirmation, attendance,
    completion with the certificate, and the subsidy claimed after it.

    A partial unique index keeps one live enrolment per person and course; ``active`` is
    false once the place is given back (declined, withdrawn).
    """

    __tablename__ = "enrolments"
    __table_args__ = (
        unique_where("uq_enrolments_active_person", "course_id", "person_id", where="active"),
        CheckConstraint("attended_hours >= 0", name="attended_hours_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="applied", index=True)
    active: Mapped[bool] = mapped_column(default=True)
    applied_at: Mapped[datetime] = mapped_column(default=now_utc)
    confirmed_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    attended_hours: Mapped[int] = mapped_column(default=0)
    completed_on: Mapped[date | None]
    certificate_number: Mapped[str | None] = mapped_column(String(40))
    certificate_level: Mapped[str | None] = mapped_column(String(20))
    certificate_date: Mapped[date | None]
    subsidy_application_id: Mapped[int | None] = mapped_column(
        ForeignKey("subsidy_applications.id"), index=True
    )
    # the sums the engine found when the claim was made (shown to the bureau)
    claimed_training: Mapped[float | None] = mapped_column(Numeric(10, 2))
    claimed_living: Mapped[float | None] = mapped_column(Numeric(10, 2))

    course: Mapped[Course] = relationship(back_populates="enrolments")
    person = relationship("Person")
    subsidy_application = relationship("SubsidyApplication")

    @property
    def status_label(self) -> str:
        return ENROLMENT_STATUSES.get(self.status, "")

    @property
    def certificate_level_label(self) -> str:
        return LEVELS.get(self.certificate_level or "", "")
