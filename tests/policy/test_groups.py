"""Difficulty categories and key groups, at their boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from jobhub.policy import evaluate

from .factory import AS_OF, person


def categories(p, as_of=AS_OF, region="default"):
    return [f.code for f in evaluate(p, as_of, region).difficulty_categories]


def groups(p, as_of=AS_OF, region="default"):
    return [f.code for f in evaluate(p, as_of, region).key_groups]


@pytest.mark.parametrize(
    ("gender", "years"),
    [("female", 40), ("male", 50)],
)
def test_older_worker_from_the_birthday_on(gender, years):
    birth = date(AS_OF.year - years, AS_OF.month, AS_OF.day)
    p = person(birth_date=birth, gender=gender)
    assert "older_worker" in categories(p, AS_OF)
    assert "older_worker" not in categories(p, date(2026, 11, 21))


def test_older_worker_born_on_29_february():
    # The 50th anniversary of 1976-02-29 does not exist; like the retirement date it is
    # clamped to the month's end, so he is 50 on 2026-02-28.
    p = person(birth_date=date(1976, 2, 29))
    assert "older_worker" not in categories(p, date(2026, 2, 27))
    assert "older_worker" in categories(p, date(2026, 2, 28))


def test_older_worker_threshold_uses_gender_not_retirement_category():
    # A woman of 45 is 4050 (≥ 40); a man of 45 is not (≥ 50).
    assert "older_worker" in categories(person(birth_date=date(1981, 1, 1), gender="female"))
    assert "older_worker" not in categories(person(birth_date=date(1981, 1, 1), gender="male"))


def test_long_term_unemployed_after_twelve_months():
    p = person(employment_status="unemployed", unemployment_registered_since=date(2025, 11, 22))
    assert "long_term_unemployed" in categories(p, date(2026, 11, 22))
    assert "long_term_unemployed" not in categories(p, date(2026, 11, 21))


def test_long_term_unemployed_needs_the_unemployed_status():
    p = person(employment_status="flexible", unemployment_registered_since=date(2020, 1, 1))
    assert "long_term_unemployed" not in categories(p)


@pytest.mark.parametrize(
    ("fact", "code"),
    [
        ("disabled", "disabled"),
        ("low_income_household", "low_income"),
        ("zero_employment_household", "zero_employment_household"),
        ("land_expropriated", "land_expropriated"),
        ("single_parent", "single_parent"),
    ],
)
def test_flag_categories_follow_their_facts(fact, code):
    assert categories(person(**{fact: True})) == [code]
    assert categories(person()) == []


def test_categories_are_listed_whatever_the_status():
    p = person(employment_status="employed", disabled=True, birth_date=date(1970, 1, 1))
    ev = evaluate(p, AS_OF)
    assert [f.code for f in ev.difficulty_categories] == ["older_worker", "disabled"]
    assert "employment_difficulty" not in [f.code for f in ev.key_groups]


@pytest.mark.parametrize("status", ["unemployed", "flexible"])
def test_employment_difficulty_for_unemployed_or_flexible(status):
    assert "employment_difficulty" in groups(person(disabled=True, employment_status=status))


@pytest.mark.parametrize("status", ["employed", "self_employed", None])
def test_employment_difficulty_not_for_other_statuses(status):
    p = person(disabled=True, employment_status=status)
    ev = evaluate(p, AS_OF)
    finding = next(f for f in ev.group_checks if f.code == "employment_difficulty")
    assert not finding.holds
    assert "失业或灵活就业" in "".join(finding.reasons)


def test_employment_difficulty_needs_a_category():
    assert groups(person(employment_status="unemployed")) == []


def test_employment_difficulty_from_age_16():
    p = person(birth_date=date(2010, 11, 22), disabled=True, employment_status="unemployed")
    assert "employment_difficulty" in groups(p, date(2026, 11, 22))
    assert "employment_difficulty" not in groups(p, date(2026, 11, 21))


def test_employment_difficulty_ends_on_the_retirement_date():
    # Man born 1967-05-15 retires 2028-01-15 (published example).
    p = person(birth_date=date(1967, 5, 15), employment_status="unemployed")
    assert "employment_difficulty" in groups(p, date(2028, 1, 14))
    late = evaluate(p, date(2028, 1, 15))
    assert "employment_difficulty" not in [f.code for f in late.key_groups]
    assert "older_worker" in [f.code for f in late.difficulty_categories]


def graduate(**overrides):
    fields = {
        "birth_date": date(2002, 3, 1),
        "education": "bachelor",
        "graduation_date": date(2024, 6, 30),
        "employment_status": "unemployed",
    }
    fields.update(overrides)
    return person(**fields)


def test_graduate_until_the_day_24_months_end():
    assert "graduate_within_2y" in groups(graduate(), date(2026, 6, 30))
    assert "graduate_within_2y" not in groups(graduate(), date(2026, 7, 1))


def test_graduate_in_the_graduation_year_before_leaving_school():
    p = graduate(graduation_date=date(2027, 6, 30))
    assert "graduate_within_2y" in groups(p, date(2027, 1, 5))
    assert "graduate_within_2y" not in groups(p, date(2026, 12, 31))


@pytest.mark.parametrize("education", ["junior_college", "bachelor", "master", "doctor"])
def test_graduate_education_junior_college_or_higher(education):
    assert "graduate_within_2y" in groups(graduate(education=education), date(2025, 1, 1))


@pytest.mark.parametrize("education", ["senior_high", "secondary_vocational", None])
def test_graduate_not_below_junior_college(education):
    assert "graduate_within_2y" not in groups(graduate(education=education), date(2025, 1, 1))


def test_graduate_not_when_employed():
    # The contract's test is "employment_status is not employed"; flexible work does not end it.
    assert "graduate_within_2y" not in groups(graduate(employment_status="employed"))
    assert "graduate_within_2y" in groups(graduate(employment_status="flexible"), date(2025, 1, 1))


def test_graduate_not_when_the_status_is_unknown():
    # unknown is not "not employed": nothing is granted until someone asks (issue 21 item 4)
    unknown = graduate(employment_status=None)
    assert "graduate_within_2y" not in groups(unknown, date(2025, 1, 1))
    checks = evaluate(unknown, date(2025, 1, 1), "default").group_checks
    [finding] = [f for f in checks if f.code == "graduate_within_2y"]
    assert "就业状态待核实" in "".join(finding.reasons)


def test_veteran_follows_the_fact():
    assert groups(person(is_veteran=True)) == ["veteran"]
    assert groups(person()) == []


def test_region_overrides_4050_and_long_term_unemployment():
    # sample_county: 4050 at 45/55 and long-term unemployment at 6 months.
    woman_42 = person(birth_date=date(1984, 6, 1), gender="female")
    assert "older_worker" in categories(woman_42, region="default")
    assert "older_worker" not in categories(woman_42, region="sample_county")
    eight_months = person(
        employment_status="unemployed", unemployment_registered_since=date(2026, 3, 22)
    )
    assert "long_term_unemployed" not in categories(eight_months, region="default")
    assert "long_term_unemployed" in categories(eight_months, region="sample_county")


def test_reasons_name_the_threshold():
    ev = evaluate(person(birth_date=date(1990, 1, 1), gender="female"), AS_OF)
    finding = next(f for f in ev.category_checks if f.code == "older_worker")
    assert "未满40周岁" in finding.reasons[0]
    assert any("就业促进法》第五十二条" in line for line in finding.basis)
