"""Legal retirement date: the published examples of the 2025 reform and the calendar edges."""

from __future__ import annotations

from datetime import date

import pytest

from jobhub.policy import evaluate

from .factory import AS_OF, person

# rules-reference.md §2, "Published examples". Each row: category, birth month, the published
# retirement month, and the age that month implies (months after the birth month).
PUBLISHED = [
    ("male", date(1965, 1, 15), (2025, 2), (60, 1)),
    ("male", date(1965, 12, 15), (2026, 3), (60, 3)),
    ("male", date(1967, 5, 15), (2028, 1), (60, 8)),
    ("female_cadre", date(1971, 4, 15), (2026, 8), (55, 4)),
    ("female_cadre", date(1974, 10, 15), (2031, 1), (56, 3)),
    ("female_worker", date(1995, 12, 15), (2050, 12), (55, 0)),
    ("male", date(1963, 12, 15), (2023, 12), (60, 0)),
]


@pytest.mark.parametrize(("category", "birth", "month", "age"), PUBLISHED)
def test_published_examples(category, birth, month, age):
    gender = "male" if category == "male" else "female"
    p = person(birth_date=birth, gender=gender, retirement_category=category)
    retirement = evaluate(p, AS_OF).retirement
    assert (retirement.date.year, retirement.date.month) == month
    assert retirement.date.day == 15  # same day of month as the birth date
    assert (retirement.age_years, retirement.age_months) == age


def test_men_reach_63_at_most():
    # Born 1980: far past the last delayed cohort (1965-01 + 36 steps of 4 months).
    retirement = evaluate(person(birth_date=date(1980, 7, 1)), AS_OF).retirement
    assert (retirement.age_years, retirement.age_months) == (63, 0)
    assert retirement.date == date(2043, 7, 1)


@pytest.mark.parametrize(
    ("birth", "category", "expected"),
    [
        # 1967-08: idx 31 → delay 31//4+1 = 8 → 2028-04, which has no 31st.
        (date(1967, 8, 31), "male", date(2028, 4, 30)),
        # 1975-12: idx 11 → delay 11//2+1 = 6 → 2026-06, which has no 31st.
        (date(1975, 12, 31), "female_worker", date(2026, 6, 30)),
        # 1965-11: idx 10 → delay 3 → 2026-02 (a common year).
        (date(1965, 11, 30), "male", date(2026, 2, 28)),
    ],
)
def test_month_end_clamping(birth, category, expected):
    gender = "male" if category == "male" else "female"
    p = person(birth_date=birth, gender=gender, retirement_category=category)
    assert evaluate(p, AS_OF).retirement.date == expected


def test_reform_applies_from_2025_only():
    # Man born 1966-01: before the reform he retired at 60 (2026-01); from 2025-01-01 the
    # delay is idx 12 // 4 + 1 = 4 months.
    p = person(birth_date=date(1966, 1, 10))
    assert evaluate(p, date(2024, 12, 31)).retirement.date == date(2026, 1, 10)
    assert evaluate(p, date(2025, 1, 1)).retirement.date == date(2026, 5, 10)


def test_women_default_to_the_profiles_category():
    # default profile: female_worker (原50岁). 1980-03: idx 62 → delay 32 → 52y8m.
    woman = person(birth_date=date(1980, 3, 10), gender="female", employment_status="flexible")
    default = evaluate(woman, AS_OF, "default").retirement
    assert default.category == "female_worker" and default.category_defaulted
    assert default.date == date(2032, 11, 10)
    # sample_county: a woman insured as a flexible worker counts as 原55岁.
    # idx 122 → delay 31 → 57y7m.
    county = evaluate(woman, AS_OF, "sample_county").retirement
    assert county.category == "female_cadre"
    assert county.date == date(2037, 10, 10)
    # Unemployed women keep the county's general default.
    unemployed = person(
        birth_date=date(1980, 3, 10), gender="female", employment_status="unemployed"
    )
    assert evaluate(unemployed, AS_OF, "sample_county").retirement.category == "female_worker"


def test_stated_category_wins_over_default():
    p = person(birth_date=date(1980, 3, 10), gender="female", retirement_category="female_cadre")
    retirement = evaluate(p, AS_OF).retirement
    assert retirement.category == "female_cadre" and not retirement.category_defaulted


def test_reasons_and_basis_say_how():
    retirement = evaluate(person(birth_date=date(1965, 1, 15)), AS_OF).retirement
    text = "".join(retirement.reasons)
    assert "原法定退休年龄60周岁" in text and "延迟1个月" in text and "2025年2月15日" in text
    assert any("渐进式延迟法定退休年龄" in line for line in retirement.basis)
