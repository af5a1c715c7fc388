"""Explanations speak words a person recognises."""

from jobhub.matching.explain import _occupation_names, explain_text
from jobhub.matching.tokenizer import is_readable_word


def test_text_explanation_drops_fragments_of_longer_shared_words():
    phrase = explain_text(0.48, ["数据分析", "数据", "据分", "分析"])
    assert phrase == "文字相近 48%：共同关键词 数据分析"


def test_filler_words_are_never_shown_as_shared_keywords():
    assert not is_readable_word("做")
    assert not is_readable_word("负责")
    assert not is_readable_word("2024")
    assert is_readable_word("电工")


def test_a_zero_text_part_does_not_claim_the_texts_share_no_word():
    assert explain_text(0.0, []) == "文字相近 0%：没有计分的共同关键词（很常见的词不计分）"


def test_occupation_names_have_no_taxonomy_markers():
    names = _occupation_names()
    assert names["4-07-02-05"] == "商务数据分析师"
