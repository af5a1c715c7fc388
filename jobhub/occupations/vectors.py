"""A fitted ``TfidfVectorizer``'s ``transform`` for a few short texts, without its checks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["Query"]


class Query:
    """A fitted ``TfidfVectorizer``'s ``transform`` (sublinear tf, idf, l2 norm) for a few
    short texts, without its input checks: for one title those cost more than the product.
    Many texts go through the vectorizer itself (vectorised; the same vectors)."""

    FEW = 16

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        assert vectorizer.sublinear_tf and vectorizer.norm == "l2" and vectorizer.use_idf
        self._vectorizer = vectorizer
        self._analyse = vectorizer.build_analyzer()
        self._vocabulary: dict[str, int] = dict(vectorizer.vocabulary_)
        self._idf = vectorizer.idf_.astype(np.float32)

    def __call__(self, texts: Sequence[str]) -> csr_matrix:
        if len(texts) > self.FEW:
            return self._vectorizer.transform(texts)
        vocabulary = self._vocabulary
        indptr, indices, data = [0], [], []
        for text in texts:
            counts: dict[int, int] = {}
            for gram in self._analyse(text):
                column = vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            columns = sorted(counts)
            weights = (1.0 + np.log(np.fromiter((counts[c] for c in columns), np.float32))) * (
                self._idf[columns]
            )
            norm = float(np.sqrt(np.dot(weights, weights)))
            indices.extend(columns)
            data.extend((weights / norm).tolist() if norm > 0 else [])
            indptr.append(len(indices))
        return csr_matrix(
            (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
            shape=(len(texts), len(self._idf)),
        )
