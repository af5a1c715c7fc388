"""Employer candidates through the app (issue 17, item 1): the JSON API
(/api/v1/employers/vacancies/<id>/candidates) and the page (/employer/vacancies/<id>/candidates)
on databases of 100k and 1M people with the matching indexes built by the app's own rebuild,
the sizes alternating request by request (both see the same load on a shared machine).

What a request includes: routing, the employer's sign-in and role check, the audit record,
the people index's select and rank, the database read of the ≤ 100 selected people, the
application and invitation look-ups, masking and the JSON or HTML. Each database is filled as
bench_lists fills it (``ListsWorld``: bench_writes' bulk fill of a few thousand synthetic people
repeated under new ids and ID numbers, encrypted as the app stores them, one in five a recent
graduate; on PostgreSQL sizes above ``--expand-from`` copied in SQL; the stored evaluations
made by the nightly refresh for ``--evaluate`` people and copied to the others), then the
indexes are built by `matchsvc.rebuild_index` (what `flask --app wsgi matching rebuild` runs:
the people's key groups from the stored evaluations), and the requests are made by the Flask
test client in this process (the whole WSGI app, no socket or HTTP server). With ``--move-km``
every home point is moved by up to that distance after the fill, so nobody has a twin (people
who score the same for every vacancy): the people index's harder case.

    nice -n 10 .venv/bin/python -m benchmarks.scale.bench_candidates_http \
        --sizes 100000 1000000 --postgres postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine, write_section
from benchmarks.scale.bench_lists import ListsWorld
from benchmarks.scale.bench_writes import World, pct

RESULTS = Path(__file__).with_name("RESULTS.md")


def vacancy_ids(world: World) -> list[int]:
    """The vacancies of the signed-in employer's organisation."""
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db

    with world.app.app_context():
        org = db.session.scalar(db.select(db.func.min(Vacancy.organisation_id)))
        return list(
            db.session.scalars(
                db.select(Vacancy.id).where(Vacancy.organisation_id == org).order_by(Vacancy.id)
            )
        )


URLS = {
    "API": "/api/v1/employers/vacancies/{}/candidates",
    "page": "/employer/vacancies/{}/candidates",
}


class SqlClock:
    """Time spent in SQL statements of one app's engine, by statement (its first words), so
    that a look-up growing with the people shows up beside the request times."""

    def __init__(self, world: World) -> None:
        from sqlalchemy import event

        from jobhub.extensions import db

        self.by_statement: dict[str, list[float]] = {}
        self.total = 0.0
        with world.app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, _cursor, _statement, _params, _context, _many) -> None:  # noqa: ANN001
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        elapsed = time.perf_counter() - conn.info["bench_started"].pop()
        self.total += elapsed
        key = " ".join(statement.split())[:90]
        self.by_statement.setdefault(key, []).append(elapsed)


def measure(worlds: list[World], requests: int) -> list[dict[str, list[float]]]:
    """Wall times of the API and the page for the employer's vacancies, the sizes and the two
    URLs alternating request by request, and the SQL time of each request; the first two
    rounds warm the code paths."""
    ids = [vacancy_ids(w) for w in worlds]
    clocks = [SqlClock(w) for w in worlds]
    times: list[dict] = [
        {"API": [], "page": [], "API sql": [], "page sql": [], "listed": [0]} for _ in worlds
    ]
    for i in range(requests + 2):
        for world, mine, out, clock in zip(worlds, ids, times, clocks, strict=True):
            vacancy = mine[i % len(mine)]
            if i == 2:
                clock.by_statement.clear()
            for name, url in URLS.items():
                sql = clock.total
                t = time.perf_counter()
                response = world.employer.get(url.format(vacancy))
                elapsed = time.perf_counter() - t
                assert response.status_code == 200, (url, response.status_code)
                if name == "API":
                    out["listed"][0] += len(response.get_json()["items"])
                if i >= 2:
                    out[name].append(elapsed)
                    out[f"{name} sql"].append(clock.total - sql)
    for out, clock in zip(times, clocks, strict=True):
        out["statements"] = clock.by_statement
    return times


def slowest_statements(times: dict, requests: int, top: int = 4) -> str:
    """The statements taking most SQL time a request (ms a request, calls a request)."""
    rows = sorted(times["statements"].items(), key=lambda kv: -sum(kv[1]))[:top]
    return "; ".join(
        f"`{key}…` {sum(v) * 1e3 / requests / 2:.2f} ms ({len(v) / requests / 2:.1f}×)"
        for key, v in rows
    )


def rebuild(world: World) -> tuple[float, int]:
    """The app's own rebuild of both indexes (seconds, people indexed)."""
    from sqlalchemy import text

    from jobhub import matchsvc, peoplesvc
    from jobhub.db import now_utc
    from jobhub.extensions import db
    from jobhub.seekers.models import Person

    with world.app.app_context():
        # the bulk fill is minutes old; an index read after it re-reads every row changed
        # in the 5 minutes before its read (matchsvc._SYNC_MARGIN): date the fill earlier
        earlier = now_utc() - timedelta(hours=1)
        db.session.execute(db.update(Person).values(updated_at=earlier))
        db.session.commit()
        if world.postgres:  # as autovacuum leaves the table after the update
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM ANALYZE people")
                )
        t = time.perf_counter()
        matchsvc.rebuild_index()
        seconds = time.perf_counter() - t
        return seconds, len(peoplesvc.current() or [])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--postgres", default=None, help="a server URL; default SQLite files")
    ap.add_argument("--evaluate", type=int, default=10_000, help="people refreshed for real")
    ap.add_argument(
        "--expand-from", type=int, default=100_000, help="PostgreSQL: larger sizes copied in SQL"
    )
    ap.add_argument(
        "--move-km", type=float, default=0.0, help="move every home point by up to this (no twins)"
    )
    ap.add_argument("--section", default=None, help="default candidates-http-<date>")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jobhub-cands-"))
    universe = synth.Universe()
    worlds, notes = [], []
    for n in args.sizes:
        world = ListsWorld(
            n, work, args.postgres, universe, args.evaluate, args.expand_from, args.move_km
        )
        seconds, indexed = rebuild(world)
        notes.append(
            f"- {n:,} people: database filled in {world.fill_seconds:.0f} s"
            + (
                f" (+ {world.expanded_seconds:.0f} s copying in SQL)"
                if world.expanded_seconds
                else ""
            )
            + f", stored evaluations of {world.evaluated:,} made in {world.refresh_seconds:.0f} s;"
            f" indexes rebuilt in {seconds:.0f} s ({indexed:,} people indexed,"
            f" {seconds / max(indexed, 1) * 1e4:.1f} s per 10,000, vacancy index included)"
        )
        print(notes[-1], flush=True)
        worlds.append(world)
    times = measure(worlds, args.requests)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    day = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        f"Machine: {machine()}; shared with other sessions' jobs; {day}.",
        "Command: `nice -n 10 .venv/bin/python -m benchmarks.scale.bench_candidates_http "
        + " ".join(sys.argv[1:])
        + "`",
        "",
        "| people | API p50 / p95 / p99 | page p50 / p95 / p99 | of which SQL p50 / p99"
        " (API, page) | candidates a request |",
        "|---|---|---|---|---|",
    ]
    for world, t in zip(worlds, times, strict=True):
        cells = [
            " / ".join(f"{pct(t[k], q):.1f}" for q in (0.5, 0.95, 0.99)) + " ms"
            for k in ("API", "page", "API sql", "page sql")
        ]
        listed = t["listed"][0] / (args.requests + 2)
        lines.append(
            f"| {world.n:,} | {cells[0]} | {cells[1]} | {cells[2]}, {cells[3]} | {listed:.0f} |"
        )
        notes.append(
            f"- SQL at {world.n:,}, the statements taking most: "
            + slowest_statements(t, args.requests)
        )
    if len(worlds) > 1:
        growth = [pct(times[-1][k], 0.99) / pct(times[-2][k], 0.99) for k in ("API", "page")]
        lines.append(f"| growth of p99, last two sizes | {growth[0]:.2f}× | {growth[1]:.2f}× | | |")
    engine = "PostgreSQL" if args.postgres else "SQLite"
    lines += [
        "",
        f"Database: {engine}; {args.requests} requests of each URL per size, the sizes and URLs"
        f" alternating request by request; load average at the end {load}."
        + (
            f" Every home point moved by up to {args.move_km:g} km (a fixed function of the id),"
            " so no two people share one: no twin classes."
            if args.move_km
            else ""
        ),
        *notes,
    ]
    print("\n".join(lines), flush=True)
    section = args.section or f"candidates-http-{time.strftime('%Y-%m-%d', time.gmtime())}"
    title = f"## Candidates through HTTP as people grow ({engine})"
    write_section(section, title + "\n\n" + "\n".join(lines), RESULTS, "Scale benchmarks: results")
    for world in worlds:
        world.close()


if __name__ == "__main__":
    main()
