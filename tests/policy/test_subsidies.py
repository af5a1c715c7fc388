"""Subsidies: terms, caps, and the reasons for yes and no."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jobhub.policy import evaluate

from .factory import AS_OF, flexible_difficulty, person, reasons_text, subsidy

# flexible_difficulty(): man born 1970-03-10. Reform: idx 62 → delay 62//4+1 = 16 months →
# 61 years 4 months → retirement 2031-07-10; the retirement month is 2031-07.
RETIREMENT = date(2031, 7, 10)


def test_every_profile_code_appears_once_in_order():
    ev = evaluate(person(), AS_OF)
    assert [s.code for s in ev.subsidies] == [
        "si_flexible_difficulty",
        "si_flexible_graduate",
        "si_unit_difficulty",
        "si_unit_graduate_sme",
        "job_expansion_once",
        "public_welfare_post",
        "traineeship",
        "vocational_training",
        "training_living_allowance",
    ]


def test_flexible_difficulty_eligible_term_and_cap():
    p = flexible_difficulty()
    assert evaluate(p, AS_OF).retirement.date == RETIREMENT
    result = subsidy(p, "si_flexible_difficulty")
    assert result.eligible
    # No first approval: the term starts in the month of as_of; 2026-11 → 2031-07 is 56
    # months (< 60), so it runs up to the month before retirement: 2026-11 .. 2031-06.
    assert (result.start, result.end, result.months) == (date(2026, 11, 1), date(2031, 6, 30), 56)
    assert result.monthly_amount_cap == Decimal("400.00")  # 2/3 of 600
    assert "不足5年" in reasons_text(result)


def test_exactly_60_months_to_retirement_gives_36():
    # First approval in 2026-07: exactly 60 months before 2031-07.
    result = subsidy(
        flexible_difficulty(subsidy_first_approved_on=date(2026, 7, 1)), "si_flexible_difficulty"
    )
    assert (result.start, result.end, result.months) == (date(2026, 7, 1), date(2029, 6, 30), 36)


def test_59_months_to_retirement_runs_to_retirement():
    result = subsidy(
        flexible_difficulty(subsidy_first_approved_on=date(2026, 8, 3)), "si_flexible_difficulty"
    )
    assert (result.start, result.end, result.months) == (date(2026, 8, 1), date(2031, 6, 30), 59)


def test_not_eligible_once_the_term_is_over():
    # Approved 2022-01 (114 months before retirement) → 36 months → 2022-01 .. 2024-12.
    p = flexible_difficulty(subsidy_first_approved_on=date(2022, 1, 10))
    assert subsidy(p, "si_flexible_difficulty", date(2024, 12, 31)).eligible
    late = subsidy(p, "si_flexible_difficulty", date(2025, 1, 1))
    assert not late.eligible and late.start is None and late.monthly_amount_cap is None
    assert "2024年12月31日届满" in reasons_text(late)


def test_first_approval_before_the_reform():
    # Man born 1966-01-10, first approved 2021-03-15.
    p = flexible_difficulty(
        birth_date=date(1966, 1, 10), subsidy_first_approved_on=date(2021, 3, 15)
    )
    # In 2024 the law said 60 → retirement 2026-01-10: 58 months from 2021-03, so the term
    # runs to the month before retirement (2025-12).
    before = subsidy(p, "si_flexible_difficulty", date(2024, 6, 1))
    assert before.eligible and before.end == date(2025, 12, 31) and before.months == 58
    # From 2025 the reform moves retirement to 2026-05-10 (delay 4): 62 months, so the
    # contract's rule gives 36 months, 2021-03 .. 2024-02, already over.
    after = subsidy(p, "si_flexible_difficulty", date(2025, 6, 1))
    assert not after.eligible
    assert "2024年2月29日届满" in reasons_text(after)


def test_as_of_in_the_retirement_month_gives_no_month():
    result = subsidy(flexible_difficulty(), "si_flexible_difficulty", date(2031, 7, 5))
    assert not result.eligible
    assert "无可享受的补贴月份" in reasons_text(result)


def test_unemployment_benefit_blocks_the_subsidy():
    result = subsidy(
        flexible_difficulty(receiving_unemployment_benefit=True), "si_flexible_difficulty"
    )
    assert not result.eligible
    assert "正在领取失业保险金期间不享受社会保险补贴" in result.reasons[-1]


def test_not_flexible_is_said_in_words():
    result = subsidy(flexible_difficulty(employment_status="unemployed"), "si_flexible_difficulty")
    assert not result.eligible
    assert "未处于灵活就业状态" in reasons_text(result)


def test_no_contribution_no_subsidy():
    result = subsidy(
        flexible_difficulty(monthly_contribution=Decimal("0")), "si_flexible_difficulty"
    )
    assert not result.eligible and "缴费额须大于0" in reasons_text(result)


def test_not_a_difficulty_person():
    result = subsidy(flexible_difficulty(birth_date=date(1990, 1, 1)), "si_flexible_difficulty")
    assert not result.eligible
    assert "不符合任何一类就业困难人员认定条件" in reasons_text(result)


@pytest.mark.parametrize(
    ("paid", "cap"),
    [
        ("600", "400.00"),
        ("500", "333.33"),  # 333.333…
        ("100.01", "66.67"),  # 66.6733…
        ("0.01", "0.01"),  # 0.00666… rounds up to a cent, still not above the payment
        ("1000.00", "666.67"),  # 666.666… rounds half up
    ],
)
def test_cap_is_two_thirds_to_the_cent(paid, cap):
    result = subsidy(
        flexible_difficulty(monthly_contribution=Decimal(paid)), "si_flexible_difficulty"
    )
    assert result.monthly_amount_cap == Decimal(cap)


@pytest.mark.parametrize(("paid", "cap"), [("600", "450.00"), ("300", "300.00")])
def test_fixed_sum_region_never_pays_more_than_paid(paid, cap):
    # sample_county: 350元 pension + 100元 medical, not above the actual contribution.
    p = flexible_difficulty(monthly_contribution=Decimal(paid))
    result = subsidy(p, "si_flexible_difficulty", region="sample_county")
    assert result.monthly_amount_cap == Decimal(cap)
    assert "养老保险每月350.00元" in reasons_text(result)


def flexible_graduate(**overrides):
    fields = {
        "birth_date": date(2002, 3, 1),
        "education": "bachelor",
        "graduation_date": date(2025, 6, 30),
        "employment_status": "flexible",
        "employment_since": date(2025, 9, 1),
        "monthly_contribution": Decimal("500"),
    }
    fields.update(overrides)
    return person(**fields)


def test_flexible_graduate_24_months_from_as_of():
    result = subsidy(flexible_graduate(), "si_flexible_graduate")
    assert result.eligible
    assert (result.start, result.end, result.months) == (date(2026, 11, 1), date(2028, 10, 31), 24)
    assert result.monthly_amount_cap == Decimal("333.33")


@pytest.mark.parametrize(
    ("since", "ok"),
    [
        (date(2025, 1, 1), True),  # 1 January of the graduation year
        (date(2024, 12, 31), False),
        (date(2027, 6, 30), True),  # graduation + 24 months
        (date(2027, 7, 1), False),
    ],
)
def test_flexible_graduate_start_of_flexible_work_window(since, ok):
    result = subsidy(
        flexible_graduate(employment_since=since), "si_flexible_graduate", date(2027, 7, 1)
    )
    assert result.eligible is ok


def test_flexible_graduate_term_runs_from_first_approval_and_ends():
    p = flexible_graduate(subsidy_first_approved_on=date(2025, 9, 15))
    assert subsidy(p, "si_flexible_graduate", date(2027, 8, 31)).end == date(2027, 8, 31)
    over = subsidy(p, "si_flexible_graduate", date(2027, 9, 1))
    assert not over.eligible and "届满" in reasons_text(over)


def test_flexible_graduate_blocked_by_benefit_and_education():
    blocked = subsidy(
        flexible_graduate(receiving_unemployment_benefit=True), "si_flexible_graduate"
    )
    assert "正在领取失业保险金期间不享受社会保险补贴。" in blocked.reasons
    high_school = subsidy(flexible_graduate(education="senior_high"), "si_flexible_graduate")
    assert not high_school.eligible and "大专（高职）及以上" in reasons_text(high_school)


def test_unit_difficulty_needs_the_units_contribution():
    p = flexible_difficulty(employment_status="unemployed")
    without = subsidy(p, "si_unit_difficulty")
    assert not without.eligible and without.person_qualifies
    assert "单位缴费部分" in reasons_text(without)
    with_unit = subsidy(
        flexible_difficulty(
            employment_status="unemployed", unit_monthly_contribution=Decimal("912.5")
        ),
        "si_unit_difficulty",
    )
    assert with_unit.eligible and with_unit.monthly_amount_cap == Decimal("912.50")
    assert with_unit.months == 56 and with_unit.end == date(2031, 6, 30)  # same rule as above


def test_unit_difficulty_not_for_someone_already_employed():
    p = flexible_difficulty(employment_status="employed", unit_monthly_contribution=Decimal("900"))
    result = subsidy(p, "si_unit_difficulty")
    assert not result.eligible and not result.person_qualifies


def sme_graduate(**overrides):
    fields = {
        "birth_date": date(2002, 3, 1),
        "education": "junior_college",
        "graduation_date": date(2026, 6, 30),
        "employment_status": "unemployed",
        "unit_monthly_contribution": Decimal("850"),
    }
    fields.update(overrides)
    return person(**fields)


def test_sme_graduate_12_months_from_hire():
    result = subsidy(sme_graduate(), "si_unit_graduate_sme")
    assert result.eligible
    assert (result.start, result.end, result.months) == (date(2026, 11, 1), date(2027, 10, 31), 12)
    assert result.monthly_amount_cap == Decimal("850.00")
    assert "前提：用人单位须为小微企业" in reasons_text(result)


@pytest.mark.parametrize(
    ("extra", "phrase"),
    [
        ({"employer_is_sme": False}, "不是小微企业"),
        ({"contract_months": 6}, "须签订12个月以上劳动合同"),
    ],
)
def test_sme_graduate_employer_conditions(extra, phrase):
    result = subsidy(sme_graduate(**extra), "si_unit_graduate_sme")
    assert not result.eligible and result.person_qualifies
    assert phrase in reasons_text(result)


def test_sme_graduate_contract_of_a_year_is_enough():
    assert subsidy(
        sme_graduate(contract_months=12, employer_is_sme=True), "si_unit_graduate_sme"
    ).eligible


def test_job_expansion_within_its_window():
    # 2024-01-01 .. 2025-12-31; the 2026 continuation is unverified.
    p = sme_graduate(graduation_date=date(2025, 6, 30))
    inside = subsidy(p, "job_expansion_once", date(2025, 12, 31))
    assert inside.eligible and inside.monthly_amount_cap == Decimal("1500")
    assert (inside.start, inside.end, inside.months) == (date(2025, 12, 1), date(2025, 12, 31), 1)
    outside = subsidy(p, "job_expansion_once", date(2026, 1, 1))
    assert not outside.eligible and "执行期" in reasons_text(outside)


def test_job_expansion_for_registered_unemployed_youth_up_to_24():
    # Born 2000-12-31: 24 until 2025-12-30, 25 on 2025-12-31 (inside the policy window).
    youth = person(
        birth_date=date(2000, 12, 31),
        employment_status="unemployed",
        unemployment_registered_since=date(2025, 3, 1),
    )
    assert subsidy(youth, "job_expansion_once", date(2025, 12, 30)).eligible
    too_old = subsidy(youth, "job_expansion_once", date(2025, 12, 31))
    assert not too_old.eligible and "不在16—24周岁" in reasons_text(too_old)


@pytest.mark.parametrize(
    ("extra", "phrase", "person_side"),
    [
        ({"job_expansion_claimed": True}, "每人限享受一次", False),
        ({"employer_is_public_institution": True}, "机关事业单位", True),
        ({"adult_education_graduate": True, "birth_date": date(1998, 1, 1)}, "成人教育", False),
    ],
)
def test_job_expansion_exclusions(extra, phrase, person_side):
    result = subsidy(
        sme_graduate(graduation_date=date(2025, 6, 30), **extra),
        "job_expansion_once",
        date(2025, 9, 1),
    )
    assert not result.eligible and result.person_qualifies is person_side
    assert phrase in reasons_text(result)


def test_public_welfare_post_priority_and_regional_cap():
    p = flexible_difficulty(employment_status="unemployed", zero_employment_household=True)
    result = subsidy(p, "public_welfare_post")
    assert result.eligible and result.start is None and result.monthly_amount_cap is None
    assert "零就业家庭成员" in reasons_text(result) and "优先安排" in reasons_text(result)
    twice = flexible_difficulty(employment_status="unemployed", public_welfare_placements=2)
    assert subsidy(twice, "public_welfare_post").eligible  # default: no cap
    capped = subsidy(twice, "public_welfare_post", region="sample_county")
    assert not capped.eligible and "不超过2次" in reasons_text(capped)


def test_traineeship_for_graduates_and_youth_only():
    assert subsidy(sme_graduate(), "traineeship").eligible
    youth = person(
        birth_date=date(2002, 11, 23),
        employment_status="unemployed",
        unemployment_registered_since=date(2026, 1, 1),
    )
    assert subsidy(youth, "traineeship").eligible  # 23
    assert not subsidy(youth, "traineeship", date(2027, 11, 23)).eligible  # 25


def test_eligible_results_cite_their_basis():
    result = subsidy(flexible_difficulty(), "si_flexible_difficulty")
    assert any("财社〔2023〕181号" in line for line in result.basis)
    assert any("第（十三）项" in line for line in result.basis)
    # Before 2026-01-09 the basis is 181号 as issued; from then on it is cited as revised.
    early = subsidy(flexible_difficulty(), "si_flexible_difficulty", date(2025, 6, 1))
    assert "《就业补助资金管理办法》（财社〔2023〕181号）" in early.basis
    assert not any("财社〔2026〕1号" in line for line in early.basis)
    assert any("财社〔2026〕1号" in line for line in result.basis)
