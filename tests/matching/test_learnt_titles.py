"""A person who gives skills but names no desired job meets a vacancy that lists no skills
through the titles their skills go with (profile [titles]; jobhub.matching.titles): the
skills part compares the titles, the same number on every path."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from jobhub.matching import SeekerProfile, VacancyIndex, VacancyProfile, rank_vacancies
from jobhub.matching.batch import BatchRanker
from jobhub.matching.engine import rank_candidates
from jobhub.matching.people import PeopleIndex
from jobhub.matching.people_block import PersonEntry
from jobhub.matching.profile import _merged, _profile_data, profile_from_dict

# Vacancies that list a title and skills teach; those that list none are only ranked.
TEACHING = [
    ("机械设计师", ("CAD", "SolidWorks")),
    ("机械设计工程师", ("CAD", "机械制图")),
    ("非标机械设计", ("CAD", "机械制图")),
    ("会计", ("Excel", "用友")),
    ("出纳", ("Excel", "点钞")),
    ("电焊工", ("二保焊", "焊工证")),
    ("焊工", ("二保焊", "氩弧焊")),
    ("中餐厨师", ("炒锅", "健康证")),
    ("收银员", ("收银", "健康证")),
    ("叉车司机", ("叉车证",)),
]
TITLE_ONLY = ["机械设计助理", "财务会计", "电焊学徒", "面点师", "仓库叉车司机"]
ASSISTANT = 100  # 机械设计助理


def vacancies() -> list[VacancyProfile]:
    out = [VacancyProfile(id=i, title=t, skills=s) for i, (t, s) in enumerate(TEACHING)]
    out += [VacancyProfile(id=100 + i, title=t) for i, t in enumerate(TITLE_ONLY)]
    return out


def profile(**titles: object):
    # 15 titles: a character in 2 of them is already in 13 % of titles (max_df 1 keeps it)
    return profile_from_dict(_merged(_profile_data("city"), {"titles": {"max_df": 1.0, **titles}}))


@pytest.fixture(scope="module")
def index() -> VacancyIndex:
    return VacancyIndex.fit(vacancies(), profile())


@pytest.fixture(scope="module")
def plain() -> VacancyIndex:
    return VacancyIndex.fit(vacancies(), profile(learn=False))


CAD = SeekerProfile(id=1, skills=("CAD",))


def titles_of(results) -> list[str]:
    by_id = {v.id: v.title for v in vacancies()}
    return [by_id[r.vacancy_id] for r in results]


def test_skills_alone_reach_a_title_that_shares_no_word_with_them(index, plain):
    got = index.top_for_seeker(CAD, 5)
    assert "机械设计助理" in titles_of(got)  # lists no skill; "cad" is nowhere in it
    [assistant] = [r for r in got if r.vacancy_id == ASSISTANT]
    assert assistant.relevant and assistant.parts.skills > 0 and "skills" in assistant.applicable
    # without what the other vacancies teach, nothing links the two
    assert "机械设计助理" not in titles_of(plain.top_for_seeker(CAD, 5))
    # nor does anything link CAD to a cook's, a cashier's or a pastry cook's title
    assert not {"中餐厨师", "收银员", "面点师"} & set(titles_of(got))


def test_the_skills_line_states_the_likeness_and_the_titles_it_comes_from(index):
    [result] = [r for r in index.top_for_seeker(CAD, 5) if r.vacancy_id == ASSISTANT]
    titles = index.model.titles
    person = titles.person_vector(CAD.skills, ["cad"])
    likeness = float(titles.scores(titles.space.transform(["机械设计助理"]), person)[0])
    assert result.parts.skills == pytest.approx(likeness)
    [line] = [x for x in result.explanation if x.startswith("技能")]
    assert line.startswith(f"技能 {round(likeness * 100)}%：岗位未列技能要求，按本岗位名称与「")
    shown = re.findall(r"「(.+?)」", line)
    assert shown and set(shown) <= {"机械设计师", "机械设计工程师", "非标机械设计"}
    # the text line says what the words share: nothing
    assert result.explanation[0].startswith("文字相近 0%")


def test_nobody_who_names_a_desired_job_and_no_vacancy_that_lists_skills_changes(index, plain):
    for person in (
        SeekerProfile(id=3, skills=("CAD",), desired_titles=("机械设计",)),
        SeekerProfile(id=4, desired_titles=("会计",), skills=("Excel",)),
        SeekerProfile(id=5, summary="做过出纳，会点钞"),  # no skills: nothing to learn from
    ):
        a = [(r.vacancy_id, r.score, r.explanation) for r in index.top_for_seeker(person, 20)]
        b = [(r.vacancy_id, r.score, r.explanation) for r in plain.top_for_seeker(person, 20)]
        assert a == b
    # a vacancy that lists skills is compared through them, learnt titles or not
    for person in (CAD, SeekerProfile(id=6, skills=("二保焊", "Excel"))):
        a = {r.vacancy_id: r.score for r in index.top_for_seeker(person, 20) if r.vacancy_id < 100}
        b = {r.vacancy_id: r.score for r in plain.top_for_seeker(person, 20) if r.vacancy_id < 100}
        assert a == b


def test_every_path_gives_the_same_list_and_scores(index, tmp_path):
    people = [
        CAD,
        SeekerProfile(id=2, skills=("叉车证",)),
        SeekerProfile(id=6, skills=("二保焊", "Excel")),
        SeekerProfile(id=7, skills=("炒锅",), desired_titles=("厨师",)),
    ]
    online = {p.id: index.top_for_seeker(p, 8) for p in people}
    learnt = [r for p in people for r in online[p.id] if r.vacancy_id >= 100]
    assert len(learnt) >= 3  # title-only vacancies reached
    # the stateless ranking with the index's model
    for p in people:
        stateless = rank_vacancies(
            p, vacancies(), top=20, profile=index.profile, text_model=index.model
        )
        kept = [r for r in stateless if r.relevant and r.eligible][:8]
        assert [(r.vacancy_id, r.score, r.explanation) for r in kept] == [
            (r.vacancy_id, r.score, r.explanation) for r in online[p.id]
        ]
    # the batch
    for result in BatchRanker(index, candidates=4, tiles=2, tile_candidates=2).rank(people, k=8):
        want = online[result.seeker_id]
        assert list(result.vacancy_ids) == [r.vacancy_id for r in want]
        np.testing.assert_allclose(result.scores, [r.score for r in want], atol=1e-9)
    # saved and loaded
    index.save(tmp_path / "idx")
    loaded = VacancyIndex.load(tmp_path / "idx", index.profile)
    for p in people:
        assert [(r.vacancy_id, r.score, r.explanation) for r in loaded.top_for_seeker(p, 8)] == [
            (r.vacancy_id, r.score, r.explanation) for r in online[p.id]
        ]
    # the people index: the employer's list for the title-only vacancy, with its lines
    entries = [PersonEntry(replace(p, id=int(p.id)), 0) for p in people]
    pidx = PeopleIndex.build(entries, index.model, index.vocabulary, index.profile)
    vacancy = next(v for v in vacancies() if v.id == ASSISTANT)
    chosen = set(pidx.select(vacancy, 10))
    ranked = pidx.rank(vacancy, [e.seeker for e in entries if e.seeker.id in chosen], 10)
    exhaustive = rank_candidates(
        vacancy,
        [e.seeker for e in entries],
        top=10,
        profile=index.profile,
        text_model=index.model,
        vocabulary=index.vocabulary,
    )
    assert [(r.seeker_id, r.score) for r in ranked if r.relevant] == [
        (r.seeker_id, r.score) for r in exhaustive if r.relevant
    ]
    [cad] = [r for r in ranked if r.seeker_id == 1]
    [seen_online] = [r for r in online[1] if r.vacancy_id == ASSISTANT]
    assert (cad.score, cad.explanation) == (seen_online.score, seen_online.explanation)


def test_a_vacancy_added_later_is_met_as_if_it_had_been_built_with_the_rest(index):
    later = VacancyProfile(id=200, title="机械设计绘图员")
    copy = VacancyIndex.fit(vacancies(), profile())
    copy.upsert(later)
    [added] = [r for r in copy.top_for_seeker(CAD, 8) if r.vacancy_id == 200]
    built = VacancyIndex.build([*vacancies(), later], copy.model, copy.profile)
    [fitted] = [r for r in built.top_for_seeker(CAD, 8) if r.vacancy_id == 200]
    assert added.score == fitted.score and added.explanation == fitted.explanation
    assert added.parts.skills > 0
