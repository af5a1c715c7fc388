"""What a region profile may contain: every parameter key, and the shape of its value.

A profile is data an operator edits, so every check here names the field it rejects, in
Chinese and English, and nothing is coerced silently (``"40"`` is not an integer; ``true`` is not
a number).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .dates import parse_year_month
from .facts import Education, EmploymentStatus, RetirementCategory

KEY_GROUP_CODES = ("graduate_within_2y", "veteran", "employment_difficulty")
DIFFICULTY_CODES = (
    "older_worker",
    "disabled",
    "low_income",
    "zero_employment_household",
    "long_term_unemployed",
    "land_expropriated",
    "single_parent",
)
SUBSIDY_CODES = (
    "si_flexible_difficulty",
    "si_flexible_graduate",
    "si_unit_difficulty",
    "si_unit_graduate_sme",
    "job_expansion_once",
    "public_welfare_post",
    "traineeship",
    "vocational_training",
    "training_living_allowance",
)
# The bureau's acts (issue 15): 失业登记 and 就业困难人员认定.
ACT_CODES = ("unemployment_registration", "difficulty_certification")
# What can prove a difficulty category (jobhub.policy.acts names each).
EVIDENCE_CODES = (
    "id_number",
    "registration",
    "disability_card",
    "imported_list",
    "document",
    "household_record",
)
RESIDENCE_CODES = ("hukou", "residence")
# How a region numbers the 《就业创业证》 (jobhub.policy.acts.CERTIFICATE_FORMATS names each).
CERTIFICATE_FORMAT_CODES = ("issued", "id_number")
RESIDENCE_EVIDENCE_CODES = ("residence_permit", "residence_registration")
# Rules that carry a legal basis: the retirement rule, the groups, categories and subsidies,
# and the acts.
BASIS_RULES = ("retirement", *KEY_GROUP_CODES, *DIFFICULTY_CODES, *SUBSIDY_CODES, *ACT_CODES)


class SchemaError(ValueError):
    """A value does not fit its key; ``field`` is relative to the value (may be empty)."""

    def __init__(self, field: str, zh: str, en: str) -> None:
        super().__init__(f"{field}: {zh} ({en})")
        self.field = field
        self.zh = zh
        self.en = en


Validator = Callable[[Any, str], Any]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def integer(minimum: int = 0, maximum: int = 10_000) -> Validator:
    def check(raw: Any, path: str) -> int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise SchemaError(path, "应为整数", f"expected an integer, got {type(raw).__name__}")
        if not minimum <= raw <= maximum:
            raise SchemaError(
                path, f"应在 {minimum} 到 {maximum} 之间", f"out of range {minimum}..{maximum}"
            )
        return raw

    return check


def boolean(raw: Any, path: str) -> bool:
    if not isinstance(raw, bool):
        raise SchemaError(
            path, "应为 true 或 false", f"expected a boolean, got {type(raw).__name__}"
        )
    return raw


def money(raw: Any, path: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise SchemaError(path, "应为金额数字", f"expected a number, got {type(raw).__name__}")
    value = Decimal(str(raw))
    if not value.is_finite() or value < 0:
        raise SchemaError(path, "金额应为非负数", "expected a non-negative amount")
    return value


def number(minimum: float = 0, maximum: float = 1_000_000) -> Validator:
    def check(raw: Any, path: str) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise SchemaError(path, "应为数字", f"expected a number, got {type(raw).__name__}")
        if not minimum <= raw <= maximum:
            raise SchemaError(
                path, f"应在 {minimum} 到 {maximum} 之间", f"out of range {minimum}..{maximum}"
            )
        return float(raw)

    return check


def one_of(*choices: str) -> Validator:
    def check(raw: Any, path: str) -> str:
        if not isinstance(raw, str) or raw not in choices:
            listed = "、".join(choices)
            raise SchemaError(path, f"取值应为以下之一：{listed}", f"expected one of {choices}")
        return raw

    return check


def list_of(item: Validator) -> Validator:
    def check(raw: Any, path: str) -> tuple[Any, ...]:
        if not isinstance(raw, list):
            raise SchemaError(path, "应为列表", f"expected a list, got {type(raw).__name__}")
        values = tuple(item(element, f"{path}[{i}]") for i, element in enumerate(raw))
        if len(set(values)) != len(values):
            raise SchemaError(path, "列表中有重复项", "duplicate items")
        return values

    return check


def table(
    required: Mapping[str, Validator], optional: Mapping[str, Validator] | None = None
) -> Validator:
    optional = optional or {}

    def check(raw: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(raw, dict):
            raise SchemaError(
                path, "应为表（键值对）", f"expected a table, got {type(raw).__name__}"
            )
        for name in raw:
            if name not in required and name not in optional:
                raise SchemaError(_join(path, name), "不认识的字段", "unknown field")
        out: dict[str, Any] = {}
        for name, validator in required.items():
            if name not in raw:
                raise SchemaError(_join(path, name), "缺少必填字段", "missing required field")
            out[name] = validator(raw[name], _join(path, name))
        for name, validator in optional.items():
            if name in raw:
                out[name] = validator(raw[name], _join(path, name))
        return out

    return check


def year_month(raw: Any, path: str) -> int:
    try:
        if not isinstance(raw, str):
            raise ValueError(raw)
        return parse_year_month(raw)
    except ValueError:
        raise SchemaError(path, "应为 YYYY-MM 格式的年月", "expected a YYYY-MM month") from None


def ratio(raw: Any, path: str) -> Fraction:
    try:
        if not isinstance(raw, str):
            raise ValueError(raw)
        value = Fraction(raw)
    except (ValueError, ZeroDivisionError):
        raise SchemaError(
            path, '应为分数文字，如 "2/3"', 'expected a fraction string like "2/3"'
        ) from None
    if not 0 < value <= 1:
        raise SchemaError(path, "比例应大于0且不超过1", "ratio must be in (0, 1]")
    return value


def amount(*methods: str) -> Validator:
    """A monthly subsidy amount: a share of the contribution, fixed sums, or the unit share."""
    shapes: dict[str, Validator] = {
        "ratio": table({"method": one_of("ratio"), "ratio": ratio}),
        "fixed": table(
            {"method": one_of("fixed")},
            {"pension": money, "medical": money, "unemployment": money},
        ),
        "unit_share": table({"method": one_of("unit_share")}),
    }

    def check(raw: Any, path: str) -> Mapping[str, Any]:
        method = raw.get("method") if isinstance(raw, dict) else None
        if method not in methods:
            listed = "、".join(methods)
            raise SchemaError(
                _join(path, "method"), f"取值应为以下之一：{listed}", f"expected one of {methods}"
            )
        value = shapes[method](raw, path)
        if method == "fixed" and len(value) == 1:
            raise SchemaError(path, "定额补贴至少列出一个险种金额", "fixed amount needs an item")
        return value

    return check


_female_categories = one_of(
    RetirementCategory.FEMALE_CADRE.value, RetirementCategory.FEMALE_WORKER.value
)
_statuses = [s.value for s in EmploymentStatus]

_retirement = table(
    {
        "original_age_years": integer(40, 70),
        "first_birth_month": year_month,
        "birth_months_per_step": integer(1, 120),
        "max_delay_months": integer(0, 120),
    }
)
_difficulty_term = table(
    {"max_months": integer(1, 600), "near_retirement_months": integer(0, 600)},
    {"near_retirement_law": one_of("current", "at_first_approval")},
)
_age_range = table({"min": integer(0, 100), "max": integer(0, 100)})
# Labour-market figures (jobhub.market): how hour and day pay become a month, where an
# occupation counts as short or in surplus, and the early-warning thresholds per indicator.
WARNING_INDICATORS = (
    "new_unemployment",
    "layoffs",
    "benefit_claims",
    "vacancies_change",
    "demand_ratio",
    "zero_employment_open",
)
_threshold_fields = table(
    {
        "direction": one_of("above", "below"),
        "watch": number(-1_000_000),
        "alert": number(-1_000_000),
    }
)


def _threshold(raw: Any, path: str) -> Mapping[str, Any]:
    """关注 and 预警 limits of an indicator; 预警 must lie at or past 关注 (above: not lower;
    below: not higher), or a street would be 预警 before it is 关注."""
    value = _threshold_fields(raw, path)
    above = value["direction"] == "above"
    if (value["alert"] < value["watch"]) if above else (value["alert"] > value["watch"]):
        relation = "不小于" if above else "不大于"
        raise SchemaError(
            _join(path, "alert"),
            f"预警阈值应{relation}关注阈值（direction = {value['direction']}）",
            "alert must lie at or beyond watch",
        )
    return value


# What a station records as a service given (jobhub.stations.models.SERVICE_KINDS): a key-group
# service counts as taken up when one of the kinds it names is recorded for the person.
RECORDED_SERVICE_KINDS = (
    "career_guidance",
    "job_referral",
    "training_referral",
    "traineeship_offer",
    "policy_briefing",
    "rights_guidance",
)
_SERVICE_CODE = re.compile(r"[a-z][a-z0-9_]{0,29}")


def _text(raw: Any, path: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise SchemaError(path, "应为非空文字", "expected non-empty text")
    return raw.strip()


def _service_code(raw: Any, path: str) -> str:
    if not isinstance(raw, str) or not _SERVICE_CODE.fullmatch(raw) or raw in SUBSIDY_CODES:
        raise SchemaError(
            path,
            "服务代码应为小写字母开头的字母、数字、下划线（至多 30 个字符），且不与补贴代码相同",
            "expected a lower-case code of at most 30 characters, not a subsidy code",
        )
    return raw


_SERVICE = table(
    {
        "code": _service_code,
        "group": one_of(*KEY_GROUP_CODES),
        "name": _text,
        "how": _text,
        "basis": _text,
        "served_by": list_of(one_of(*RECORDED_SERVICE_KINDS)),
    }
)


def _group_services(raw: Any, path: str) -> tuple[Mapping[str, Any], ...]:
    """Key-group services (1131 实名服务, 就业援助 …): each with its group, how to take it up,
    its legal basis and the recorded services that count as giving it; codes unique."""
    if not isinstance(raw, list):
        raise SchemaError(path, "应为列表", f"expected a list, got {type(raw).__name__}")
    services = tuple(_SERVICE(item, f"{path}[{i}]") for i, item in enumerate(raw))
    codes = [s["code"] for s in services]
    if len(set(codes)) != len(codes):
        raise SchemaError(path, "服务代码有重复", "duplicate service codes")
    return services


@dataclass(frozen=True)
class KeySpec:
    validate: Validator
    required: bool = True


KEY_SPECS: Mapping[str, KeySpec] = {
    "retirement.male": KeySpec(_retirement),
    "retirement.female_cadre": KeySpec(_retirement),
    "retirement.female_worker": KeySpec(_retirement),
    "retirement.female_default": KeySpec(
        table({"default": _female_categories}, dict.fromkeys(_statuses, _female_categories))
    ),
    "working_age.min_years": KeySpec(integer(0, 30)),
    "difficulty.categories": KeySpec(list_of(one_of(*DIFFICULTY_CODES))),
    "older_worker.min_age": KeySpec(table({"female": integer(0, 80), "male": integer(0, 80)})),
    "long_term_unemployed.min_months": KeySpec(integer(1, 120)),
    "employment_difficulty.statuses": KeySpec(list_of(one_of(*_statuses))),
    "graduate.education_levels": KeySpec(list_of(one_of(*[e.value for e in Education]))),
    "graduate.window_months": KeySpec(integer(1, 120)),
    "graduate.count_graduation_year": KeySpec(boolean),
    "si_flexible.blocked_while_receiving_benefit": KeySpec(boolean),
    "si_flexible_difficulty.term": KeySpec(_difficulty_term),
    "si_flexible_difficulty.amount": KeySpec(amount("ratio", "fixed")),
    "si_flexible_graduate.term_months": KeySpec(integer(1, 120)),
    "si_flexible_graduate.amount": KeySpec(amount("ratio", "fixed")),
    "si_unit_difficulty.term": KeySpec(_difficulty_term),
    "si_unit_difficulty.amount": KeySpec(amount("unit_share", "fixed")),
    "si_unit_graduate_sme.term_months": KeySpec(integer(1, 120)),
    "si_unit_graduate_sme.min_contract_months": KeySpec(integer(0, 120)),
    "si_unit_graduate_sme.amount": KeySpec(amount("unit_share", "fixed")),
    "job_expansion_once.amount": KeySpec(money),
    "job_expansion_once.min_insured_months": KeySpec(integer(0, 60)),
    "job_expansion_once.youth_age": KeySpec(_age_range),
    "public_welfare_post.max_placements": KeySpec(integer(1, 100), required=False),
    "traineeship.youth_age": KeySpec(_age_range),
    "traineeship.term_months": KeySpec(_age_range),
    # The acts: who may register where, what proves each category, how long a 认定 lasts.
    "unemployment_registration.residence": KeySpec(
        list_of(one_of(*RESIDENCE_CODES)), required=False
    ),
    "unemployment_registration.residence_evidence": KeySpec(
        list_of(one_of(*RESIDENCE_EVIDENCE_CODES)), required=False
    ),
    "unemployment_registration.certificate_number": KeySpec(
        table(
            {"formats": list_of(one_of(*CERTIFICATE_FORMAT_CODES))},
            {"issued_digits": list_of(integer(6, 30))},
        ),
        required=False,
    ),
    "certification.evidence": KeySpec(
        table({}, dict.fromkeys(DIFFICULTY_CODES, list_of(one_of(*EVIDENCE_CODES)))),
        required=False,
    ),
    "certification.terms": KeySpec(
        table(
            {
                "validity_months": integer(1, 120),
                "review_months": integer(1, 120),
                "end_after_employed_months": integer(0, 120),
            }
        ),
        required=False,
    ),
    "market.pay_conversion": KeySpec(
        table({"days_per_month": number(1, 31), "hours_per_day": number(1, 24)}), required=False
    ),
    "market.supply_demand": KeySpec(
        table(
            {
                "shortage_ratio": number(0, 100),
                "surplus_ratio": number(0, 100),
                "min_volume": integer(0, 1_000_000),
            }
        ),
        required=False,
    ),
    "key_group.services": KeySpec(_group_services, required=False),
    "vocational_training.routes": KeySpec(
        list_of(one_of("graduate_within_2y", "registered_unemployed", "employment_difficulty"))
    ),
    "vocational_training.amount": KeySpec(
        table({"junior": money, "intermediate": money, "senior": money})
    ),
    "training_living_allowance.categories": KeySpec(
        list_of(one_of("employment_difficulty", *DIFFICULTY_CODES))
    ),
    "training_living_allowance.per_day": KeySpec(money),
    "training_living_allowance.hours_per_day": KeySpec(integer(1, 24)),
    "training_living_allowance.max_days": KeySpec(integer(1, 365)),
    **{f"warning.{name}": KeySpec(_threshold, required=False) for name in WARNING_INDICATORS},
}


def parse_date(raw: Any, path: str) -> date:
    """A TOML date (``2025-01-01``) or the same as a quoted string; nothing else."""
    if isinstance(raw, date) and not hasattr(raw, "hour"):
        return raw
    if isinstance(raw, str):
        try:
            if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
                return date.fromisoformat(raw)
        except ValueError:
            pass
        raise SchemaError(path, f"日期无效：{raw!r}，应为 YYYY-MM-DD", f"invalid date {raw!r}")
    raise SchemaError(
        path, "应为 YYYY-MM-DD 格式的日期", f"expected a date, got {type(raw).__name__}"
    )
