"""Batch top-k agrees with the exact online search for every person, on every path."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from jobhub.matching.batch import BatchRanker, _kth_floor, batch_top_k
from jobhub.matching.batch_distributed import distributed_batch_top_k
from jobhub.matching.index import VacancyIndex
from jobhub.matching.pairs import People

from .test_index import make_seekers, make_vacancies


@pytest.fixture(scope="module")
def index():
    return VacancyIndex.fit(make_vacancies(600, seed=2, no_skills=1 / 6))


def online(index, seeker, k):
    return [(r.vacancy_id, r.score, r.eligible) for r in index.top_for_seeker(seeker, k)]


@pytest.mark.parametrize(
    "options",
    [
        dict(candidates=8, tiles=4, tile_candidates=4),  # few candidates: rings and fallbacks
        dict(candidates=100, tiles=4, tile_candidates=4, ring_limit=60),  # a class's floor binds
        dict(candidates=200, tiles=16, tile_candidates=50),  # most lists certified
    ],
)
def test_batch_equals_online(index, options):
    seekers = make_seekers(120, seed=11)
    ranker = BatchRanker(index, **options)
    got = ranker.rank(seekers, k=10)
    assert [r.seeker_id for r in got] == [s.id for s in seekers]
    for result, seeker in zip(got, seekers, strict=True):
        want = online(index, seeker, 10)
        assert list(result.vacancy_ids) == [v for v, _, _ in want], (result.path, seeker)
        np.testing.assert_allclose(result.scores, [s for _, s, _ in want], atol=1e-6)
        assert list(result.eligible) == [e for _, _, e in want]
    assert ranker.stats.seekers == 120
    assert ranker.stats.certified + ranker.stats.ring + ranker.stats.online == 120
    if options["candidates"] == 8:  # the paths other than certification were taken
        assert ranker.stats.ring > 0 and ranker.stats.online > 0
    # a sixth of the vacancies list no skills: for people who give skills they weigh less, and
    # get candidates of their own
    assert any(len(side.classes) > 1 for side in ranker._Z.values())


def test_a_pair_scores_the_same_for_a_block_of_people_as_for_one(index):
    """The batch's exact pass scores many people's pairs at once (a merged sparse product,
    padded code ids); the online search one person at a time: every part and score of a
    pair must be the same number, bit for bit, so the lists tie-break alike."""
    seekers = make_seekers(60, seed=14)
    block = index.main
    sqs = index.seeker_queries(seekers)
    people = People.from_queries(sqs, block.X.shape[1], block.S.shape[1], block.Tc.shape[1])
    rng = np.random.default_rng(3)
    pj = np.repeat(np.arange(len(seekers)), 40)
    rows = rng.integers(0, block.n, len(pj))
    many = block.pair_scores(people, pj, rows, index.profile)
    assert (many.parts.text > 0).sum() > 100 and (many.parts.occupation > 0).sum() > 10
    for j, sq in enumerate(sqs):
        one = block.gather_scores(sq, rows[pj == j], index.profile)
        for part in ("text", "skills", "skills_learnt", "occupation", "distance", "pay"):
            assert np.array_equal(getattr(many.parts, part)[pj == j], getattr(one.parts, part))
        assert np.array_equal(many.score[pj == j], one.score)


def test_the_floor_that_spares_the_sort_never_exceeds_a_persons_kth_score():
    """Pairs below the floor are dropped before the k-th score is found: it must be at most
    each person's k-th best sure score, and no floor at all with fewer than k."""
    rng = np.random.default_rng(5)
    seg = np.sort(rng.integers(0, 50, 5000))
    values = np.round(rng.uniform(-0.01, 1.01, len(seg)), 4)  # ties and values off the range
    sure = rng.random(len(seg)) < (seg % 5) * 0.1  # some with fewer than k
    floor = _kth_floor(values, seg, 50, sure, 20)
    for j in range(50):
        best = np.sort(values[(seg == j) & sure])[::-1]
        if len(best) < 20:
            assert floor[j] == -np.inf
        else:
            assert best[19] - 1 / 1024 <= floor[j] <= best[19]
    assert np.isinf(floor).sum() >= 10 and np.isfinite(floor).sum() >= 10


def test_fallback_product_without_sparse_dot_topn(index, monkeypatch):
    monkeypatch.setenv("JOBHUB_NO_SPARSE_DOT_TOPN", "1")
    seekers = make_seekers(40, seed=12)
    results = list(
        batch_top_k(index, seekers, k=5, block_size=16, candidates=50, tiles=9, tile_candidates=20)
    )
    for result, seeker in zip(results, seekers, strict=True):
        assert list(result.vacancy_ids) == [v for v, _, _ in online(index, seeker, 5)]


def test_blocks_stream_in_order(index):
    seekers = make_seekers(50, seed=13)
    ids = [r.seeker_id for r in batch_top_k(index, iter(seekers), k=3, block_size=7)]
    assert ids == [s.id for s in seekers]


def test_distributed_blocks_equal_the_serial_ranking(index, dask_client):
    blocks = [
        [replace(s, id=f"b{i}-{s.id}") for s in make_seekers(30, seed=20 + i)] for i in range(4)
    ]
    serial = {r.seeker_id: r.vacancy_ids for b in blocks for r in BatchRanker(index).rank(b, 5)}
    done = list(
        distributed_batch_top_k(index, lambda i: blocks[i], len(blocks), 5, client=dask_client)
    )
    assert sorted(d.number for d in done) == [0, 1, 2, 3]
    assert {r.seeker_id: r.vacancy_ids for d in done for r in d.results} == serial
    assert sum(d.stats.seekers for d in done) == 120


def test_a_block_rerun_after_a_killed_worker_gives_the_same_lists(index, tmp_path):
    """The nightly batch survives a worker dying mid-block: the block runs again elsewhere
    and every person gets the list the serial path gives."""
    import os

    from jobhub.partitions import dask_client

    blocks = [
        [replace(s, id=f"k{i}-{s.id}") for s in make_seekers(20, seed=40 + i)] for i in range(4)
    ]
    marker = tmp_path / "killed"

    def make_block(number):
        if number == 2 and not marker.exists():
            marker.write_text("killed")
            os._exit(1)
        return blocks[number]

    serial = {r.seeker_id: r.vacancy_ids for b in blocks for r in BatchRanker(index).rank(b, 5)}
    with dask_client(n_workers=2) as client:
        done = list(distributed_batch_top_k(index, make_block, len(blocks), 5, client=client))
    assert marker.exists()
    assert sorted(d.number for d in done) == [0, 1, 2, 3]
    assert {r.seeker_id: r.vacancy_ids for d in done for r in d.results} == serial
