"""Employer-side services: organisations and their users, vacancies with posting review on
every create and edit, the staff review queue. Services add and flush; views commit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jobhub.auth.roles import Role
from jobhub.coding import services as coding
from jobhub.db import MAX_ROW_ID, now_utc
from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.occupations import get as get_occupation
from jobhub.policy import bounds
from jobhub.policy.dates import today_in_china
from jobhub.postings import Posting, Review
from jobhub.reviews.models import PostingReview
from jobhub.reviews.services import review_posting
from jobhub.security import audit
from jobhub.security.idcard import InvalidIdentifier, normalise_phone
from jobhub.security.names import check_person_name
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Conflict, Errors, InputError
from jobhub.seekers.places import street_options, street_point

SIZES = {"micro": "微型企业", "small": "小型企业", "medium": "中型企业", "large": "大型企业"}
KINDS = {"regular": "普通岗位", "traineeship": "就业见习岗位", "public_welfare": "公益性岗位"}
EMPLOYMENT_TYPES = {"full_time": "全职", "part_time": "兼职（非全日制）"}
SALARY_UNITS = {"month": "元/月", "day": "元/天", "hour": "元/小时"}
STATUSES = {
    "draft": "草稿",
    "pending_review": "待人工审核",
    "published": "招聘中",
    "paused": "已暂停",
    "closed": "已关闭",
    "rejected": "审核未通过",
}


def find_organisation(uscc: str) -> Organisation | None:
    return db.session.execute(
        db.select(Organisation).where(Organisation.uscc == uscc)
    ).scalar_one_or_none()


def register_organisation(name: str, uscc: str, contact_name: str = "") -> Organisation | None:
    """Create an organisation, or return ``None`` when its 统一社会信用代码 is registered already.

    A USCC is public, so knowing it must not let anyone join an organisation: further users
    are added by the organisation's own users.
    """
    if find_organisation(uscc) is not None:
        return None
    organisation = Organisation(name=name.strip(), uscc=uscc, contact_name=contact_name.strip())
    db.session.add(organisation)
    db.session.flush()
    return organisation


# --- organisation -------------------------------------------------------------------------

ORGANISATION_FIELDS = (
    "name",
    "address",
    "street_code",
    "lat",
    "lng",
    "size",
    "contact_name",
    "contact_phone",
)


def update_organisation(organisation: Organisation, data: Mapping[str, Any], *, actor) -> None:
    """Edit the organisation's name, address and location, size and contacts (the USCC is
    fixed at registration)."""
    errors = Errors()
    for key in data:
        if key not in ORGANISATION_FIELDS:
            errors.add(
                str(key), "不支持的字段" if key != "uscc" else "统一社会信用代码注册后不能修改"
            )
    values: dict[str, Any] = {}
    if "name" in data:
        values["name"] = inputs.text(
            data["name"], "name", "单位名称", errors, required=True, max_len=120
        )
    if "address" in data:
        values["address"] = inputs.text(data["address"], "address", "单位地址", errors, max_len=200)
    if "street_code" in data:
        values["street_code"] = inputs.choice(
            data["street_code"], "street_code", "所在街道", errors, dict(street_options())
        )
    if "lat" in data:
        values["lat"] = inputs.number(data["lat"], "lat", "纬度", errors, low=-90, high=90)
    if "lng" in data:
        values["lng"] = inputs.number(data["lng"], "lng", "经度", errors, low=-180, high=180)
    if "size" in data:
        values["size"] = inputs.choice(
            data["size"], "size", "企业规模", errors, SIZES, required=True
        )
    if "contact_name" in data:
        values["contact_name"] = _person_name(
            data["contact_name"], "contact_name", "联系人", errors
        )
    if "contact_phone" in data:
        raw = inputs.text(data["contact_phone"], "contact_phone", "联系电话", errors, max_len=20)
        if raw:
            try:
                raw = normalise_phone(raw)
            except InvalidIdentifier as exc:
                errors.add("contact_phone", "联系电话：" + str(exc))
        values["contact_phone"] = raw or None
    errors.raise_if_any()
    for key, value in values.items():
        setattr(organisation, key, value)
    if values.get("street_code") and "lat" not in values:
        point = street_point(values["street_code"])
        if point:
            organisation.lat, organisation.lng = point
    db.session.flush()
    audit.record(actor, "update_organisation", "organisations", organisation.id, "单位信息维护")


def _person_name(raw, field: str, label: str, errors: Errors, *, required=False) -> str:
    """A person's name checked by the one name rule; blank allowed unless ``required``."""
    if raw is None or (isinstance(raw, str) and not raw.strip() and not required):
        return ""
    try:
        return check_person_name(raw, label)
    except InvalidIdentifier as exc:
        errors.add(field, str(exc))
        return ""


def add_colleague(organisation: Organisation, data: Mapping[str, Any], *, actor):
    """Another user of the same organisation, created by one of its users."""
    from jobhub.auth.passwords import password_problem
    from jobhub.auth.services import NewAccount, create_user, find_user_by_login

    errors = Errors()
    name = _person_name(data.get("display_name"), "display_name", "姓名", errors, required=True)
    phone = inputs.text(data.get("phone"), "phone", "手机号", errors, required=True, max_len=20)
    password = data.get("password") or ""
    if phone:
        try:
            phone = normalise_phone(phone)
        except InvalidIdentifier as exc:
            errors.add("phone", str(exc))
    problem = password_problem(password, Role.EMPLOYER, [phone, name])
    if problem:
        errors.add("password", problem.replace("密码", "初始密码", 1))
    errors.raise_if_any()
    if find_user_by_login(phone) is not None:
        raise InputError({"phone": "该手机号已有账号，请换一个手机号或请对方联系平台。"})
    user = create_user(
        NewAccount(phone, password, name, Role.EMPLOYER, organisation_id=organisation.id)
    )
    audit.record(actor, "add_organisation_user", "users", user.id, "单位添加经办人")
    return user


# --- vacancies ----------------------------------------------------------------------------

VACANCY_FIELDS = (
    "title",
    "description",
    "kind",
    "employment_type",
    "headcount",
    "work_location",
    "street_code",
    "salary_min",
    "salary_max",
    "salary_unit",
    "valid_until",
    "skills",
    "occupation_code",
    "justification",
    "organisation_id",
)


def parse_vacancy(
    data: Mapping[str, Any], *, kinds: Mapping[str, str], today: date | None = None
) -> dict[str, Any]:
    """Validate a vacancy form or API body (every field; the review runs afterwards)."""
    today = today or today_in_china()
    errors = Errors()
    for key in data:
        if key not in VACANCY_FIELDS:
            errors.add(str(key), "不支持的字段")
    v: dict[str, Any] = {}
    v["title"] = inputs.text(
        data.get("title"), "title", "岗位名称", errors, required=True, max_len=100
    )
    v["description"] = inputs.text(
        data.get("description"), "description", "岗位描述", errors, required=True, max_len=5000
    )
    v["kind"] = inputs.choice(
        data.get("kind"), "kind", "岗位类型", errors, kinds, default=next(iter(kinds))
    )
    v["employment_type"] = inputs.choice(
        data.get("employment_type"),
        "employment_type",
        "用工形式",
        errors,
        EMPLOYMENT_TYPES,
        default="full_time",
    )
    v["headcount"] = inputs.integer(
        data.get("headcount"), "headcount", "招聘人数", errors, low=1, high=10_000, required=True
    )
    v["work_location"] = inputs.text(
        data.get("work_location"), "work_location", "工作地点", errors, required=True, max_len=200
    )
    v["street_code"] = inputs.choice(
        data.get("street_code"), "street_code", "工作地点所在街道", errors, dict(street_options())
    )
    v["salary_min"] = inputs.money(
        data.get("salary_min"), "salary_min", "最低薪资", errors, required=True, high=10_000_000
    )
    v["salary_max"] = inputs.money(
        data.get("salary_max"), "salary_max", "最高薪资", errors, required=True, high=10_000_000
    )
    v["salary_unit"] = inputs.choice(
        data.get("salary_unit"), "salary_unit", "薪资单位", errors, SALARY_UNITS, required=True
    )
    v["valid_until"] = inputs.day(
        data.get("valid_until"),
        "valid_until",
        "有效期",
        errors,
        required=True,
        bounds=bounds.posting_day(today),
    )
    v["skills"] = inputs.word_list(data.get("skills"), "skills", "技能要求", errors)
    v["occupation_code"] = (
        inputs.text(data.get("occupation_code"), "occupation_code", "职业编码", errors, max_len=12)
        or None
    )
    if v["occupation_code"]:
        try:
            ok = get_occupation(v["occupation_code"]).level == 4
        except KeyError:
            ok = False
        if not ok:
            errors.add("occupation_code", "职业编码应为职业分类大典中的细类编码，如 4-10-01-02")
    elif v.get("title") and coding.confident_code(v["title"], v.get("description") or "") is None:
        errors.add(
            "occupation_code",
            "无法从岗位名称确定职业，请在“职业”中选择最接近的一项（列出的是系统找到的候选）",
        )
    if "organisation_id" in data:
        v["organisation_id"] = inputs.integer(
            data.get("organisation_id"),
            "organisation_id",
            "用人单位",
            errors,
            low=1,
            high=MAX_ROW_ID,
            required=True,
        )
    v["justification"] = (
        inputs.text(data.get("justification"), "justification", "情况说明", errors, max_len=1000)
        or None
    )
    if (
        v["salary_min"] is not None
        and v["salary_max"] is not None
        and v["salary_min"] > v["salary_max"]
    ):
        errors.add("salary_max", "最高薪资不能低于最低薪资")
    errors.raise_if_any()
    return v


occupation_label = coding.occupation_name


def suggest_occupation(title: str, description: str = "") -> list[tuple[str, str, float]]:
    """The ranked 细类 for a title (an accepted correction first, then the classifier's, which
    reads the vacancy's description for industry hints): ``[(code, name, score), ...]``."""
    if not title.strip():
        return []
    return [(c.code, c.name, c.score) for c in coding.suggest(title, 5, description)]


def first_occupation(title: str, description: str = "") -> str | None:
    """The code a vacancy gets when the employer chose none: the first suggestion when it can
    be trusted (``parse_vacancy`` asks for a choice otherwise)."""
    return coding.confident_code(title, description) if title.strip() else None


@dataclass(frozen=True)
class SaveOutcome:
    """What happened to a create or edit: ``saved`` with the vacancy, or blocked by the
    review (``reject``) or waiting for a justification (``warn`` without one)."""

    saved: bool
    vacancy: Vacancy | None
    review: Review
    occupation_code: str | None
    needs_justification: bool = False


def _posting(values: Mapping[str, Any], organisation: Organisation) -> Posting:
    return Posting(
        title=values["title"],
        description=values["description"],
        employer_name=organisation.name,
        headcount=values["headcount"],
        work_location=values["work_location"],
        salary_min=float(values["salary_min"]),
        salary_max=float(values["salary_max"]),
        salary_unit=values["salary_unit"],
        valid_until=values["valid_until"],
    )


def save_vacancy(
    organisation: Organisation,
    values: Mapping[str, Any],
    *,
    actor,
    vacancy: Vacancy | None = None,
) -> SaveOutcome:
    """Create or edit a vacancy: code the occupation, review the posting, then

    - ``reject``: nothing is saved, the findings say what to change;
    - ``warn`` without a justification: nothing is saved, a justification is asked for;
    - ``warn`` with one: saved as ``pending_review`` for the staff queue;
    - ``ok``: saved and published.
    """
    if vacancy is not None and vacancy.status == "closed":
        raise Conflict("岗位已关闭，不能再修改；如需继续招聘，请新建岗位。")
    chosen = values.get("occupation_code")
    code = chosen or first_occupation(values["title"], values.get("description") or "")
    review = review_posting(
        _posting(values, organisation),
        actor=actor,
        subject_type="vacancy",
        subject_id=vacancy.id if vacancy else None,
        occupation_code=code,
    )
    if review.verdict == "reject":
        return SaveOutcome(False, vacancy, review, code)
    if review.verdict == "warn" and not values.get("justification"):
        return SaveOutcome(False, vacancy, review, code, needs_justification=True)
    created = vacancy is None
    if vacancy is None:
        vacancy = Vacancy(organisation_id=organisation.id, created_by_id=getattr(actor, "id", None))
        db.session.add(vacancy)
    for key in (
        "title",
        "description",
        "kind",
        "employment_type",
        "headcount",
        "work_location",
        "street_code",
        "salary_min",
        "salary_max",
        "salary_unit",
        "valid_until",
        "skills",
    ):
        setattr(vacancy, key, values[key])
    point = street_point(values.get("street_code")) or (
        (organisation.lat, organisation.lng) if organisation.lat is not None else None
    )
    if point:
        vacancy.lat, vacancy.lng = point
    if chosen:
        coding.record_choice(values["title"], chosen, actor, values.get("description") or "")
    vacancy.occupation_code = code
    vacancy.review_verdict = review.verdict
    if review.verdict == "ok":
        vacancy.justification = None
        vacancy.status = "published"
        vacancy.published_at = vacancy.published_at or now_utc()
    else:
        vacancy.justification = values["justification"]
        vacancy.status = "pending_review"
    db.session.flush()
    if created:
        # The review was recorded before the vacancy had an id: link it now.
        latest = db.session.execute(
            db.select(PostingReview)
            .where(
                PostingReview.subject_type == "vacancy",
                PostingReview.subject_id.is_(None),
                PostingReview.actor_user_id == getattr(actor, "id", None),
            )
            .order_by(PostingReview.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if latest is not None:
            latest.subject_id = vacancy.id
    sync_index(vacancy)
    return SaveOutcome(True, vacancy, review, code)


def sync_index(vacancy: Vacancy) -> None:
    """Keep the matching index in step: published vacancies are indexed, others removed."""
    try:
        from jobhub import matchsvc
    except ImportError:  # the matching service is not installed in this build
        return
    if vacancy.status == "published":
        matchsvc.index_vacancy(vacancy)
    else:
        matchsvc.unindex_vacancy(vacancy.id)


LIFECYCLE = {
    "pause": ({"published"}, "paused", "岗位已暂停招聘"),
    "resume": ({"paused"}, "published", "岗位已恢复招聘"),
    "close": (
        {"draft", "pending_review", "published", "paused", "rejected"},
        "closed",
        "岗位已关闭",
    ),
}


def change_status(vacancy: Vacancy, action: str, *, actor) -> str:
    """Pause, resume or close; returns the Chinese message for the flash."""
    if action not in LIFECYCLE:
        raise InputError({"action": "操作应为 pause（暂停）、resume（恢复）或 close（关闭）"})
    allowed, target, message = LIFECYCLE[action]
    if vacancy.status not in allowed:
        raise Conflict(
            f"岗位当前为“{STATUSES.get(vacancy.status, vacancy.status)}”，不能执行该操作。"
        )
    if action == "resume" and vacancy.valid_until and vacancy.valid_until < today_in_china():
        raise Conflict("岗位已过有效期，请先修改有效期。")
    vacancy.status = target
    db.session.flush()
    sync_index(vacancy)
    return message


def decide_review(vacancy: Vacancy, data: Mapping[str, Any], *, actor) -> None:
    """Staff decide a warned vacancy: publish or reject, always with a reason. Audited."""
    errors = Errors()
    decision = inputs.choice(
        data.get("decision"),
        "decision",
        "审核结论",
        errors,
        {"publish": "同意发布", "reject": "不予发布"},
        required=True,
    )
    reason = inputs.text(
        data.get("reason"), "reason", "审核理由", errors, required=True, max_len=500
    )
    errors.raise_if_any()
    if vacancy.status != "pending_review":
        raise Conflict("该岗位不在待审核状态。")
    vacancy.status = "published" if decision == "publish" else "rejected"
    if decision == "publish":
        vacancy.published_at = vacancy.published_at or now_utc()
    extra = dict(vacancy.extra or {})
    extra["staff_review"] = {
        "decision": decision,
        "reason": reason,
        "by": getattr(actor, "id", None),
        "at": now_utc().isoformat(),
    }
    vacancy.extra = extra
    db.session.flush()
    audit.record(
        actor, "decide_vacancy_review", "vacancies", vacancy.id, f"{decision}：{reason}"[:200]
    )
    sync_index(vacancy)


def latest_review(vacancy: Vacancy) -> PostingReview | None:
    from jobhub.reviews.services import latest_review as latest

    return latest("vacancy", vacancy.id)


def vacancy_for(user, vacancy_id: int) -> Vacancy | None:
    """The vacancy if ``user`` may manage it: an employer their organisation's, the bureau
    (admin) the 公益性岗位 it creates for public employers. ``None`` otherwise (a 404)."""
    vacancy = db.session.get(Vacancy, vacancy_id)
    if vacancy is None:
        return None
    if user.role == Role.EMPLOYER and vacancy.organisation_id == user.organisation_id:
        return vacancy
    if user.role == Role.ADMIN and vacancy.kind == "public_welfare":
        return vacancy
    return None


def public_employers() -> list[Organisation]:
    return list(
        db.session.execute(
            db.select(Organisation)
            .where(Organisation.is_public_employer.is_(True))
            .order_by(Organisation.name)
        ).scalars()
    )


def vacancy_json(vacancy: Vacancy) -> dict[str, Any]:
    return {
        "id": vacancy.id,
        "organisation_id": vacancy.organisation_id,
        "employer_name": vacancy.organisation.name,
        "title": vacancy.title,
        "description": vacancy.description,
        "kind": vacancy.kind,
        "employment_type": vacancy.employment_type,
        "headcount": vacancy.headcount,
        "work_location": vacancy.work_location,
        "street_code": vacancy.street_code,
        "salary_min": float(vacancy.salary_min) if vacancy.salary_min is not None else None,
        "salary_max": float(vacancy.salary_max) if vacancy.salary_max is not None else None,
        "salary_unit": vacancy.salary_unit,
        "valid_until": vacancy.valid_until.isoformat() if vacancy.valid_until else None,
        "skills": list(vacancy.skills or []),
        "occupation_code": vacancy.occupation_code,
        "status": vacancy.status,
        "review_verdict": vacancy.review_verdict,
        "justification": vacancy.justification,
    }


def vacancy_form_values(vacancy: Vacancy) -> dict[str, Any]:
    """A stored vacancy as form/API input (for editing)."""
    body = vacancy_json(vacancy)
    return {k: body.get(k) for k in VACANCY_FIELDS if k in body}
