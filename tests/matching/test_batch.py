"""Batch top-k agrees with the exact online search for every person, on every path."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from jobhub.matching.batch import BatchRanker, _kth_floor, batch_top_k
from jobhub.matching.batch_candidates import reach_groups
from jobhub.matching.batch_distributed import distributed_batch_top_k
from jobhub.matching.features import seeker_term_ids
from jobhub.matching.index import VacancyIndex
from jobhub.matching.pairs import People
from jobhub.matching.scoring import applicable_weight, evidence

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
    # get candidates of their own, in the whole city and in each tile of the people with a
    # travel limit
    assert any(len(side.classes) > 1 for side in ranker._Z.values())
    assert any(len(parts) > 1 for sides in ranker._tile_z.values() for parts in sides)


@pytest.mark.parametrize("limited", [False, True], ids=["whole city", "tiles"])
def test_no_vacancy_outside_the_candidates_can_pass_the_bound(index, limited):
    """What certification rests on, checked pair by pair: a vacancy that is not among a
    person's candidates (and is within their travel limit) has a fit of at most the person's
    bound, and without its distance part at most its weight class's floor. Few candidates,
    so that most vacancies are outside them."""
    ranker = BatchRanker(index, candidates=8, tiles=4, tile_candidates=4)
    seekers = [s for s in make_seekers(240, seed=12) if (s.max_distance_km is not None) == limited]
    U, people, _ = ranker._seeker_side(seekers, seeker_term_ids(seekers, index.model))
    b, profile = ranker.block, index.profile
    facts = np.stack(
        [people.has_codes, people.has_skills, ~np.isnan(people.lat), people.has_learnt], axis=1
    )
    checked = 0
    for key in sorted({tuple(bool(x) for x in row) for row in facts.tolist()}):
        members = np.flatnonzero((facts == np.array(key)).all(axis=1))
        side = ranker._vacancy_side(key)
        if limited and key[2]:
            cand = ranker._tiled_candidates(seekers, people, members, U[members], key)
        else:
            cand = ranker._global_candidates(people, members, U[members], side)
        pj = np.repeat(np.arange(len(members)), b.n)
        rows = np.tile(np.arange(b.n), len(members))
        exact = b.pair_scores(people, members[pj], rows, profile)
        limit = np.array([seekers[i].max_distance_km or np.inf for i in members.tolist()])
        outside = np.ones(len(pj), dtype=bool)
        outside[cand.pj * b.n + cand.rows] = False
        outside &= np.nan_to_num(exact.distance_km) <= limit[pj]
        assert (exact.fit[outside] <= cand.bound[pj[outside]] + 1e-5).all()
        without = evidence(exact.parts, profile) / applicable_weight(
            profile, exact.parts.skills_ok, exact.parts.occupation_ok, exact.parts.distance_ok
        )
        for c, cls in enumerate(side.classes):
            in_class = np.zeros(b.n, dtype=bool)
            in_class[cls.rows] = True
            mine = outside & in_class[rows]
            assert (without[mine] <= cand.floor[pj[mine], c] + 1e-5).all()
        checked += int(outside.sum())
    assert checked > 10_000


def test_weight_classes_split_only_where_the_reach_differs_enough():
    """The vacancies' applicable weights W (text 0.35 + skills 0.30 + occupation 0.20 where
    they apply; distance 0.15): full 0.85 (reach 0.15/1.00), no code 0.65 (0.1875, 1.25
    times: same class), no skills 0.55 (0.214, 1.43 times: a class of its own), neither 0.35
    (0.30: another). A class's reach is that of its lightest located vacancy, 0 when none of
    them has a location."""
    evidence_w = np.array([0.85, 0.65, 0.55, 0.85, 0.35, 0.65, 0.35])
    has_loc = np.array([True, True, True, True, False, False, False])
    groups = reach_groups(evidence_w, has_loc, 0.15)
    assert [rows.tolist() for rows, _ in groups] == [[0, 1, 3, 5], [2], [4, 6]]
    np.testing.assert_allclose([r for _, r in groups], [0.15 / 0.80, 0.15 / 0.70, 0.0])
    # the vacancy without a code and with a location decides its class's reach
    located = has_loc.copy()
    located[1] = False
    assert reach_groups(evidence_w, located, 0.15)[0][1] == pytest.approx(0.15 / 1.0)


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
