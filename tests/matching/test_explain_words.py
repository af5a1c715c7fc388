"""Explanations speak words a person recognises."""

from jobhub.matching.explain import _occupation_names, explain_text


def test_text_explanation_drops_fragments_of_longer_shared_words():
    phrase = explain_text(0.48, ["数据分析", "数据", "据分", "分析"])
    assert phrase == "文本相似度 0.48：数据分析"


def test_occupation_names_have_no_taxonomy_markers():
    names = _occupation_names()
    assert names["4-07-02-05"] == "商务数据分析师"
