"""Enrolment: apply, the institution confirms (or not), attendance, completion with the
certificate, and the training-subsidy claim that goes to the bureau's queue.

Places are never over-booked, with the gig claims' guarantee (``jobhub.gigs.services``): in
one transaction, a per-person lock (``UPDATE people SET updated_at = updated_at``), the
duplicate check, then ``UPDATE courses SET taken = taken + 1 WHERE id = :course AND taken <
capacity AND status = 'published'`` with a row-count check, then the insert; the partial unique
index (course_id, person_id) WHERE active refuses a second live place even if all that were
bypassed, and the check constraint refuses ``taken > capacity``. SQLite ignores ``FOR UPDATE``;
a conditional update does not need it. Services flush, the view commits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID, now_utc
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.policy.training import CourseFacts, TrainingEstimate, training_subsidies
from jobhub.security import audit
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Conflict, Errors, InputError
from jobhub.seekers.models import Person, SubsidyApplication
from jobhub.seekers.policy import person_facts
from jobhub.seekers.queries import lock_person
from jobhub.training.catalogue import skill_name
from jobhub.training.models import LEVELS, Course, Enrolment

# Share of the course hours a person must attend to complete it. [L] a common local rule
# (出勤率不低于80%); a region with another rule changes this number.
ATTENDANCE_SHARE = Decimal("0.8")
_CERTIFICATE = re.compile(r"[A-Za-z0-9\-]{4,40}")
TRAINING_CODE = "vocational_training"


def enrol(course_id: int, person: Person, *, actor) -> Enrolment:
    """Take a place on a published course that has not started, or raise ``Conflict``
    ("名额已满", "已报名"). Safe under concurrency on SQLite and PostgreSQL."""
    if not person.id_number:
        raise Conflict("请先完成实名登记再报名。")
    if not lock_person(person.id):
        raise Conflict("找不到此人。")
    course = db.session.get(Course, course_id, populate_existing=True)
    if course is None or course.status != "published":
        raise Conflict("该课程不在招生中。")
    if course.starts_on < today_in_china():
        raise Conflict(f"该课程已于 {course.starts_on:%Y-%m-%d} 开班，不能再报名。")
    same = db.session.scalar(
        db.select(Enrolment.id).where(
            Enrolment.course_id == course_id,
            Enrolment.person_id == person.id,
            Enrolment.active.is_(True),
        )
    )
    if same is not None:
        raise Conflict("已报名该课程。")
    taken = db.session.execute(
        update(Course)
        .where(Course.id == course_id, Course.taken < Course.capacity, Course.status == "published")
        .values(taken=Course.taken + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise Conflict("名额已满。")
    enrolment = Enrolment(
        course_id=course_id, person_id=person.id, applied_by_id=getattr(actor, "id", None)
    )
    db.session.add(enrolment)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the partial unique index: a second live place
        raise Conflict("已报名该课程。") from exc
    db.session.refresh(course)
    audit.record(actor, "enrol", "enrolments", enrolment.id, course.title[:200])
    return enrolment


def _give_back_place(enrolment: Enrolment, status: str) -> None:
    enrolment.status = status
    enrolment.active = False
    enrolment.ended_at = now_utc()
    db.session.execute(
        update(Course)
        .where(Course.id == enrolment.course_id, Course.taken > 0)
        .values(taken=Course.taken - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    db.session.refresh(enrolment.course)


def withdraw(enrolment: Enrolment, *, actor) -> None:
    if enrolment.status not in ("applied", "confirmed"):
        raise Conflict(f"当前状态为“{enrolment.status_label}”，不能退出。")
    _give_back_place(enrolment, "withdrawn")
    audit.record(actor, "withdraw_enrolment", "enrolments", enrolment.id, "本人退出")


def answer(enrolment: Enrolment, data: Mapping[str, Any], *, actor) -> None:
    """The institution confirms an application, or declines it with a reason. Audited."""
    errors = Errors()
    decision, reason = inputs.decision(
        data,
        errors,
        {"confirm": "确认参训", "decline": "不予录取"},
        label="处理结果",
        reason_label="原因",
        reason_needed_for=("decline",),
        reason_needed="不予录取时请填写原因，报名人会看到",
        max_len=200,
    )
    errors.raise_if_any()
    if enrolment.status != "applied":
        raise Conflict(f"当前状态为“{enrolment.status_label}”，不能再确认或拒绝。")
    if decision == "confirm":
        enrolment.status = "confirmed"
        enrolment.confirmed_at = now_utc()
        db.session.flush()
    else:
        _give_back_place(enrolment, "declined")
    audit.record(
        actor, "answer_enrolment", "enrolments", enrolment.id, f"{decision}：{reason}"[:200]
    )


def record_attendance(enrolment: Enrolment, data: Mapping[str, Any], *, actor) -> None:
    """The institution records the hours attended so far (a total, not an increment)."""
    errors = Errors()
    hours = inputs.integer(
        data.get("attended_hours"),
        "attended_hours",
        "已出勤学时",
        errors,
        low=0,
        high=enrolment.course.hours,
        required=True,
    )
    errors.raise_if_any()
    if enrolment.status != "confirmed":
        raise Conflict("只有已确认参训的学员才能登记出勤。")
    enrolment.attended_hours = hours or 0
    db.session.flush()
    audit.record(actor, "record_attendance", "enrolments", enrolment.id, f"{hours} 学时")


def complete(enrolment: Enrolment, data: Mapping[str, Any], *, actor) -> None:
    """Completion with the certificate (number, level, date): the course's skills join the
    person's profile as verified. Needs the attendance share. Audited."""
    course = enrolment.course
    today = today_in_china()
    errors = Errors()
    number = inputs.text(
        data.get("certificate_number"), "certificate_number", "证书编号", errors, required=True
    )
    if number and not _CERTIFICATE.fullmatch(number):
        errors.add("certificate_number", "证书编号应为 4 到 40 位字母、数字或连字符")
    level = inputs.choice(
        data.get("certificate_level"),
        "certificate_level",
        "证书等级",
        errors,
        LEVELS,
        required=True,
    )
    on = inputs.day(
        data.get("certificate_date"),
        "certificate_date",
        "发证日期",
        errors,
        required=True,
        not_after=today,
        not_before=course.starts_on,
    )
    errors.raise_if_any()
    if enrolment.status != "confirmed":
        raise Conflict(f"当前状态为“{enrolment.status_label}”，不能登记结业。")
    needed = int((ATTENDANCE_SHARE * course.hours).to_integral_value(rounding="ROUND_CEILING"))
    if enrolment.attended_hours < needed:
        raise InputError(
            {
                "attended_hours": f"出勤 {enrolment.attended_hours} 学时，不足课程 {course.hours} "
                f"学时的 80%（{needed} 学时），不能结业"
            }
        )
    enrolment.status = "completed"
    enrolment.completed_on = on
    enrolment.certificate_number = number
    enrolment.certificate_level = level
    enrolment.certificate_date = on
    person = enrolment.person
    skills = list(person.skills or [])
    for skill_id in course.skills:
        name = skill_name(skill_id)
        if name not in skills:
            skills.append(name)
    person.skills = skills
    db.session.flush()
    audit.record(actor, "complete_enrolment", "enrolments", enrolment.id, f"证书 {number}")


def course_facts(course: Course, certificate_level: str | None = None) -> CourseFacts:
    return CourseFacts(
        title=course.title,
        level=course.level,
        fee=Decimal(str(course.fee)),
        hours=course.hours,
        subsidised=course.subsidised,
        certificate_level=certificate_level,
    )


def estimate(person: Person, course: Course, certificate_level: str | None = None):
    """What the training subsidies would cover for this person on this course, or ``None``
    before 实名 (no birth date to evaluate)."""
    if person.birth_date is None or person.gender is None:
        return None
    return training_subsidies(
        person_facts(person),
        today_in_china(),
        course_facts(course, certificate_level),
        current_app.config["REGION_PROFILE"],
    )


def claim_subsidy(enrolment: Enrolment, *, actor) -> SubsidyApplication:
    """After completion with a certificate: the claim goes to the bureau's subsidy queue with
    the sums the engine finds (先培训、后补贴). Audited."""
    if enrolment.status != "completed" or not enrolment.certificate_level:
        raise Conflict("结业并取得证书后才能申请职业培训补贴。")
    if enrolment.subsidy_application_id is not None:
        raise Conflict("已申请过本课程的培训补贴，可在本页查看审核进度。")
    found: TrainingEstimate | None = estimate(
        enrolment.person, enrolment.course, enrolment.certificate_level
    )
    if found is None:
        raise Conflict("请先完成实名登记。")
    if not found.training.eligible:
        raise InputError(
            {"code": "按目前登记的情况，暂不符合职业培训补贴：" + "；".join(found.training.reasons)}
        )
    application = SubsidyApplication(
        person_id=enrolment.person_id,
        code=TRAINING_CODE,
        status="submitted",
        submitted_by_id=getattr(actor, "id", None),
    )
    db.session.add(application)
    db.session.flush()
    enrolment.subsidy_application_id = application.id
    enrolment.claimed_training = found.training_amount
    enrolment.claimed_living = found.living_amount
    db.session.flush()
    audit.record(
        actor,
        "apply_subsidy",
        "subsidy_applications",
        application.id,
        f"{TRAINING_CODE} 课程{enrolment.course_id} 合计{found.total}元",
    )
    return application


# --- who may act on an enrolment ------------------------------------------------------------


def enrolment_for(user, enrolment_id: int) -> Enrolment | None:
    """The enrolment if ``user`` may act on it: the institution of the course, the person
    themself, the staff of a station that serves the person; the bureau sees all."""
    from jobhub.stations.queries import person_visible_to_staff

    if not 0 < enrolment_id <= MAX_ROW_ID:
        return None
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None:
        return None
    role = user.role
    if role == Role.ADMIN:
        return enrolment
    if role == Role.INSTITUTION and user.institution_id == enrolment.course.institution_id:
        return enrolment
    if role == Role.SEEKER and enrolment.person.user_id == user.id:
        return enrolment
    if role == Role.STATION_STAFF and person_visible_to_staff(enrolment.person, user):
        return enrolment
    return None


def enrolments_of_person(person_id: int) -> list[Enrolment]:
    return list(
        db.session.scalars(
            db.select(Enrolment)
            .where(Enrolment.person_id == person_id)
            .order_by(Enrolment.applied_at.desc(), Enrolment.id.desc())
        )
    )


def enrolment_for_application(application_id: int) -> Enrolment | None:
    return db.session.scalar(
        db.select(Enrolment).where(Enrolment.subsidy_application_id == application_id)
    )


def claimed_total(application_id: int) -> Decimal | None:
    """The sums found when a training-subsidy claim was made, or ``None`` when the
    application is not a training claim."""
    found = enrolment_for_application(application_id)
    if found is None:
        return None
    return sum(
        (Decimal(str(x)) for x in (found.claimed_training, found.claimed_living) if x is not None),
        Decimal(0),
    )


def verified_skill_ids(person_id: int) -> set[str]:
    """Skills the person holds a certificate for (courses completed with one)."""
    rows = db.session.scalars(
        db.select(Course.skills)
        .join(Enrolment, Enrolment.course_id == Course.id)
        .where(Enrolment.person_id == person_id, Enrolment.status == "completed")
    )
    return {skill for skills in rows for skill in (skills or [])}


def verified_skill_names(person: Person) -> set[str]:
    """The person's skill texts that a certificate verifies (for the profile and matches)."""
    from jobhub.matching.skills import default_vocabulary

    ids = verified_skill_ids(person.id)
    if not ids:
        return set()
    vocabulary = default_vocabulary()
    names = {skill_name(i) for i in ids}
    for text in person.skills or []:
        found = vocabulary.canonicalize(text)
        if found is not None and found.skill_id in ids:
            names.add(text)
    return names
