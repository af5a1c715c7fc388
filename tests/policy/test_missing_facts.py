"""Where a fact the verdict depends on is missing, the engine says 需补充 and grants nothing on
a guess; where it changes nothing, the answer stands (issue 21 item 3)."""

from __future__ import annotations

from datetime import date

from jobhub.policy import PersonFacts, evaluate

AS_OF = date(2026, 12, 5)
WOMAN_52 = dict(
    birth_date=date(1974, 4, 2),
    gender="female",
    employment_status="unemployed",
    low_income_household=True,
)


def groups(ev) -> set[str]:
    return {g.code for g in ev.key_groups}


def test_a_52_year_old_woman_without_her_category_is_neither_retired_nor_granted():
    cadre = evaluate(PersonFacts(**WOMAN_52, retirement_category="female_cadre"), AS_OF)
    worker = evaluate(PersonFacts(**WOMAN_52, retirement_category="female_worker"), AS_OF)
    unknown = evaluate(PersonFacts(**WOMAN_52), AS_OF)
    assert "employment_difficulty" in groups(cadre)  # 原55: retires in 2030
    assert "employment_difficulty" not in groups(worker)  # 原50: retired in 2024
    assert "employment_difficulty" not in groups(unknown)
    assert unknown.missing == ("退休类别（原法定退休年龄50周岁或55周岁）",)
    finding = next(g for g in unknown.group_checks if g.code == "employment_difficulty")
    assert finding.reasons[0].startswith("需补充：退休类别")
    assert not any(s.eligible for s in unknown.subsidies if not worker.subsidy(s.code).eligible)
    # what holds under both categories stands: she is 4050 and from a 低保 family either way
    assert {c.code for c in unknown.difficulty_categories} == {"older_worker", "low_income"}


def test_where_the_category_changes_nothing_nothing_is_asked():
    young = evaluate(PersonFacts(birth_date=date(1990, 5, 6), gender="female"), AS_OF)
    assert young.missing == ()


def test_a_young_person_without_education_is_asked_not_refused():
    person = dict(birth_date=date(2003, 4, 2), gender="male", employment_status="unemployed")
    unknown = evaluate(PersonFacts(**person), AS_OF)
    assert unknown.missing == ("学历", "毕业（离校）日期")
    graduate = evaluate(
        PersonFacts(**person, education="bachelor", graduation_date=date(2025, 6, 30)), AS_OF
    )
    assert graduate.missing == ()
    assert "graduate_within_2y" in groups(graduate)
    older = evaluate(PersonFacts(birth_date=date(1980, 1, 1), gender="male"), AS_OF)
    assert older.missing == ()  # 46: the graduate rules do not apply, nothing to ask
