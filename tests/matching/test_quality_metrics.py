"""The quality benchmark's metrics give the numbers a person computes by hand."""

from __future__ import annotations

import math

import pytest

from benchmarks.quality.methods import (
    bootstrap,
    ndcg_at,
    paired_ratio,
    recall_at,
    reciprocal_rank,
)


def test_reciprocal_rank_is_one_over_the_first_relevant_rank():
    assert reciprocal_rank([7, 3, 9], {9, 3}) == 0.5
    assert reciprocal_rank([7, 3, 9], {1}) == 0.0
    assert reciprocal_rank([], {1}) == 0.0


def test_ndcg_with_graded_relevance():
    # grades 2 at rank 2 and 1 at rank 3: DCG = 3/log2(3) + 1/log2(4); ideal 3/1 + 1/log2(3)
    got = ndcg_at([5, 6, 7], {6: 2, 7: 1, 8: 0})
    want = (3 / math.log2(3) + 1 / 2) / (3 + 1 / math.log2(3))
    assert got == pytest.approx(want)
    assert ndcg_at([6, 7], {6: 2, 7: 1}) == pytest.approx(1.0)
    assert ndcg_at([1, 2], {}) == 0.0


def test_recall_counts_the_relevant_in_the_first_k():
    assert recall_at([1, 2, 3, 4], {2, 4, 9}, k=2) == pytest.approx(1 / 3)
    assert recall_at([1, 2, 3, 4], {2, 4, 9}, k=10) == pytest.approx(2 / 3)


def test_bootstrap_interval_contains_the_mean_and_shrinks_with_more_queries():
    few = bootstrap([0.0, 1.0] * 10)
    many = bootstrap([0.0, 1.0] * 1000)
    assert few.low < 0.5 < few.high and few.mean == 0.5
    assert many.high - many.low < few.high - few.low


def test_paired_ratio_of_identical_methods_is_exactly_one():
    r = paired_ratio([0.2, 0.5, 1.0], [0.2, 0.5, 1.0])
    assert r.mean == r.low == r.high == pytest.approx(1.0)
    assert paired_ratio([0.4, 1.0], [0.2, 0.5]).mean == pytest.approx(2.0)
