"""Seeker services: the seeker's own record, 实名, profile, occupation coding and sensitive
statuses with consent. Services add and flush; the calling view commits once per request."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from jobhub import occupations
from jobhub.coding import services as coding
from jobhub.extensions import db
from jobhub.policy import bounds
from jobhub.policy.dates import in_china, today_in_china
from jobhub.policy.facts import EDUCATION_ZH, STATUS_ZH
from jobhub.security import audit
from jobhub.security.idcard import InvalidIdentifier, normalise_phone
from jobhub.seekers import inputs
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE, PURPOSE_SHARING
from jobhub.seekers.consents import give_consent, live_consent, withdraw_consent
from jobhub.seekers.identity import (
    SENSITIVE_STATUSES,
    IdentityTaken,
    attach_identity,
    check_identity,
    set_sensitive_status,
    withdraw_sensitive_status,
)
from jobhub.seekers.inputs import Conflict, Errors, InputError
from jobhub.seekers.models import Person
from jobhub.seekers.places import street_options, street_point

EDUCATION_LABELS = {e.value: label for e, label in EDUCATION_ZH.items()}
# 退休类别 of a woman under the 2025 reform, in the words people use (men need none: 原60周岁).
RETIREMENT_LABELS = {
    "female_cadre": "原法定退休年龄55周岁（女干部、管理技术岗位）",
    "female_worker": "原法定退休年龄50周岁（女工人）",
}
MALE_CATEGORY = "男性无需填写退休类别（原法定退休年龄60周岁）"


def education_label(code: str | None) -> str:
    """The education level as people say it (本科), never its code (bachelor)."""
    return EDUCATION_LABELS.get(code or "", "")


STATUS_LABELS = {s.value: label for s, label in STATUS_ZH.items()}
PAY_UNITS = {"month": "元/月", "day": "元/天", "hour": "元/小时"}
AVAILABILITY = {
    "any": "随时可以全职上班",
    "weekdays": "仅工作日",
    "weekends": "仅周末和节假日",
    "flexible": "时间灵活（兼职、零工）",
}

SCHEDULE_DAYS = {"weekdays": [0, 1, 2, 3, 4], "weekends": [5, 6]}


def person_for_user(user) -> Person | None:
    """The seeker's own record, or ``None`` before the first profile step."""
    return db.session.execute(
        db.select(Person).where(Person.user_id == user.id)
    ).scalar_one_or_none()


def ensure_person(user) -> Person:
    """The seeker's record, created (without identity) on first use. The login is the phone
    number the seeker registered with."""
    person = person_for_user(user)
    if person is None:
        person = Person(user_id=user.id, name=user.display_name[:40])
        try:
            person.phone = normalise_phone(user.login)
        except InvalidIdentifier:
            person.phone = None
        db.session.add(person)
        db.session.flush()
    return person


def register_identity(user, name: Any, id_number: Any) -> Person:
    """实名: attach a validated name and 身份证号 to the seeker's record.

    Birth date and gender come from the number. One person, one account: a number held by
    another record is refused (found through the HMAC column). Raises ``InputError``.
    """
    errors = Errors()
    name_text = inputs.text(name, "name", "姓名", errors, required=True, max_len=40)
    number = inputs.text(id_number, "id_number", "身份证号", errors, required=True, max_len=40)
    errors.raise_if_any()
    try:
        identity = check_identity(name_text, number)
    except InvalidIdentifier as exc:
        field = "name" if "姓名" in str(exc) else "id_number"
        raise InputError({field: str(exc)}) from None
    person = person_for_user(user)
    if person is not None and person.id_number and person.id_number != identity.card.number:
        raise InputError(
            {"id_number": "您已完成实名登记。如需更正身份证号，请携带身份证到服务站办理。"}
        )
    if person is None:
        person = ensure_person(user)
    try:
        attach_identity(person, identity)
    except IdentityTaken as exc:
        raise InputError({"id_number": exc.message}) from None
    db.session.flush()
    audit.record(user, "register_identity", "people", person.id, "求职者实名登记")
    return person


# --- profile ------------------------------------------------------------------------------

PROFILE_FIELDS = (
    "retirement_category",
    "education",
    "major",
    "graduation_date",
    "employment_status",
    "employment_since",
    "summary",
    "work_history",
    "skills",
    "desired_titles",
    "desired_occupation_codes",
    "home_street_code",
    "lat",
    "lng",
    "max_distance_km",
    "availability",
    "available_from",
    "expected_pay",
    "expected_pay_unit",
    "monthly_contribution",
    "share_with_employers",
)


def parse_profile(
    data: Mapping[str, Any], *, today: date | None = None, person: Person | None = None
) -> dict[str, Any]:
    """Validate the profile fields present in ``data``; raises ``InputError`` naming each bad
    field. Returns only the fields given (an API PUT may send a subset). ``person`` (the record
    being edited) gives the birth date and stored education the date bounds depend on."""
    today = today or today_in_china()
    birth = person.birth_date if person is not None else None
    errors = Errors()
    out: dict[str, Any] = {}
    unknown = [k for k in data if k not in PROFILE_FIELDS]
    for key in unknown:
        errors.add(str(key), "不支持的字段")

    def has(key: str) -> bool:
        return key in data

    if has("retirement_category"):
        category = inputs.choice(
            data["retirement_category"],
            "retirement_category",
            "退休类别",
            errors,
            RETIREMENT_LABELS,
        )
        if category and person is not None and person.gender == "male":
            errors.add("retirement_category", MALE_CATEGORY)
        out["retirement_category"] = category
    if has("education"):
        out["education"] = inputs.choice(
            data["education"], "education", "学历", errors, EDUCATION_LABELS
        )
    if has("major"):
        out["major"] = inputs.text(data["major"], "major", "专业", errors, max_len=80) or None
    if has("graduation_date"):
        education = out.get("education") if has("education") else None
        if education is None and person is not None and not has("education"):
            education = person.education
        out["graduation_date"] = inputs.day(
            data["graduation_date"],
            "graduation_date",
            "毕业（离校）日期",
            errors,
            bounds=bounds.graduation(birth, education, today),
        )
    if has("employment_status"):
        out["employment_status"] = inputs.choice(
            data["employment_status"],
            "employment_status",
            "就业状态",
            errors,
            STATUS_LABELS,
        )
    if has("employment_since"):
        out["employment_since"] = inputs.day(
            data["employment_since"],
            "employment_since",
            "当前状态开始日期",
            errors,
            bounds=bounds.working_life(birth, today),
        )
    if has("summary"):
        out["summary"] = inputs.text(data["summary"], "summary", "自我介绍", errors, max_len=1000)
    if has("work_history"):
        out["work_history"] = inputs.text(
            data["work_history"], "work_history", "工作经历", errors, max_len=3000
        )
    if has("skills"):
        out["skills"] = inputs.word_list(data["skills"], "skills", "技能", errors)
    if has("desired_titles"):
        out["desired_titles"] = inputs.word_list(
            data["desired_titles"], "desired_titles", "求职意向", errors, max_items=5
        )
    if has("desired_occupation_codes"):
        codes = inputs.word_list(
            data["desired_occupation_codes"],
            "desired_occupation_codes",
            "意向职业编码",
            errors,
            max_items=5,
            max_len=12,
        )
        bad = [c for c in codes if not _is_occupation(c)]
        if bad:
            errors.add(
                "desired_occupation_codes",
                f"意向职业编码“{bad[0]}”不是职业分类大典中的细类编码（如 4-10-01-02）",
            )
        out["desired_occupation_codes"] = codes
    if has("home_street_code"):
        out["home_street_code"] = inputs.choice(
            data["home_street_code"], "home_street_code", "居住街道", errors, dict(street_options())
        )
    if has("lat"):
        out["lat"] = inputs.number(data["lat"], "lat", "纬度", errors, low=-90, high=90)
    if has("lng"):
        out["lng"] = inputs.number(data["lng"], "lng", "经度", errors, low=-180, high=180)
    if has("max_distance_km"):
        out["max_distance_km"] = inputs.number(
            data["max_distance_km"], "max_distance_km", "可接受通勤距离", errors, low=0.5, high=200
        )
    if has("availability"):
        out["availability"] = inputs.choice(
            data["availability"], "availability", "可工作时间", errors, AVAILABILITY
        )
    if has("available_from"):
        out["available_from"] = inputs.day(
            data["available_from"],
            "available_from",
            "最早到岗日期",
            errors,
            not_after=today + timedelta(days=366),
        )
    if has("expected_pay"):
        out["expected_pay"] = inputs.money(
            data["expected_pay"], "expected_pay", "期望薪资", errors, high=200_000
        )
    if has("expected_pay_unit"):
        out["expected_pay_unit"] = inputs.choice(
            data["expected_pay_unit"], "expected_pay_unit", "薪资单位", errors, PAY_UNITS
        )
    if has("monthly_contribution"):
        out["monthly_contribution"] = inputs.money(
            data["monthly_contribution"],
            "monthly_contribution",
            "每月个人缴纳社保费",
            errors,
            high=100_000,
        )
    if has("share_with_employers"):
        out["share_with_employers"] = inputs.boolean(
            data["share_with_employers"], "share_with_employers", "向用人单位展示联系方式", errors
        )
    if out.get("expected_pay") is not None and not (
        out.get("expected_pay_unit") or data.get("expected_pay_unit")
    ):
        errors.add("expected_pay_unit", "填写了期望薪资，请选择薪资单位")
    if (out.get("lat") is None) != (out.get("lng") is None) and (has("lat") or has("lng")):
        errors.add("lng" if out.get("lat") is not None else "lat", "经纬度需要同时填写")
    errors.raise_if_any()
    return out


def _share_with_employers(person: Person, wanted: bool, actor) -> None:
    """Turning sharing on is consent to its current text; turning it off withdraws it."""
    if wanted and not person.share_with_employers:
        give_consent(person, PURPOSE_SHARING, via="online", actor=actor)
    elif not wanted and live_consent(person, PURPOSE_SHARING) is not None:
        withdraw_consent(person, PURPOSE_SHARING, via="online", actor=actor)
    person.share_with_employers = wanted


def _is_occupation(code: str) -> bool:
    try:
        return occupations.get(code).level == 4
    except KeyError:
        return False


@dataclass(frozen=True)
class CodedTitle:
    """A desired job title, the 职业分类大典 code it was given and the alternatives."""

    title: str
    code: str | None
    name: str
    candidates: tuple[tuple[str, str], ...]


def code_titles(titles: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(title, [(code, name), ...]), ...]``: the classifier's ranked 细类 for each title."""
    if not titles:
        return []
    ranked = coding.suggest_many(titles, top=5)
    return [(t, [(c.code, c.name) for c in cands]) for t, cands in zip(titles, ranked, strict=True)]


def first_codes(titles: list[str]) -> list[str]:
    """The trusted first 细类 of each title; a title where the classifier is unsure gets none
    (the profile asks the seeker to choose)."""
    return [code for t in titles if (code := coding.confident_code(t))]


def coded_titles(person: Person) -> list[CodedTitle]:
    """The person's desired titles with their codes, for the profile page's correction form."""
    titles = list(person.desired_titles or [])
    remaining = list(person.desired_occupation_codes or [])
    ranked = code_titles(titles)
    # Codes are kept without the titles nobody coded, so each title takes the stored code found
    # among its own candidates, then any code left over, in order.
    chosen: list[str | None] = []
    for _title, candidates in ranked:
        code = next((c for c in remaining if c in {k for k, _ in candidates}), None)
        if code:
            remaining.remove(code)
        chosen.append(code)
    chosen = [code or (remaining.pop(0) if remaining else None) for code in chosen]
    out = []
    for (title, candidates), code in zip(ranked, chosen, strict=True):
        if code and code not in {c for c, _ in candidates}:
            candidates = [(code, _occupation_name(code)), *candidates]
        out.append(CodedTitle(title, code, _occupation_name(code), tuple(candidates)))
    return out


_occupation_name = coding.occupation_name


def update_profile(person: Person, values: Mapping[str, Any], *, actor=None) -> Person:
    """Apply parsed profile values. Desired titles are coded to the 职业分类大典 when the titles
    change and no codes were given; the seeker may correct them afterwards."""
    values = dict(values)
    titles_changed = (
        "desired_titles" in values and values["desired_titles"] != person.desired_titles
    )
    availability = dict(person.availability or {})
    if "availability" in values:
        schedule = values.pop("availability")
        availability["schedule"] = schedule
        # The matching service reads "days" (Monday = 0); no days means any day.
        availability["days"] = SCHEDULE_DAYS.get(schedule or "", [])
    if "available_from" in values:
        when = values.pop("available_from")
        availability["from"] = when.isoformat() if when else None
    person.availability = availability
    codes = values.pop("desired_occupation_codes", None)
    if "share_with_employers" in values:
        _share_with_employers(person, bool(values.pop("share_with_employers")), actor)
    for key, value in values.items():
        setattr(person, key, value)
    if codes is not None:
        person.desired_occupation_codes = codes
        _record_choices(person.desired_titles or [], codes, actor)
    elif titles_changed:
        person.desired_occupation_codes = first_codes(person.desired_titles)
    if "home_street_code" in values and "lat" not in values:
        point = street_point(person.home_street_code)
        if point is not None:
            person.lat, person.lng = point
    if person.employment_status == "employed" and person.employment_since is None:
        person.employment_since = today_in_china()
    db.session.flush()
    return person


def _record_choices(titles: list[str], codes: list[str], actor) -> None:
    """Each code kept for a title is a vote for it when it is not the first suggestion
    (jobhub.coding). Only when there is one code per title: a shorter list (the API takes
    codes without saying which title each is for) cannot be paired with its titles."""
    if len(codes) != len(titles):
        return
    for title, code in zip(titles, codes, strict=True):
        coding.record_choice(title, code, actor)


def correct_occupation_codes(person: Person, chosen: list[Any], actor=None) -> None:
    """The seeker's corrections: one code per desired title, each a 细类 code."""
    titles = person.desired_titles or []
    errors = Errors()
    codes: list[str] = []
    for i, _title in enumerate(titles):
        raw = chosen[i] if i < len(chosen) else None
        code = inputs.text(raw, f"occ_{i}", f"第 {i + 1} 个求职意向的职业编码", errors, max_len=12)
        if code and not _is_occupation(code):
            errors.add(f"occ_{i}", f"第 {i + 1} 个求职意向的职业编码不是职业分类大典中的细类")
        codes.append(code)
    errors.raise_if_any()
    person.desired_occupation_codes = [c for c in codes if c]
    _record_choices(titles, codes, actor)
    db.session.flush()


# --- sensitive statuses -------------------------------------------------------------------


def record_sensitive_status(person: Person, code: str, data: Mapping[str, Any], *, actor) -> None:
    """Record one sensitive status with the person's explicit consent (stored encrypted)."""
    if code not in SENSITIVE_STATUSES:
        raise InputError({"status": "不认识的情况类别"})
    label, _purpose = SENSITIVE_STATUSES[code]
    errors = Errors()
    if not inputs.boolean(data.get("consent"), "consent", "同意", errors):
        errors.add("consent", f"请勾选“我同意”后再登记“{label}”：不同意也可以继续使用平台")
    value: bool | date = True
    if code == "unemployment_registered_since":
        since = inputs.day(
            data.get("since"),
            "since",
            "失业登记日期",
            errors,
            required=True,
            bounds=bounds.working_life(person.birth_date, today_in_china()),
        )
        value = since or True
    errors.raise_if_any()
    give_consent(person, PURPOSE_SENSITIVE, via="online", actor=actor)
    set_sensitive_status(person, code, value, recorded_by_user_id=getattr(actor, "id", None))
    audit.record(actor, "record_sensitive_status", "people", person.id, f"本人同意登记：{label}")
    db.session.flush()


def withdraw_status(person: Person, code: str, *, actor) -> None:
    """Consent withdrawn: the status is erased."""
    if code not in SENSITIVE_STATUSES:
        raise InputError({"status": "不认识的情况类别"})
    if code not in (person.sensitive or {}):
        raise Conflict("该情况未登记，无需撤回")
    withdraw_sensitive_status(person, code)
    audit.record(
        actor, "withdraw_sensitive_status", "people", person.id, "本人撤回同意并删除：" + code
    )
    db.session.flush()


def sensitive_rows(person: Person) -> list[dict[str, Any]]:
    """Every sensitive status with its label, purpose and what is recorded (for the page)."""
    stored = person.sensitive or {}
    rows = []
    for code, (label, purpose) in SENSITIVE_STATUSES.items():
        entry = stored.get(code)
        rows.append(
            {
                "code": code,
                "label": label,
                "purpose": purpose,
                "recorded": entry is not None,
                "value": entry.get("value") if entry else None,
                "consented_at": _consent_day(entry),
            }
        )
    return rows


def profile_json(person: Person) -> dict[str, Any]:
    """The seeker's own profile (their own ID number is shown masked here too; the page for
    the owner may show it whole)."""
    from jobhub.security.masking import mask_id_number, mask_phone

    availability = person.availability or {}
    return {
        "id": person.id,
        "name": person.name,
        "id_number": mask_id_number(person.id_number),
        "verified": bool(person.id_number),
        "phone": mask_phone(person.phone),
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "retirement_category": person.retirement_category,
        "education": person.education,
        "major": person.major,
        "graduation_date": person.graduation_date.isoformat() if person.graduation_date else None,
        "employment_status": person.employment_status,
        "employment_since": (
            person.employment_since.isoformat() if person.employment_since else None
        ),
        "summary": person.summary,
        "work_history": person.work_history,
        "skills": list(person.skills or []),
        "desired_titles": list(person.desired_titles or []),
        "desired_occupation_codes": list(person.desired_occupation_codes or []),
        "home_street_code": person.home_street_code,
        "lat": person.lat,
        "lng": person.lng,
        "max_distance_km": person.max_distance_km,
        "availability": availability.get("schedule"),
        "available_from": availability.get("from"),
        "expected_pay": float(person.expected_pay) if person.expected_pay is not None else None,
        "expected_pay_unit": person.expected_pay_unit,
        "monthly_contribution": (
            float(person.monthly_contribution) if person.monthly_contribution is not None else None
        ),
        "share_with_employers": bool(person.share_with_employers),
        "sensitive_statuses": [
            {k: r[k] for k in ("code", "label", "recorded", "value", "consented_at")}
            for r in sensitive_rows(person)
        ],
    }


def skill_suggestions(prefix: str = "", limit: int = 40) -> list[str]:
    """Skills to suggest: those published vacancies ask for most, then the skills vocabulary
    and 职业分类大典 names starting with ``prefix``."""
    from collections import Counter

    from jobhub.employers.models import Vacancy

    counts: Counter[str] = Counter()
    rows = db.session.execute(
        db.select(Vacancy.skills).where(Vacancy.status == "published").limit(2000)
    ).scalars()
    for skills in rows:
        counts.update(s for s in (skills or []) if isinstance(s, str))
    prefix = (prefix or "").strip()
    out = [s for s, _n in counts.most_common() if s.startswith(prefix)]
    if prefix:
        out += [m.name for m in occupations.search_names(prefix, limit=limit)]
    seen: list[str] = []
    for s in out:
        if s not in seen:
            seen.append(s)
    return seen[:limit]


def _consent_day(entry: dict | None) -> str | None:
    """The day consent was given, on the bureau's calendar (stored as a UTC instant)."""
    if not entry or not entry.get("consented_at"):
        return None
    try:
        return in_china(datetime.fromisoformat(str(entry["consented_at"])), "%Y-%m-%d")
    except ValueError:
        return None
