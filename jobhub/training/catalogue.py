"""The catalogue: institutions (bureau), courses (institution or bureau), and the bureau's
review of every course before it is public, like a posting.

A course's text goes through the posting reviewer (``jobhub.reviews``): discrimination and the
training scams (包就业, 培训贷, 保证金) are refused outright; what a job posting must state
(pay, validity) does not apply to a course, and a course's own fee is a declared field, not a
finding. Everything else waits in the bureau's queue, which also decides whether the course is
on the 补贴培训目录 (only the bureau sets that).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jobhub.auth.models import User
from jobhub.auth.roles import Role
from jobhub.db import MAX_ROW_ID, now_utc
from jobhub.extensions import db
from jobhub.matching.skills import default_vocabulary
from jobhub.occupations import taxonomy
from jobhub.postings import Posting
from jobhub.reviews.services import review_posting
from jobhub.security import audit
from jobhub.security.idcard import InvalidIdentifier, parse_uscc
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Conflict, Errors, InputError
from jobhub.seekers.places import street_options, street_point
from jobhub.training.models import LEVELS, Course, TrainingInstitution

# Posting-review codes that speak of a job posting, not of a course.
NOT_FOR_COURSES = {"missing_field"}
MAX_FEE = 100_000
MAX_CAPACITY = 500


def skill_name(skill_id: str) -> str:
    skill = default_vocabulary().by_id.get(skill_id)
    return skill.name if skill else skill_id


def occupation_label(code: str) -> str:
    try:
        return f"{taxonomy.get(code).name}（{code}）"
    except KeyError:
        return code


# --- institutions -------------------------------------------------------------------------


def save_institution(data: Mapping[str, Any], *, actor) -> TrainingInstitution:
    """The bureau registers a training institution (统一社会信用代码 checked, GB 32100)."""
    errors = Errors()
    name = inputs.text(data.get("name"), "name", "机构名称", errors, required=True, max_len=120)
    raw_uscc = inputs.text(data.get("uscc"), "uscc", "统一社会信用代码", errors, required=True)
    address = inputs.text(data.get("address"), "address", "地址", errors, max_len=200)
    street = inputs.choice(
        data.get("street_code"), "street_code", "所在街道", errors, dict(street_options())
    )
    uscc = ""
    if raw_uscc:
        try:
            uscc = parse_uscc(raw_uscc)
        except InvalidIdentifier as exc:
            errors.add("uscc", str(exc))
    errors.raise_if_any()
    if db.session.scalar(db.select(TrainingInstitution.id).where(TrainingInstitution.uscc == uscc)):
        raise InputError({"uscc": "该统一社会信用代码的培训机构已登记"})
    institution = TrainingInstitution(name=name, uscc=uscc, address=address, street_code=street)
    point = street_point(street)
    if point:
        institution.lat, institution.lng = point
    db.session.add(institution)
    db.session.flush()
    audit.record(actor, "create_institution", "training_institutions", institution.id, name)
    return institution


def bind_account(institution: TrainingInstitution, user: User | None, *, actor) -> None:
    """Give an institution account (role 培训机构) to this institution."""
    if user is None or user.role != Role.INSTITUTION:
        raise InputError({"login": "找不到该登录名的培训机构账号（账号角色须为培训机构）"})
    if user.institution_id not in (None, institution.id):
        raise Conflict("该账号已属于另一家培训机构。")
    user.institution_id = institution.id
    db.session.flush()
    audit.record(actor, "bind_institution_account", "users", user.id, institution.name)


# --- courses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseOutcome:
    saved: bool
    course: Course | None
    findings: tuple[dict, ...]


def _skills(raw: Any, errors: Errors) -> list[str]:
    words = inputs.word_list(raw, "skills", "所教技能", errors, max_items=10)
    vocabulary = default_vocabulary()
    ids: list[str] = []
    for word in words:
        found = vocabulary.canonicalize(word)
        if found is None or found.method == "unknown":
            errors.add(
                "skills",
                f"所教技能“{word[:20]}”不在技能词表中，请用词表中的名称（如 焊工、叉车司机）",
            )
            return []
        if found.skill_id not in ids:
            ids.append(found.skill_id)
    if not ids and "skills" not in errors.fields:
        errors.add("skills", "请填写所教技能（至少一项）")
    return ids


def parse_course(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every course field checked, each message naming its field; raises ``InputError``."""
    errors = Errors()
    values: dict[str, Any] = {
        "title": inputs.text(
            data.get("title"), "title", "课程名称", errors, required=True, max_len=60
        ),
        "description": inputs.text(
            data.get("description"), "description", "课程介绍", errors, max_len=2000
        ),
        "skills": _skills(data.get("skills"), errors),
        "level": inputs.choice(
            data.get("level"), "level", "职业技能等级", errors, LEVELS, required=True
        ),
        "hours": inputs.integer(
            data.get("hours"), "hours", "课时（学时）", errors, low=1, high=2000, required=True
        ),
        "street_code": inputs.choice(
            data.get("street_code"),
            "street_code",
            "上课地点所在街道",
            errors,
            dict(street_options()),
            required=True,
        ),
        "place": inputs.text(data.get("place"), "place", "上课地址", errors, required=True),
        "fee": inputs.money(data.get("fee"), "fee", "培训费", errors, high=MAX_FEE, required=True),
        "capacity": inputs.integer(
            data.get("capacity"),
            "capacity",
            "招生人数",
            errors,
            low=1,
            high=MAX_CAPACITY,
            required=True,
        ),
    }
    values["starts_on"] = inputs.day(
        data.get("starts_on"), "starts_on", "开班日期", errors, required=True
    )
    values["ends_on"] = inputs.day(
        data.get("ends_on"),
        "ends_on",
        "结业日期",
        errors,
        required=True,
        not_before=values["starts_on"],
    )
    code = inputs.text(
        data.get("occupation_code"),
        "occupation_code",
        "职业编码",
        errors,
        required=True,
        max_len=12,
    )
    if code:
        try:
            taxonomy.get(code)
        except KeyError:
            errors.add(
                "occupation_code", "职业编码不在《职业分类大典》中，格式如 4-10-01-05（养老护理员）"
            )
    values["occupation_code"] = code
    errors.raise_if_any()
    return values


def _review(values: Mapping[str, Any], institution: TrainingInstitution, actor, course_id):
    posting = Posting(
        title=values["title"],
        description=values["description"],
        employer_name=institution.name,
        headcount=values["capacity"],
        work_location=values["place"],
    )
    result = review_posting(
        posting,
        actor=actor,
        subject_type="course",
        subject_id=course_id,
        occupation_code=values["occupation_code"],
    )
    kept = []
    for f in result.findings:
        if f.code in NOT_FOR_COURSES:
            continue
        # the fee is a declared field of a course; a loan or instalments is still a 培训贷
        if f.code == "training_loan" and not any(w in f.text for w in ("贷", "分期")):
            continue
        kept.append({"code": f.code, "severity": f.severity, "text": f.text, "message": f.message})
    return tuple(kept)


def save_course(
    institution: TrainingInstitution,
    data: Mapping[str, Any],
    *,
    actor,
    course: Course | None = None,
) -> CourseOutcome:
    """Create or edit a course. A refusal by the reviewer saves nothing; otherwise the course
    waits for the bureau (``pending_review``), also after an edit of a published one."""
    values = parse_course(data)
    if course is not None and course.status == "closed":
        raise Conflict("课程已结束招生，不能再修改。")
    if course is not None and values["capacity"] < course.taken:
        raise InputError({"capacity": f"招生人数不能少于已报名的 {course.taken} 人"})
    findings = _review(values, institution, actor, course.id if course else None)
    if any(f["severity"] == "reject" for f in findings):
        return CourseOutcome(False, course, findings)
    if course is None:
        course = Course(institution_id=institution.id, created_by_id=actor.id, taken=0)
        db.session.add(course)
    for key, value in values.items():
        setattr(course, key, value)
    point = street_point(values["street_code"])
    course.lat, course.lng = point if point else (institution.lat, institution.lng)
    course.status = "pending_review"
    course.review_verdict = "warn" if findings else "ok"
    course.review_reason = None
    db.session.flush()
    audit.record(actor, "save_course", "courses", course.id, course.title[:200])
    return CourseOutcome(True, course, findings)


def decide_course(course: Course, data: Mapping[str, Any], *, actor) -> None:
    """The bureau publishes or refuses a course (reason required) and says whether it is on
    the 补贴培训目录. Audited."""
    errors = Errors()
    decision, reason = inputs.decision(
        data,
        errors,
        {"publish": "同意发布", "reject": "不予发布"},
        label="审核结论",
        reason_label="审核意见",
        reason_needed_for=("reject",),
        reason_needed="不予发布时请填写审核意见，机构会看到",
    )
    subsidised = inputs.boolean(data.get("subsidised"), "subsidised", "列入补贴培训目录", errors)
    errors.raise_if_any()
    if course.status != "pending_review":
        raise Conflict(f"该课程不在待审核状态（{course.status_label}）。")
    course.status = "published" if decision == "publish" else "rejected"
    course.subsidised = bool(subsidised and decision == "publish")
    course.review_reason = reason or None
    if decision == "publish":
        course.published_at = course.published_at or now_utc()
    db.session.flush()
    listed = "，列入补贴目录" if course.subsidised else ""
    audit.record(
        actor, "decide_course", "courses", course.id, f"{decision}{listed}：{reason or ''}"[:200]
    )


def close_course(course: Course, *, actor) -> None:
    if course.status == "closed":
        raise Conflict("课程已结束招生。")
    course.status = "closed"
    db.session.flush()
    audit.record(actor, "close_course", "courses", course.id, course.title[:200])


# --- who may see what -------------------------------------------------------------------------


def course_for_manager(user, course_id: int) -> Course | None:
    """The course if ``user`` manages it: an institution its own courses, the bureau all."""
    if not 0 < course_id <= MAX_ROW_ID:
        return None
    course = db.session.get(Course, course_id)
    if course is None:
        return None
    if user.role == Role.ADMIN:
        return course
    if user.role == Role.INSTITUTION and user.institution_id == course.institution_id:
        return course
    return None


def public_course(course_id: int) -> Course | None:
    """A course anyone signed in may see: published (or closed, for those enrolled)."""
    if not 0 < course_id <= MAX_ROW_ID:
        return None
    course = db.session.get(Course, course_id)
    return course if course is not None and course.status in ("published", "closed") else None


def courses_of(institution_id: int | None) -> list[Course]:
    query = db.select(Course).order_by(Course.starts_on.desc(), Course.id.desc())
    if institution_id is not None:
        query = query.where(Course.institution_id == institution_id)
    return list(db.session.scalars(query))


def pending_courses() -> list[Course]:
    return list(
        db.session.scalars(
            db.select(Course).where(Course.status == "pending_review").order_by(Course.id)
        )
    )


def institutions() -> list[TrainingInstitution]:
    return list(db.session.scalars(db.select(TrainingInstitution).order_by(TrainingInstitution.id)))
