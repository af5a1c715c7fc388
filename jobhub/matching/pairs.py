"""Exact pair scoring helpers: the person side of a pair (People) and sparse row dots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from jobhub.matching.features import SeekerQuery, stack_rows
from jobhub.matching.models import SeekerProfile


def pair_dot(M: sp.csr_matrix, rows: np.ndarray, P: sp.csr_matrix, pj: np.ndarray) -> np.ndarray:
    """Σ_t M[rows[i], t] · P[pj[i], t] for every pair i, summed in float64 in the order of the
    row's columns (deterministic: a pair gives the same value on every path)."""
    many = P.shape[0] > 1 and P.shape[1] == M.shape[1]
    if many and M.has_canonical_format and P.has_canonical_format:
        return _pair_dot_merged(M, rows, P, pj)
    starts = M.indptr[rows]
    lengths = M.indptr[rows + 1] - starts
    total = int(lengths.sum())
    if total == 0 or P.nnz == 0:
        return np.zeros(len(rows))
    pair_of = np.repeat(np.arange(len(rows)), lengths)
    pos = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(
        total
    )
    cols = M.indices[pos]
    if P.shape[0] == 1:
        # one person (the online path): look the weights up in a dense vector
        dense = np.zeros(M.shape[1], dtype=np.float64)
        keep = P.indices < M.shape[1]
        dense[P.indices[keep]] = P.data[keep]
        other = dense[cols]
    else:
        width = np.int64(M.shape[1])
        keys = pj[pair_of] * width + cols
        p_rows = np.repeat(np.arange(P.shape[0], dtype=np.int64), np.diff(P.indptr))
        p_keys = p_rows * width + P.indices  # sorted: rows in order, columns sorted within
        at = np.minimum(np.searchsorted(p_keys, keys), len(p_keys) - 1)
        other = np.where(p_keys[at] == keys, P.data[at].astype(np.float64), 0.0)
    prod = M.data[pos].astype(np.float64) * other
    return np.bincount(pair_of, weights=prod, minlength=len(rows))


def _pair_dot_merged(
    M: sp.csr_matrix, rows: np.ndarray, P: sp.csr_matrix, pj: np.ndarray, step: int = 16384
) -> np.ndarray:
    """pair_dot for many people (both matrices canonical): scipy's row-by-row merge of the two
    sorted rows gives the non-zero products in the order of the row's columns, summed like
    pair_dot (the zero products it leaves out add nothing), so the values are bit-identical;
    it avoids a binary search per stored entry of every row (3-4x less CPU)."""
    out = np.zeros(len(rows))
    if len(rows) == 0 or P.nnz == 0 or M.nnz == 0:
        return out
    for start in range(0, len(rows), step):
        A = M[rows[start : start + step]]
        B = P[pj[start : start + step]]
        A = sp.csr_matrix((A.data.astype(np.float64), A.indices, A.indptr), shape=A.shape)
        B = sp.csr_matrix((B.data.astype(np.float64), B.indices, B.indptr), shape=B.shape)
        C = A.multiply(B).tocsr()
        out[start : start + len(A.indptr) - 1] = np.bincount(
            np.repeat(np.arange(C.shape[0]), np.diff(C.indptr)),
            weights=C.data,
            minlength=C.shape[0],
        )
    return out


def expected_pay_array(seekers: Sequence[SeekerProfile]) -> np.ndarray:
    return np.array(
        [np.nan if s.expected_pay is None else float(s.expected_pay) for s in seekers],
        dtype=np.float64,
    )


@dataclass(frozen=True, slots=True)
class People:
    """Person-side arrays for exact pair scoring: tf-idf rows, skill credit rows, desired
    code ids (padded with -2, which matches nothing), whether they gave codes and skills,
    coordinates, expected monthly pay (nan: none), priority per kind, learnt title rows."""

    Q: sp.csr_matrix
    C: sp.csr_matrix
    unit: np.ndarray
    minor: np.ndarray
    middle: np.ndarray
    has_codes: np.ndarray
    has_skills: np.ndarray
    lat: np.ndarray
    lng: np.ndarray
    expected_pay: np.ndarray
    priority: np.ndarray
    T: sp.csr_matrix  # the titles each person's skills go with (learnt_title_vector)
    has_learnt: np.ndarray

    @classmethod
    def from_queries(
        cls, sqs: Sequence[SeekerQuery], n_terms: int, n_cols: int, n_title: int
    ) -> People:
        Q = stack_rows([(sq.q_idx, sq.q_val) for sq in sqs], n_terms)
        C = stack_rows([(sq.c_idx, sq.c_val) for sq in sqs], n_cols)
        T = stack_rows([(sq.t_idx, sq.t_val) for sq in sqs], n_title)
        width = max(
            [
                1,
                *(len(sq.unit_ids) for sq in sqs),
                *(len(sq.minor_ids) for sq in sqs),
                *(len(sq.middle_ids) for sq in sqs),
            ]
        )

        def padded(name: str) -> np.ndarray:
            out = np.full((len(sqs), width), -2, dtype=np.int64)
            for i, sq in enumerate(sqs):
                ids = getattr(sq, name)
                out[i, : len(ids)] = ids
            return out

        loc = [sq.seeker.location for sq in sqs]
        return cls(
            Q=Q,
            C=C,
            unit=padded("unit_ids"),
            minor=padded("minor_ids"),
            middle=padded("middle_ids"),
            has_codes=np.array([sq.has_codes for sq in sqs], dtype=bool),
            has_skills=np.array([sq.has_skills for sq in sqs], dtype=bool),
            lat=np.array([p.lat if p else np.nan for p in loc], dtype=np.float64),
            lng=np.array([p.lng if p else np.nan for p in loc], dtype=np.float64),
            expected_pay=expected_pay_array([sq.seeker for sq in sqs]),
            priority=np.array([sq.priority_by_kind for sq in sqs], dtype=np.float64).reshape(
                len(sqs), -1
            ),
            T=T,
            has_learnt=np.array([sq.has_learnt for sq in sqs], dtype=bool),
        )
