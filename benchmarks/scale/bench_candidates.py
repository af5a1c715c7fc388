"""Candidates for a vacancy (and people for a gig) from the people index at 100k, 1M and 5M
people, side by side with the exhaustive path in the same run.

- Index path, timed per query: `PeopleIndex.select` + `PeopleIndex.rank` over the selected
  people (what matchsvc does, minus loading the ≤ limit selected rows from the database),
  side by side in the same process with the path of `--baseline` (default main): that
  revision's `select` and `engine.rank_candidates` over the selected people (their modules
  loaded from git and run on the same built index), the two alternating query by query,
  with wall and CPU time, and every baseline list compared with the new one.
- Exhaustive path (what matchsvc did on every request before the index): `rank_candidates`
  over every person. Timed on a sample of people and extrapolated linearly to each size
  (its cost is per person: vectorising and scoring everyone); it also loads, decrypts and
  evaluates the policy rules for every person, which is not counted here, so the figure is
  a lower bound.
- Exactness: at the smallest size, a few vacancies ranked over everyone, compared with the
  index's list (MatchResult equality: people, scores, order, explanations).

People come from benchmarks/matching/synth.py. Vectorising costs ~0.6 ms a person, so the
run generates `--distinct` people (default 1M) and larger sizes repeat them under new ids
with their home points moved by up to ~2 km (stated in the output).

Run from the repository root (the machine is shared: nice):
  nice -n 10 .venv/bin/python benchmarks/scale/bench_candidates.py [--quick]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
import types
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE.parents[1] / "benchmarks" / "matching")]

import synth  # noqa: E402
from common import machine, pct, write_section  # noqa: E402

from jobhub.matching.engine import rank_candidates  # noqa: E402
from jobhub.matching.index import VacancyIndex  # noqa: E402
from jobhub.matching.models import GeoPoint  # noqa: E402
from jobhub.matching.people import PeopleIndex, PersonEntry, days_mask  # noqa: E402
from jobhub.matching.people_block import PeopleBlock  # noqa: E402

RESULTS = HERE / "RESULTS.md"


def baseline_module(rev: str, path: str) -> types.ModuleType:
    """A module as revision `rev` has it (run from git; its imports resolve to this checkout's
    modules, which keep the names it uses)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:{path}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE.parents[1],
    ).stdout
    module = types.ModuleType(f"baseline_{rev}_{Path(path).stem}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:{path}", "exec"), module.__dict__)  # noqa: S102
    return module


class Baseline:
    """The path of revision `rev` on an index of this checkout: its `PeopleSelection.select`
    (over the same arrays) and its `engine.rank_candidates`."""

    def __init__(self, rev: str) -> None:
        self.rank_candidates = baseline_module(rev, "jobhub/matching/engine.py").rank_candidates
        selection = baseline_module(rev, "jobhub/matching/people_select.py").PeopleSelection
        self.cls = type("BaselineIndex", (selection,), {})

    def view(self, index: PeopleIndex):  # noqa: ANN201
        """The index's arrays seen through the baseline's selection code."""
        view = self.cls.__new__(self.cls)
        view.__dict__.update(vars(index))
        return view


def timed(fn, *args) -> tuple[object, float, float]:  # noqa: ANN001
    """fn(*args), its wall time and its CPU time (this process)."""
    t, c = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, time.perf_counter() - t, time.process_time() - c


def rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def take(block: PeopleBlock, rows: np.ndarray, id_offset: int = 0, shift=None) -> PeopleBlock:  # noqa: ANN001
    lat, lng = block.lat[rows], block.lng[rows]
    if shift is not None:
        lat, lng = lat + shift[0], lng + shift[1]
    return PeopleBlock(
        block.ids[rows] + id_offset,
        block.Q[rows],
        block.C[rows],
        block.K[rows],
        lat,
        lng,
        block.max_km[rows],
        block.pay[rows],
        block.group[rows],
        block.days[rows],
        block.has_skills[rows],
    )


class People:
    """The generated people: profiles by id (repeats map to their original, moved)."""

    def __init__(self, profiles: list, block: PeopleBlock) -> None:
        self.profiles = profiles
        self.block = block
        self.distinct = len(profiles)

    def sized(self, n: int, rng: np.random.Generator) -> PeopleBlock:
        d = self.distinct
        parts = []
        for k in range(0, (n + d - 1) // d):
            rows = np.arange(min(d, n - k * d))
            shift = None
            if k:
                shift = rng.uniform(-0.018, 0.018, size=(2, len(rows)))  # ≤ ~2 km
            parts.append(take(self.block, rows, k * d, shift))
        return parts[0] if len(parts) == 1 else PeopleBlock.concat(parts)

    def index(self, built: PeopleIndex, block: PeopleBlock) -> PeopleIndex:
        """A people index over ``block`` with ``built``'s model, vocabulary and tables."""
        return PeopleIndex(
            built.profile,
            built.model,
            built.vocabulary,
            built.space,
            built.codes,
            built.groups,
            block,
        )

    def profile(self, block: PeopleBlock, person_id: int):  # noqa: ANN201
        """The profile of a person of a `sized` block (whose row is its id)."""
        base = self.profiles[person_id % self.distinct]
        if person_id < self.distinct:
            return base
        point = GeoPoint(float(block.lat[person_id]), float(block.lng[person_id]))
        return replace(base, id=person_id, location=point)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 5_000_000])
    ap.add_argument("--distinct", type=int, default=1_000_000)
    ap.add_argument("--vacancies", type=int, default=20_000, help="to fit the text model")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--sample", type=int, default=20_000, help="people ranked exhaustively")
    ap.add_argument("--exact", type=int, default=3, help="vacancies checked at the first size")
    ap.add_argument("--limit", type=int, default=100)
    ap.add_argument("--baseline", default="main", help="revision whose rank_candidates is timed")
    ap.add_argument("--section", default="candidates", help="RESULTS.md section written")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.sizes, args.distinct, args.vacancies = [5_000, 20_000], 10_000, 3_000
        args.queries, args.sample = 30, 2_000
    lines = [
        f"Machine: {machine()}; shared with other engineers' jobs (figures carry that noise).",
        "Command: `nice -n 10 .venv/bin/python benchmarks/scale/bench_candidates.py "
        + " ".join(sys.argv[1:])
        + "`",
        "",
    ]

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    u = synth.Universe()
    t = time.perf_counter()
    vacancies = list(synth.vacancies(args.vacancies, seed=11, universe=u))
    index = VacancyIndex.fit(vacancies)
    say(f"- text model fitted on {len(vacancies):,} vacancies in {time.perf_counter() - t:.0f} s")
    rng = np.random.default_rng(12)
    distinct = min(args.distinct, max(args.sizes))
    t = time.perf_counter()
    profiles = list(synth.seekers(distinct, seed=13, universe=u))
    days = [
        days_mask([]) if r < 0.6 else days_mask(sorted(rng.choice(7, 4, replace=False).tolist()))
        for r in rng.random(distinct)
    ]
    gen = time.perf_counter() - t
    t = time.perf_counter()
    built = PeopleIndex.build(
        [PersonEntry(p, d) for p, d in zip(profiles, days, strict=True)],
        index.model,
        index.vocabulary,
        index.profile,
    )
    build_s = time.perf_counter() - t
    say(
        f"- {distinct:,} distinct people generated in {gen:.0f} s, indexed in {build_s:.0f} s "
        f"({build_s / distinct * 1e3:.2f} ms a person, one process); larger sizes repeat them "
        "under new ids, home points moved by up to ~2 km"
    )
    people = People(profiles, built.main)
    options = {
        "profile": index.profile,
        "text_model": index.model,
        "vocabulary": index.vocabulary,
    }
    regular = [v for v in vacancies if v.kind != "gig"]
    gigs = [v for v in vacancies if v.kind == "gig"]
    queries = [regular[i] for i in rng.choice(len(regular), args.queries, replace=False)]
    gig_queries = [gigs[i] for i in rng.choice(len(gigs), args.queries // 2, replace=False)]

    # the exhaustive path on a sample, per person
    sample = profiles[: args.sample]
    per_person = []
    for v in queries[:5]:
        t = time.perf_counter()
        rank_candidates(v, sample, top=args.limit, **options)
        per_person.append((time.perf_counter() - t) / len(sample))
    exhaustive_pp = float(np.median(per_person))
    say(
        f"- exhaustive path: rank_candidates over {len(sample):,} people, median of 5 "
        f"vacancies: {exhaustive_pp * len(sample) * 1e3:.0f} ms = {exhaustive_pp * 1e6:.1f} µs "
        "a person (without loading, decrypting and evaluating each, which it also did)"
    )
    say("")
    baseline = Baseline(args.baseline)
    say(
        f"Each cell: this branch's path / the {args.baseline} path (`select` and "
        f"`rank_candidates` of {args.baseline}) on the same index in the same run, alternating "
        "query by query; wall ms, and CPU ms of this process. Select p50: this branch's."
    )
    say("")
    say(
        "| people | candidates p50 / p99 wall | candidates CPU p50 / p99 | of which select "
        "p50 | people for a gig p50 / p99 wall | lists equal to the baseline's "
        "| exhaustive (extrapolated) | index arrays | peak RSS |"
    )
    say("|---|---|---|---|---|---|---|---|---|")
    exact_note = ""
    for n in sorted(args.sizes):
        block = people.sized(n, rng)
        px = people.index(built, block)

        base_px = baseline.view(px)

        def ranked(v, weekday=None, px=px, block=block, base=False, base_px=base_px):  # noqa: ANN001, ANN202, E501
            ids = (base_px if base else px).select(v, args.limit, weekday=weekday)
            chosen = [people.profile(block, i) for i in ids]
            if base:
                out = baseline.rank_candidates(v, chosen, top=args.limit, **options)
            else:
                out = px.rank(v, chosen, args.limit)
            return out if weekday is not None else [r for r in out if r.relevant]

        ranked(queries[0])  # builds the postings
        ranked(gig_queries[0], 2)
        wall = {"new": [], "base": []}
        cpu = {"new": [], "base": []}
        gig_wall = {"new": [], "base": []}
        select_times, equal = [], 0
        for q, v in enumerate(queries + gig_queries):
            weekday = None if q < len(queries) else int(rng.integers(7))
            if weekday is None:
                t = time.perf_counter()
                px.select(v, args.limit)
                select_times.append(time.perf_counter() - t)
            got = {}
            for name in ("new", "base") if q % 2 == 0 else ("base", "new"):
                got[name], w, c = timed(ranked, v, weekday, px, block, name == "base")
                (wall if weekday is None else gig_wall)[name].append(w)
                if weekday is None:
                    cpu[name].append(c)
            equal += got["new"] == got["base"]

        def pair(values: dict, q: float) -> str:
            return f"{pct(values['new'], q):.1f} / {pct(values['base'], q):.1f}"

        arrays = sum(
            m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
            for m in (block.Q, block.C, block.K, block.text_postings("Q"), block.text_postings("C"))
        ) + sum(getattr(block, f).nbytes for f in PeopleBlock.FIELDS)
        say(
            f"| {n:,} | p50 {pair(wall, 50)}, p99 {pair(wall, 99)} ms "
            f"| p50 {pair(cpu, 50)}, p99 {pair(cpu, 99)} ms "
            f"| {pct(select_times, 50):.1f} ms | p50 {pair(gig_wall, 50)}, "
            f"p99 {pair(gig_wall, 99)} ms | {equal}/{len(queries) + len(gig_queries)} "
            f"| {exhaustive_pp * n:.1f} s | {arrays / 2**30:.2f} GB | {rss_gb():.1f} GB |"
        )
        if not exact_note and args.exact:
            everyone = [people.profile(block, int(i)) for i in block.ids]
            same = 0
            for v in queries[: args.exact]:
                full = rank_candidates(v, everyone, top=args.limit, **options)
                same += ranked(v) == [r for r in full if r.relevant]
            exact_note = (
                f"Exactness at {n:,} people: {same}/{args.exact} candidate lists equal to "
                "rank_candidates over everyone (people, scores, order, explanations)."
            )
        del px, base_px, block, ranked
    say("")
    say(exact_note)
    say(
        f"Queries: {len(queries)} vacancies of the kinds regular/公益性岗位/就业见习 (limit "
        f"{args.limit}, relevant ones kept) and {len(gig_queries)} gigs on a random weekday "
        "(everyone available listed), drawn from the generated vacancies; one process."
    )
    if not args.quick:
        write_section(args.section, "\n".join(lines), RESULTS, "Scale benchmarks: results")


if __name__ == "__main__":
    main()
