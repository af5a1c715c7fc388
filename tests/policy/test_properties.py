"""Properties that must hold for every person, date and region profile."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jobhub.policy import (
    Education,
    EmploymentStatus,
    PersonFacts,
    available_profiles,
    bounds,
    evaluate,
    evaluation_to_json,
    load_profile,
    parse_request,
    person_to_json,
)
from jobhub.policy.dates import month_first_day, month_index, month_last_day

SETTINGS = settings(max_examples=200, deadline=None, database=None)
TERM_CODES = {
    "si_flexible_difficulty",
    "si_flexible_graduate",
    "si_unit_difficulty",
    "si_unit_graduate_sme",
    "job_expansion_once",
}
DIFFICULTY_TERM_CODES = {"si_flexible_difficulty", "si_unit_difficulty"}


def _working_life(birth: date, as_of: date):
    earliest = max(bounds.sixteenth_birthday(birth), as_of - timedelta(days=3650))
    return st.none() | st.dates(earliest, as_of) if earliest <= as_of else st.none()


@st.composite
def cases(draw):
    """Any person, with extra weight on recent graduates and on people near retirement, so
    that the graduate rules and the run-to-retirement term are exercised often."""
    as_of = draw(st.dates(date(2024, 1, 1), date(2035, 12, 31)))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        graduation = as_of + timedelta(days=draw(st.integers(-1000, 200)))
        education = draw(st.sampled_from(list(Education)[4:]))  # from secondary_vocational
        youngest = max(19, bounds.GRADUATION_MIN_AGE[education] + 1)
        birth = graduation - timedelta(days=draw(st.integers(youngest * 365, 32 * 365)))
        window_start = max(date(graduation.year, 1, 1) - timedelta(days=60), birth)
        since = st.none() | st.dates(min(window_start, as_of), as_of)
    else:
        if kind == 1:  # 47 to 64: retirement is a few years away or just past
            birth = as_of - timedelta(days=draw(st.integers(47 * 365, 64 * 365)))
        else:
            birth = draw(st.dates(date(1950, 1, 1), min(as_of, date(2012, 12, 31))))
        education = draw(st.none() | st.sampled_from(list(Education)))
        # Only dates within their bounds (jobhub.policy.bounds): the parser refuses the rest.
        earliest = bounds.graduation(birth, education, as_of).earliest.day
        latest = as_of + timedelta(days=366)
        graduation = draw(st.none() | st.dates(earliest, latest)) if earliest <= latest else None
        since = _working_life(birth, as_of)
    gender = draw(st.sampled_from(["male", "female"]))
    if gender == "male":
        category = draw(st.sampled_from([None, "male"]))
    else:
        category = draw(st.sampled_from([None, "female_cadre", "female_worker"]))
    past = _working_life(birth, as_of)
    money = st.none() | st.decimals(min_value=0, max_value=5000, places=2)
    flag = st.booleans()
    person = PersonFacts(
        birth_date=birth,
        gender=gender,
        retirement_category=category,
        education=education,
        graduation_date=graduation,
        # Flexible workers are drawn more often: they are where the term rules live.
        employment_status=draw(
            st.sampled_from([EmploymentStatus.FLEXIBLE] * 3 + [None, *EmploymentStatus])
        ),
        employment_since=draw(since),
        unemployment_registered_since=draw(past),
        is_veteran=draw(flag),
        disabled=draw(flag),
        low_income_household=draw(flag),
        zero_employment_household=draw(flag),
        land_expropriated=draw(flag),
        single_parent=draw(flag),
        receiving_unemployment_benefit=draw(st.sampled_from([False, False, True])),
        monthly_contribution=draw(money),
        subsidy_first_approved_on=draw(past),
        unit_monthly_contribution=draw(money),
        employer_is_sme=draw(st.none() | flag),
        contract_months=draw(st.none() | st.integers(0, 36)),
        employer_is_public_institution=draw(st.none() | flag),
        adult_education_graduate=draw(flag),
        job_expansion_claimed=draw(flag),
        public_welfare_placements=draw(st.integers(0, 3)),
    )
    region = draw(st.sampled_from(available_profiles()))
    return person, as_of, region


@SETTINGS
@given(cases())
def test_every_code_once_with_reasons_and_basis(case):
    person, as_of, region = case
    ev = evaluate(person, as_of, region)
    assert tuple(s.code for s in ev.subsidies) == load_profile(region).subsidies
    for result in ev.subsidies:
        assert result.reasons and all(r.strip() for r in result.reasons)
        assert result.basis


@SETTINGS
@given(cases())
def test_eligible_means_a_complete_current_term(case):
    person, as_of, region = case
    ev = evaluate(person, as_of, region)
    for result in ev.subsidies:
        fields = (result.start, result.end, result.months, result.monthly_amount_cap)
        if result.eligible and result.code in TERM_CODES:
            assert None not in fields
            assert result.months >= 1
            assert result.start == month_first_day(month_index(result.start))
            assert result.end == month_last_day(month_index(result.start) + result.months - 1)
            assert as_of <= result.end  # never granted once the term is over
            assert result.monthly_amount_cap > 0
        else:
            assert fields == (None, None, None, None)


@SETTINGS
@given(cases())
def test_no_subsidy_runs_past_the_retirement_date(case):
    person, as_of, region = case
    ev = evaluate(person, as_of, region)
    for result in ev.subsidies:
        if result.end is not None:
            assert result.end < ev.retirement.date
            assert month_index(result.end) < month_index(ev.retirement.date)


@SETTINGS
@given(cases())
def test_more_than_36_months_only_when_retirement_is_nearer(case):
    person, as_of, region = case
    ev = evaluate(person, as_of, region)
    for result in ev.subsidies:
        if result.eligible and result.code in DIFFICULTY_TERM_CODES and result.months > 36:
            to_retirement = month_index(ev.retirement.date) - month_index(result.start)
            assert result.months == to_retirement < 60


@SETTINGS
@given(cases())
def test_the_cap_never_exceeds_the_contribution(case):
    person, as_of, region = case
    ev = evaluate(person, as_of, region)
    for code, paid in (
        ("si_flexible_difficulty", person.monthly_contribution),
        ("si_flexible_graduate", person.monthly_contribution),
        ("si_unit_difficulty", person.unit_monthly_contribution),
        ("si_unit_graduate_sme", person.unit_monthly_contribution),
    ):
        result = ev.subsidy(code)
        if result.eligible:
            assert paid is not None and 0 < result.monthly_amount_cap <= paid


@SETTINGS
@given(cases())
def test_groups_agree_with_their_definitions(case):
    person, as_of, region = case
    ev = evaluate(person, as_of, region)
    groups = {f.code for f in ev.key_groups}
    assert ("veteran" in groups) == person.is_veteran
    if "employment_difficulty" in groups:
        assert ev.difficulty_categories
        assert person.employment_status in (EmploymentStatus.UNEMPLOYED, EmploymentStatus.FLEXIBLE)
        assert as_of < ev.retirement.date
    if "graduate_within_2y" in groups:
        assert person.employment_status is not EmploymentStatus.EMPLOYED
    if ev.subsidy("si_flexible_difficulty").eligible:
        assert "employment_difficulty" in groups
        assert person.employment_status is EmploymentStatus.FLEXIBLE
        assert not person.receiving_unemployment_benefit


@SETTINGS
@given(cases())
def test_the_request_round_trip_gives_the_same_answer(case):
    person, as_of, region = case
    body = {"as_of": as_of.isoformat(), "region": region, "person": person_to_json(person)}
    parsed, parsed_as_of, parsed_region = parse_request(body)
    assert (parsed, parsed_as_of, parsed_region) == (person, as_of, region)
    assert evaluation_to_json(evaluate(parsed, parsed_as_of, parsed_region)) == evaluation_to_json(
        evaluate(person, as_of, region)
    )


@st.composite
def near_retirement(draw):
    """A 4050 man in flexible work, a few years either side of five years from retirement."""
    as_of = draw(st.dates(date(2025, 1, 1), date(2034, 12, 31)))
    birth = as_of - timedelta(days=draw(st.integers(54 * 365, 63 * 365)))
    approved = draw(st.none() | st.dates(as_of - timedelta(days=3 * 365), as_of))
    return PersonFacts(
        birth_date=birth,
        gender="male",
        employment_status="flexible",
        monthly_contribution=draw(st.decimals(min_value="0.01", max_value=5000, places=2)),
        subsidy_first_approved_on=approved,
    ), as_of


@SETTINGS
@given(near_retirement())
def test_term_rule_near_retirement(case):
    person, as_of = case
    ev = evaluate(person, as_of, "default")
    result = ev.subsidy("si_flexible_difficulty")
    # The contract, computed independently: months from the start month to the retirement
    # month; fewer than 60 → all of them, else 36; granted while as_of is inside the term.
    start = person.subsidy_first_approved_on or as_of
    start_index = start.year * 12 + start.month - 1
    retirement = ev.retirement.date
    to_retirement = retirement.year * 12 + retirement.month - 1 - start_index
    months = to_retirement if to_retirement < 60 else 36
    last_month = start_index + months - 1
    in_term = months > 0 and (as_of.year * 12 + as_of.month - 1) <= last_month
    assert result.eligible is (as_of < retirement and in_term)
    if result.eligible:
        assert result.months == months
        assert result.start == date(start.year, start.month, 1)
