"""The people index's rebuild, rows per second (issue 17, item 1): making the index rows of
10,000 people the way ``flask --app wsgi matching rebuild`` made them before (the policy engine
run per person with its own queries: ``peoplesvc.entry``) and the way it makes them now (people
read in blocks, key groups from the stored evaluations: ``peoplesvc.entries_of``), on the same
database in the same run, alternating; then the vectorising (``PeopleIndex.build``), the same
for both.

The database is filled by ``bench_writes.World`` and its stored evaluations made by the nightly
refresh (``refresh_all``, inline); both paths must give the same rows.

    nice -n 10 .venv/bin/python -m benchmarks.scale.bench_people_rebuild --people 10000 \
        --postgres postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine, write_section
from benchmarks.scale.bench_writes import RESULTS, World


def one_by_one(today):  # noqa: ANN001, ANN201 - the rebuild's rows before: entry per person
    from jobhub import peoplesvc
    from jobhub.extensions import db
    from jobhub.seekers.models import Person

    people = db.session.scalars(
        db.select(Person)
        .where(Person.birth_date.is_not(None))
        .order_by(Person.id)
        .execution_options(yield_per=2_000)
    )
    return [peoplesvc.entry(p, today) for p in people]


def in_blocks(today):  # noqa: ANN001, ANN201 - the rebuild's rows now
    from jobhub import peoplesvc

    return [e for block in peoplesvc._indexed_people() for e in peoplesvc.entries_of(block, today)]


def in_blocks_unstored(today):  # noqa: ANN001, ANN201 - now, with no stored evaluation
    from unittest import mock

    from jobhub.lists import queries

    with mock.patch.object(queries, "stored_key_groups", lambda *_a: {}):
        return in_blocks(today)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--postgres", default=None, help="a server URL; default SQLite files")
    args = ap.parse_args()
    world = World(
        args.people,
        Path(tempfile.mkdtemp(prefix="jobhub-rebuild-")),
        args.postgres,
        synth.Universe(),
    )
    from jobhub import matchsvc
    from jobhub.db import now_utc  # noqa: F401 - the app's modules loaded before timing
    from jobhub.extensions import db
    from jobhub.lists.refresh import refresh_all
    from jobhub.matching.index import VacancyIndex
    from jobhub.matching.people import PeopleIndex
    from jobhub.policy.dates import today_in_china

    times: dict[str, list[float]] = {"before": [], "now": [], "unstored": []}
    with world.app.app_context():
        t = time.perf_counter()
        refreshed = refresh_all(workers=0).people
        refresh = time.perf_counter() - t
        today = today_in_china()
        rows = {}
        for _ in range(args.rounds):
            paths = (("before", one_by_one), ("now", in_blocks), ("unstored", in_blocks_unstored))
            for name, make in paths:
                db.session.expunge_all()
                t = time.perf_counter()
                rows[name] = make(today)
                times[name].append(time.perf_counter() - t)
        assert rows["before"] == rows["now"] == rows["unstored"], "the paths made other rows"
        vacancies = [matchsvc.vacancy_profile(v) for v in matchsvc._live_vacancies()]
        index = VacancyIndex.fit(vacancies)
        t = time.perf_counter()
        PeopleIndex.build(rows["now"], index.model, index.vocabulary, index.profile)
        build = time.perf_counter() - t
    world.close()
    n = len(rows["now"])
    per = {k: statistics.median(v) / n * 10_000 for k, v in times.items()}
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    engine = "PostgreSQL" if args.postgres else "SQLite"
    text = "\n".join(
        [
            f"Machine: {machine()}; load average at the end {load}.",
            "Command: `nice -n 10 .venv/bin/python -m benchmarks.scale.bench_people_rebuild "
            + " ".join(sys.argv[1:])
            + "`",
            f"Database: {engine}, {n:,} people with their stored evaluations (nightly refresh"
            f" inline: {refreshed:,} people in {refresh:.1f} s); median of {args.rounds} rounds,"
            " the paths alternating; the rows of all are equal.",
            "",
            "| index rows | seconds per 10,000 people | speed-up |",
            "|---|---|---|",
            f"| before: `peoplesvc.entry` per person (policy engine, its own queries) |"
            f" {per['before']:.1f} | 1× |",
            f"| now: `peoplesvc.entries_of` in blocks, key groups from `policy_snapshots` |"
            f" {per['now']:.1f} | {per['before'] / per['now']:.0f}× |",
            f"| now, no stored evaluation (first rebuild before any refresh: everyone evaluated"
            f" in blocks) | {per['unstored']:.1f} | {per['before'] / per['unstored']:.0f}× |",
            f"| then vectorising them (`PeopleIndex.build`, both) | {build / n * 10_000:.1f} | |",
        ]
    )
    print(text)
    day = time.strftime("%Y-%m-%d", time.gmtime())
    title = f"## People index rebuild: rows per 10,000 people ({day})"
    write_section(f"people-rebuild-{day}", title + "\n\n" + text, RESULTS)


if __name__ == "__main__":
    main()
