"""The text part: TF-IDF over the tokeniser's terms (tokenizer.py), fitted offline, applied
online.

Two weightings (profile [text] weighting):
- "cosine": sublinear tf × idf on both sides, l2-normalised: the cosine of the two documents.
- "bm25": the query side is idf × sublinear tf, normalised to sum 1; the document side is
  BM25's saturated, length-normalised term frequency tf·(k1+1)/(tf + k1·(1−b+b·dl/avgdl)),
  capped at 1. Their product is BM25's ranking for the query, scaled into [0, 1]: the share
  of the query's (idf-weighted) words the document contains, a little less for a long
  document, never more for a short one (the cap), so a short posting does not win by being
  short.

The fitted model is plain data (ordered terms + idf) saved as JSON + .npy: loading it never
runs code (no pickle), so the web tier can load what the offline job wrote.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Sequence
from itertools import chain
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from jobhub.matching.memo import BoundedMemo
from jobhub.matching.titles import TitleAssociation
from jobhub.matching.tokenizer import (
    _OCCUPATION_MARK_RE,
    ANALYZERS,
    analyze_fields,
    joined_short,
    segmenter,
    taxonomy_csv_path,
    text_blocks,
    title_bigrams,
)

# Distinct blocks and titles whose term ids a model keeps (about 100 bytes each).
_ID_CACHE_LIMIT = 300_000


# The options `TextModel.fit` takes, which a matching profile sets and a saved model keeps.
FIT_OPTIONS = (
    "analyzer",
    "title_bigrams",
    "max_df",
    "max_df_floor",
    "min_df",
    "weighting",
    "k1",
    "b",
    "query_terms",
    "generic_titles",
    "generic_title_weight",
)


def generic_terms(words: Sequence[str]) -> set[str]:
    """The terms a generic title word (工程师, 专员, 实习生: a rank or a role, not a trade) is
    met through: the word itself and its character bigrams in the title namespace."""
    return set(words) | {t for w in words for t in title_bigrams(w)}


class TextModel:
    """A fitted TF-IDF space: ordered terms and their idf (sublinear tf, l2-normalised rows)."""

    def __init__(
        self,
        analyzer: str,
        terms: Sequence[str],
        idf: np.ndarray,
        *,
        n_docs: int,
        max_df: float,
        min_df: int,
        title_bigrams: bool = True,
        max_df_floor: int = 0,
        weighting: str = "cosine",
        k1: float = 1.2,
        b: float = 0.75,
        avgdl: float = 1.0,
        query_terms: float = 0.0,
        generic_titles: Sequence[str] = (),
        generic_title_weight: float = 1.0,
    ) -> None:
        if weighting not in ("cosine", "bm25"):
            raise ValueError(f"unknown weighting {weighting!r}")
        if len(terms) != len(idf):
            raise ValueError("terms and idf differ in length")
        if analyzer not in ANALYZERS:
            raise ValueError(f"unknown analyzer {analyzer!r}")
        self.analyzer = analyzer
        self.title_bigrams = title_bigrams
        self.terms: list[str] = list(terms)
        self.vocabulary: dict[str, int] = {t: i for i, t in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float32)
        self.n_docs = n_docs
        self.max_df = max_df
        self.max_df_floor = max_df_floor
        self.min_df = min_df
        self.weighting = weighting
        self.k1 = k1
        self.b = b
        self.avgdl = avgdl if avgdl > 0 else 1.0
        self.query_terms = query_terms
        self.generic_titles = tuple(generic_titles)
        self.generic_title_weight = generic_title_weight
        self.mean_idf = float(self.idf.mean()) if len(self.idf) else 1.0
        self._block_ids: BoundedMemo[str, tuple[int, ...]] = BoundedMemo(_ID_CACHE_LIMIT)
        self._title_ids: BoundedMemo[str, tuple[int, ...]] = BoundedMemo(_ID_CACHE_LIMIT)
        # which titles go with which skills, learnt from the fitted vacancies (titles.py);
        # kept with the model so that every path (index, batch, people index) reads the same
        self.titles: TitleAssociation | None = None

    @property
    def size(self) -> int:
        return len(self.terms)

    @property
    def title_width(self) -> int:
        """Columns of the learnt-title rows (the title n-grams; 0 without learnt titles)."""
        return self.titles.space.size if self.titles is not None else 0

    def with_titles(self, titles: TitleAssociation | None) -> TextModel:
        """This model with learnt titles (None: without)."""
        out = copy.copy(self)
        out.titles = titles
        return out

    def analyze(self, title: str, body: str = "", phrases: str = "") -> list[str]:
        return analyze_fields(title, body, self.analyzer, self.title_bigrams, phrases)

    def ids_of(self, tokens: Sequence[str]) -> list[int]:
        """Term ids of tokens, those outside the vocabulary dropped."""
        vocab = self.vocabulary
        return [i for i in (vocab.get(t, -1) for t in tokens) if i >= 0]

    def _text_ids(self, text: str) -> list[int]:
        cache = self._block_ids
        out: list[int] = []
        for block in text_blocks(text):
            ids = cache.get(block)
            if ids is None:
                ids = cache.put(block, tuple(self.ids_of(segmenter(self.analyzer).block(block))))
            out.extend(ids)
        return out

    def term_ids(self, title: str, body: str = "", phrases: str = "") -> list[int]:
        """The term ids of a (title, body, phrases) document: the ids of `analyze`'s tokens,
        found without building the token strings again (term ids are cached per block of
        text, and the bigrams per title and phrases)."""
        head = self._text_ids(title)
        out = head + head + self._text_ids(body)
        short = joined_short(title, phrases)
        if self.title_bigrams and short:
            bigrams = self._title_ids.get(short)
            if bigrams is None:
                bigrams = self._title_ids.put(short, tuple(self.ids_of(title_bigrams(short))))
            out.extend(bigrams)
        return out

    @classmethod
    def fit(
        cls,
        docs: Sequence[tuple[str, ...]],
        *,
        analyzer: str = "jieba",
        title_bigrams: bool = True,
        max_df: float = 0.2,
        min_df: int = 1,
        max_df_floor: int = 0,
        tokens: Sequence[Sequence[str]] | None = None,
        weighting: str = "cosine",
        k1: float = 1.2,
        b: float = 0.75,
        query_terms: float = 0.0,
        generic_titles: Sequence[str] = (),
        generic_title_weight: float = 1.0,
    ) -> tuple[TextModel, sp.csr_matrix]:
        """Fit on a corpus; returns the model and the corpus matrix (tokenised once).

        Terms in more than max(`max_df`·n, `max_df_floor`) documents (or in fewer than
        `min_df`) are dropped: they rank nothing and make every query touch most of the
        index; the floor keeps a small corpus from losing ordinary words. idf is sklearn's
        smooth idf, ln((1+n)/(1+df)) + 1, for "cosine" and Lucene's BM25 idf,
        ln(1 + (n − df + 0.5)/(df + 0.5)), for "bm25". The idf of the `generic_titles` terms
        (`generic_terms`) is multiplied by `generic_title_weight`: a person's words weigh by
        idf, so "工程师" then counts less than the trade in "安全研究工程师" (the vacancy's
        side, BM25's saturated tf, does not use idf).
        """
        token_lists = (
            tokens
            if tokens is not None
            else [analyze_fields(d[0], d[1], analyzer, title_bigrams, *d[2:]) for d in docs]
        )
        n = len(token_lists)
        provisional: dict[str, int] = {}
        rows: list[np.ndarray] = []
        for toks in token_lists:
            ids = [provisional.setdefault(t, len(provisional)) for t in toks]
            rows.append(np.asarray(ids, dtype=np.int64))
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        cols = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        counts = sp.csr_matrix(
            (np.ones(len(cols), dtype=np.float32), cols, indptr), shape=(n, len(provisional))
        )
        counts.sum_duplicates()
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        max_count = max(max_df * n, max_df_floor)
        keep = np.flatnonzero((df >= min_df) & (df <= max_count))
        inverse = np.array(list(provisional), dtype=object)
        order = keep[np.argsort(inverse[keep].astype(str), kind="stable")]
        terms = [str(t) for t in inverse[order]]
        if weighting == "bm25":  # Lucene's BM25 idf: near 0 for a word in most documents
            idf = np.log(1.0 + (n - df[order] + 0.5) / (df[order] + 0.5))
        else:
            idf = np.log((1.0 + n) / (1.0 + df[order])) + 1.0
        generic = generic_terms(generic_titles)
        if generic and generic_title_weight != 1.0:
            idf = idf * np.where([t in generic for t in terms], generic_title_weight, 1.0)
        kept = np.zeros(counts.shape[1], dtype=bool)
        kept[order] = True
        lengths = np.bincount(
            np.repeat(np.arange(n), np.diff(counts.indptr))[kept[counts.indices]],
            weights=counts.data[kept[counts.indices]],
            minlength=n,
        )
        model = cls(
            analyzer,
            terms,
            idf,
            n_docs=n,
            max_df=max_df,
            min_df=min_df,
            title_bigrams=title_bigrams,
            max_df_floor=max_df_floor,
            weighting=weighting,
            k1=k1,
            b=b,
            avgdl=float(lengths.mean()) if n else 1.0,
            query_terms=query_terms,
            generic_titles=generic_titles,
            generic_title_weight=generic_title_weight,
        )
        remap = np.full(counts.shape[1], -1, dtype=np.int64)
        remap[order] = np.arange(len(order))
        return model, model._weigh(counts, remap)

    def _weigh(
        self, counts: sp.csr_matrix, remap: np.ndarray | None = None, *, query: bool = False
    ) -> sp.csr_matrix:
        counts = counts.tocoo()
        cols = counts.col if remap is None else remap[counts.col]
        keep = cols >= 0
        mat = sp.csr_matrix(
            (counts.data[keep].astype(np.float32), (counts.row[keep], cols[keep])),
            shape=(counts.shape[0], self.size),
            dtype=np.float32,
        )
        mat.sum_duplicates()  # also sorts the columns of each row
        row_of = np.repeat(np.arange(mat.shape[0]), np.diff(mat.indptr))
        mat.data = self._weights(mat.data, mat.indices, row_of, mat.shape[0], query=query)
        return mat

    def _weights(
        self,
        counts: np.ndarray,
        cols: np.ndarray,
        row_of: np.ndarray,
        n_rows: int,
        *,
        query: bool,
    ) -> np.ndarray:
        """Term weights of documents (or of queries: a person's side). The one formula for
        every path, so online and batch vectors are bit-identical (see the module doc)."""
        tf = counts.astype(np.float32)
        if self.weighting == "bm25" and not query:
            lengths = np.bincount(row_of, weights=tf.astype(np.float64), minlength=n_rows)
            norm = (1.0 - self.b + self.b * lengths / self.avgdl).astype(np.float32)
            sat = tf * np.float32(self.k1 + 1.0) / (tf + np.float32(self.k1) * norm[row_of])
            return np.minimum(sat, np.float32(1.0)).astype(np.float32)
        data = (1.0 + np.log(tf)) * self.idf[cols]
        if self.weighting == "bm25":
            # a person's words sum to 1, but a person who says little is measured against
            # `query_terms` words of average idf: "电工" alone must not cover a vacancy better
            # than a full profile that also says 电工 (people are ranked against each other
            # for a vacancy too)
            norms = np.bincount(row_of, weights=data.astype(np.float64), minlength=n_rows)
            norms = np.maximum(norms, self.query_terms * self.mean_idf)
        else:
            norms = np.sqrt(
                np.bincount(row_of, weights=data.astype(np.float64) ** 2, minlength=n_rows)
            )
        norms[norms == 0] = 1.0
        return (data / norms[row_of]).astype(np.float32)

    def vector(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """One tokenised query (a person's document) as (sorted term ids, weights)."""
        return self.vector_ids(self.ids_of(tokens))

    def vector_ids(self, term_ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """One query's term ids as (sorted term ids, weights), without building a sparse
        matrix (the same weights as `transform_ids(..., query=True)`)."""
        ids = np.asarray(term_ids, dtype=np.int32)
        if len(ids) == 0:
            return ids, np.zeros(0, dtype=np.float32)
        cols, counts = np.unique(ids, return_counts=True)
        return cols.astype(np.int32), self._weights(
            counts, cols, np.zeros(len(cols), dtype=np.int64), 1, query=True
        )

    def transform_tokens(
        self, token_lists: Sequence[Sequence[str]], *, query: bool = False
    ) -> sp.csr_matrix:
        """Rows for tokenised documents (or queries); terms outside the vocabulary are
        ignored."""
        return self.transform_ids([self.ids_of(toks) for toks in token_lists], query=query)

    def transform_ids(
        self, id_lists: Sequence[Sequence[int]], *, query: bool = False
    ) -> sp.csr_matrix:
        """Rows for documents (or queries) given as term ids (`term_ids`)."""
        indptr = np.zeros(len(id_lists) + 1, dtype=np.int64)
        np.cumsum([len(ids) for ids in id_lists], out=indptr[1:])
        indices = np.fromiter(chain.from_iterable(id_lists), dtype=np.int32, count=int(indptr[-1]))
        counts = sp.csr_matrix(
            (np.ones(len(indices), dtype=np.float32), indices, indptr),
            shape=(len(id_lists), self.size),
        )
        return self._weigh(counts, query=query)

    def transform(self, docs: Sequence[tuple[str, ...]]) -> sp.csr_matrix:
        """Rows for (title, body) or (title, body, phrases) documents."""
        return self.transform_ids([self.term_ids(*d) for d in docs])

    # -- persistence (plain data, no pickle) ---------------------------------------------------

    def meta(self) -> dict[str, object]:
        return {
            **{name: getattr(self, name) for name in FIT_OPTIONS},
            "n_docs": self.n_docs,
            "avgdl": self.avgdl,
            "terms": self.terms,
        }

    def save(self, directory: Path, prefix: str = "text") -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{prefix}_model.json").write_text(
            json.dumps(self.meta(), ensure_ascii=True), encoding="ascii"
        )
        np.save(directory / f"{prefix}_idf.npy", self.idf, allow_pickle=False)
        if self.titles is not None:
            self.titles.save(directory, f"{prefix}_titles")

    @classmethod
    def load(cls, directory: Path, prefix: str = "text") -> TextModel:
        meta = json.loads((directory / f"{prefix}_model.json").read_text(encoding="ascii"))
        idf = np.load(directory / f"{prefix}_idf.npy", allow_pickle=False)
        model = cls(
            str(meta["analyzer"]),
            [str(t) for t in meta["terms"]],
            idf,
            n_docs=int(meta["n_docs"]),
            max_df=float(meta["max_df"]),
            min_df=int(meta["min_df"]),
            title_bigrams=bool(meta["title_bigrams"]),
            max_df_floor=int(meta.get("max_df_floor", 0)),
            weighting=str(meta.get("weighting", "cosine")),
            k1=float(meta.get("k1", 1.2)),
            b=float(meta.get("b", 0.75)),
            avgdl=float(meta.get("avgdl", 1.0)),
            query_terms=float(meta.get("query_terms", 0.0)),
            generic_titles=tuple(str(w) for w in meta.get("generic_titles", ())),
            generic_title_weight=float(meta.get("generic_title_weight", 1.0)),
        )
        if (directory / f"{prefix}_titles.json").exists():
            return model.with_titles(TitleAssociation.load(directory, f"{prefix}_titles"))
        return model


def reference_corpus() -> list[tuple[str, str]]:
    """Documents for the default model: every occupation of the taxonomy (name, aliases,
    definition, tasks) and every skill with its synonyms."""
    import csv

    from jobhub.matching.skills import default_vocabulary

    docs: list[tuple[str, str]] = []
    with taxonomy_csv_path().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = _OCCUPATION_MARK_RE.sub("", row["name"].strip())
            docs.append((name, " ".join((row.get("alias") or "", row["definition"], row["tasks"]))))
    for skill in default_vocabulary().skills:
        docs.append((skill.name, " ".join(skill.aliases)))
    return docs


@functools.cache
def default_text_model(
    analyzer: str = "jieba",
    title_bigrams: bool = True,
    max_df: float = 0.02,
    max_df_floor: int = 500,
    min_df: int = 1,
    weighting: str = "cosine",
    k1: float = 1.2,
    b: float = 0.75,
    query_terms: float = 0.0,
    generic_titles: tuple[str, ...] = (),
    generic_title_weight: float = 1.0,
) -> TextModel:
    """A general model for the stateless API, fitted on first use from the taxonomy and the
    skills vocabulary, so that a pair's text score does not depend on the other vacancies in
    the request. Callers with a fitted VacancyIndex should pass its model instead."""
    model, _ = TextModel.fit(
        reference_corpus(),
        analyzer=analyzer,
        title_bigrams=title_bigrams,
        max_df=max_df,
        max_df_floor=max_df_floor,
        min_df=min_df,
        weighting=weighting,
        k1=k1,
        b=b,
        query_terms=query_terms,
        generic_titles=generic_titles,
        generic_title_weight=generic_title_weight,
    )
    return model
