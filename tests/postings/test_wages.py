"""wage_outlier: minimum wage by unit, market bands from the caller, fallback ceilings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobhub.postings import MinimumWage, ReviewContext, WageBand, WageReference
from jobhub.postings.data import wage_parameters

from .helpers import check

# An explicit standard, so these tests do not depend on the profile shipped in wages.toml.
LOCAL = MinimumWage(
    region="test-city",
    month=2000.0,
    hour=20.0,
    effective_from=date(2024, 1, 1),
    source="测试市最低工资标准（2024年1月1日起）",
)
CTX = ReviewContext(minimum_wage=LOCAL)


def wage_rules(
    description: str = "负责产品组装。",
    title: str = "普工",
    context: ReviewContext = CTX,
    **pay: object,
) -> list[str]:
    result = check(description, title, context=context, **pay)
    return [f.rule for f in result.findings if f.code == "wage_outlier"]


@pytest.mark.parametrize(
    ("unit", "lo", "hi", "flagged"),
    [
        ("month", 1999, 3000, True),
        ("month", 2000, 3000, False),
        ("hour", 19.5, 25, True),
        ("hour", 20, 25, False),
        # a day is month / 21.75 = 91.95
        ("day", 91, 120, True),
        ("day", 92, 120, False),
    ],
)
def test_pay_below_the_minimum_wage_is_a_warn(
    unit: str, lo: float, hi: float, flagged: bool
) -> None:
    rules = wage_rules(salary_min=float(lo), salary_max=float(hi), salary_unit=unit)
    assert (rules == ["wage_below_minimum"]) is flagged


def test_the_minimum_wage_finding_says_what_the_standard_is() -> None:
    result = check(salary_min=1800.0, salary_max=2200.0, context=CTX)
    (finding,) = result.findings
    assert (finding.code, finding.severity, finding.text) == ("wage_outlier", "warn", "salary_min")
    assert result.verdict == "warn"
    assert "每月1800元" in finding.message and "每月2000元" in finding.message
    assert "测试市最低工资标准" in finding.message
    assert "劳动法》第四十八条" in finding.basis


def test_the_profile_in_force_on_the_review_date_is_used() -> None:
    params = wage_parameters()
    region = params.default_region
    profiles = sorted(
        (m for m in params.minimum_wages if m.region == region), key=lambda m: m.effective_from
    )
    assert len(profiles) >= 2, "the default profile should show a change of standard"
    older, newer = profiles[-2], profiles[-1]
    between = (older.month + newer.month) / 2
    before_change = ReviewContext(today=newer.effective_from - timedelta(days=1))
    on_change = ReviewContext(today=newer.effective_from)
    pay = {"salary_min": between, "salary_max": between + 1000, "salary_unit": "month"}
    assert wage_rules(context=before_change, **pay) == []
    assert wage_rules(context=on_change, **pay) == ["wage_below_minimum"]
    # Undated reviews use the newest standard.
    assert wage_rules(context=ReviewContext(), **pay) == ["wage_below_minimum"]


def test_an_unknown_region_has_no_minimum_wage_check() -> None:
    assert (
        wage_rules(context=ReviewContext(region="nowhere"), salary_min=100.0, salary_max=200.0)
        == []
    )


REFERENCE = WageReference(
    occupation_code="6-18-01-01",
    occupation_name="装配工",
    bands=(WageBand(unit="month", p10=4500, p50=6000, p90=8000),),
    source="平台在招岗位，测试数据",
)


@pytest.mark.parametrize(
    ("lo", "hi", "expected"),
    [
        (6000, 16000, []),  # exactly 2 x p90
        (6000, 16001, ["wage_above_market"]),
        (2250, 6000, []),  # exactly 0.5 x p10
        (2249, 6000, ["wage_below_market"]),
    ],
)
def test_the_platform_reference_band_sets_the_market(
    lo: float, hi: float, expected: list[str]
) -> None:
    context = ReviewContext(minimum_wage=LOCAL, wage_reference=REFERENCE)
    assert wage_rules(context=context, salary_min=float(lo), salary_max=float(hi)) == expected


def test_the_reference_message_names_the_occupation() -> None:
    context = ReviewContext(minimum_wage=LOCAL, wage_reference=REFERENCE)
    (finding,) = check(salary_min=6000.0, salary_max=30000.0, context=context).findings
    assert "装配工" in finding.message and "第90百分位" in finding.message


def test_a_reference_without_the_posting_unit_falls_back_to_the_unit_ceiling() -> None:
    context = ReviewContext(minimum_wage=LOCAL, wage_reference=REFERENCE)
    assert wage_rules(context=context, salary_min=3000.0, salary_max=3000.0, salary_unit="day") == [
        "wage_above_market"
    ]


def test_a_low_skill_post_offering_3000_a_day_is_a_red_flag() -> None:
    assert wage_rules(
        title="日结普工", salary_min=3000.0, salary_max=3000.0, salary_unit="day"
    ) == ["wage_above_market"]


def test_skilled_day_rates_pass_the_fallback() -> None:
    assert wage_rules(title="塔吊司机", salary_min=600.0, salary_max=800.0, salary_unit="day") == []
    assert wage_rules(title="架子工", salary_min=400.0, salary_max=500.0, salary_unit="day") == []


def test_the_low_skill_ceiling_is_lower_than_the_general_one() -> None:
    pay = {"salary_min": 8000.0, "salary_max": 20000.0}
    assert wage_rules(title="服务员", **pay) == ["wage_above_market"]
    assert wage_rules(title="软件工程师", **pay) == []


def test_a_reversed_range_is_not_also_a_wage_outlier() -> None:
    result = check(salary_min=100.0, salary_max=50.0, context=CTX)
    assert [f.rule for f in result.findings] == ["salary_range_invalid"]
