"""职业培训补贴 and 培训期间生活费补贴: who, how much, and every reason line checked against the
sums it states (issue 19 item 2)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from jobhub.policy import PersonFacts, evaluate
from jobhub.policy.training import CourseFacts, training_subsidies

AS_OF = date(2026, 12, 5)


def unemployed(**extra) -> PersonFacts:
    """A man registered unemployed since March (城镇登记失业人员), 36 years old."""
    values = {
        "birth_date": date(1990, 8, 3),
        "gender": "male",
        "employment_status": "unemployed",
        "unemployment_registered_since": date(2026, 3, 1),
    }
    values.update(extra)
    return PersonFacts(**values)


def course(**extra) -> CourseFacts:
    values = {
        "title": "叉车司机培训",
        "level": "intermediate",
        "fee": Decimal("1800"),
        "hours": 64,
        "subsidised": True,
        "certificate_level": "intermediate",
    }
    values.update(extra)
    return CourseFacts(**values)


def yuan_in(text: str) -> list[Decimal]:
    return [Decimal(x) for x in re.findall(r"(\d+\.\d{2})元", text)]


def test_certificate_level_sets_the_amount_and_the_reason_states_it():
    found = training_subsidies(unemployed(), AS_OF, course())
    assert found.training.eligible and found.training_amount == Decimal("1500.00")
    last = found.training.reasons[-1]
    # 本地区标准1500.00元，培训费1800.00元 … 可补贴1500.00元
    assert yuan_in(last) == [Decimal("1500.00"), Decimal("1800.00"), Decimal("1500.00")]
    assert "中级（四级）" in last
    assert any("财社〔2023〕181号" in b for b in found.training.basis)
    assert any("第（七）项" in b for b in found.training.basis)


@pytest.mark.parametrize(
    ("fee", "paid"),
    [("999.99", "999.99"), ("1000.00", "1000.00"), ("1000.01", "1000.00"), ("0", "0.00")],
)
def test_never_more_than_the_fee(fee, paid):
    found = training_subsidies(
        unemployed(), AS_OF, course(level="junior", certificate_level="junior", fee=Decimal(fee))
    )
    assert found.training_amount == Decimal(paid)
    assert yuan_in(found.training.reasons[-1])[-1] == Decimal(paid)


@pytest.mark.parametrize(
    ("level", "amount"), [("junior", "1000.00"), ("intermediate", "1500.00"), ("senior", "2000.00")]
)
def test_each_level_has_the_region_amount(level, amount):
    found = training_subsidies(
        unemployed(), AS_OF, course(level=level, certificate_level=level, fee=Decimal("5000"))
    )
    assert found.training_amount == Decimal(amount)


def test_a_lower_certificate_than_the_course_gets_the_lower_amount():
    found = training_subsidies(
        unemployed(), AS_OF, course(level="senior", certificate_level="junior", fee=5000)
    )
    assert found.training_amount == Decimal("1000.00")
    assert "初级（五级）" in found.training.reasons[-1]


def test_the_county_profile_pays_its_own_table():
    found = training_subsidies(unemployed(), AS_OF, course(fee=5000), "sample_county")
    assert found.training_amount == Decimal("1200.00")


def test_a_course_off_the_subsidised_list_gets_nothing_but_the_person_qualifies():
    found = training_subsidies(unemployed(), AS_OF, course(subsidised=False))
    assert not found.training.eligible and found.training.person_qualifies
    assert "不在人社部门公布的补贴培训目录内" in found.training.reasons[-1]
    assert found.training_amount is None and found.total == 0


def test_before_the_certificate_the_amount_is_what_the_course_level_would_bring():
    found = training_subsidies(
        unemployed(), AS_OF, course(level="junior", certificate_level=None, fee=800)
    )
    assert found.training_amount == Decimal("800.00")
    assert yuan_in(found.training.reasons[-1]) == [
        Decimal("800.00"),
        Decimal("800.00"),
        Decimal("1000.00"),
    ]


def test_employed_people_are_not_on_any_route():
    person = unemployed(employment_status="employed", unemployment_registered_since=None)
    found = training_subsidies(person, AS_OF, course())
    assert not found.training.eligible and not found.training.person_qualifies
    assert "城镇登记失业人员" in found.training.reasons[0]


def test_unemployed_without_registration_is_not_registered_unemployed():
    found = training_subsidies(unemployed(unemployment_registered_since=None), AS_OF, course())
    assert not found.training.eligible
    assert any("未办理失业登记" in r for r in found.training.reasons)


@pytest.mark.parametrize(
    ("graduated", "eligible"), [(date(2024, 12, 5), True), (date(2024, 12, 4), False)]
)
def test_the_graduate_route_ends_24_months_after_leaving_school(graduated, eligible):
    person = PersonFacts(
        birth_date=date(2002, 1, 1),
        gender="female",
        education="bachelor",
        graduation_date=graduated,
        employment_status="unemployed",
    )
    assert training_subsidies(person, AS_OF, course()).training.eligible is eligible


def test_not_in_force_before_the_measure():
    found = training_subsidies(
        unemployed(unemployment_registered_since=date(2023, 1, 1)), date(2023, 12, 19), course()
    )
    assert not found.training.eligible
    assert "不在职业培训补贴政策的执行期内" in found.training.reasons[0]


@pytest.mark.parametrize(
    ("hours", "days", "amount"),
    [
        (8, 1, "50.00"),
        (9, 2, "100.00"),
        (64, 8, "400.00"),
        (240, 30, "1500.00"),
        (241, 30, "1500.00"),
    ],
)
def test_living_allowance_counts_training_days_for_the_difficult_groups(hours, days, amount):
    person = unemployed(low_income_household=True)
    found = training_subsidies(person, AS_OF, course(hours=hours))
    assert found.living.eligible
    assert found.living_amount == Decimal(amount)
    line = found.living.reasons[-1]
    assert f"折合{-(-hours // 8)}天" in line
    assert yuan_in(line) == [Decimal("50.00"), Decimal(amount)]
    assert Decimal("50.00") * days == Decimal(amount)
    assert found.total == found.training_amount + found.living_amount


def test_no_living_allowance_outside_the_groups_or_without_the_training_subsidy():
    assert not training_subsidies(unemployed(), AS_OF, course()).living.eligible
    poor = unemployed(low_income_household=True)
    off_list = training_subsidies(poor, AS_OF, course(subsidised=False))
    assert not off_list.living.eligible and off_list.living.person_qualifies


def test_the_calculator_lists_the_region_amounts():
    ev = evaluate(unemployed(), AS_OF)
    result = ev.subsidy("vocational_training")
    assert result.eligible and result.months is None and result.monthly_amount_cap is None
    assert yuan_in(result.reasons[-1]) == [
        Decimal("1000.00"),
        Decimal("1500.00"),
        Decimal("2000.00"),
    ]
    assert ev.subsidy("training_living_allowance").name == "培训期间生活费补贴"
