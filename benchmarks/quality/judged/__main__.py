"""`python -m benchmarks.quality.judged pool` pools the methods' top 10 for grading;
`python -m benchmarks.quality.judged report` scores them against `qrels.csv`."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.quality.judged.corpus import POSTINGS, load_own, load_postings, load_profiles
from benchmarks.quality.judged.pool import (
    POOL,
    TO_JUDGE,
    merge_pool,
    read_pool,
    read_qrels,
    write_pool,
)
from benchmarks.quality.judged.report import GRADER, build_report, by_segment, table
from benchmarks.quality.judged.run import postings_note, run_methods

RESULTS = Path(__file__).resolve().parents[1] / "RESULTS.md"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality.judged")
    parser.add_argument("command", choices=("pool", "report"))
    parser.add_argument("--postings", type=Path, default=POSTINGS, help="51job-2023.csv")
    parser.add_argument("--no-write", action="store_true", help="report: print only")
    args = parser.parse_args(argv)

    profiles = load_profiles()
    corpus = load_own() + load_postings(args.postings)
    runs = run_methods(profiles, corpus)
    qrels = read_qrels()
    if args.command == "pool":
        old = read_pool()
        pairs = merge_pool(old, runs)
        unjudged = write_pool(pairs, qrels, {p.id: p for p in profiles}, {v.id: v for v in corpus})
        print(
            f"pool: {len(pairs)} pairs ({len(pairs) - len(set(old))} new this run), "
            f"{unjudged} without a grade. Ids: {POOL}; texts to judge: {TO_JUDGE}"
        )
        return

    ids = [p.id for p in profiles]
    report = build_report(runs, qrels, ids)
    segments = by_segment(report, ids, {p.id: p.segment for p in profiles})
    text = table(report)
    print(text + "\n\n" + segments)
    if args.no_write:
        return
    from benchmarks.matching.common import write_section

    pool_size = len(read_pool())
    body = (
        "## Judged set (pooled top 10, graded 0/1/2)\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python -m benchmarks.quality.judged "
        f"report`. {len(profiles)} seeker profiles written for the benchmark; corpus: "
        f"{postings_note(args.postings, corpus)}. Pool: {pool_size} pairs, {len(qrels)} "
        f"graded by {GRADER}. Unjudged pairs count as grade 0. Intervals: 95% percentile "
        "bootstrap over profiles (2,000 resamples). How the set is built and graded: "
        "`benchmarks/quality/judged/README.md` and `JUDGING.md`.\n\n"
        + text
        + "\n\nBy segment:\n\n"
        + segments
    )
    write_section("judged", body, RESULTS, "Ranking quality: results")


if __name__ == "__main__":
    main()
