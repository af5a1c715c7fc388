"""Online matching at scale, each figure side by side with a naive baseline in the same run.

1. Online top-20 for one person over N vacancies (default 1M) through VacancyIndex, vs the
   naive way: scipy sparse products for text and skills over every vacancy, every part for
   every vacancy, full sort. Also with the 15-minute circle and an occupation prefilter.
   The naive top-20 is compared with the index's (they must be the same list).
2. The 15-minute radius filter over all vacancy points: the grid vs a full haversine scan vs
   scikit-learn's BallTree (haversine metric).
3. Skill scoring throughput: seeker–vacancy pairs per second with the skill-id incidence
   matrices vs a per-pair rapidfuzz loop.

Run from the repository root:
  .venv/bin/python benchmarks/matching/bench_online.py [--quick] [--vacancies N] [--queries M]
      [--no-skills 0.25 --skills-only 0.25]   # the mix of the twelfth round of issue 11
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - sets sys.path
import numpy as np
import synth
from common import machine, ms, pct, write_section

from jobhub.matching.features import person_skills
from jobhub.matching.geo import GeoGrid, distance_decay, haversine_km
from jobhub.matching.index import SearchFilters, VacancyIndex
from jobhub.matching.scoring import PartArrays, combine, is_relevant, pay_factor


def _id_rank(index: VacancyIndex) -> np.ndarray:
    """Each row's place in id order (the engine's tie-break), computed once per index."""
    found = getattr(index, "_bench_id_rank", None)
    if found is None:
        found = index._bench_id_rank = np.argsort(np.argsort(np.asarray(index.main.ids)))
    return found


def naive_top(index: VacancyIndex, sq, k: int) -> list:  # noqa: ANN001
    """The naive way, timed: score every vacancy with whole-matrix scipy products, then sort
    everything (ties by id, as every path of the engine)."""
    b = index.main
    p = index.profile
    q = np.zeros(b.X.shape[1], dtype=np.float64)
    q[sq.q_idx] = sq.q_val
    c = np.zeros(b.S.shape[1], dtype=np.float64)
    keep = sq.c_idx < len(c)
    c[sq.c_idx[keep]] = sq.c_val[keep]
    text = b.X @ q
    skills_ok = (b.n_skills > 0) & sq.has_skills
    skills = (b.S @ c) * b.skill_weight(p.skills_min_count)
    occ = np.zeros(b.n)
    occ_ok = np.zeros(b.n, dtype=bool)
    if sq.has_codes:
        occ_ok = b.occ[:, 0] >= 0
        occ = np.where(
            np.isin(b.occ[:, 0], sq.unit_ids),
            p.occupation_unit,
            np.where(
                np.isin(b.occ[:, 1], sq.minor_ids),
                p.occupation_minor,
                np.where(np.isin(b.occ[:, 2], sq.middle_ids), p.occupation_middle, 0.0),
            ),
        )
    loc = sq.seeker.location
    if loc is not None:
        d = haversine_km(loc.lat, loc.lng, b.lat, b.lng)
        dist_ok = b.has_loc.copy()
        dist = np.where(dist_ok, distance_decay(np.nan_to_num(d), p.circle_km, p.half_life_km), 0.0)
    else:
        d = np.full(b.n, np.nan)
        dist_ok = np.zeros(b.n, dtype=bool)
        dist = np.zeros(b.n)
    expected = np.full(b.n, np.nan if sq.seeker.expected_pay is None else sq.seeker.expected_pay)
    parts = PartArrays(
        text,
        skills,
        skills_ok,
        occ,
        occ_ok,
        dist,
        dist_ok,
        sq.priority_by_kind[b.kind],
        pay_factor(expected, b.pay_max, p),
        np.zeros(b.n, dtype=bool),  # the naive way does not learn titles
    )
    _, score = combine(parts, p)
    ok = sq.eligible_by_kind[b.kind] & is_relevant(parts, p)
    if sq.seeker.max_distance_km is not None:
        ok &= ~dist_ok | (np.nan_to_num(d) <= sq.seeker.max_distance_km)
    rows = np.flatnonzero(ok)
    order = np.lexsort((_id_rank(index)[rows], -score[rows]))
    return [b.ids[i] for i in rows[order[:k]]]


def exhaustive_top(index: VacancyIndex, sq, k: int) -> list:  # noqa: ANN001
    """The reference the index must equal exactly: every vacancy scored by the engine's own
    exact pair routine (float64), the eligible ones above the relevance floor and within the
    travel limit sorted by score, ties by id."""
    b = index.main
    p = index.profile
    scores = b.gather_scores(sq, np.arange(b.n), p)
    ok = sq.eligible_by_kind[b.kind] & is_relevant(scores.parts, p)
    if sq.seeker.max_distance_km is not None:
        ok &= ~scores.parts.distance_ok | (
            np.nan_to_num(scores.distance_km) <= sq.seeker.max_distance_km
        )
    rows = np.flatnonzero(ok)
    order = np.lexsort((_id_rank(index)[rows], -scores.score[rows]))
    return [b.ids[i] for i in rows[order[:k]]]


def bench_index(args: argparse.Namespace, lines: list[str]) -> VacancyIndex:
    u = synth.Universe()
    t0 = time.perf_counter()
    vacancies = synth.without_skills(
        list(synth.vacancies(args.vacancies, universe=u)), args.no_skills
    )
    t1 = time.perf_counter()
    index = VacancyIndex.fit(vacancies)
    t2 = time.perf_counter()
    del vacancies
    tmp = Path(tempfile.mkdtemp(prefix="jobhub-index-"))
    index.save(tmp)
    t3 = time.perf_counter()
    index = VacancyIndex.load(tmp)
    index.main.feature_postings(len(index.codes.ids), index.profile.skills_min_count)
    index.main.grid  # noqa: B018
    t4 = time.perf_counter()
    size = sum(f.stat().st_size for f in tmp.rglob("*") if f.is_file()) / 2**20
    shutil.rmtree(tmp)
    lines += [
        f"- index of {args.vacancies:,} synthetic vacancies ({args.no_skills:.0%} listing no skills): generated in {t1 - t0:.0f} s, fitted (tokenise + TF-IDF + "
        f"matrices) in {t2 - t1:.0f} s, saved in {t3 - t2:.1f} s ({size:.0f} MB), loaded + postings/grid built in "
        f"{t4 - t3:.1f} s; {index.model.size:,} terms, {index.main.X.nnz / index.main.n:.1f} terms per vacancy",
    ]
    print(lines[-1], flush=True)
    return index


def bench_queries(index: VacancyIndex, args: argparse.Namespace, lines: list[str]) -> None:
    u = synth.Universe()
    seekers = synth.skills_only(
        list(synth.seekers(args.queries, universe=u, seed=5)), args.skills_only, seed=6
    )
    pick = np.array([not s.desired_titles for s in seekers])
    vectorise = {}
    for group in (False, True):  # timed apart: the learnt title vector costs a little more
        members = [s for s, g in zip(seekers, pick, strict=True) if g == group]
        t0 = time.perf_counter()
        index.seeker_queries(members)
        vectorise[group] = (time.perf_counter() - t0) / max(len(members), 1)
    queries = index.seeker_queries(seekers)
    for sq in queries[:5]:
        index.top_for_query(sq, 20)
    timings: dict[str, list[float]] = {
        "all": [],
        "no travel limit": [],
        "own travel limit": [],
        "with a desired job": [],
        "skills only (no desired job)": [],
    }
    for sq in queries:
        alone = not sq.seeker.desired_titles
        t = time.perf_counter()
        index.top_for_query(sq, 20)
        dt = time.perf_counter() - t + vectorise[alone]
        timings["all"].append(dt)
        timings["own travel limit" if sq.seeker.max_distance_km else "no travel limit"].append(dt)
        timings["skills only (no desired job)" if alone else "with a desired job"].append(dt)
    circle = SearchFilters(max_distance_km=index.profile.circle_km)
    timings["15-minute circle filter"] = []
    timings["occupation 小类 filter"] = []
    for sq in queries:
        cost = vectorise[not sq.seeker.desired_titles]
        t = time.perf_counter()
        index.top_for_query(sq, 20, circle)
        timings["15-minute circle filter"].append(time.perf_counter() - t + cost)
        if sq.codes:
            t = time.perf_counter()
            index.top_for_query(sq, 20, SearchFilters(occupation_prefix=sq.codes[0][:7]))
            timings["occupation 小类 filter"].append(time.perf_counter() - t + cost)
    naive_t, agree, naive_agree = [], 0, 0
    for sq in queries[: args.naive_queries]:
        t = time.perf_counter()
        naive = naive_top(index, sq, 20)
        naive_t.append(time.perf_counter() - t + vectorise[not sq.seeker.desired_titles])
        want = exhaustive_top(index, sq, 20)
        got = [r.vacancy_id for r in index.top_for_query(sq, 20) if r.eligible]
        agree += got == want[: len(got)] and len(got) == min(20, len(want))
        naive_agree += naive == want
    lines.append(
        f"- online top-20, in process, {len(queries)} synthetic people, {pick.mean():.0%} of them "
        f"with skills but no desired job (vectorising the person included: "
        f"{vectorise[False] * 1e3:.2f} ms, skills only {vectorise[True] * 1e3:.2f} ms):"
    )
    for label, values in timings.items():
        lines.append(f"  - {label}: {ms(values)}")
    lines.append(
        f"  - naive baseline (scipy products over all {index.main.n:,} vacancies + full sort): {ms(naive_t)}; "
        f"ratio at p50 {pct(naive_t, 50) / pct(timings['all'], 50):.0f}x; the index's list equals the exhaustive "
        f"exact ranking (every vacancy through the exact pair routine, ties by id) for {agree}/{len(naive_t)} people "
        f"(the float64 scipy baseline's for {naive_agree}/{len(naive_t)})"
    )
    print("\n".join(lines[-8:]), flush=True)


def bench_radius(index: VacancyIndex, args: argparse.Namespace, lines: list[str]) -> None:
    b = index.main
    rows = np.flatnonzero(b.has_loc)
    lat, lng = b.lat[rows], b.lng[rows]
    rng = np.random.default_rng(3)
    probe = rng.choice(len(rows), size=args.radius_queries)
    out = []
    for radius in (index.profile.circle_km, 5.0):
        grid = GeoGrid(lat, lng, rows)
        t = time.perf_counter()
        counts = [len(grid.query(lat[i], lng[i], radius)[0]) for i in probe]
        t_grid = (time.perf_counter() - t) / len(probe)
        t = time.perf_counter()
        for i in probe[:50]:
            np.flatnonzero(haversine_km(lat[i], lng[i], lat, lng) <= radius)
        t_scan = (time.perf_counter() - t) / 50
        from sklearn.neighbors import BallTree

        t = time.perf_counter()
        tree = BallTree(np.radians(np.c_[lat, lng]), metric="haversine")
        t_build = time.perf_counter() - t
        t = time.perf_counter()
        tree_counts = [
            len(tree.query_radius(np.radians([[lat[i], lng[i]]]), r=radius / 6371.0088)[0])
            for i in probe[:200]
        ]
        t_tree = (time.perf_counter() - t) / 200
        assert tree_counts == counts[:200], "grid and BallTree disagree"
        out.append(
            f"  - radius {radius:g} km ({np.mean(counts):.0f} points found on average): grid {t_grid * 1e3:.3f} ms/query; "
            f"full haversine scan {t_scan * 1e3:.2f} ms ({t_scan / t_grid:.0f}x slower); BallTree {t_tree * 1e3:.3f} ms "
            f"({t_tree / t_grid:.1f}x slower, built in {t_build:.1f} s); same points from grid and tree"
        )
    lines.append(
        f"- radius filter over {len(rows):,} points ({len(probe)} queries at vacancy locations):"
    )
    lines += out
    print("\n".join(lines[-3:]), flush=True)


def bench_skills(index: VacancyIndex, args: argparse.Namespace, lines: list[str]) -> None:
    from rapidfuzz import fuzz, process

    u = synth.Universe()
    seekers = list(synth.seekers(args.skill_seekers, universe=u, seed=8))
    vocab, space, p = index.vocabulary, index.space, index.profile
    t0 = time.perf_counter()
    canon = [person_skills(s, vocab, p) for s in seekers]
    C = space.credit_rows([[(c.skill_id, x) for c, x in cs] for cs in canon], p.skill_credits)
    C = C[:, : index.main.S.shape[1]].tocsr()
    t_canon = time.perf_counter() - t0
    weight = index.main.skill_weight(p.skills_min_count)
    ST = (index.main.S.multiply(weight[:, None])).T.tocsr().astype(np.float32)
    t = time.perf_counter()
    step = 100
    for start in range(0, C.shape[0], step):
        _ = (C[start : start + step] @ ST).tocsr()
    t_sparse = time.perf_counter() - t
    pairs = C.shape[0] * index.main.n
    # the naive way: for every pair, fuzzy-match every required skill against the person's
    vac_skills = [
        [
            index.texts.items[j]
            for j in index.main.skill_idx[index.main.skill_ptr[r] : index.main.skill_ptr[r + 1]]
        ]
        for r in range(2000)
    ]
    t = time.perf_counter()
    n_pairs = 0
    for s in seekers[:20]:
        have = list(s.skills)
        for want in vac_skills:
            hits = (
                sum(
                    process.extractOne(x, have, scorer=fuzz.WRatio, score_cutoff=85) is not None
                    for x in want
                )
                if have
                else 0
            )
            _ = hits / max(len(want), 1)
            n_pairs += 1
    t_loop = (time.perf_counter() - t) / n_pairs
    rate = pairs / t_sparse
    lines.append(
        f"- skill scoring: {pairs:,} pairs ({C.shape[0]} people × {index.main.n:,} vacancies) in {t_sparse:.2f} s = "
        f"{rate / 1e6:.0f} million pairs/s (free text canonicalised once per person: {t_canon / len(seekers) * 1e6:.0f} µs); "
        f"per-pair rapidfuzz loop: {1 / t_loop:,.0f} pairs/s; ratio {rate * t_loop:,.0f}x"
    )
    print(lines[-1], flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="50k vacancies, 200 queries")
    ap.add_argument("--vacancies", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--naive-queries", type=int, default=30)
    ap.add_argument("--radius-queries", type=int, default=1000)
    ap.add_argument("--skill-seekers", type=int, default=500)
    ap.add_argument(
        "--no-skills",
        type=float,
        default=0.0,
        help="share of vacancies that list no skills (a quarter of the real postings list none)",
    )
    ap.add_argument(
        "--skills-only",
        type=float,
        default=0.0,
        help="share of people with skills but no desired job",
    )
    args = ap.parse_args()
    if args.quick:
        (
            args.vacancies,
            args.queries,
            args.naive_queries,
            args.radius_queries,
            args.skill_seekers,
        ) = 50_000, 200, 10, 200, 100
    lines = [f"Machine: {machine()}", ""]
    index = bench_index(args, lines)
    bench_queries(index, args, lines)
    bench_radius(index, args, lines)
    bench_skills(index, args, lines)
    title = "## Online (bench_online.py" + (" --quick)" if args.quick else ")")
    write_section("online", title + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
