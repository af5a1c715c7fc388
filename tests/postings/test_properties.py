"""Properties of the reviewer over generated text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobhub.postings import Posting, review, review_to_json
from jobhub.postings.model import verdict_for
from jobhub.postings.text import parse_small_number, prepare

from .helpers import check

# Characters that matter to the rules, mixed with anything else.
_ALPHABET = st.sampled_from(
    list(
        "限男女性优先已婚育押金保证身份证岁以下985211微信乙肝户口本地，。；：（） 　\n0123456789ＱＱ"
    )
)
_TEXT = st.one_of(st.text(max_size=200), st.text(_ALPHABET, max_size=120))


@given(title=_TEXT, description=_TEXT)
def test_any_text_gives_a_consistent_review_with_valid_offsets(
    title: str, description: str
) -> None:
    result = review(Posting(title=title, description=description))
    assert result.verdict == verdict_for(result.findings)
    for f in result.findings:
        if f.field == "description" and f.code != "missing_field":
            assert f.start is not None and f.end is not None
            assert 0 <= f.start < f.end <= len(description)
            assert description[f.start : f.end] == f.text
        else:
            assert f.start is None and f.end is None
    assert set(review_to_json(result)) == {"verdict", "findings"}


_VIOLATIONS = [
    ("限男性", "gender"),
    ("已婚已育优先", "marital_childbearing"),
    ("需交押金", "fee_deposit"),
    ("本地人优先", "hukou_region"),
    ("乙肝携带者勿扰", "pathogen_carrier"),
    ("刷单返佣", "task_scam"),
]
_SPACES = st.lists(st.sampled_from(["", " ", "\u3000", "\u200b", "\t"]), min_size=8, max_size=8)


@given(case=st.sampled_from(_VIOLATIONS), spaces=_SPACES)
def test_spacing_tricks_do_not_hide_a_violation(case: tuple[str, str], spaces: list[str]) -> None:
    phrase, code = case
    spaced = "".join(ch + spaces[i % len(spaces)] for i, ch in enumerate(phrase)).rstrip()
    result = check(f"岗位职责：负责日常工作，{spaced}。")
    assert code in {f.code for f in result.findings}


@given(
    case=st.sampled_from(_VIOLATIONS),
    neutral=st.sampled_from(["包吃住", "月休四天", "男女不限", "不收取任何费用"]),
)
def test_a_neutral_clause_elsewhere_never_cancels_a_violation(
    case: tuple[str, str], neutral: str
) -> None:
    phrase, code = case
    assert code in {f.code for f in check(f"{neutral}，{phrase}。").findings}
    assert code in {f.code for f in check(f"{phrase}，{neutral}。").findings}


@given(st.text(max_size=80))
def test_normalisation_maps_every_character_back(original: str) -> None:
    text = prepare(original)
    assert len(text.norm) == len(text.index)
    assert list(text.index) == sorted(text.index)
    for i in range(len(text.norm)):
        assert 0 <= text.index[i] < len(original)


@given(st.integers(min_value=0, max_value=99))
def test_chinese_numerals_parse(n: int) -> None:
    digits = "零一二三四五六七八九"
    if n < 10:
        word = digits[n]
    else:
        tens, units = divmod(n, 10)
        word = ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")
    assert parse_small_number(word) == n
    assert parse_small_number(str(n)) == n
