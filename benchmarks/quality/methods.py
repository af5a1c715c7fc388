"""The ranking methods compared on real data, each given the same text fields, and the metrics
with bootstrap confidence intervals.

- BM25: rank-bm25's BM25Okapi (k1 1.5, b 0.75) over jieba search-mode tokens, lower-cased.
- char TF-IDF: scikit-learn's TfidfVectorizer over character 1–3-grams within words
  (char_wb), sublinear tf, cosine.
- the engine: the product path, `VacancyIndex.fit` on the same documents and
  `top_for_seeker`, with occupation codes assigned as the product assigns them (the title
  classifier's top-1 for a non-empty title); no locations, so distance is neutral.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_PUNCT = re.compile(r"^[\W_]+$")


def baseline_tokens(text: str) -> list[str]:
    """jieba search-mode tokens (sub-words of compounds too), lower case, no punctuation."""
    import jieba

    return [t for t in jieba.cut_for_search(text.lower()) if t.strip() and not _PUNCT.match(t)]


class BM25:
    name = "BM25"

    def __init__(self, docs: Sequence[str]) -> None:
        import logging

        import jieba
        from rank_bm25 import BM25Okapi

        jieba.setLogLevel(logging.WARNING)
        self._bm25 = BM25Okapi([baseline_tokens(d) or ["∅"] for d in docs])

    def rank(self, query: str, k: int) -> list[int]:
        scores = self._bm25.get_scores(baseline_tokens(query))
        order = np.argsort(-scores, kind="stable")[:k]
        return [int(i) for i in order if scores[i] > 0]


class CharTfidf:
    name = "char TF-IDF"

    def __init__(self, docs: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True)
        self._docs = self._vec.fit_transform([d.lower() for d in docs]).T.tocsr()

    def rank(self, query: str, k: int) -> list[int]:
        q = self._vec.transform([query.lower()])
        scores = (q @ self._docs).toarray().ravel()
        order = np.argsort(-scores, kind="stable")[:k]
        return [int(i) for i in order if scores[i] > 0]


def occupation_codes(titles: Sequence[str]) -> dict[str, str | None]:
    """What the product assigns on its own: the classifier's best 细类 for each non-empty title
    when it is sure (score at least CONFIDENT_SCORE); below it the product asks the person, and
    the benchmark, which has nobody to ask, leaves the title uncoded."""
    from jobhub.occupations import classify_many
    from jobhub.occupations.classifier import CONFIDENT_SCORE

    distinct = sorted({t for t in titles if t.strip()})
    ranked = classify_many(distinct, top=1) if distinct else []
    return {
        t: (c[0].code if c and c[0].score >= CONFIDENT_SCORE else None)
        for t, c in zip(distinct, ranked, strict=True)
    }


class Engine:
    name = "engine"

    def __init__(self, vacancies: Sequence, profile=None, titles=None) -> None:  # noqa: ANN001
        """`titles`: what other vacancies taught about titles (`VacancyIndex.fit`)."""
        from jobhub.matching import VacancyIndex

        self._index = VacancyIndex.fit(list(vacancies), profile, titles=titles)
        self._position = {v.id: i for i, v in enumerate(vacancies)}

    def rank(self, seeker, k: int) -> list[int]:  # noqa: ANN001
        return [position for position, _ in self.scored(seeker, k)]

    def scored(self, seeker, k: int) -> list[tuple[int, float]]:  # noqa: ANN001
        """The k best documents for the person, as (position, the engine's score)."""
        from jobhub.matching import SearchFilters

        found = self._index.top_for_seeker(
            seeker, k=k, filters=SearchFilters(include_ineligible=False)
        )
        return [(self._position[r.vacancy_id], r.score) for r in found]


# -- metrics ------------------------------------------------------------------------------------


def reciprocal_rank(ranked: Sequence[int], relevant: set[int]) -> float:
    """1/rank of the first relevant document; 0 if none was returned."""
    for i, doc in enumerate(ranked, start=1):
        if doc in relevant:
            return 1.0 / i
    return 0.0


def ndcg_at(ranked: Sequence[int], grades: dict[int, float], k: int = 10) -> float:
    """nDCG@k with gains 2^grade − 1 and log2 discounts; 0 when nothing is relevant."""
    gains = [2.0 ** grades.get(doc, 0.0) - 1.0 for doc in ranked[:k]]
    dcg = sum(g / np.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2.0**g - 1.0 for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / np.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at(ranked: Sequence[int], relevant: set[int], k: int = 10) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


@dataclass(frozen=True)
class Estimate:
    mean: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.mean:.3f} [{self.low:.3f}, {self.high:.3f}]"


def bootstrap(values: Sequence[float], *, seed: int = 0, n: int = 2000) -> Estimate:
    """The mean and its 95% percentile bootstrap interval over queries."""
    a = np.asarray(values, dtype=np.float64)
    rng = np.random.default_rng(seed)
    means = a[rng.integers(0, len(a), size=(n, len(a)))].mean(axis=1)
    return Estimate(
        float(a.mean()), float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))
    )


def paired_ratio(
    a: Sequence[float], b: Sequence[float], *, seed: int = 0, n: int = 2000
) -> Estimate:
    """mean(a) / mean(b) with a 95% interval from resampling the same queries for both."""
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(x), size=(n, len(x)))
    ratios = x[idx].mean(axis=1) / np.maximum(y[idx].mean(axis=1), 1e-12)
    return Estimate(
        float(x.mean() / max(y.mean(), 1e-12)),
        float(np.percentile(ratios, 2.5)),
        float(np.percentile(ratios, 97.5)),
    )


def paired_difference(
    a: Sequence[float], b: Sequence[float], *, seed: int = 0, n: int = 2000
) -> Estimate:
    """mean(a − b) with a 95% interval from resampling the same queries for both."""
    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    return bootstrap(d, seed=seed, n=n)
