"""The title ↔ skill association: what it learns, how it joins the text part, and that an
expanded word is never shown as the person's own (nor as a skill they have)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from jobhub.matching import SeekerProfile, VacancyIndex, VacancyProfile
from jobhub.matching.association import Association
from jobhub.matching.batch import BatchRanker
from jobhub.matching.engine import rank_vacancies
from jobhub.matching.explain import explain_text
from jobhub.matching.profile import load_profile

PROFILE = load_profile("city")

# Postings where 数据分析 jobs ask for sql and tableau, and 焊工 jobs for 氩弧焊: the titles of
# the vacancies below never name those skills.
TRAINING = [
    ("数据分析师", ("SQL", "Tableau")),
    ("数据分析专员", ("SQL", "Tableau", "Excel")),
    ("数据分析", ("Tableau", "SQL")),
    ("电焊工", ("氩弧焊", "二保焊")),
    ("焊工", ("氩弧焊", "二保焊")),
    ("氩弧焊工", ("二保焊",)),
    ("仓库管理员", ("Excel", "叉车证")),
]


def vacancies() -> list[VacancyProfile]:
    return [
        VacancyProfile(id=1, title="数据分析师"),
        VacancyProfile(id=2, title="焊工"),
        VacancyProfile(id=3, title="仓库管理员"),
        VacancyProfile(id=4, title="面点师", skills=("面点",)),
        VacancyProfile(id=5, title="报表专员", skills=("SQL", "Tableau")),
    ]


def test_fit_learns_pairs_above_chance_and_leaves_out_self_pairs() -> None:
    a = Association.fit(TRAINING, min_pair=2)
    assert "tableau" in dict(a.skill_to_title["sql"]) or "数据分析" in dict(a.skill_to_title["sql"])
    assert all(dst != src for src, t in a.title_to_skill.items() for dst, _ in t)
    # 叉车证 occurs once: below min_pair it pairs with nothing
    assert all("叉车证" not in dict(t) for t in a.title_to_skill.values())
    for table in (a.title_to_skill, a.skill_to_title):
        for targets in table.values():
            assert abs(sum(w for _, w in targets) - 1.0) < 1e-3
    out = a.expand((), ("SQL", "Tableau"))
    assert out and abs(sum(out.values()) - 1.0) < 1e-9
    assert a.expand(("完全没见过",), ()) == {}


def test_save_and_load_round_trip(tmp_path) -> None:  # noqa: ANN001
    a = Association.fit(TRAINING)
    a.save(tmp_path)
    b = Association.load(tmp_path)
    assert b is not None
    assert b.title_to_skill == a.title_to_skill and b.skill_to_title == a.skill_to_title
    assert Association.load(tmp_path / "none") is None


def test_skills_only_person_meets_the_title_through_related_words_not_as_skills() -> None:
    index = VacancyIndex.fit(vacancies(), PROFILE, association=Association.fit(TRAINING))
    seeker = SeekerProfile(id="p", skills=("SQL", "Tableau"))
    found = {r.vacancy_id: r for r in index.top_for_seeker(seeker, k=5)}
    assert found[5].matched_skills  # its own words first
    top = found[1]  # 数据分析师: met only through the association
    assert top.parts.text > 0
    assert top.matched_skills == () and top.partial_skills == ()
    text = top.explanation[0]
    assert "相关词" in text and "非本人所填" in text
    assert "共同关键词 数据分析" not in text  # the person never wrote it

    without = VacancyIndex.fit(
        vacancies(), replace(PROFILE, association_titles=0.0, association_skills=0.0)
    )
    plain = {r.vacancy_id: r.parts.text for r in without.top_for_seeker(seeker, k=5)}
    assert top.parts.text > plain.get(1, 0.0)


def test_text_stays_a_share_and_own_words_count_more() -> None:
    index = VacancyIndex.fit(vacancies(), PROFILE, association=Association.fit(TRAINING))
    [sq] = index.seeker_queries([SeekerProfile(id="p", desired_titles=("焊工",), skills=("SQL",))])
    own = index.model.vector_ids(index.model.term_ids("焊工", "sql", "sql"))[1].sum()
    assert abs(float(sq.q_val.sum()) - float(own)) < 1e-5  # the same mass, redistributed
    assert set(sq.x_idx.tolist()) <= set(sq.q_idx.tolist())


def test_index_saved_with_its_association_ranks_the_same(tmp_path) -> None:  # noqa: ANN001
    index = VacancyIndex.fit(vacancies(), PROFILE, association=Association.fit(TRAINING))
    index.save(tmp_path)
    loaded = VacancyIndex.load(tmp_path)
    assert loaded.model.association is not None
    seeker = SeekerProfile(id="p", skills=("SQL", "Tableau"))
    a = [(r.vacancy_id, r.score, r.explanation) for r in index.top_for_seeker(seeker, k=5)]
    b = [(r.vacancy_id, r.score, r.explanation) for r in loaded.top_for_seeker(seeker, k=5)]
    assert len(a) >= 2
    assert a == b
    # the stateless path with the index's model agrees, and so does the batch path
    c = rank_vacancies(seeker, vacancies(), top=5, profile=PROFILE, text_model=index.model)
    assert [(r.vacancy_id, r.score) for r in c if r.relevant][: len(a)] == [x[:2] for x in a]
    [batch] = BatchRanker(index).rank([seeker], k=5)
    assert list(batch.vacancy_ids) == [x[0] for x in a]
    assert np.allclose(batch.scores, [x[1] for x in a], rtol=0, atol=1e-6)


def test_fitted_by_the_offline_job_from_the_vacancies() -> None:
    data = [VacancyProfile(id=i, title=t, skills=s) for i, (t, s) in enumerate(TRAINING)]
    index = VacancyIndex.fit(data, PROFILE)
    assert index.model.association is not None and len(index.model.association) > 0
    off = VacancyIndex.fit(data, replace(PROFILE, association_titles=0.0, association_skills=0.0))
    assert off.model.association is None


def test_explain_text_names_related_words_apart() -> None:
    assert explain_text(0.3, ["焊工"], ["氩弧焊"]) == (
        "文字相近 30%：共同关键词 焊工；相关词（常与求职意向或技能同现，非本人所填）氩弧焊"
    )
    assert explain_text(0.1, [], ["数据分析"], same_chars=False).startswith("文字相近 10%：相关词")
    assert "相同的字；相关词" in explain_text(0.1, [], ["数据分析"], same_chars=True)
    assert explain_text(0.2, ["焊工"]) == "文字相近 20%：共同关键词 焊工"
