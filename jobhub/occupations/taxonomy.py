"""The 职业分类大典 (CSCO 2022) taxonomy shipped in ``data/csco22.csv``.

The file is read lazily on first use and cached for the life of the process; importing this
module does no I/O.  Codes look like ``4-10-03-01``: 大类 (level 1) ``4``, 中类 (level 2)
``4-10``, 小类 (level 3) ``4-10-03`` and 细类 (level 4) ``4-10-03-01``.

Quirks of the published classification that the helpers handle:

* A 中类 without 小类 division numbers its 细类 under 小类 ``00`` (``1-01-00-01``), and a 小类
  without 细类 division is itself the 细类, with a ``-00`` suffix (``2-06-03-00`` 会计专业人员).
  ``parent`` and ``common_level`` work on the code segments, so such implicit groups count as
  groups: two 细类 under ``1-01-00`` share a 小类.
* Names carry the 2022 markers ``L`` (绿色职业) and ``S`` (数字职业) as a suffix
  (``保洁员L``, ``物流工程技术人员L/S``).  They are stripped from ``name`` and kept as the
  ``green`` and ``digital`` flags.
* The upstream file repeats a few rows (``4-12-04-02``, ``6-20-05-03``, ``5-03-00-00``) and lists
  ``2-03-01-00`` both as 小类 and 细类; the deepest row wins.
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "NameMatch",
    "Occupation",
    "all_occupations",
    "common_level",
    "get",
    "leaves",
    "level_of",
    "occupation_names",
    "parent",
    "search_names",
]

_CODE_RE = re.compile(r"^(\d)-(\d\d)-(\d\d)-(\d\d)$")
_MARKER_RE = re.compile(r"(?<=[\u4e00-\u9fff）)])(L/S|L|S)$")
_TASK_SPLIT_RE = re.compile(r"(?:^|\s+)\d{1,2}[.．、]\s*")
# Characters a jieba dictionary word must not contain (it splits on them anyway).
_NOT_A_WORD_RE = re.compile(r"[\s/,，、()（）+&·.\-]")


@dataclass(frozen=True, slots=True)
class Occupation:
    """One row of the 大典: a 大类, 中类, 小类 or 细类.

    ``parents`` lists the ancestor codes top-down (大类 first) as derived from the code
    segments, so a 细类 always has three, even where the 大典 has no row for an implicit
    ``00`` group.
    """

    code: str
    level: int
    name: str
    definition: str
    tasks: tuple[str, ...]
    aliases: tuple[str, ...]
    parents: tuple[str, ...]
    green: bool
    digital: bool


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A suggestion for a UI field: the occupation and the name or alias that matched."""

    code: str
    name: str
    label: str
    level: int
    is_alias: bool


def _split_code(code: str) -> tuple[str, str, str, str]:
    match = _CODE_RE.match(code)
    if match is None:
        raise ValueError(f"not a 大典 code (expected like 4-10-03-01): {code!r}")
    return match.group(1), match.group(2), match.group(3), match.group(4)


def _prefix(code: str, level: int) -> str:
    """Ancestor code at ``level`` by arithmetic on the segments."""
    a, b, c, d = _split_code(code)
    segments = [a, b, c, d][:level] + ["00"] * (4 - level)
    return "-".join(segments)


def _strip_markers(name: str) -> tuple[str, bool, bool]:
    match = _MARKER_RE.search(name)
    if match is None:
        return name.strip(), False, False
    marker = match.group(1)
    return name[: match.start()].strip(), "L" in marker, "S" in marker


def _parse_tasks(text: str) -> tuple[str, ...]:
    parts = [p.strip(" 。；;") for p in _TASK_SPLIT_RE.split(text or "")]
    return tuple(p for p in parts if p)


def _parse_aliases(raw: str, *exclude: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for alias in (raw or "").split(","):
        alias = alias.strip()
        if alias and alias not in exclude:
            seen.setdefault(alias, None)
    return tuple(seen)


@cache
def _load() -> dict[str, Occupation]:
    """Read the shipped csv once; codes map to the deepest row that carries them."""
    source = resources.files("jobhub.occupations").joinpath("data", "csco22.csv")
    by_code: dict[str, Occupation] = {}
    with source.open("r", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            level = int(row["level"])
            raw_name = row["name"].strip()
            name, green, digital = _strip_markers(raw_name)
            occupation = Occupation(
                code=code,
                level=level,
                name=name,
                definition=(row["definition"] or "").strip(),
                tasks=_parse_tasks(row["tasks"]),
                aliases=_parse_aliases(row["alias"], raw_name, name),
                parents=tuple(_prefix(code, lv) for lv in range(1, level)),
                green=green,
                digital=digital,
            )
            known = by_code.get(code)
            if known is None or known.level < level:
                by_code[code] = occupation
    return by_code


def all_occupations() -> tuple[Occupation, ...]:
    """Every distinct code of the 大典 in file order (大类 to 细类 interleaved)."""
    return tuple(_load().values())


@cache
def leaves() -> tuple[Occupation, ...]:
    """The 细类 (level 4): the codes a classifier or a vacancy is coded to."""
    return tuple(o for o in _load().values() if o.level == 4)


class MalformedCode(KeyError, ValueError):
    """A code not even shaped like one: a bad value, and so also a code the 大典 lacks (callers
    that look a caller's code up catch ``KeyError`` and name the field)."""


def get(code: str) -> Occupation:
    """The occupation with this code; ``KeyError`` if the 大典 has no such code (a malformed code
    raises :class:`MalformedCode`, which is both a ``KeyError`` and a ``ValueError``)."""
    try:
        _split_code(code)
    except ValueError as exc:
        raise MalformedCode(str(exc)) from None
    try:
        return _load()[code]
    except KeyError:
        raise KeyError(f"no occupation with code {code!r}") from None


@cache
def level_of(code: str) -> int:
    """Depth of a code: the taxonomy's level if known, else its count of non-``00`` segments."""
    occupation = _load().get(code)
    if occupation is not None:
        return occupation.level
    segments = _split_code(code)
    depth = 1
    for segment in segments[1:]:
        if segment == "00":
            break
        depth += 1
    return depth


def parent(code: str, level: int) -> str:
    """Code of the ancestor of ``code`` at ``level`` (1 大类, 2 中类, 3 小类).

    ``parent("4-10-03-01", 2) == "4-10-00-00"``.  Asking for the code's own level returns the
    code; asking for a deeper level is an error.
    """
    if not 1 <= level <= 4:
        raise ValueError(f"level must be 1..4, got {level}")
    own = level_of(code)
    if level > own:
        raise ValueError(f"{code} is a level-{own} code; it has no level-{level} ancestor")
    return code if level == own else _prefix(code, level)


def common_level(code_a: str, code_b: str) -> int:
    """How closely two codes agree: 4 same 细类, 3 same 小类, 2 same 中类, 1 same 大类, 0 none.

    A code only counts down to its own depth: a 中类 code and one of its 细类 share level 2.
    The matching engine uses this for the occupation part of a match score.
    """
    segments_a = _split_code(code_a)
    segments_b = _split_code(code_b)
    depth = min(level_of(code_a), level_of(code_b))
    shared = 0
    for lv in range(depth):
        if segments_a[lv] != segments_b[lv]:
            break
        shared = lv + 1
    return shared


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


@cache
def _name_index() -> tuple[tuple[str, ...], tuple[tuple[int, int, str], ...]]:
    """Sorted normalised labels and, per label, (position in all_occupations, is_alias, label)."""
    entries: list[tuple[str, int, int, str]] = []
    for position, occupation in enumerate(all_occupations()):
        entries.append((_normalise(occupation.name), position, 0, occupation.name))
        for alias in occupation.aliases:
            entries.append((_normalise(alias), position, 1, alias))
    entries.sort()
    keys = tuple(e[0] for e in entries)
    payload = tuple((e[1], e[2], e[3]) for e in entries)
    return keys, payload


def search_names(prefix: str, limit: int = 10, level: int | None = 4) -> tuple[NameMatch, ...]:
    """Occupations whose name or alias starts with ``prefix`` (case and width insensitive).

    For type-ahead fields.  Names rank before aliases, then shorter labels first; each
    occupation appears once.  ``level=None`` searches every level; the default offers 细类
    only, the codes a desired job or vacancy is stored with.
    """
    needle = _normalise(prefix)
    if not needle or limit <= 0:
        return ()
    keys, payload = _name_index()
    occupations = all_occupations()
    start = bisect.bisect_left(keys, needle)
    hits: list[tuple[int, int, str, int]] = []
    for index in range(start, len(keys)):
        if not keys[index].startswith(needle):
            break
        position, is_alias, label = payload[index]
        if level is None or occupations[position].level == level:
            hits.append((is_alias, len(label), label, position))
    hits.sort()
    seen: set[int] = set()
    result: list[NameMatch] = []
    for is_alias, _length, label, position in hits:
        if position in seen:
            continue
        seen.add(position)
        occupation = occupations[position]
        result.append(
            NameMatch(occupation.code, occupation.name, label, occupation.level, bool(is_alias))
        )
        if len(result) == limit:
            break
    return tuple(result)


def _dictionary_words(labels: Iterable[str]) -> Iterable[str]:
    for label in labels:
        word = unicodedata.normalize("NFKC", label).strip()
        if 2 <= len(word) <= 16 and not _NOT_A_WORD_RE.search(word):
            yield word


@cache
def occupation_names() -> tuple[str, ...]:
    """Distinct occupation names and aliases usable as jieba dictionary words.

    Labels with separators (``搬运工/装卸工``) or spaces are left out: jieba cannot hold them
    as one word.  Sorted, so a dictionary built from it is reproducible.
    """
    labels: set[str] = set()
    for occupation in all_occupations():
        labels.update(_dictionary_words((occupation.name, *occupation.aliases)))
    return tuple(sorted(labels))
