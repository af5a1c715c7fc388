"""Skill canonicalisation (typos, spacing, full width, synonyms, certificates) and the sparse
skill scoring."""

from __future__ import annotations

import numpy as np
import pytest

from jobhub.matching.skills import (
    CreditRule,
    SkillSpace,
    compare_skills,
    credit_tables,
    default_vocabulary,
)


@pytest.fixture(scope="module")
def vocab():
    return default_vocabulary()


# (what a person or an employer types, the skill a station worker would say it is)
SAME_SKILL = [
    ("电工证", "低压电工作业证"),  # certificate nickname
    ("低压电工证", "低压电工作业证"),
    ("低压电工作业证书", "低压电工作业证"),  # 证书 for 证
    ("电 工 证", "低压电工作业证"),  # spaces between characters
    ("电工正", "低压电工作业证"),  # pinyin slip 正/证
    ("低压电工做业证", "低压电工作业证"),  # pinyin slip 做/作
    ("持有电工证者优先", "低压电工作业证"),  # job-board wrapping
    ("叉车证", "N1叉车司机证"),
    ("N1 叉车证", "N1叉车司机证"),
    ("Ｎ１叉车证", "N1叉车司机证"),  # full-width letters and digits
    ("焊工證", "熔化焊接与热切割作业证"),  # traditional character
    ("ＥＸＣＥＬ", "Excel"),
    ("excel表格", "Excel"),
    ("exel", "Excel"),  # typo
    ("熟练使用Excel", "Excel"),
    ("Pyhton", "Python"),  # swapped letters
    ("Auto CAD", "CAD制图"),
    ("C1 驾照", "C1驾驶证"),
    ("Ｃ１驾照", "C1驾驶证"),
    ("cet-4", "大学英语四级"),
    ("会电焊", "焊工"),
    ("车工证", "车工"),  # a trade's certificate is the trade
]


@pytest.mark.parametrize(("text", "name"), SAME_SKILL)
def test_free_text_resolves_to_the_skill(vocab, text, name):
    found = vocab.canonicalize(text)
    assert found is not None
    assert vocab.by_id[found.skill_id].name == name


DIFFERENT = [
    ("焊工", "电工"),  # one character apart, different trades
    ("话务员", "服务员"),
    ("C2驾照", "C1驾照"),  # another licence, not a typo
    ("A3驾照", "A1驾照"),  # no A3 licence in the vocabulary: not read as A1
    ("ps", "pr"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_near_spellings_of_different_skills_stay_apart(vocab, a, b):
    assert vocab.canonicalize(a).skill_id != vocab.canonicalize(b).skill_id


def test_unknown_skill_keeps_its_own_id_and_matches_itself(vocab):
    a = vocab.canonicalize("蜂窝煤制作")
    b = vocab.canonicalize(" 蜂窝煤制作 ")
    assert a.method == "unknown"
    assert a.skill_id == b.skill_id
    assert vocab.canonicalize("机器人焊接编程").skill_id != a.skill_id


def test_canonicalisation_is_cached(vocab):
    vocab.canonicalize("某个没见过的技能甲")
    size = len(vocab._canonical_cache)
    vocab.canonicalize("某个没见过的技能甲")
    assert len(vocab._canonical_cache) == size


RULE = CreditRule(more_specific=0.75, more_general=0.3, sibling=0.0)


def test_credits_follow_the_hierarchy(vocab):
    # only the same skill counts fully; a more specific skill for a general requirement is
    # likely (0.75), the reverse a hint (0.3)
    assert vocab.credit("excel", "excel", RULE) == 1.0
    assert vocab.credit("excel", "office_software", RULE) == 0.75
    assert vocab.credit("elec_low_cert", "electrician", RULE) == 0.75
    assert vocab.credit("office_software", "excel", RULE) == 0.3
    assert vocab.credit("word", "excel", RULE) == 0.0
    assert vocab.credit("word", "excel", CreditRule(0.75, 0.3, 0.25)) == 0.25
    assert vocab.credit("welding", "electrician", CreditRule(0.75, 0.3, 0.25)) == 0.0


def test_synonyms_and_equivalent_certificates_are_the_same_skill(vocab):
    assert vocab.canonicalize("电工证").skill_id == vocab.canonicalize("低压电工作业证").skill_id
    assert vocab.canonicalize("叉车证").skill_id == vocab.canonicalize("N1叉车司机证").skill_id


def test_titles_name_the_skills_they_require(vocab):
    def named(title: str) -> list[str]:
        return [c.name for c in vocab.named_in(title)]

    assert named("Python开发工程师") == ["Python"]
    assert named("仓库叉车司机") == ["叉车司机"]
    assert named("低压电工") == ["低压电工作业证"]  # the longest name, not also 电工
    assert named("配电房值班员") == []
    assert named("java开发兼python") == ["Python", "Java"]  # both, the longer name first
    assert named("nosql工程师") == []  # a Latin name stands as a word
    assert named("焊工（氩弧焊）") == ["氩弧焊", "焊工"]


def test_titles_are_searched_as_a_scan_of_every_name_would(vocab):
    """named_in looks for the names among a title's substrings; the definition is a scan of
    every name, longest first, each part of the title used once."""
    from jobhub.matching.normalize import normalize_skill
    from jobhub.matching.skills import _contains

    def scan(title: str) -> list[str]:
        rest, found = normalize_skill(title), {}
        for alias in vocab._contain_keys:
            if _contains(rest, alias):
                found.setdefault(vocab.alias_index[alias], None)
                rest = rest.replace(alias, "\x00")
        return [vocab.by_id[i].name for i in found]

    names = vocab._contain_keys
    titles = [*names, *(f"{a}与{b}岗位" for a, b in zip(names, reversed(names), strict=True))]
    titles += ["", "x" * 300, "叉车司机叉车司机", "高级Java/Python开发（C++优先）"]
    assert all([c.name for c in vocab.named_in(t)] == scan(t) for t in titles)


def _naive_coverage(vocab, seeker: list[str], vacancy: list[str]) -> float:
    """The definition, pair by pair: mean over distinct vacancy skills of the best credit."""
    want = list(dict.fromkeys(vocab.canonicalize(t).skill_id for t in vacancy))
    have = [vocab.canonicalize(t).skill_id for t in seeker]
    if not want:
        return 0.0
    return sum(max((vocab.credit(h, w, RULE) for h in have), default=0.0) for w in want) / len(want)


def test_sparse_scoring_equals_the_pairwise_definition(vocab):
    rng = np.random.default_rng(3)
    names = [s.name for s in vocab.skills[:80]] + ["电工证", "叉车证", "exel", "自定义技能"]
    seekers = [list(rng.choice(names, size=rng.integers(0, 6))) for _ in range(40)]
    vacancies = [list(rng.choice(names, size=rng.integers(1, 5))) for _ in range(30)]
    space = SkillSpace(vocab)
    B = space.incidence([[vocab.canonicalize(t).skill_id for t in v] for v in vacancies], grow=True)
    C = space.credit_rows(
        [[(vocab.canonicalize(t).skill_id, 1.0) for t in s] for s in seekers], RULE
    )
    n_req = np.asarray(B.sum(axis=1)).ravel()
    sparse = (C @ B.T).toarray() / n_req[None, :]
    naive = np.array([[_naive_coverage(vocab, s, v) for v in vacancies] for s in seekers])
    np.testing.assert_allclose(sparse, naive, atol=1e-6)


def test_explanation_pairs_agree_with_the_number(vocab):
    seeker = [(c, 1.0) for c in vocab.canonicalize_all(["电工证", "Excel"])]
    vacancy = vocab.canonicalize_all(["低压电工作业证", "办公软件", "叉车证"])
    comparison = compare_skills(
        credit_tables(vocab, seeker, RULE), [(c.text, c.skill_id) for c in vacancy]
    )
    assert comparison.matched == (
        ("电工证", "低压电工作业证", 1.0),
        ("Excel", "办公软件", 0.75),
    )
    assert comparison.missing == ("叉车证",)
    assert comparison.required == 3
