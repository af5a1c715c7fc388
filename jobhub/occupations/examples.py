"""Labelled example titles as evidence: the nearest of them vote for their 细类.

The project owns titles written the way a public employment office sees them, each labelled
blind from the 大典 (``data/examples.csv``; ATTRIBUTION.md says who wrote them and which sets
they come from).  A title close to one of them (character 1–3-gram TF-IDF cosine of the cleaned
titles) is evidence for that example's 细类, the way a name or an alias is: the title's
``EXAMPLE_NEIGHBOURS`` nearest examples at or above ``EXAMPLE_FLOOR`` each vote for their 细类
with their similarity, and a 细类 keeps its nearest example's.  The classifier adds the vote to
its own score (``classifier.EXAMPLE_WEIGHT``) and names the example in the explanation.

No third-party text is shipped: the job-board titles of the evaluation sets never enter the
file (a test checks it against the postings by sha1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .vectors import Query
from .vocabulary import data_rows

__all__ = [
    "EXAMPLE_FLOOR",
    "EXAMPLE_NEIGHBOURS",
    "Example",
    "ExampleMemory",
    "Vote",
    "examples",
    "memory_of",
]

# Neighbours that vote, and the least cosine a neighbour needs to vote at all.
EXAMPLE_NEIGHBOURS = 5
EXAMPLE_FLOOR = 0.3


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled title: ``title`` as written, ``code`` its 细类."""

    title: str
    code: str


@dataclass(frozen=True, slots=True)
class Vote:
    """A 细类's vote from a title's nearest examples: the nearest example of that 细类 and its
    cosine with the title."""

    similarity: float
    example: str


@cache
def examples() -> tuple[Example, ...]:
    """Every row of ``data/examples.csv``."""
    return tuple(
        Example(row["title"].strip(), row["code"].strip())
        for row in data_rows("examples.csv")
        if row["title"].strip() and row["code"].strip()
    )


class ExampleMemory:
    """Labelled titles, searchable by the cosine of their compared forms.

    ``keys`` are the examples' compared forms (the classifier cleans and normalises them as it
    does a title), ``leaves`` their 细类's position in the classifier's list.
    """

    def __init__(self, keys: Sequence[str], leaves: Sequence[int], titles: Sequence[str]) -> None:
        kept = [i for i, key in enumerate(keys) if key]
        self._titles = [titles[i] for i in kept]
        self._leaves = np.asarray([leaves[i] for i in kept], dtype=np.int64)
        self._vectorizer: TfidfVectorizer | None = None
        if kept:
            self._vectorizer = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, dtype=np.float32
            )
            matrix = self._vectorizer.fit_transform([keys[i] for i in kept])
            self._matrix_t = matrix.T.tocsr()
            self._query = Query(self._vectorizer)

    def __len__(self) -> int:
        return len(self._titles)

    def votes(self, texts: Sequence[str]) -> list[dict[int, Vote]]:
        """Per compared title: leaf -> its vote (the nearest voting example of that leaf)."""
        if self._vectorizer is None or not texts:
            return [{} for _ in texts]
        similarity = (self._query(list(texts)) @ self._matrix_t).toarray()
        width = similarity.shape[1]
        near = min(EXAMPLE_NEIGHBOURS, width)
        nearest = np.argpartition(similarity, width - near, axis=1)[:, width - near :]
        out: list[dict[int, Vote]] = []
        for row, columns in enumerate(nearest.tolist()):
            found: dict[int, Vote] = {}
            for j in sorted(columns, key=lambda c: -similarity[row, c]):
                value = float(similarity[row, j])
                leaf = int(self._leaves[j])
                if value >= EXAMPLE_FLOOR and leaf not in found:
                    found[leaf] = Vote(value, self._titles[j])
            out.append(found)
        return out


def memory_of(
    pairs: Iterable[Example], key: Callable[[str], str], leaf_of: dict[str, int]
) -> ExampleMemory:
    """An ``ExampleMemory`` of ``pairs`` whose code is a known 细类, compared as ``key`` reads
    them."""
    kept = [p for p in pairs if p.code in leaf_of]
    return ExampleMemory(
        [key(p.title) for p in kept], [leaf_of[p.code] for p in kept], [p.title for p in kept]
    )
