"""What other vacancies teach about titles (jobhub.matching.titles)."""

from __future__ import annotations

import numpy as np
import pytest

from jobhub.matching.titles import TitleAssociation, TitleSpace

# vacancies that list a title and skills (what the association learns from)
TAUGHT = [
    ("机械设计师", ["cad", "solidworks"]),
    ("机械设计工程师", ["cad", "机械制图"]),
    ("平面设计师", ["photoshop", "illustrator"]),
    ("会计", ["excel", "用友"]),
    ("出纳", ["excel", "点钞"]),
    ("仓库管理员", ["excel", "叉车证"]),
]
# the titles a person is ranked against (shown by title alone)
TITLES = ["机械设计师", "平面设计师", "会计", "叉车司机", "中餐厨师", "保洁员"]


def fitted(**options: float) -> tuple[TitleSpace, TitleAssociation]:
    space = TitleSpace.fit(TITLES + [t for t, _ in TAUGHT])
    model = TitleAssociation.fit(
        space, [t for t, _ in TAUGHT], [keys for _, keys in TAUGHT], **options
    )
    return space, model


def title_scores(model: TitleAssociation, space: TitleSpace, skills: list[str]) -> dict:
    person = model.person_vector(skills, [s.lower() for s in skills])
    return dict(zip(TITLES, model.scores(space.transform(TITLES), person), strict=True))


def test_title_rows_are_cosines():
    space, _ = fitted()
    rows = space.transform(["机械设计师", "机械设计师", "保洁员", ""])
    assert np.allclose((rows.multiply(rows)).sum(axis=1).A.ravel(), [1, 1, 1, 0])
    assert (rows[0] @ rows[1].T).toarray()[0, 0] == pytest.approx(1.0)
    assert (rows[0] @ rows[2].T).toarray()[0, 0] == 0.0  # not one character in common


def test_skills_reach_the_titles_they_go_with_even_without_a_shared_character():
    space, model = fitted(max_df=1.0)
    got = title_scores(model, space, ["CAD"])
    # "cad" shares no character with any title: only the taught vacancies link them
    assert got["机械设计师"] > 0.3
    assert got["机械设计师"] == max(got.values())
    assert got["平面设计师"] > 0  # 设计师, as in the taught titles
    assert got["保洁员"] == 0.0  # nothing in common with them
    own = TitleAssociation(space, model.keys, model.means, alpha=1.0, max_df=1.0)
    assert max(title_scores(own, space, ["CAD"]).values()) == 0.0


def test_the_persons_own_skill_words_count_with_alpha():
    space, model = fitted(max_df=1.0)
    # 叉车证 is taught only by 仓库管理员, but shares 叉车 with the title 叉车司机
    got = title_scores(model, space, ["叉车证"])
    assert got["叉车司机"] > 0
    no_words = TitleAssociation(space, model.keys, model.means, alpha=0.0, max_df=1.0)
    assert title_scores(no_words, space, ["叉车证"])["叉车司机"] == 0.0


def test_a_skill_every_taught_vacancy_lists_teaches_nothing():
    space = TitleSpace.fit([*TITLES, "出纳"])
    model = TitleAssociation.fit(
        space, ["会计", "出纳"], [["excel"], ["excel", "点钞"]], max_df=1.0
    )
    idx, _ = model.person_vector(["Excel"], ["excel"])
    # its own characters (e, x, c, l) are in no title either
    assert len(idx) == 0
    idx, val = model.person_vector(["点钞"], ["点钞"])
    assert len(idx) > 0 and np.isclose(np.sum(val**2), 1.0)


def test_common_characters_and_the_term_cap():
    space, model = fitted(terms=3, max_df=0.25)
    idx, val = model.person_vector(["CAD", "机械制图"], ["cad", "机械制图"])
    assert 0 < len(idx) <= 3
    assert np.isclose(np.sum(val**2), 1.0)
    assert (space.df[idx] <= 0.25 * space.n).all()
    assert list(idx) == sorted(idx)
    # 师 is in most titles: never kept
    assert space.vocabulary["师"] not in set(idx.tolist())


def test_the_term_cap_keeps_the_strongest_and_ties_go_to_the_lower_term_id():
    """The capped vector holds the n strongest of the uncapped one (same order, since both
    are the same vector scaled), a tie at the last place cut by term id."""
    space, model = fitted(max_df=1.0)
    tied_at_cut = 0
    for skills in (["CAD"], ["叉车证"], ["CAD", "机械制图"], ["Excel", "点钞"], ["用友"]):
        keys = [s.lower() for s in skills]
        full_idx, full_val = model.with_options(terms=10_000).person_vector(skills, keys)
        ranked = sorted(
            zip(full_val.tolist(), full_idx.tolist(), strict=True), key=lambda p: (-p[0], p[1])
        )
        for n in range(1, len(ranked)):
            idx, val = model.with_options(terms=n).person_vector(skills, keys)
            assert idx.tolist() == sorted(i for _, i in ranked[:n])
            assert np.isclose(np.sum(val**2), 1.0)
            tied_at_cut += ranked[n - 1][0] == ranked[n][0]
    assert tied_at_cut > 0  # the tie rule was exercised


def test_a_small_corpus_keeps_what_a_few_titles_share():
    """10 % of 12 titles is 1.2: without the floor every n-gram two titles share is dropped,
    and 机械设计助理 could not meet a CAD user (the taught titles share 机械设计 with it)."""
    space, model = fitted(alpha=0.0, max_df=0.1)
    assert title_scores(model, space, ["CAD"])["机械设计师"] == 0.0
    floored = model.with_options(max_df_floor=4)
    assert title_scores(floored, space, ["CAD"])["机械设计师"] > 0.3
    idx, _ = floored.person_vector(["CAD"], ["cad"])
    assert (space.df[idx] <= 4).all()


def test_save_and_load_give_the_same_person_vectors(tmp_path):
    space, model = fitted(alpha=0.3, terms=10, max_df=0.2, max_df_floor=3)
    model.save(tmp_path)
    loaded = TitleAssociation.load(tmp_path)
    assert (loaded.alpha, loaded.terms, loaded.max_df, loaded.max_df_floor) == (0.3, 10, 0.2, 3)
    for skills in (["CAD"], ["Excel", "点钞"], ["叉车证", "photoshop"], ["没有的技能"]):
        keys = [s.lower() for s in skills]
        a, b = model.person_vector(skills, keys), loaded.person_vector(skills, keys)
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_bad_options_are_refused():
    space, model = fitted()
    with pytest.raises(ValueError):
        TitleAssociation(space, model.keys, model.means, alpha=1.5)
    with pytest.raises(ValueError):
        TitleAssociation(space, model.keys, model.means, terms=0)
    with pytest.raises(ValueError):
        TitleAssociation.fit(space, ["会计"], [])
