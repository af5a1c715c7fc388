"""The stateless entry points: every part, its explanation, eligibility and ordering."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jobhub.matching.engine import rank_candidates, rank_vacancies
from jobhub.matching.models import SeekerProfile, VacancyProfile

from .conftest import VACANCIES, electrician_seeker, electrician_vacancy, north


def by_id(results):
    return {r.vacancy_id: r for r in results}


def test_the_electrician_job_ranks_first_for_an_electrician():
    results = rank_vacancies(electrician_seeker(), VACANCIES, top=len(VACANCIES))
    assert results[0].vacancy_id == "elec"
    assert results[0].score > results[1].score


def test_every_part_of_a_strong_pair_and_its_explanation():
    [r] = rank_vacancies(
        electrician_seeker(key_groups=("veteran",)), [electrician_vacancy()], top=1
    )
    p = r.parts
    assert 0.3 < p.text <= 1.0
    assert p.skills == 1.0  # 电工证 covers 低压电工作业证, Excel covers 办公软件
    assert p.occupation == 1.0
    assert p.distance == 1.0  # 0.5 km: inside the 15-minute circle
    assert p.priority == 1.0
    assert r.distance_km == pytest.approx(0.5, abs=0.01)
    assert r.matched_skills == (("电工证", "低压电工作业证"), ("Excel", "办公软件"))
    assert r.missing_skills == ()
    text, skills, occupation, distance, priority = r.explanation
    assert text.startswith("文本相似度") and "电工" in text
    assert skills == "技能匹配 2/2：电工证≈低压电工作业证、Excel≈办公软件"
    assert occupation == "职业同属细类：6-31-01-03 电工"
    assert distance == "距离 0.5 公里（步行约 15 分钟内）"
    assert priority == "重点群体优先：退役军人"


def test_missing_skills_partial_credit_and_their_explanation():
    vacancy = electrician_vacancy(skills=("低压电工作业证", "Excel", "叉车证"))
    seeker = electrician_seeker(skills=("电工证", "办公软件"))
    [r] = rank_vacancies(seeker, [vacancy], top=1)
    # 1 (certificate) + 0.5 (general 办公软件 for the specific Excel) + 0 (forklift) over 3
    assert r.parts.skills == pytest.approx(1.5 / 3)
    assert r.missing_skills == ("叉车证",)
    assert (
        r.explanation[1]
        == "技能匹配 2/3：电工证≈低压电工作业证、办公软件≈Excel（部分）；缺少：叉车证"
    )


@pytest.mark.parametrize(
    ("code", "score", "phrase"),
    [
        ("6-31-01-03", 1.0, "职业同属细类：6-31-01-03 电工"),
        ("6-31-01-10", 0.6, "职业同属小类：6-31-01-00 机械设备修理人员"),
        ("6-31-03-05", 0.3, "职业同属中类：6-31-00-00 生产辅助人员"),
        ("4-01-02-04", 0.0, "职业类别不同"),
        (None, 0.0, "缺少职业编码，职业不计分"),
    ],
)
def test_occupation_part_by_level(code, score, phrase):
    [r] = rank_vacancies(electrician_seeker(), [electrician_vacancy(occupation_code=code)], top=1)
    assert r.parts.occupation == score
    assert r.explanation[2] == phrase
    assert ("occupation" in r.applicable) == (code is not None)


def test_distance_outside_the_circle_decays_and_says_so(profile):
    [near] = rank_vacancies(electrician_seeker(), [electrician_vacancy(location=north(1.0))], top=1)
    [far] = rank_vacancies(electrician_seeker(), [electrician_vacancy(location=north(5.2))], top=1)
    assert near.parts.distance == 1.0
    assert far.parts.distance == pytest.approx(0.5, abs=0.01)  # circle 1.2 km + half-life 4 km
    assert far.explanation[3] == "距离 5.2 公里（步行约 15 分钟以外）"
    assert near.score > far.score


def test_missing_location_is_left_out_of_the_fit_not_counted_as_zero():
    with_loc = rank_vacancies(electrician_seeker(), [electrician_vacancy()], top=1)[0]
    without = rank_vacancies(electrician_seeker(location=None), [electrician_vacancy()], top=1)[0]
    assert without.parts.distance == 0.0
    assert "distance" not in without.applicable
    assert without.distance_km is None
    assert without.explanation[3] == "缺少位置，距离不计分"
    # the other parts are identical, so the renormalised fit loses nothing
    assert without.fit == pytest.approx(
        (0.35 * with_loc.parts.text + 0.30 + 0.20) / (0.35 + 0.30 + 0.20), rel=1e-6
    )


def test_a_vacancy_without_listed_skills_is_not_penalised_for_it():
    [r] = rank_vacancies(electrician_seeker(), [electrician_vacancy(skills=())], top=1)
    assert "skills" not in r.applicable
    assert r.explanation[1] == "岗位未列技能要求，技能不计分"


def test_own_travel_limit_is_a_hard_filter():
    seeker = electrician_seeker(max_distance_km=2.5)
    ids = {r.vacancy_id for r in rank_vacancies(seeker, VACANCIES, top=20)}
    assert "elec" in ids and "nurse-aide" in ids  # 0.5 km, 2.0 km
    assert not ids & {"forklift", "welder", "dev"}  # 3, 6, 12 km


def test_scores_and_parts_stay_in_range():
    people = [
        electrician_seeker(),
        SeekerProfile(id=2),
        electrician_seeker(3, key_groups=("employment_difficulty",)),
    ]
    for seeker in people:
        for r in rank_vacancies(seeker, VACANCIES, top=20):
            assert 0.0 <= r.score <= 1.0
            assert all(0.0 <= v <= 1.0 for v in r.parts.as_dict().values())


def test_the_same_pair_scores_the_same_from_both_sides():
    seekers = [
        electrician_seeker(1),
        electrician_seeker(2, skills=("焊工证",), key_groups=("veteran",)),
    ]
    for vacancy in VACANCIES:
        from_vacancy = {r.seeker_id: r for r in rank_candidates(vacancy, seekers, top=10)}
        for seeker in seekers:
            from_seeker = by_id(rank_vacancies(seeker, VACANCIES, top=20))[vacancy.id]
            other = from_vacancy[seeker.id]
            assert other.score == pytest.approx(from_seeker.score, abs=1e-6)
            assert other.parts.as_dict() == pytest.approx(from_seeker.parts.as_dict(), abs=1e-6)
            assert other.explanation == from_seeker.explanation


# -- eligibility by kind -------------------------------------------------------------------------


def test_public_welfare_ranks_only_people_with_employment_difficulty():
    pw = next(v for v in VACANCIES if v.kind == "public_welfare")
    plain = electrician_seeker(1)
    difficult = electrician_seeker(2, key_groups=("employment_difficulty",), skills=("保洁",))
    veteran = electrician_seeker(3, key_groups=("veteran",), skills=("保洁", "电工证"))
    results = rank_candidates(pw, [veteran, plain, difficult], top=10)
    assert [r.seeker_id for r in results][0] == 2
    assert [r.eligible for r in results] == [True, False, False]
    assert "不符合条件：公益性岗位仅面向就业困难人员" in results[1].explanation


@pytest.mark.parametrize(
    ("groups", "youth", "eligible"),
    [
        (("graduate_within_2y",), False, True),
        ((), True, True),  # registered unemployed aged 16-24: the caller's boolean
        (("veteran",), False, False),
        ((), False, False),
    ],
)
def test_traineeship_eligibility(groups, youth, eligible):
    trainee = next(v for v in VACANCIES if v.kind == "traineeship")
    seeker = electrician_seeker(key_groups=groups, registered_unemployed_youth=youth)
    [r] = rank_vacancies(seeker, [trainee], top=1)
    assert r.eligible is eligible


def test_ineligible_vacancies_come_after_every_eligible_one():
    seeker = electrician_seeker()  # no key group: not eligible for 公益性岗位 nor 见习
    results = rank_vacancies(seeker, VACANCIES, top=20)
    flags = [r.eligible for r in results]
    assert flags == sorted(flags, reverse=True)
    assert {r.vacancy_id for r in results if not r.eligible} == {"cleaner-pw", "trainee"}
    # the traineeship fits an electrician better than most jobs, yet it is listed after them
    trainee = next(r for r in results if r.vacancy_id == "trainee")
    assert trainee.score > min(r.score for r in results if r.eligible)


def test_gig_and_regular_are_open_to_everyone():
    seeker = SeekerProfile(id=9)
    assert all(
        r.eligible
        for r in rank_vacancies(
            seeker, [v for v in VACANCIES if v.kind in ("gig", "regular")], top=20
        )
    )


def test_top_and_empty_inputs():
    assert rank_vacancies(electrician_seeker(), [], top=5) == []
    assert len(rank_vacancies(electrician_seeker(), VACANCIES, top=3)) == 3
    assert rank_candidates(electrician_vacancy(), [], top=5) == []


def test_ties_are_broken_by_id_deterministically():
    twins = [replace(electrician_vacancy(), id=i) for i in (3, 1, 2)]
    assert [r.vacancy_id for r in rank_vacancies(electrician_seeker(), twins, top=3)] == [1, 2, 3]


def test_vacancy_ids_are_echoed_as_given():
    vs = [electrician_vacancy(7), VacancyProfile(id="x-1", title="保洁员")]
    assert {r.vacancy_id for r in rank_vacancies(electrician_seeker(), vs, top=2)} == {7, "x-1"}
