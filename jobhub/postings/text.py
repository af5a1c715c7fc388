"""Text normalisation with an offset map, clause windows and a pattern-rule helper.

Rules match on a normalised copy of the text (full-width folded to half-width,
ASCII lower-cased, spaces and zero-width characters dropped, so "限 男 性" and
"ＱＱ：１２３４５" are caught) and every hit is mapped back to offsets in the text
as submitted.

Context is judged within a clause: the stretch between two separators
(，。；！？ and line breaks). "男女不限，押金全免" has two clauses; a negation in
one never cancels a hit in the other.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

# Dropped before matching: spacing and invisible characters used to dodge filters.
_DROPPED = frozenset(" \t\u3000\u00a0\u200b\u200c\u200d\u2060\ufeff")
# Clause separators after normalisation (NFKC folds ，；！？ to , ; ! ?).
_SEPARATORS = frozenset(",。;!?\n\r|")

CJK = "\u4e00-\u9fff"
# How far before or after a hit its context is read: negation and qualifiers sit
# next to what they govern, and a bound keeps a 5,000-character clause from making
# every veto a scan of the whole clause.
CONTEXT = 40


@dataclass(frozen=True)
class Text:
    """A normalised text with the map back to the original.

    ``index[i]`` is the offset in ``original`` of ``norm[i]``; normalisation is one
    character to one character (characters whose NFKC form is longer stay as they
    are), so a hit ``norm[s:e]`` maps to ``original[index[s]:index[e-1]+1]``.
    """

    original: str
    norm: str
    index: tuple[int, ...]
    _bounds: tuple[int, ...] = field(repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span ``[start, end)``."""
        return self.index[start], self.index[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        """The submitted words behind the normalised span ``[start, end)``."""
        s, e = self.span(start, end)
        return self.original[s:e]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the clause around the normalised span ``[start, end)``."""
        i = bisect_left(self._bounds, start)
        lo = self._bounds[i - 1] + 1 if i > 0 else 0
        # First separator at or after the end; one inside the hit is ignored.
        j = bisect_left(self._bounds, max(end, start + 1))
        hi = self._bounds[j] if j < len(self._bounds) else len(self.norm)
        return lo, hi

    def before(self, start: int, end: int) -> str:
        """Clause text before the hit, at most ``CONTEXT`` characters."""
        lo, _ = self.clause(start, end)
        return self.norm[max(lo, start - CONTEXT) : start]

    def after(self, start: int, end: int) -> str:
        """Clause text after the hit, at most ``CONTEXT`` characters."""
        _, hi = self.clause(start, end)
        return self.norm[end : min(hi, end + CONTEXT)]


@cache
def _fold(ch: str) -> str:
    # Cached per character: postings reuse a few thousand characters, and NFKC per
    # character is most of the cost of preparing a text.
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return ch
    lowered = folded.lower()
    return lowered if len(lowered) == 1 else folded


def prepare(original: str) -> Text:
    """Normalise ``original`` for matching, keeping the offset map."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(original):
        if ch in _DROPPED:
            continue
        chars.append(_fold(ch))
        index.append(i)
    norm = "".join(chars)
    bounds = tuple(i for i, ch in enumerate(norm) if ch in _SEPARATORS)
    return Text(original=original, norm=norm, index=tuple(index), _bounds=bounds)


@dataclass(frozen=True)
class Hit:
    """A rule match: the rule id, the normalised span and values for its message."""

    rule: str
    start: int
    end: int
    details: tuple[tuple[str, str], ...] = ()


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A non-capturing regex alternation, longest words first."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"


def negated_list(negators: str, terms: str, verbs: str = "") -> re.Pattern[str]:
    """Pattern for a negation that governs the hit, applied to the clause text before it.

    Matches when the text before the hit ends with a negator, an optional verb and
    "任何", then zero or more other listed terms: it cancels "押金" in "不收取任何押金"
    and "保证金" in "不收取押金、保证金", but not in "无需经验押金200元" (经验 is
    not a listed term).
    """
    verb_part = f"(?:{verbs})?" if verbs else ""
    return re.compile(
        rf"(?:{negators}){verb_part}(?:任何|一切|其他|额外|各种|各类)?"
        rf"(?:{terms}[、/和及与或,]?)*$"
    )


@dataclass(frozen=True)
class PatternRule:
    """A regex with the context that cancels it.

    - ``veto_before``: searched in the clause text before the hit (anchor it with ``$``);
    - ``veto_after``: matched at the start of the clause text after the hit;
    - ``veto_clause``: searched anywhere in the clause.
    """

    rule: str
    pattern: re.Pattern[str]
    veto_before: re.Pattern[str] | None = None
    veto_after: re.Pattern[str] | None = None
    veto_clause: re.Pattern[str] | None = None

    def scan(self, text: Text) -> Iterator[Hit]:
        """Every hit of the pattern in ``text`` that no veto cancels."""
        for m in self.pattern.finditer(text.norm):
            s, e = m.span()
            if s == e:
                continue
            if self.vetoed(text, s, e):
                continue
            yield Hit(self.rule, s, e)

    def vetoed(self, text: Text, start: int, end: int) -> bool:
        """Whether the clause context cancels a hit at ``[start, end)``."""
        if self.veto_before is not None and self.veto_before.search(text.before(start, end)):
            return True
        if self.veto_after is not None and self.veto_after.match(text.after(start, end)):
            return True
        if self.veto_clause is not None:
            lo, hi = text.clause(start, end)
            if self.veto_clause.search(text.norm[lo:hi]):
                return True
        return False


# Chinese numerals up to 99, enough for ages ("三十五岁").
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def parse_small_number(token: str) -> int | None:
    """Parse "35", "三十五", "十八" or "四十" to an int; ``None`` if not a number."""
    if token.isdigit():
        return int(token)
    if not token or any(ch not in _CN_DIGITS and ch != "十" for ch in token):
        return None
    if "十" not in token:
        return _CN_DIGITS[token] if len(token) == 1 else None
    tens, _, units = token.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    t = _CN_DIGITS[tens] if tens else 1
    u = _CN_DIGITS[units] if units else 0
    return t * 10 + u


@dataclass(frozen=True)
class Scan:
    """What a text rule sees: the text, whether it is the title, and the whole posting.

    ``whole`` is the normalised title and description together, for rules whose
    exceptions depend on the rest of the posting (the barred-work exception of the
    gender rule looks for "矿山井下" anywhere in the posting).
    """

    text: Text
    in_title: bool
    whole: str


def run_rules(rules: tuple[PatternRule, ...], text: Text) -> list[Hit]:
    """Hits of every rule in ``rules`` over ``text``."""
    return [hit for rule in rules for hit in rule.scan(text)]
