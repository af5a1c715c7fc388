"""What other vacancies teach about titles: which titles go with which skills.

A person who gives skills but no desired job is compared with vacancy titles only through
the words they share. Other vacancies that list the same skills know more: 叉车证 goes with
叉车司机 and 仓管员, 二保焊 with 电焊工. This module holds that knowledge as plain data,
fitted from vacancies that list both a title and skills:

- `TitleSpace`: character 1–3-grams within words (the char TF-IDF baseline's analyser),
  sublinear tf, smooth idf, l2-normalised rows, fitted on titles. Characters, not words,
  because a title and its neighbours share parts of compounds (焊工 / 电焊工 / 焊接技工).
- `TitleAssociation`: for each skill key, the mean title vector of the vacancies that list
  it, times the key's idf ln(n / df) (a skill most vacancies list teaches little). A
  person's title vector mixes the character vector of their own skills (share `alpha`) with
  the normalised sum of their keys' means, keeps the `terms` strongest terms among those in
  at most `max_df` of the titles, but never fewer than `max_df_floor` titles (a common
  character such as 工 or 员 says nothing and would make the vector touch every title; in a
  small corpus two titles are already 10 %), and is l2-normalised, so its dot product with
  a title's row is a cosine in [0, 1].

In the score (profile [titles]), it takes the skills part's place for a pair the skills
part cannot compare: a vacancy that lists no skills and a person who gives skills but names
no desired job (features.learnt_title_vector, VacancyBlock.pair_scores); nobody who names a
desired job and no vacancy that lists skills is scored differently. Measured on the real
postings, cross-fitted (benchmarks/quality/real_tasks.py, RESULTS.md twelfth round).

Keys are whatever the caller uses to say two skills are the same (the product: canonical
skill ids; the benchmark: the lower-cased tag).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

EXAMPLES = 3  # titles kept per key for the explanation


def _analyzer():  # noqa: ANN202 - a callable str -> list[str]
    """sklearn's char_wb 1–3-grams (lower-cased; each word padded with a space), without the
    bare space, which every title has."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    grams = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).build_analyzer()
    return lambda text: [g for g in grams(text) if g.strip()]


class TitleSpace:
    """A fitted character n-gram TF-IDF space for titles (ordered terms and their idf)."""

    def __init__(self, terms: Sequence[str], idf: np.ndarray, df: np.ndarray, n: int) -> None:
        if not len(terms) == len(idf) == len(df):
            raise ValueError("terms, idf and df differ in length")
        self.terms = list(terms)
        self.vocabulary = {t: i for i, t in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.df = np.asarray(df, dtype=np.int64)  # titles holding each n-gram
        self.n = int(n)  # titles fitted
        self._analyze = _analyzer()

    @property
    def size(self) -> int:
        return len(self.terms)

    @classmethod
    def fit(cls, titles: Sequence[str]) -> TitleSpace:
        """Fit on titles; idf is ln((1 + n) / (1 + df)) + 1, as the baseline's."""
        analyze = _analyzer()
        df: dict[str, int] = {}
        for title, times in Counter(titles).items():  # titles repeat: each read once
            for gram in set(analyze(title)):
                df[gram] = df.get(gram, 0) + times
        terms = sorted(df)
        counts = np.array([df[t] for t in terms], dtype=np.float64)
        n = len(titles)
        idf = np.log((1.0 + n) / (1.0 + counts)) + 1.0
        return cls(terms, idf, counts.astype(np.int64), n)

    def _row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One text's (sorted term ids, l2-normalised (1 + ln tf) · idf)."""
        counts: dict[int, int] = {}
        for gram in self._analyze(text):
            j = self.vocabulary.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        cols = np.array(sorted(counts), dtype=np.int64)
        w = (1.0 + np.log([counts[j] for j in cols.tolist()])) * self.idf[cols]
        norm = float(np.sqrt((w**2).sum())) if len(w) else 0.0
        return cols, (w / norm if norm > 0 else w)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """l2-normalised rows (1 + ln tf) · idf; n-grams outside the space are dropped. Each
        distinct text is analysed once (titles repeat: 急招普工 thousands of times)."""
        distinct: dict[str, int] = {}
        where = np.fromiter(
            (distinct.setdefault(t, len(distinct)) for t in texts), dtype=np.int64, count=len(texts)
        )
        indptr = [0]
        indices: list[int] = []
        data: list[float] = []
        for text in distinct:
            cols, w = self._row(text)
            indices.extend(cols.tolist())
            data.extend(w.tolist())
            indptr.append(len(indices))
        rows = sp.csr_matrix(
            (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(distinct), self.size),
        )
        return rows[where] if len(texts) else rows


class TitleAssociation:
    """Skill key → the idf-weighted mean title vector of the vacancies that list it."""

    def __init__(
        self,
        space: TitleSpace,
        keys: Sequence[str],
        means: sp.csr_matrix,
        *,
        examples: Sequence[Sequence[str]] | None = None,
        alpha: float = 0.5,
        terms: int = 40,
        max_df: float = 0.1,
        max_df_floor: int = 0,
    ) -> None:
        if means.shape != (len(keys), space.size):
            raise ValueError("means must have a row per key and a column per title term")
        if not 0.0 <= alpha <= 1.0 or terms < 1 or not 0.0 < max_df <= 1.0:
            raise ValueError("alpha in [0, 1], terms ≥ 1 and max_df in (0, 1] are required")
        self.space = space
        self.keys = list(keys)
        self.row_of = {k: i for i, k in enumerate(self.keys)}
        self.means = sp.csr_matrix(means, dtype=np.float64)
        # the titles most often met with each key (for the explanation), most frequent first
        self.examples = [list(e) for e in examples] if examples is not None else [[]] * len(keys)
        if len(self.examples) != len(self.keys):
            raise ValueError("examples must have an entry per key")
        self.alpha = alpha
        self.terms = terms
        self.max_df = max_df
        self.max_df_floor = max_df_floor
        # n-grams in more titles than this (工, 员) say nothing of a trade: never in a person
        self._specific = space.df <= max(max_df * space.n, max_df_floor)

    @classmethod
    def fit(
        cls,
        space: TitleSpace,
        titles: Sequence[str],
        key_lists: Sequence[Sequence[str]],
        **options: float,
    ) -> TitleAssociation:
        """Learn from vacancies given as (title, the keys of the skills it lists); a vacancy
        that lists no skill teaches nothing."""
        if len(titles) != len(key_lists):
            raise ValueError("a title per key list is required")
        taught = [i for i, keys in enumerate(key_lists) if keys]
        T = space.transform([titles[i] for i in taught])
        rows_of: dict[str, list[int]] = {}
        for r, i in enumerate(taught):
            for key in dict.fromkeys(key_lists[i]):
                rows_of.setdefault(key, []).append(r)
        keys = sorted(rows_of)
        n = len(taught)
        examples = []
        for key in keys:
            seen: dict[str, int] = {}
            for r in rows_of[key]:
                title = titles[taught[r]].strip()
                if title:
                    seen[title] = seen.get(title, 0) + 1
            examples.append(sorted(seen, key=lambda t: (-seen[t], t))[:EXAMPLES])
        row, col = [], []
        val: list[float] = []
        for k, key in enumerate(keys):
            rows = rows_of[key]
            weight = np.log(n / len(rows)) / len(rows)
            if weight <= 0:
                continue
            mean = sp.csr_matrix(T[rows].sum(axis=0))
            row.extend([k] * mean.nnz)
            col.extend(mean.indices.tolist())
            val.extend((mean.data * weight).tolist())
        means = sp.csr_matrix((val, (row, col)), shape=(len(keys), space.size))
        return cls(space, keys, means, examples=examples, **options)

    def with_options(self, **options: float) -> TitleAssociation:
        """The same learnt means with other person-side options (alpha, terms, max_df,
        max_df_floor)."""
        current = {
            "alpha": self.alpha,
            "terms": self.terms,
            "max_df": self.max_df,
            "max_df_floor": self.max_df_floor,
        }
        return TitleAssociation(
            self.space, self.keys, self.means, examples=self.examples, **(current | options)
        )

    def titles_for(self, keys: Sequence[str], n: int = EXAMPLES) -> list[str]:
        """The titles most often met with these keys, for an explanation: each key's most
        frequent titles in turn (the first key's first, the second key's first, ...)."""
        lists = [self.examples[self.row_of[k]] for k in dict.fromkeys(keys) if k in self.row_of]
        out: list[str] = []
        for rank in range(EXAMPLES):
            for found in lists:
                if rank < len(found) and found[rank] not in out:
                    out.append(found[rank])
        return out[:n]

    def person_vector(
        self, skills: Sequence[str], keys: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """A person's title vector from their skills (as written, for the character part)
        and the keys of those skills: (sorted term ids, weights), l2-normalised; empty when
        neither part has a term."""
        learnt = np.zeros(self.space.size)
        for key in dict.fromkeys(keys):
            r = self.row_of.get(key)
            if r is not None:
                lo, hi = self.means.indptr[r], self.means.indptr[r + 1]
                learnt[self.means.indices[lo:hi]] += self.means.data[lo:hi]
        own = np.zeros(self.space.size)
        cols, w = self.space._row(" ".join(skills))
        own[cols] = w
        q = self.alpha * own + (1.0 - self.alpha) * _unit(learnt)
        keep = np.flatnonzero((q > 0) & self._specific)
        if len(keep) > self.terms:
            # the strongest terms; ties at the last place go to the lower term id (`keep`
            # is in id order)
            vals = q[keep]
            cut = len(vals) - self.terms
            last = np.partition(vals, cut)[cut]
            above = np.flatnonzero(vals > last)
            tied = np.flatnonzero(vals == last)[: self.terms - len(above)]
            keep = keep[np.sort(np.concatenate((above, tied)))]
        vals = _unit(q[keep])
        return keep.astype(np.int64), vals

    def scores(self, rows: sp.csr_matrix, person: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """The cosine of each title row (`space.transform`) with a person's vector."""
        idx, val = person
        dense = np.zeros(self.space.size)
        dense[idx] = val
        return np.asarray(rows @ dense).ravel()

    # -- persistence (plain data, no pickle) ----------------------------------------------------

    def save(self, directory: Path, prefix: str = "titles") -> None:
        directory.mkdir(parents=True, exist_ok=True)
        meta = {
            "terms": self.space.terms,
            "keys": self.keys,
            "examples": self.examples,
            "alpha": self.alpha,
            "n_terms": self.terms,
            "max_df": self.max_df,
            "max_df_floor": self.max_df_floor,
            "n_titles": self.space.n,
        }
        (directory / f"{prefix}.json").write_text(json.dumps(meta, ensure_ascii=True), "ascii")
        np.savez(
            directory / f"{prefix}.npz",
            idf=self.space.idf,
            df=self.space.df,
            data=self.means.data,
            indices=self.means.indices,
            indptr=self.means.indptr,
        )

    @classmethod
    def load(cls, directory: Path, prefix: str = "titles") -> TitleAssociation:
        meta = json.loads((directory / f"{prefix}.json").read_text(encoding="ascii"))
        with np.load(directory / f"{prefix}.npz", allow_pickle=False) as a:
            space = TitleSpace(meta["terms"], a["idf"], a["df"], int(meta["n_titles"]))
            means = sp.csr_matrix(
                (a["data"], a["indices"], a["indptr"]), shape=(len(meta["keys"]), space.size)
            )
        return cls(
            space,
            meta["keys"],
            means,
            examples=meta["examples"],
            alpha=float(meta["alpha"]),
            terms=int(meta["n_terms"]),
            max_df=float(meta["max_df"]),
            max_df_floor=int(meta["max_df_floor"]),
        )


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.sqrt((v**2).sum()))
    return v / norm if norm > 0 else v
