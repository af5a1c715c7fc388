"""Job-board words the 大典 lacks, and what they stand for (``data/job_words.csv``).

Titles name trades and workplaces in words no 大典 name, alias, definition or task contains:
养鸡场 is a 家禽 farm, 宾馆 a 旅店, 钩机 an 挖掘机, 探伤 is 无损检测.  A lexical classifier cannot
reach these from the 大典's text, so a curated file says it, in two ways:

- a word that names a trade by itself (砧板, 美团骑手) is a label of its 细类, like a curated
  alias (``labels.build_labels``);
- a word for a workplace, a product or an animal stands for 大典 words: the title is also read
  with the word replaced (养鸡场 饲养员 reads 家禽饲养场 饲养员) and the 大典 words count as the
  title's own when each 细类's text is read for evidence.

The file says how it was made (by hand, not from the evaluation sets).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .cleaning import normalise

__all__ = ["JobWord", "Readings", "data_rows", "job_words", "readings"]


@dataclass(frozen=True, slots=True)
class JobWord:
    """One row of the file: ``word`` (normalised) names the 细类 ``code`` or stands for the 大典
    words ``means`` (exactly one of the two is set); ``note`` says why."""

    word: str
    code: str
    means: str
    note: str


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of the shipped ``data/<name>`` csv; lines starting with ``#`` are its header."""
    source = resources.files("jobhub.occupations").joinpath("data", name)
    with source.open("r", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader([line for line in handle if not line.startswith("#")]))


@cache
def job_words() -> tuple[JobWord, ...]:
    """Every row of ``data/job_words.csv``."""
    rows = []
    for row in data_rows("job_words.csv"):
        word, code, means = normalise(row["word"]), row["code"].strip(), normalise(row["means"])
        if word and bool(code) != bool(means):
            rows.append(JobWord(word, code, means, (row["note"] or "").strip()))
        elif word:
            raise ValueError(f"job_words.csv: {word!r} needs exactly one of code and means")
    return tuple(rows)


class Readings:
    """Reads a normalised title with its job-board words replaced by the 大典 words they stand
    for.  A Chinese word matches anywhere, longest first; a Latin word only as a whole word
    (the ``5g`` of ``5g算法`` but not of ``15g``)."""

    def __init__(self, meanings: Iterable[tuple[str, str]]) -> None:
        self._means = dict(meanings)
        words = sorted(self._means, key=len, reverse=True)
        alternatives = [
            rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])" if w.isascii() else re.escape(w)
            for w in words
        ]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def read(self, text: str) -> str:
        """``text`` with every job-board word replaced ("" when it has none)."""
        if self._pattern is None:
            return ""
        replaced, count = self._pattern.subn(lambda m: self._means[m.group(0)], text)
        return replaced if count else ""

    def meanings(self, text: str) -> str:
        """The 大典 words of the job-board words in ``text``, space-separated ("" for none)."""
        if self._pattern is None:
            return ""
        found = (self._means[m.group(0)] for m in self._pattern.finditer(text))
        return " ".join(dict.fromkeys(found))


@cache
def readings() -> Readings:
    """The file's ``means`` rows as a ``Readings``."""
    return Readings((w.word, w.means) for w in job_words() if w.means)
