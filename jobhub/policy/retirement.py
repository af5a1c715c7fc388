"""Legal retirement date under the 2025 reform (渐进式延迟法定退休年龄).

Rule, as published (NPC Standing Committee decision of 2024-09-13 and the State Council 办法,
in force 2025-01-01; rules-reference.md §2 [V]): men, and women whose original age was 55,
retire one month later for every 4 birth months from 1965-01 / 1970-01, up to 63 / 58; women
whose original age was 50 retire one month later for every 2 birth months from 1975-01, up
to 55::

    idx   = (birth_year - start_year) * 12 + (birth_month - start_month)
    delay = 0 if idx < 0 else min(max_delay, idx // step + 1)
    retirement date = birth date + original age + delay months (same day, clamped to month end)

The parameters are dated: before 2025-01-01 the profile holds the pre-reform ages with no
delay, so a calculation dated in 2024 answers with the law of 2024.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .dates import add_months, month_index, zh_date
from .facts import CATEGORY_ZH, Gender, PersonFacts, RetirementCategory
from .profiles import Profile
from .results import Retirement


@dataclass(frozen=True)
class RetirementRule:
    """One category's parameters (from ``retirement.<category>`` in the profile)."""

    original_age_years: int
    first_birth_month: int  # month index
    birth_months_per_step: int
    max_delay_months: int

    def delay_months(self, birth: date) -> int:
        idx = month_index(birth) - self.first_birth_month
        if idx < 0:
            return 0
        return min(self.max_delay_months, idx // self.birth_months_per_step + 1)

    def retirement_date(self, birth: date) -> date:
        return add_months(birth, 12 * self.original_age_years + self.delay_months(birth))


def resolve_category(
    person: PersonFacts, profile: Profile, on: date
) -> tuple[RetirementCategory, bool]:
    """The person's category and whether it was defaulted.

    Men are always ``male``. A woman without a stated category gets the profile's default
    (``retirement.female_default``), which may depend on her employment status (some regions
    treat women insured as flexible workers as 原55周岁).
    """
    if person.retirement_category is not None:
        return person.retirement_category, False
    if person.gender is Gender.MALE:
        return RetirementCategory.MALE, True
    defaults = profile.value("retirement.female_default", on)
    status = person.employment_status.value if person.employment_status else None
    chosen = defaults.get(status, defaults["default"]) if status else defaults["default"]
    return RetirementCategory(chosen), True


def unknown_categories(
    person: PersonFacts, profile: Profile, on: date
) -> tuple[RetirementCategory, ...]:
    """The categories a woman without a stated category may hold: both female ones, unless
    the region's rule fixes the category for her employment status (some regions treat women
    insured as flexible workers as 原55周岁). Empty when the category is known."""
    if person.retirement_category is not None or person.gender is Gender.MALE:
        return ()
    status = person.employment_status.value if person.employment_status else None
    if status is not None and status in profile.value("retirement.female_default", on):
        return ()
    return (RetirementCategory.FEMALE_WORKER, RetirementCategory.FEMALE_CADRE)


def category_may_decide(birth: date, gender: Gender | str, profile: Profile, on: date) -> bool:
    """Whether a woman's category can change any verdict on ``on``: from five years (the
    term rule's "距法定退休年龄不足5年") before the earliest retirement date of the female
    categories to the latest. The counter asks for the category only then."""
    if Gender(gender) is Gender.MALE:
        return False
    dates = [
        rule_for(c, profile, on).retirement_date(birth)
        for c in (RetirementCategory.FEMALE_WORKER, RetirementCategory.FEMALE_CADRE)
    ]
    near = profile.value("si_flexible_difficulty.term", on)["near_retirement_months"]
    return add_months(min(dates), -near) <= on < max(dates)


def rule_for(category: RetirementCategory, profile: Profile, on: date) -> RetirementRule:
    return RetirementRule(**profile.value(f"retirement.{category.value}", on))


def legal_retirement_date(
    person: PersonFacts, profile: Profile, on: date
) -> tuple[date, RetirementCategory]:
    """Retirement date under the law in force on ``on`` (used for the term of subsidies)."""
    category, _ = resolve_category(person, profile, on)
    return rule_for(category, profile, on).retirement_date(person.birth_date), category


def evaluate_retirement(person: PersonFacts, profile: Profile, as_of: date) -> Retirement:
    """The legal retirement date, age and reasons on ``as_of``."""
    category, defaulted = resolve_category(person, profile, as_of)
    rule = rule_for(category, profile, as_of)
    delay = rule.delay_months(person.birth_date)
    when = rule.retirement_date(person.birth_date)
    years, months = rule.original_age_years + delay // 12, delay % 12
    age_text = f"{years}周岁" + (f"{months}个月" if months else "")
    birth = person.birth_date

    reasons: list[str] = []
    if defaulted and category is not RetirementCategory.MALE:
        reasons.append(
            f"未填写退休类别，按本地区规定以{CATEGORY_ZH[category]}计算（可按实际身份更正）。"
        )
    worker = "男职工" if category is RetirementCategory.MALE else "女职工"
    head = (
        f"{birth.year}年{birth.month}月出生的{worker}，原法定退休年龄{rule.original_age_years}周岁"
    )
    if rule.max_delay_months == 0:
        reasons.append(f"{head}；按计算日期适用的规定不延迟。")
    elif delay == 0:
        reasons.append(f"{head}；出生早于延迟退休的起始出生月份，不延迟。")
    else:
        step = rule.birth_months_per_step
        reasons.append(
            f"{head}；按每{step}个月延迟1个月（最多延迟{rule.max_delay_months}个月），"
            f"延迟{delay}个月。"
        )
    reasons.append(f"法定退休年龄为{age_text}，法定退休日期为{zh_date(when)}。")
    return Retirement(
        date=when,
        age_years=years,
        age_months=months,
        category=category,
        category_defaulted=defaulted,
        delay_months=delay,
        reasons=tuple(reasons),
        basis=profile.basis("retirement", as_of),
    )
