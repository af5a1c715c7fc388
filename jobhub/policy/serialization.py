"""Request parsing and response shaping for ``POST /api/v1/policy/evaluate`` (no Flask here).

Request::

    {"as_of": "YYYY-MM-DD" (default: today in China), "region": "default",
     "person": {"birth_date": …, "gender": …, …}}

Bad input raises :class:`PolicyInputError` whose ``fields`` maps each bad field
(``"person.birth_date"``, ``"as_of"``, ``"region"`` …) to a Chinese message; the web layer
answers 422 ``{"error": {"code": "validation_error", "message": …, "fields": …}}``.
Unknown fields are refused too, so a misspelt field is not silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from . import bounds
from .dates import today_in_china
from .facts import (
    Education,
    EmploymentStatus,
    Gender,
    PersonFacts,
    RetirementCategory,
)
from .profiles import Profile, UnknownProfileError, load_profile
from .results import Evaluation, Finding, SubsidyResult

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CENT = Decimal("0.01")
_MAX_MONEY = Decimal("1000000")
_LATEST = date(2100, 12, 31)
_EARLIEST_BIRTH = date(1900, 1, 1)


class PolicyInputError(ValueError):
    """The request is invalid; ``fields`` names each bad field with a Chinese message."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = dict(fields)
        listed = "；".join(f"{name}：{text}" for name, text in self.fields.items())
        super().__init__(f"提交的数据有误，请按字段提示修改：{listed}")


class _Invalid(Exception):
    pass


def _enum_message(label: str, enum_type: type[StrEnum]) -> str:
    return f"{label}取值应为以下之一：" + "、".join(e.value for e in enum_type)


def _date(label: str) -> Callable[[Any], date]:
    def parse(raw: Any) -> date:
        if isinstance(raw, str) and _DATE.fullmatch(raw):
            try:
                return date.fromisoformat(raw)
            except ValueError:
                pass
        raise _Invalid(f"{label}格式应为 YYYY-MM-DD，且须为有效日期")

    return parse


def _enum(label: str, enum_type: type[StrEnum]) -> Callable[[Any], StrEnum]:
    def parse(raw: Any) -> StrEnum:
        if isinstance(raw, str):
            try:
                return enum_type(raw)
            except ValueError:
                pass
        raise _Invalid(_enum_message(label, enum_type))

    return parse


def _bool(label: str) -> Callable[[Any], bool]:
    def parse(raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        raise _Invalid(f"{label}应为 true 或 false")

    return parse


def _money(label: str) -> Callable[[Any], Decimal]:
    def parse(raw: Any) -> Decimal:
        message = f"{label}应为不小于0的金额（元），最多保留两位小数"
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise _Invalid(message)
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            raise _Invalid(message) from None
        if (
            not value.is_finite()
            or value < 0
            or value > _MAX_MONEY
            or value != value.quantize(_CENT)
        ):
            raise _Invalid(message)
        return value

    return parse


def _int(label: str, low: int, high: int) -> Callable[[Any], int]:
    def parse(raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            raise _Invalid(f"{label}应为 {low} 到 {high} 之间的整数")
        return raw

    return parse


# field: (parser, message when missing or null, or None when optional)
_PERSON: dict[str, tuple[Callable[[Any], Any], str | None]] = {
    "birth_date": (_date("出生日期"), "出生日期必填，格式为 YYYY-MM-DD"),
    "gender": (_enum("性别", Gender), "性别必填，取值为 male（男）或 female（女）"),
    "retirement_category": (_enum("退休类别", RetirementCategory), None),
    "education": (_enum("学历", Education), None),
    "graduation_date": (_date("毕业（离校）日期"), None),
    "employment_status": (_enum("就业状态", EmploymentStatus), None),
    "employment_since": (_date("开始（灵活）就业日期"), None),
    "unemployment_registered_since": (_date("失业登记日期"), None),
    "is_veteran": (_bool("是否退役军人"), None),
    "disabled": (_bool("是否持有残疾人证"), None),
    "low_income_household": (_bool("是否低保家庭成员"), None),
    "zero_employment_household": (_bool("是否零就业家庭成员"), None),
    "land_expropriated": (_bool("是否被征地农民"), None),
    "single_parent": (_bool("是否单亲抚养未成年子女"), None),
    "receiving_unemployment_benefit": (_bool("是否正在领取失业保险金"), None),
    "monthly_contribution": (_money("每月个人缴费"), None),
    "subsidy_first_approved_on": (_date("首次核定享受社会保险补贴日期"), None),
    "unit_monthly_contribution": (_money("单位每月缴费"), None),
    "employer_is_sme": (_bool("用人单位是否小微企业"), None),
    "contract_months": (_int("劳动合同期限（月）", 0, 600), None),
    "employer_is_public_institution": (_bool("用人单位是否机关事业单位"), None),
    "adult_education_graduate": (_bool("是否函授、成人教育毕业"), None),
    "job_expansion_claimed": (_bool("是否已申领过一次性扩岗补助"), None),
    "public_welfare_placements": (_int("已安置公益性岗位次数", 0, 100), None),
}

# Dates in the person's working life up to the calculation date (16th birthday to as_of); a
# graduation may lie ahead (毕业年度). Labels as in the messages.
_WORKING_LIFE = {
    "employment_since": "开始（灵活）就业日期",
    "unemployment_registered_since": "失业登记日期",
    "subsidy_first_approved_on": "首次核定享受社会保险补贴日期",
}


def parse_request(payload: Any, *, today: date | None = None) -> tuple[PersonFacts, date, str]:
    """Validate a request body; return ``(person, as_of, region)`` or raise PolicyInputError.

    ``today`` (for tests) replaces the default ``as_of``, which is today's date in China.
    Unknown region → ``{"region": …}``; a date the region's rules do not cover →
    ``{"as_of": …}``. A malformed packaged profile is an operator error and raises
    :class:`~jobhub.policy.profiles.ProfileError` (a 500, not a 422).
    """
    if not isinstance(payload, Mapping):
        raise PolicyInputError({"body": "请求体应为 JSON 对象"})
    errors: dict[str, str] = {}
    for name in payload:
        if name not in ("as_of", "region", "person"):
            errors[str(name)] = "不支持的字段"

    region = payload.get("region")
    profile: Profile | None = None
    if region is None:
        region = "default"
    if not isinstance(region, str):
        errors["region"] = "地区规则名称应为文字，如 default"
    else:
        try:
            profile = load_profile(region)
        except UnknownProfileError as exc:
            errors["region"] = f"未知的地区规则：{region}；可选：{'、'.join(exc.available)}"

    as_of = today or today_in_china()
    if payload.get("as_of") is not None:
        try:
            as_of = _date("计算日期")(payload["as_of"])
        except _Invalid as exc:
            errors["as_of"] = str(exc)
    if "as_of" not in errors and profile is not None:
        earliest = profile.earliest_complete_date()
        if not earliest <= as_of <= _LATEST:
            errors["as_of"] = (
                f"计算日期须在 {earliest.isoformat()} 至 {_LATEST.isoformat()} 之间"
                "（本地区规则收录的日期范围）"
            )

    values = _parse_person(payload.get("person"), errors)
    if errors:
        raise PolicyInputError(errors)
    _cross_checks(values, as_of, errors)
    if errors:
        raise PolicyInputError(errors)
    assert isinstance(region, str)
    return PersonFacts(**values), as_of, region


def _parse_person(raw: Any, errors: dict[str, str]) -> dict[str, Any]:
    if raw is None:
        errors["person"] = "缺少申请人信息（person）"
        return {}
    if not isinstance(raw, Mapping):
        errors["person"] = "申请人信息（person）应为 JSON 对象"
        return {}
    values: dict[str, Any] = {}
    for name in raw:
        if name not in _PERSON:
            errors[f"person.{name}"] = "不支持的字段"
    for name, (parse, required) in _PERSON.items():
        value = raw.get(name)
        if value is None:
            if required:
                errors[f"person.{name}"] = required
            continue
        try:
            values[name] = parse(value)
        except _Invalid as exc:
            errors[f"person.{name}"] = str(exc)
    return values


def _cross_checks(values: dict[str, Any], as_of: date, errors: dict[str, str]) -> None:
    birth: date = values["birth_date"]
    if birth > as_of:
        errors["person.birth_date"] = "出生日期不能晚于计算日期"
    elif birth < _EARLIEST_BIRTH:
        errors["person.birth_date"] = "出生日期不能早于 1900-01-01"
    if "person.birth_date" in errors:
        return
    for name, label in _WORKING_LIFE.items():
        if name in values:
            message = bounds.working_life(birth, as_of, today_what="计算日期").violation(
                label, values[name]
            )
            if message:
                errors[f"person.{name}"] = message
    if "graduation_date" in values:
        message = bounds.graduation(
            birth, values.get("education"), as_of, today_what="计算日期一年后"
        ).violation("毕业（离校）日期", values["graduation_date"])
        if message:
            errors["person.graduation_date"] = message
    category = values.get("retirement_category")
    gender = values["gender"]
    if category is not None:
        if gender is Gender.MALE and category is not RetirementCategory.MALE:
            errors["person.retirement_category"] = "男性的退休类别只能为 male"
        if gender is Gender.FEMALE and category is RetirementCategory.MALE:
            errors["person.retirement_category"] = (
                "女性的退休类别应为 female_cadre 或 female_worker"
            )


def _money_json(amount: Decimal) -> float:
    return float(amount.quantize(_CENT))


def _subsidy_json(result: SubsidyResult) -> dict[str, Any]:
    out: dict[str, Any] = {"code": result.code, "eligible": result.eligible}
    if result.start is not None and result.end is not None:
        out["start"] = result.start.isoformat()
        out["end"] = result.end.isoformat()
    if result.months is not None:
        out["months"] = result.months
    if result.monthly_amount_cap is not None:
        out["monthly_amount_cap"] = _money_json(result.monthly_amount_cap)
    out["reasons"] = list(result.reasons)
    out["basis"] = list(result.basis)
    return out


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "holds": finding.holds,
        "reasons": list(finding.reasons),
        "basis": list(finding.basis),
        "pending": finding.pending,
    }


def evaluation_to_json(evaluation: Evaluation, *, details: bool = False) -> dict[str, Any]:
    """The response body, exactly in the contract's shape.

    ``start``/``end``/``months``/``monthly_amount_cap`` appear only when set (always when
    eligible, except for ``public_welfare_post`` and ``traineeship``, which have none).
    ``details=True`` adds a ``details`` object (retirement category and reasons, every group
    and category check with reasons and basis, subsidy names and ``person_qualifies``) for
    the 政策计算器 page; the API contract does not include it.
    """
    retirement = evaluation.retirement
    body: dict[str, Any] = {
        "as_of": evaluation.as_of.isoformat(),
        "region": evaluation.region,
        "retirement": {
            "date": retirement.date.isoformat(),
            "age_years": retirement.age_years,
            "age_months": retirement.age_months,
        },
        "key_groups": [f.code for f in evaluation.key_groups],
        "difficulty_categories": [f.code for f in evaluation.difficulty_categories],
        "subsidies": [_subsidy_json(s) for s in evaluation.subsidies],
    }
    if evaluation.missing:
        # 需补充：the facts the verdicts above could not be decided without
        body["missing"] = list(evaluation.missing)
    if details:
        body["details"] = {
            "retirement": {
                "category": retirement.category.value,
                "category_defaulted": retirement.category_defaulted,
                "delay_months": retirement.delay_months,
                "reasons": list(retirement.reasons),
                "basis": list(retirement.basis),
            },
            "key_groups": [_finding_json(f) for f in evaluation.group_checks],
            "difficulty_categories": [_finding_json(f) for f in evaluation.category_checks],
            "subsidies": [
                {"code": s.code, "name": s.name, "person_qualifies": s.person_qualifies}
                for s in evaluation.subsidies
            ],
        }
    return body


def person_to_json(person: PersonFacts) -> dict[str, Any]:
    """The ``person`` object for a request (the inverse of parsing); ``None`` fields omitted."""
    out: dict[str, Any] = {}
    for name in _PERSON:
        value = getattr(person, name)
        if value is None:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, StrEnum):
            value = value.value
        elif isinstance(value, Decimal):
            value = float(value)
        out[name] = value
    return out
