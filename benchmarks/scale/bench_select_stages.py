"""Where the people index's select spends its time as people grow (issue 17, item 1: what
makes p99 grow from 100k to 1M), stage by stage, and how much of the evidence pass a
MaxScore-style cut (terms ordered by their largest contribution; people holding only the
terms whose maxima sum below a floor skipped) could save.

The index is built from ``--distinct`` generated people (benchmarks/matching/synth.py)
repeated under new ids up to each size, home points moved by up to ~2 km, as
bench_candidates builds it. Each stage's time is the wall time of the method of
``PeopleSelection`` (a method called inside another is counted in both).

    nice -n 10 .venv/bin/python -m benchmarks.scale.bench_select_stages \
        --distinct 20000 --sizes 100000 1000000
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np

from benchmarks.matching import synth
from benchmarks.scale.bench_candidates import People

STAGES = ("_request", "_evidence", "_prune", "_linear_bound", "_bound", "_approx", "_score")


def timed_stages(selection_class) -> dict[str, float]:  # noqa: ANN001
    """Wrap the stages of ``selection_class`` to add their wall time to the returned dict."""
    spent: dict[str, float] = {}
    for name in STAGES:
        real = getattr(selection_class, name)

        def wrapper(self, *args, _real=real, _name=name, **kwargs):  # noqa: ANN001, ANN202
            t = time.perf_counter()
            out = _real(self, *args, **kwargs)
            spent[_name] = spent.get(_name, 0.0) + time.perf_counter() - t
            return out

        setattr(selection_class, name, wrapper)
    return spent


def essential_share(px, req, floor: float) -> tuple[int, int]:  # noqa: ANN001
    """(postings of every term of the request, postings of the terms a MaxScore cut at
    ``floor`` would still walk)."""
    w = px.profile.weights
    maxima = []
    for name, cols, vals in (
        ("Q", req.block.X.indices.astype(np.int64), w.text * req.block.X.data),
        (
            "C",
            px._people_columns(req, req.block.S.indices),
            w.skills * req.block.skill_weight(px.profile.skills_min_count)[0] * req.block.S.data,
        ),
    ):
        T = px.main.text_postings(name)
        for col, val in zip(cols.tolist(), vals.tolist(), strict=True):
            if 0 <= col < T.shape[0] and T.indptr[col + 1] > T.indptr[col]:
                data = T.data[T.indptr[col] : T.indptr[col + 1]]
                maxima.append((val * float(data.max()), len(data)))
    maxima.sort()
    cut = int(np.searchsorted(np.cumsum([m for m, _ in maxima]), floor * 0.999))
    return sum(n for _, n in maxima), sum(n for _, n in maxima[cut:])


def main() -> None:
    from jobhub.matching import people_select
    from jobhub.matching.index import VacancyIndex
    from jobhub.matching.people import PeopleIndex, PersonEntry

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--distinct", type=int, default=20_000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=150)
    args = ap.parse_args()
    u = synth.Universe()
    vacancies = list(synth.vacancies(5_000, seed=11, universe=u))
    index = VacancyIndex.fit(vacancies)
    profiles = list(synth.seekers(args.distinct, seed=13, universe=u))
    built = PeopleIndex.build(
        [PersonEntry(p) for p in profiles], index.model, index.vocabulary, index.profile
    )
    people = People(profiles, built.main)
    rng = np.random.default_rng(1)
    regular = [v for v in vacancies if v.kind != "gig"]
    queries = [regular[i] for i in rng.choice(len(regular), args.queries, replace=False)]
    spent = timed_stages(people_select.PeopleSelection)
    print(f"command: {' '.join(sys.argv)}")
    for n in args.sizes:
        px = people.index(built, people.sized(n, rng))
        px.warm()
        for v in queries[:5]:
            px.select(v, 100)
        per: dict[str, list[float]] = {name: [] for name in STAGES}
        total, walked, essential = [], 0, 0
        for v in queries:
            before = dict(spent)
            t = time.perf_counter()
            px.select(v, 100)
            total.append(time.perf_counter() - t)
            for name in STAGES:
                per[name].append(spent.get(name, 0.0) - before.get(name, 0.0))
            all_, ess = essential_share(px, px._request(v), px.profile.min_content)
            walked, essential = walked + all_, essential + ess
        ms = np.asarray(total) * 1e3
        print(
            f"{n:,} people: select p50 {np.percentile(ms, 50):.1f} ms, p99"
            f" {np.percentile(ms, 99):.1f} ms; MaxScore at min_content would still walk"
            f" {essential / walked:.0%} of the postings"
        )
        for name, values in per.items():
            v = np.asarray(values) * 1e3
            print(
                f"  {name:14s} p50 {np.percentile(v, 50):6.2f}  p99 {np.percentile(v, 99):6.2f} ms"
            )
    print("load average " + " / ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
