"""The labels a title is matched against: every name and alias of every 细类.

A 细类's labels are its 大典 name, a variant of that name in job-board register (``X工程师`` for
``X工程技术人员``, ``X`` for ``X专业人员``), the aliases of the shipped csv (job-board titles for
479 rows), the aliases of its 小类 (they fit every 细类 of the group, so they weigh less) and
the curated common names in ``data/extra_aliases.csv`` and the trade words of
``data/job_words.csv``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from . import taxonomy
from .cleaning import normalise
from .vocabulary import job_words

__all__ = [
    "GROUP_ALIAS_WEIGHT",
    "Label",
    "build_labels",
    "canon",
    "contains",
    "documents",
    "extra_aliases",
    "has_ascii_edge",
    "name_variants",
]

# A 小类 alias names the whole group, so it counts for less than a 细类's own label.
GROUP_ALIAS_WEIGHT = 0.9

# Same word, different register: job boards say 老师 and 司机, the 大典 says 教师 and 驾驶员.
_SYNONYMS = (("老师", "教师"), ("司机", "驾驶员"))
_LABEL_PUNCT = re.compile(r"[/\\,，、;；:：|｜()（）\[\]【】·]+")
_ASCII_WORD = re.compile(r"[a-z0-9]")


@dataclass(frozen=True, slots=True)
class Label:
    """One string a 细类 is known by.

    ``text`` is the compared form (``canon``), ``display`` the form shown to people,
    ``leaf`` the position of the 细类 in ``taxonomy.leaves()``, ``source`` one of ``name``,
    ``variant``, ``alias``, ``group`` or ``extra``.
    """

    text: str
    leaf: int
    source: str
    weight: float
    display: str


@cache
def extra_aliases() -> tuple[tuple[str, str, str], ...]:
    """The curated (code, alias, note) rows of ``data/extra_aliases.csv``."""
    source = resources.files("jobhub.occupations").joinpath("data", "extra_aliases.csv")
    with source.open("r", encoding="utf-8", newline="") as handle:
        return tuple(
            (row["code"].strip(), row["alias"].strip(), (row["note"] or "").strip())
            for row in csv.DictReader(handle)
            if row["alias"].strip()
        )


def canon(text: str) -> str:
    """The form titles and labels are compared in: normalised, synonyms unified."""
    text = normalise(text)
    for colloquial, formal in _SYNONYMS:
        text = text.replace(colloquial, formal)
    return re.sub(r"\s+", " ", _LABEL_PUNCT.sub(" ", text)).strip()


def name_variants(name: str) -> list[str]:
    """The job-board form of a 大典 name: 焊接工程技术人员 -> 焊接工程师, 会计专业人员 -> 会计."""
    if name.endswith("工程技术人员") and len(name) > 6:
        return [name[: -len("工程技术人员")] + "工程师"]
    if name.endswith("专业人员") and len(name) > 5:
        return [name[: -len("专业人员")]]
    if name.endswith("人员") and len(name) > 3:
        return [name[: -len("人员")]]
    return []


def has_ascii_edge(text: str) -> bool:
    """Whether ``text`` starts or ends with an ASCII character."""
    return bool(text) and (text[0] < "\x80" or text[-1] < "\x80")


def contains(needle: str, text: str) -> bool:
    """``needle`` occurs in ``text``; a Latin end must not be glued to a Latin letter.

    Keeps short Latin labels (ie, qc, ui) from matching inside longer words.
    """
    start = text.find(needle)
    if start == -1 or not has_ascii_edge(needle):
        return start != -1
    while start != -1:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (
            (_ASCII_WORD.match(needle[0]) and _ASCII_WORD.match(before))
            or (_ASCII_WORD.match(needle[-1]) and _ASCII_WORD.match(after))
        ):
            return True
        start = text.find(needle, start + 1)
    return False


def build_labels(
    leaves: Sequence[taxonomy.Occupation],
    *,
    exclude_aliases: Collection[tuple[str, str]] = (),
    use_extra_aliases: bool = True,
    use_job_words: bool = True,
) -> list[Label]:
    """All labels of ``leaves``, grouped by leaf in order; duplicates within a leaf dropped.

    ``exclude_aliases`` holds (code, alias) pairs to leave out, for hold-out evaluation;
    ``use_job_words`` adds the trade words of ``data/job_words.csv`` (source ``vocab``).
    """
    excluded = set(exclude_aliases)
    groups = {o.code: o.aliases for o in taxonomy.all_occupations() if o.level == 3}
    extras: dict[str, list[str]] = {}
    if use_extra_aliases:
        for code, alias, _note in extra_aliases():
            extras.setdefault(code, []).append(alias)
    trade_words: dict[str, list[str]] = {}
    if use_job_words:
        for word in job_words():
            if word.code:
                trade_words.setdefault(word.code, []).append(word.word)

    # A curated name decides where the shipped alias column gives the same words to another
    # 细类 (the column files 算法工程师 under software engineering; the curated file, following
    # the 大典 definitions, under 人工智能工程技术人员): the other 细类's alias is dropped.
    curated = {canon(alias): code for code, names in extras.items() for alias in names}

    def kept(alias: str, code: str) -> bool:
        return curated.get(canon(alias), code) == code

    labels: list[Label] = []
    for position, leaf in enumerate(leaves):
        entries = [(leaf.name, "name", 1.0)]
        entries += [(variant, "variant", 1.0) for variant in name_variants(leaf.name)]
        entries += [
            (alias, "alias", 1.0)
            for alias in leaf.aliases
            if (leaf.code, alias) not in excluded and kept(alias, leaf.code)
        ]
        entries += [(alias, "extra", 1.0) for alias in extras.get(leaf.code, ())]
        entries += [(word, "vocab", 1.0) for word in trade_words.get(leaf.code, ())]
        group = taxonomy.parent(leaf.code, 3)
        if group != leaf.code:
            entries += [
                (alias, "group", GROUP_ALIAS_WEIGHT)
                for alias in groups.get(group, ())
                if (group, alias) not in excluded and kept(alias, leaf.code)
            ]
        seen: set[str] = set()
        for display, source, weight in entries:
            text = canon(display)
            if text and text not in seen:
                seen.add(text)
                labels.append(Label(text, position, source, weight, display))
    return labels


def documents(leaves: Sequence[taxonomy.Occupation], labels: Sequence[Label]) -> list[str]:
    """One text per 细类: its labels, then its definition and tasks.

    Built from the fitted labels, never from the raw alias column, so aliases held out for
    evaluation stay out of every part of the model.
    """
    names: list[list[str]] = [[] for _ in leaves]
    for label in labels:
        names[label.leaf].append(label.text)
    return [canon(" ".join([*names[i], o.definition, *o.tasks])) for i, o in enumerate(leaves)]
