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
    assert 0.2 < p.text <= 1.0
    # 电工证 is 低压电工作业证 (1); Excel is a kind of 办公软件, likely but not proven (0.75)
    assert p.skills == pytest.approx((1 + 0.75) / 2)
    assert p.occupation == 1.0
    assert p.distance == 1.0  # 0.5 km: inside the 15-minute circle
    assert p.priority == 1.0
    assert r.distance_km == pytest.approx(0.5, abs=0.01)
    assert r.matched_skills == (("电工证", "低压电工作业证"),)
    assert r.partial_skills == (("Excel", "办公软件", 0.75),)
    assert r.missing_skills == ()
    text, skills, occupation, distance, priority = r.explanation
    assert text.startswith(f"文字相近 {round(p.text * 100)}%：共同关键词") and "电工" in text
    assert (
        skills
        == "技能 88%（岗位要求 2 项）；已具备：低压电工作业证；相近（部分计分）：Excel→办公软件"
    )
    assert occupation == "职业 100%：同属细类 6-31-01-03 电工"
    assert distance == "距离 0.5 公里，在步行约 15 分钟范围内"
    assert priority == "重点群体优先：退役军人"


def test_missing_skills_partial_credit_and_their_explanation():
    vacancy = electrician_vacancy(skills=("低压电工作业证", "Excel", "叉车证"))
    seeker = electrician_seeker(skills=("电工证", "办公软件"))
    [r] = rank_vacancies(seeker, [vacancy], top=1)
    # 1 (certificate) + 0.3 (the general 办公软件 for the specific Excel) + 0 (forklift) over 3
    assert r.parts.skills == pytest.approx(1.3 / 3)
    assert r.missing_skills == ("叉车证",)
    assert r.matched_skills == (("电工证", "低压电工作业证"),)
    assert r.partial_skills == (("办公软件", "Excel", 0.3),)
    assert r.explanation[1] == (
        "技能 43%（岗位要求 3 项）；已具备：低压电工作业证；相近（部分计分）：办公软件→Excel；"
        "缺少：叉车证"
    )


def test_one_matched_skill_of_one_listed_counts_as_one_of_min_count():
    # one listed skill matched is weaker evidence than two of two: a short list does not win
    # by being short (profile [skills] min_count = 2)
    short = electrician_vacancy("short", skills=("低压电工作业证",))
    full = electrician_vacancy("full", skills=("低压电工作业证", "Excel"))
    seeker = electrician_seeker(skills=("电工证", "Excel"))
    got = by_id(rank_vacancies(seeker, [short, full], top=2))
    assert got["short"].parts.skills == pytest.approx(1 / 2)
    assert got["full"].parts.skills == pytest.approx(1.0)
    assert got["full"].score > got["short"].score


def test_a_generic_requirement_counts_less_and_the_line_says_so():
    # 健康证 is listed by kitchens, shops and food plants alike (profile [skills] generic):
    # shared alone it is a weak hint, but a list met in full still scores 100%
    cook = SeekerProfile(id="c", desired_titles=("面点师",), skills=("面点", "包子馒头", "健康证"))
    runner = VacancyProfile(id="runner", title="传菜员", skills=("传菜", "健康证"))
    baker = VacancyProfile(id="baker", title="面点师", skills=("面点", "包子馒头", "健康证"))
    got = by_id(rank_vacancies(cook, [runner, baker], top=2))
    assert got["runner"].parts.skills == pytest.approx(0.3 / 2)
    assert got["baker"].parts.skills == pytest.approx(1.0)
    assert got["runner"].matched_skills == (("健康证", "健康证"),)
    assert got["runner"].explanation[1] == (
        "技能 15%（岗位要求 2 项）；已具备：健康证；缺少：传菜；通用要求按 30% 计：健康证"
    )


def test_index_and_a_saved_index_weigh_generic_requirements_as_the_stateless_path(tmp_path):
    from jobhub.matching import VacancyIndex

    cook = SeekerProfile(id="c", desired_titles=("面点师",), skills=("面点", "健康证"))
    vacancies = [
        VacancyProfile(id="runner", title="传菜员", skills=("传菜", "健康证")),
        VacancyProfile(id="baker", title="面点师", skills=("面点", "包子馒头", "健康证")),
        VacancyProfile(id="plant", title="食品厂普工", skills=("健康证",)),
    ]
    want = {r.vacancy_id: r.parts.skills for r in rank_vacancies(cook, vacancies, top=3)}
    index = VacancyIndex.fit(vacancies)
    index.save(tmp_path)
    for idx in (index, VacancyIndex.load(tmp_path)):
        idx.gather_limit = 0  # the postings path, not a direct scoring of few rows
        got = {r.vacancy_id: r.parts.skills for r in idx.top_for_seeker(cook, k=3)}
        assert got == pytest.approx({k: v for k, v in want.items() if k in got})
        assert got["baker"] == pytest.approx((1 + 0.3) / 2.3)


def test_an_exact_skill_outweighs_a_hierarchy_match():
    exact = electrician_vacancy("exact", skills=("Excel", "低压电工作业证"))
    loose = electrician_vacancy("loose", skills=("办公软件", "电工"))
    got = by_id(rank_vacancies(electrician_seeker(), [exact, loose], top=2))
    assert got["exact"].parts.skills == 1.0
    assert got["loose"].parts.skills == pytest.approx(0.75)
    assert got["loose"].matched_skills == ()
    assert got["exact"].score > got["loose"].score


@pytest.mark.parametrize(
    ("code", "score", "phrase"),
    [
        ("6-31-01-03", 1.0, "职业 100%：同属细类 6-31-01-03 电工"),
        ("6-31-01-10", 0.6, "职业 60%：同属小类 6-31-01-00 机械设备修理人员"),
        ("6-31-03-05", 0.3, "职业 30%：同属中类 6-31-00-00 生产辅助人员"),
        ("4-01-02-04", 0.0, "职业 0%：职业类别不同"),
        (None, 0.0, "职业未编码，职业不参与比较"),
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
    assert far.explanation[3] == "距离 5.2 公里，超出步行约 15 分钟范围"
    assert near.score > far.score


def test_missing_location_is_left_out_of_the_fit_not_counted_as_zero():
    with_loc = rank_vacancies(electrician_seeker(), [electrician_vacancy()], top=1)[0]
    without = rank_vacancies(electrician_seeker(location=None), [electrician_vacancy()], top=1)[0]
    assert without.parts.distance == 0.0
    assert "distance" not in without.applicable
    assert without.distance_km is None
    assert without.explanation[3] == "缺少位置，距离不参与比较"
    # the other parts are identical, so the renormalised fit loses nothing
    p = with_loc.parts
    assert without.fit == pytest.approx(
        (0.35 * p.text + 0.30 * p.skills + 0.20) / (0.35 + 0.30 + 0.20), rel=1e-6
    )


def test_a_vacancy_without_required_skills_is_not_penalised_for_it():
    # neither listed nor named by its title ("保洁" would name one)
    vacancy = electrician_vacancy(title="配电房值班员", skills=())
    [r] = rank_vacancies(electrician_seeker(), [vacancy], top=1)
    assert "skills" not in r.applicable
    assert r.explanation[1] == "岗位未列技能要求，技能不参与比较"


def test_a_person_without_skills_is_neither_rewarded_nor_punished_for_it():
    # the same pair with and without a non-matching skill list: skills are left out, not 0
    vacancy = VacancyProfile(id="fl", title="仓库叉车司机", skills=("N1叉车司机证",))
    none = SeekerProfile(id=1, summary="做过仓库司机")
    wrong = SeekerProfile(id=2, summary="做过仓库司机", skills=("Excel",))
    [a] = rank_vacancies(none, [vacancy], top=1)
    [b] = rank_vacancies(wrong, [vacancy], top=1)
    assert "skills" not in a.applicable and "skills" in b.applicable
    assert a.explanation[1] == "求职者未填写技能，技能不参与比较"
    assert b.parts.skills == 0.0 and b.missing_skills == ("N1叉车司机证",)
    assert a.fit == pytest.approx(a.parts.text)  # text is the only part that applies
    assert b.fit == pytest.approx(0.35 * b.parts.text / (0.35 + 0.30))


def test_the_right_certificate_scores_above_no_skills_at_all():
    # the defect of the old engine: listing 叉车证 made the same forklift job score lower
    vacancy = VacancyProfile(id="fl", title="仓库叉车司机", skills=("N1叉车司机证",))
    [bare] = rank_vacancies(SeekerProfile(id=1, desired_titles=("叉车司机",)), [vacancy], top=1)
    [cert] = rank_vacancies(
        SeekerProfile(id=2, desired_titles=("叉车司机",), skills=("叉车证",)), [vacancy], top=1
    )
    assert cert.fit > bare.fit
    assert cert.matched_skills == (("叉车证", "N1叉车司机证"),)


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


def test_an_agreeing_occupation_code_alone_never_recommends():
    # a job-board title the classifier coded wrongly ("rpa" as 保健按摩师) shares the code
    # with a masseur's wish, and nothing else: the floor asks for some evidence in the words
    masseur = SeekerProfile(
        id=1, desired_titles=("保健按摩师",), skills=("推拿",), occupation_codes=("4-10-04-02",)
    )
    wrong = VacancyProfile(
        id="rpa", title="rpa", skills=("影刀", "项目管理"), occupation_code="4-10-04-02"
    )
    right = VacancyProfile(
        id="spa", title="足疗保健师", skills=("推拿",), occupation_code="4-10-04-02"
    )
    got = by_id(rank_vacancies(masseur, [wrong, right], top=2))
    assert got["rpa"].parts.occupation == 1.0 and not got["rpa"].relevant
    assert got["rpa"].explanation[-1] == "与求职意向、技能和职业的共同点太少，不作推荐"
    assert got["spa"].relevant


def test_the_trade_in_a_desired_title_outweighs_its_rank_word(tmp_path):
    # 工程师 names a rank, not a trade (profile [text] generic_titles): a vacancy that asks for
    # 安全 suits a 网络安全工程师 better than one that only shares the word 工程师
    from jobhub.matching import VacancyIndex
    from jobhub.matching.profile import load_profile

    vacancies = [
        VacancyProfile(id="security", title="", skills=("计算机", "安全")),
        VacancyProfile(id="algorithms", title="", skills=("算法工程师", "c++")),
        VacancyProfile(id="welding", title="", skills=("焊接", "氩弧焊")),
        VacancyProfile(id="web", title="", skills=("java", "计算机")),
        VacancyProfile(id="electric", title="", skills=("电工证", "配电")),
    ]
    person = SeekerProfile(id="p", desired_titles=("网络安全工程师",))
    index = VacancyIndex.fit(vacancies)
    index.save(tmp_path)
    for idx in (index, VacancyIndex.load(tmp_path)):
        assert [r.vacancy_id for r in idx.top_for_seeker(person, k=5)][:2] == [
            "security",
            "algorithms",
        ]
    # the same corpus with the rank word at its full idf puts the 工程师 match first
    plain = VacancyIndex.fit(vacancies, replace(load_profile(), generic_title_weight=1.0))
    assert plain.top_for_seeker(person, k=1)[0].vacancy_id == "algorithms"
