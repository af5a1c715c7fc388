"""Tokenisers for the text part (compared in benchmarks/matching/RESULTS.md).

- "jieba": jieba words (precise mode, no HMM so new-word guessing cannot make the seeker
  and the vacancy side disagree), with the taxonomy's occupation names and aliases and the
  skills vocabulary as a custom dictionary, so "低压电工作业证" or "养老护理员" stay whole;
  cut by `WordGraph`, jieba's algorithm in one pass (the same words, about 3 times faster).
- "jieba_search": the same words plus their dictionary sub-words (jieba search mode).
- "char2" / "char12": character bigrams / uni+bigrams over Chinese runs; Latin words whole.

Documents have two fields, a title and a body, plus short phrases (the skills, also in the
body). The title's words are counted twice (the densest statement of intent on either side)
and, with `title_bigrams`, the title and the phrases also yield character bigrams in their
own namespace ("^电工"), so titles written differently ("电工" / "维修电工" / "物业电工")
still meet, a person's skills meet a vacancy's title and a desired title meets required
skills inside compound words, without the cost of n-grams over long descriptions.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import string
from collections.abc import Iterable
from pathlib import Path

from jobhub.matching.memo import BoundedMemo
from jobhub.matching.normalize import normalize_text

ANALYZERS = ("jieba", "jieba_search", "char2", "char12")

# jieba's own block pattern (re_han_default), lower case since text is case folded first:
# jieba segments each such block independently, so caching per block changes nothing.
_BLOCK_RE = re.compile(r"[\u4e00-\u9fd5a-z0-9+#&._%\-]+")
_HAN_RUN_RE = re.compile(r"[\u4e00-\u9fd5]+|[a-z0-9+#&._%\-]+")
# numbers, and job-board reference codes ("j10989", "id90m0121688"): letters then 4+ digits
# (a licence or level such as c1, n1, cet4, python3 stays)
_JUNK_RE = re.compile(r"^(?:[\d._%&#+\-]*|[a-z]{1,3}\d{4,}[a-z\d]*)$")
_OCCUPATION_MARK_RE = re.compile(r"(L/S|L|S)$")
# Function words that survive a max_df cut in small corpora.
_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "是",
        "对",
        "为",
        "并",
        "且",
        "有",
        "由",
        "将",
        "于",
        "其",
        "中",
        "上",
        "下",
        "以",
        "从",
        "把",
        "被",
        "可",
        "能",
        "会",
        "也",
        "都",
        "就",
        "而",
        "之",
        "各",
        "个",
        "一",
        "我",
        "你",
        "他",
        "她",
        "们",
        "这",
        "那",
        "每",
        "如",
        "及其",
        "以及",
        "或者",
        "并且",
        "进行",
        "相关",
        "负责",
        "工作",
        "要求",
        "优先",
        # seniority and recruiting fillers in job titles: they say nothing about the work
        # ("初级数据分析师" met "初级运维" on the word 初级 alone)
        "初级",
        "中级",
        "高级",
        "资深",
        "急招",
        "急聘",
        "诚聘",
        "招聘",
        "热招",
        "直招",
        "高薪",
        "实习",
    ]
)
_BLOCK_CACHE_LIMIT = 300_000


def taxonomy_csv_path() -> Path:
    """The 职业分类大典 CSV shipped by jobhub/occupations (read-only here)."""
    return Path(__file__).resolve().parent.parent / "occupations" / "data" / "csco22.csv"


def _occupation_words(path: Path) -> list[str]:
    import csv

    words: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names = [row["name"], *re.split(r"[,，、/]", row.get("alias") or "")]
            for name in names:
                name = _OCCUPATION_MARK_RE.sub("", name.strip())
                words.append(name)
    return words


def custom_words() -> list[str]:
    """Occupation names and aliases from the taxonomy plus the skills vocabulary."""
    from jobhub.matching.skills import default_vocabulary

    raw = _occupation_words(taxonomy_csv_path())
    for skill in default_vocabulary().skills:
        raw.extend((skill.name, *skill.aliases))
    out: dict[str, None] = {}
    for word in raw:
        word = normalize_text(word).replace(" ", "")
        # jieba cannot join across characters outside its block pattern, so such words
        # would never be produced
        if len(word) >= 2 and _BLOCK_RE.fullmatch(word) and not word.isascii():
            out[word] = None
    return list(out)


def jieba_tokenizer(words: Iterable[str] | None = None):  # noqa: ANN201
    """A jieba tokenizer with the custom dictionary (`words` replaces it)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in custom_words() if words is None else words:
        tok.add_word(word)
    return tok


_ABSENT = object()
_ENG_CHARS = frozenset(string.ascii_letters + string.digits)  # jieba's re_eng


class WordGraph:
    """jieba's precise mode without HMM (`Tokenizer.cut(block, HMM=False)` on one block),
    exactly: the same word graph (every dictionary word starting at each character) and the
    same best route (the same floats, log(freq) − log(total) summed from the end; ties go to
    the longer word), in one backward pass over the block with the log-probabilities computed
    once, about 3 times faster than jieba's three passes (benchmarks/matching/bench_text.py).
    It takes the tokenizer's dictionary over (counts replaced by log-probabilities, prefixes
    by None in place, so no second copy is made): the tokenizer must not be used after."""

    def __init__(self, tok) -> None:  # noqa: ANN001 - a jieba.Tokenizer
        logtotal = math.log(tok.total)
        lp = tok.FREQ
        for word, count in lp.items():
            lp[word] = (math.log(count) - logtotal) if count else None
        self._lp: dict[str, float | None] = lp
        # a character outside the dictionary: jieba's log(FREQ.get(c) or 1) − log(total)
        self._miss = math.log(1) - logtotal

    def cut(self, block: str) -> list[str]:
        lp, miss = self._lp, self._miss
        n = len(block)
        best = [0.0] * (n + 1)
        end = list(range(n))  # the last character of the best first word from each place
        for k in range(n - 1, -1, -1):
            top = None
            i = k
            frag = block[k]
            while True:
                v = lp.get(frag, _ABSENT)
                if v is _ABSENT:  # no dictionary word starts with frag
                    break
                if v is not None:
                    score = v + best[i + 1]
                    if top is None or score >= top:  # ties: the longer word, as jieba
                        top = score
                        end[k] = i
                i += 1
                if i >= n:
                    break
                frag = block[k : i + 1]
            best[k] = miss + best[k + 1] if top is None else top
        out: list[str] = []
        x = 0
        latin = ""  # single letters and digits in a row are one word, as jieba
        while x < n:
            y = end[x] + 1
            word = block[x:y]
            if len(word) == 1 and word in _ENG_CHARS:
                latin += word
            else:
                if latin:
                    out.append(latin)
                    latin = ""
                out.append(word)
            x = y
        if latin:
            out.append(latin)
        return out


class _Segmenter:
    """One tokeniser, with a bounded cache per block (titles and boilerplate repeat a lot)."""

    def __init__(self, analyzer: str, words: Iterable[str] | None = None) -> None:
        """`words` replaces the custom dictionary (the benchmarks hold out aliases with it)."""
        if analyzer not in ANALYZERS:
            raise ValueError(f"unknown analyzer {analyzer!r}; expected one of {ANALYZERS}")
        self.analyzer = analyzer
        self._cache: BoundedMemo[str, tuple[str, ...]] = BoundedMemo(_BLOCK_CACHE_LIMIT)
        self._jieba = None
        self._graph: WordGraph | None = None
        if analyzer == "jieba":
            self._graph = WordGraph(jieba_tokenizer(words))
        elif analyzer == "jieba_search":
            self._jieba = jieba_tokenizer(words)

    def block(self, block: str) -> tuple[str, ...]:
        hit = self._cache.get(block)
        if hit is not None:
            return hit
        if self._graph is not None:
            raw = self._graph.cut(block)
        elif self.analyzer == "jieba_search":
            raw = self._jieba.cut_for_search(block, HMM=False)  # type: ignore[union-attr]
        else:
            raw = self._chars(block)
        return self._cache.put(
            block, tuple(t for t in raw if t not in _STOPWORDS and not _JUNK_RE.match(t))
        )

    def _chars(self, block: str) -> Iterable[str]:
        unigrams = self.analyzer == "char12"
        for run in _HAN_RUN_RE.findall(block):
            if not ("\u4e00" <= run[0] <= "\u9fd5"):
                yield run
                continue
            if unigrams or len(run) == 1:
                yield from run
            for i in range(len(run) - 1):
                yield run[i : i + 2]

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        for block in text_blocks(text):
            out.extend(self.block(block))
        return out


def text_blocks(text: str) -> list[str]:
    """The normalised blocks jieba segments one by one (so a block's tokens never depend on
    its neighbours, and can be cached per block)."""
    return _BLOCK_RE.findall(normalize_text(text))


@functools.cache
def segmenter(analyzer: str) -> _Segmenter:
    """The shared tokeniser for an analyzer, built on first use (jieba loads ~1 s)."""
    return _Segmenter(analyzer)


def tokenize(text: str, analyzer: str = "jieba") -> list[str]:
    """Tokens of one text as the text part sees them."""
    return segmenter(analyzer).tokens(text)


def is_readable_word(term: str) -> bool:
    """A term worth showing a person as a shared keyword: not a function word, not a lone
    Chinese character (做, 会, 好), not a number."""
    if term in _STOPWORDS or _JUNK_RE.match(term):
        return False
    return not (len(term) == 1 and "\u4e00" <= term <= "\u9fd5")


TITLE_MARK = "^"  # outside the block pattern, so no body token can start with it


def title_bigrams(title: str) -> list[str]:
    """Character bigrams of a title (one character alone stays), Latin words whole, all in
    the title namespace."""
    out: list[str] = []
    for run in _HAN_RUN_RE.findall(normalize_text(title)):
        if "\u4e00" <= run[0] <= "\u9fd5" and len(run) > 1:
            out.extend(TITLE_MARK + run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(TITLE_MARK + run)
    return out


def analyze_fields(
    title: str, body: str, analyzer: str, with_title_bigrams: bool, phrases: str = ""
) -> list[str]:
    """Tokens of a (title, body, phrases) document: `phrases` are short names (the skills, one
    a line) that are already in the body and also yield bigrams in the title namespace, so a
    person's skills meet a vacancy's title and a desired title meets required skills inside
    compound words (大数据开发 / 数据开发, java开发 / java)."""
    seg = segmenter(analyzer)
    head = seg.tokens(title)
    out = head + head + seg.tokens(body)
    if with_title_bigrams:
        out.extend(title_bigrams(joined_short(title, phrases)))
    return out


def joined_short(title: str, phrases: str) -> str:
    """The title and the short phrases as one text for `title_bigrams` (bigrams never cross a
    line, so joining changes nothing else)."""
    return f"{title}\n{phrases}" if phrases else title
