"""Batch top-20 for many people over a vacancy index, end to end, side by side with a naive
baseline in the same run.

The index is fitted on V vacancies (default 100k); then S people (default 1M) are ranked in
blocks by `distributed_batch_top_k` on a dask.distributed LocalCluster of 2 single-threaded
worker processes (`--jobs`; `JOBHUB_DASK_SCHEDULER` points it at a real cluster instead). The
same blocks are then ranked by the single-process path (`BatchRanker.rank` in this process)
for `--serial-blocks` blocks, side by side. Each worker generates its blocks of
synthetic people (standing in for reading them from the database) and ranks them: tokenising,
canonicalising skills, the sparse top-k product, certification and the online fallback are all
inside the timed figure; generating the people is reported separately. Peak memory is the
PSS (shared pages divided among the processes) of the whole process tree, sampled.

From the per-block figures it states the time for a province (5M people) on 16 workers.

Checks: a sample of lists is compared with the exact online search. Baseline: every person
scored against every vacancy (scipy products + full sort, as bench_online's naive path) on a
sample, extrapolated linearly to S people on the same 2 cores (said so in the output).

Run from the repository root:
  .venv/bin/python benchmarks/matching/bench_batch.py [--quick] [--vacancies V] [--seekers S]
      [--no-skills 0.25 --skills-only 0.25]   # the mix of the twelfth round of issue 11
"""

from __future__ import annotations

import argparse
import time

import common  # noqa: F401 - sets sys.path
import numpy as np
import synth
from bench_online import naive_top
from common import MemorySampler, machine, write_section

from jobhub.matching.batch import BatchRanker, BatchStats
from jobhub.matching.batch_distributed import distributed_batch_top_k
from jobhub.matching.index import VacancyIndex


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="20k vacancies, 20k people")
    ap.add_argument("--vacancies", type=int, default=100_000)
    ap.add_argument("--seekers", type=int, default=1_000_000)
    ap.add_argument("--block", type=int, default=2048)
    ap.add_argument("--jobs", type=int, default=2, help="workers of the local cluster")
    ap.add_argument(
        "--serial-blocks", type=int, default=20, help="blocks ranked by the single-process path"
    )
    ap.add_argument("--check", type=int, default=300, help="lists compared with the online search")
    ap.add_argument("--naive", type=int, default=100, help="people scored the naive way")
    ap.add_argument("--no-skills", type=float, default=0.0, help="share of vacancies listing none")
    ap.add_argument(
        "--skills-only", type=float, default=0.0, help="share of people naming no desired job"
    )
    args = ap.parse_args()
    if args.quick:
        args.vacancies, args.seekers, args.check, args.naive = 20_000, 20_000, 100, 30
    universe = synth.Universe()
    t0 = time.perf_counter()
    # as bench_online: a share of vacancies list no skills and of people name no desired job
    vacancies = synth.without_skills(
        list(synth.vacancies(args.vacancies, universe=universe)), args.no_skills
    )
    index = VacancyIndex.fit(vacancies)
    del vacancies
    t_fit = time.perf_counter() - t0
    print(f"index of {args.vacancies:,} vacancies fitted in {t_fit:.0f} s", flush=True)

    n_blocks = (args.seekers + args.block - 1) // args.block

    def make_block(i: int) -> list:
        size = min(args.block, args.seekers - i * args.block)
        people = synth.seekers(size, seed=10_000 + i, universe=universe, start_id=i * args.block)
        return synth.skills_only(list(people), args.skills_only, seed=20_000 + i)

    ids = np.full((args.seekers, 20), -1, dtype=np.int64)
    scores = np.zeros((args.seekers, 20), dtype=np.float32)
    total = BatchStats()
    block_seconds: list[float] = []
    t_input = t_rank = cpu_rank = 0.0
    done = 0
    with MemorySampler() as memory:
        t0 = time.perf_counter()
        for block in distributed_batch_top_k(index, make_block, n_blocks, 20, n_workers=args.jobs):
            t_input += block.seconds_input
            t_rank += block.seconds_rank
            cpu_rank += block.cpu_rank
            block_seconds.append(block.seconds_input + block.seconds_rank)
            s = block.stats
            total.seekers += s.seekers
            total.certified += s.certified
            total.ring += s.ring
            total.online += s.online
            for key, value in s.reasons.items():
                total.reasons[key] = total.reasons.get(key, 0) + value
            for r in block.results:
                n = len(r.vacancy_ids)
                ids[r.seeker_id, :n] = r.vacancy_ids
                scores[r.seeker_id, :n] = r.scores
            done += len(block.results)
            if block.number % 50 == 0:
                print(
                    f"  block {block.number}/{n_blocks}: {done:,} people, {time.perf_counter() - t0:.0f} s",
                    flush=True,
                )
        wall = time.perf_counter() - t0
    # the single-process path on the first blocks, in this process, for the same people
    serial_n = min(args.serial_blocks, n_blocks)
    ranker = BatchRanker(index)
    t0 = time.perf_counter()
    serial_people = 0
    for i in range(serial_n):
        people = make_block(i)
        serial_people += len(people)
        ranker.rank(people, 20)
    serial_each = (time.perf_counter() - t0) / serial_people
    serial_total = serial_each * args.seekers
    per_block = float(np.mean(block_seconds))
    province = 5_000_000
    province_blocks = (province + args.block - 1) // args.block
    province_s = province_blocks * per_block / 16
    # the ranking alone, as wall time: generating people is spread evenly over the workers
    rank_wall = wall * t_rank / (t_rank + t_input)

    sample = make_block(0)[: args.check]
    agree = sum(
        list(ids[s.id, : len(on)]) == [r.vacancy_id for r in on]
        for s in sample
        for on in [index.top_for_seeker(s, 20)]
    )
    naive_people = index.seeker_queries(make_block(1)[: args.naive])
    t0 = time.perf_counter()
    for sq in naive_people:
        naive_top(index, sq, 20)
    naive_each = (time.perf_counter() - t0) / len(naive_people)
    naive_total = naive_each * args.seekers / args.jobs

    lines = [
        f"Machine: {machine()}",
        "",
        f"- {args.seekers:,} synthetic people ({args.skills_only:.0%} naming no desired job) × {args.vacancies:,} vacancies "
        f"({args.no_skills:.0%} listing no skills), top-20 each, blocks of {args.block}, "
        f"dask.distributed LocalCluster of {args.jobs} single-threaded worker processes "
        f"(index fitted beforehand in {t_fit:.0f} s)",
        f"- end to end: {wall:.0f} s wall ({wall / 60:.1f} min) including generating the people; ranking alone "
        f"(tokenise, vectorise, product, certification, fallback) ≈ {rank_wall:.0f} s wall "
        f"({t_rank:.0f} s of worker wall, {t_rank / args.seekers * 1e3:.2f} ms per person; "
        f"{cpu_rank:.0f} s of the ranking threads' CPU, {cpu_rank / args.seekers * 1e3:.2f} ms per person); "
        f"generating people "
        f"{t_input:.0f} s of worker wall",
        f"- peak memory (PSS of all processes, sampled every {memory.every:g} s): "
        f"{memory.peak / 2**30:.2f} GB",
        f"- paths: {total.certified:,} certified by the sparse candidates, {total.ring:,} after scoring the vacancies "
        f"near the person, {total.online:,} by the online search ({total.reasons})",
        f"- the batch lists equal the exact online search for {agree}/{len(sample)} sampled people",
        f"- single-process path, same run, same people ({serial_n} blocks, {serial_people:,} people, "
        f"generating included): {serial_each * 1e3:.2f} ms per person, {serial_total / 60:.1f} min for "
        f"{args.seekers:,} people; the cluster took {wall / 60:.1f} min (speed-up {serial_total / wall:.2f}x)",
        f"- per block of {args.block:,} people on a worker: mean {per_block:.2f} s "
        f"(p90 {np.percentile(block_seconds, 90):.2f} s); a province of {province:,} people is "
        f"{province_blocks:,} blocks, on 16 such workers ≈ {province_s / 60:.0f} min (blocks are "
        f"independent; plus sending the ranker to each worker once)",
        f"- naive baseline (every pair scored, full sort) measured on {len(naive_people)} people: "
        f"{naive_each * 1e3:.0f} ms per person; extrapolated linearly to {args.seekers:,} people on {args.jobs} cores: "
        f"{naive_total / 60:.0f} min, {naive_total / rank_wall:.0f}x the batch path",
    ]
    print("\n".join(lines), flush=True)
    title = "## Batch (bench_batch.py" + (" --quick)" if args.quick else ")")
    write_section("batch", title + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
