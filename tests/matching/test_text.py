"""Tokeniser and TF-IDF model."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jobhub.matching.normalize import nfkc
from jobhub.matching.text import TextModel
from jobhub.matching.tokenizer import (
    TITLE_MARK,
    WordGraph,
    analyze_fields,
    jieba_tokenizer,
    taxonomy_csv_path,
    text_blocks,
    title_bigrams,
    tokenize,
)


def test_dictionary_keeps_occupation_and_certificate_names_whole():
    tokens = tokenize("招聘养老护理员，持低压电工作业证优先")
    assert "养老护理员" in tokens
    assert "低压电工作业证" in tokens


def test_text_is_case_and_width_folded():
    assert tokenize("ＰＹＴＨＯＮ开发") == tokenize("python开发")


def test_title_bigrams_let_differently_worded_titles_meet():
    a = set(title_bigrams("物业电工"))
    b = set(title_bigrams("维修电工"))
    assert TITLE_MARK + "电工" in a & b
    # body words never enter the title namespace
    assert not any(t.startswith(TITLE_MARK) for t in analyze_fields("", "物业电工", "jieba", True))


DOCS = [
    ("电工", "小区配电房巡检 线路维修"),
    ("焊工", "钢结构焊接 氩弧焊"),
    ("保洁员", "写字楼日常保洁"),
    ("电工", "工厂设备维修 配电"),
]


def test_rows_are_unit_vectors_and_the_single_vector_path_agrees():
    model, X = TextModel.fit(DOCS, max_df=1.0)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    np.testing.assert_allclose(norms, 1.0, rtol=1e-6)
    tokens = model.analyze("电工", "配电 维修 巡检")
    idx, val = model.vector(tokens)
    row = model.transform_tokens([tokens])
    assert idx.tolist() == row.indices.tolist()
    assert val.tolist() == row.data.tolist()  # bit-identical: online and batch agree


def test_max_df_drops_terms_found_everywhere_but_the_floor_protects_small_corpora():
    docs = [
        ("电工", f"线路维修 {name}") for name in ("配电", "照明", "巡检", "水泵", "电梯", "空调")
    ]
    cut, _ = TextModel.fit(docs, max_df=0.5)
    assert "维修" not in cut.vocabulary
    assert "照明" in cut.vocabulary
    kept, _ = TextModel.fit(docs, max_df=0.5, max_df_floor=6)
    assert "维修" in kept.vocabulary


def test_unknown_words_are_ignored_at_transform():
    model, _ = TextModel.fit(DOCS, max_df=1.0)
    assert model.transform([("宇航员", "太空行走")]).nnz == 0


def test_save_load_round_trip(tmp_path):
    model, X = TextModel.fit(DOCS, max_df=1.0)
    model.save(tmp_path)
    again = TextModel.load(tmp_path)
    assert again.terms == model.terms
    assert (again.transform(DOCS) != X).nnz == 0


# Mostly the characters the fast path handles specially, mixed with anything else.
WIDE_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("，：；（）！？\u3000％＋。、．Ｅｘ①㎡ｶﾞ\u0301Å电工 ,a1")),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)


@given(WIDE_TEXT)
@example("熟悉Ｅｘｃｅｌ，能配电。")
@settings(max_examples=1000, deadline=None)
def test_fast_nfkc_is_exactly_unicode_nfkc(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_term_ids_are_the_ids_of_the_analysed_tokens():
    """The cached id path (`term_ids`) and the token path give the same vector, twice over
    (the second call is served from the per-block cache)."""
    model, X = TextModel.fit(DOCS, max_df=1.0)
    for _ in range(2):
        for title, body in [*DOCS, ("ＰＹＴＨＯＮ开发（兼职）", "熟悉Ｅｘｃｅｌ，能配电；巡检！")]:
            tokens = model.analyze(title, body)
            assert sorted(model.term_ids(title, body)) == sorted(model.ids_of(tokens))
            assert model.vector_ids(model.term_ids(title, body))[1].tolist() == (
                model.vector(tokens)[1].tolist()
            )
    assert (model.transform(DOCS) != X).nnz == 0


def test_generic_title_words_weigh_less_in_a_persons_words(tmp_path):
    docs = [*DOCS, ("配电工程师", "配电房 设计"), ("java工程师", "java 开发")]
    plain, _ = TextModel.fit(docs, max_df=1.0)
    model, X = TextModel.fit(docs, max_df=1.0, generic_titles=("工程师",), generic_title_weight=0.3)
    generic = {"工程师", TITLE_MARK + "工程", TITLE_MARK + "程师"}
    assert generic <= set(model.vocabulary)
    for term, i in model.vocabulary.items():
        want = plain.idf[plain.vocabulary[term]] * (0.3 if term in generic else 1.0)
        assert model.idf[i] == pytest.approx(want, rel=1e-6), term
    # a person who wants 配电工程师: 配电 now carries more of their words than 工程师
    idx, val = model.vector(model.analyze("配电工程师"))
    weight = dict(zip((model.terms[i] for i in idx), val.tolist(), strict=True))
    assert weight["配电"] > 2 * weight["工程师"]
    model.save(tmp_path)
    again = TextModel.load(tmp_path)
    assert again.generic_titles == ("工程师",)
    assert again.generic_title_weight == 0.3
    assert again.idf.tolist() == model.idf.tolist()
    assert (again.transform(docs) != X).nnz == 0


# A small dictionary whose words tie: 甲乙+丙 and 甲+乙丙 sum the same two log-probabilities
SMALL_DICTIONARY = {"甲乙": 3, "乙丙": 3, "甲": 5, "丙": 5, "乙": 2, "丙丁戊": 1, "丁": 4, "戊": 1}


def _small_tokenizer(tmp_path_factory):  # noqa: ANN001, ANN202
    import jieba

    path = tmp_path_factory.mktemp("dict") / "small.txt"
    path.write_text("".join(f"{w} {f}\n" for w, f in SMALL_DICTIONARY.items()), "utf-8")
    tok = jieba.Tokenizer(dictionary=str(path))
    tok.tmp_dir = str(path.parent)  # its cache next to the dictionary, not in /tmp
    tok.initialize()
    return tok


@pytest.fixture(scope="module")
def small(tmp_path_factory):  # noqa: ANN001, ANN201
    """(jieba's tokenizer, the word graph) over the small dictionary."""
    return _small_tokenizer(tmp_path_factory), WordGraph(_small_tokenizer(tmp_path_factory))


def test_word_graph_breaks_ties_as_jieba_does(small):
    jieba_tok, graph = small
    # two routes with the same score: jieba takes the longer first word
    assert list(jieba_tok.cut("甲乙丙", HMM=False)) == ["甲乙", "丙"]
    assert graph.cut("甲乙丙") == ["甲乙", "丙"]
    # letters and digits in a row are one word; a character outside the dictionary stands alone
    assert graph.cut("甲x2乙丙己") == list(jieba_tok.cut("甲x2乙丙己", HMM=False))
    assert graph.cut("甲x2乙丙己") == ["甲", "x2", "乙丙", "己"]


@given(st.text(alphabet="甲乙丙丁戊己ab1_-", min_size=1, max_size=14))
@settings(max_examples=2000, deadline=None)
def test_word_graph_cuts_exactly_as_jieba_small_dictionary(small, block):
    jieba_tok, graph = small
    assert graph.cut(block) == list(jieba_tok.cut(block, HMM=False))


def test_word_graph_cuts_exactly_as_jieba_on_the_taxonomy_texts():
    """The product's dictionary (jieba's and the custom words) on every block of the
    occupations' names, definitions, tasks and aliases (about 40,000 blocks)."""
    import csv

    blocks: dict[str, None] = {}
    with taxonomy_csv_path().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for value in row.values():
                blocks.update(dict.fromkeys(text_blocks(value or "")))
    jieba_tok, graph = jieba_tokenizer(), WordGraph(jieba_tokenizer())
    differ = [b for b in blocks if graph.cut(b) != list(jieba_tok.cut(b, HMM=False))]
    assert len(blocks) > 5000
    assert differ == []
