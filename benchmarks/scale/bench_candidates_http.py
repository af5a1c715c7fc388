"""Employer candidates through the app (issue 17, item 1): the JSON API
(/api/v1/employers/vacancies/<id>/candidates) and the page (/employer/vacancies/<id>/candidates)
on a database of `n` people with the matching indexes built by the app's own rebuild.

What a request includes: routing, the employer's sign-in and role check, the audit record,
the people index's select and rank, the database read of the ≤ 100 selected people, the
application and invitation look-ups, masking and the JSON or HTML. The database is filled in
bulk as bench_writes fills it (a few thousand synthetic people repeated under new ids and ID
numbers, encrypted as the app stores them), the indexes are built by
`matchsvc.rebuild_index` (what `flask --app wsgi matching rebuild` runs), and the requests are
made by the Flask test client in this process (the whole WSGI app, no socket or HTTP server).

    nice -n 10 .venv/bin/python -m benchmarks.scale.bench_candidates_http --sizes 100000 \
        --postgres postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine, write_section
from benchmarks.scale.bench_writes import World, pct

RESULTS = Path(__file__).with_name("RESULTS.md")


def measure(world: World, requests: int) -> dict[str, list[float]]:
    """Wall times of the API and the page for the employer's vacancies, alternating."""
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db

    with world.app.app_context():
        org = db.session.scalar(db.select(db.func.min(Vacancy.organisation_id)))
        ids = list(
            db.session.scalars(
                db.select(Vacancy.id).where(Vacancy.organisation_id == org).order_by(Vacancy.id)
            )
        )
    urls = {
        "API": "/api/v1/employers/vacancies/{}/candidates",
        "page": "/employer/vacancies/{}/candidates",
    }
    times: dict[str, list[float]] = {name: [] for name in urls}
    listed = 0
    for i in range(requests + 2):
        vacancy = ids[i % len(ids)]
        for name, url in urls.items():
            t = time.perf_counter()
            response = world.employer.get(url.format(vacancy))
            elapsed = time.perf_counter() - t
            assert response.status_code == 200, (url, response.status_code)
            if name == "API":
                listed += len(response.get_json()["items"])
            if i >= 2:  # the first two warm the code paths
                times[name].append(elapsed)
    times["listed"] = [listed]
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--requests", type=int, default=60)
    ap.add_argument("--postgres", default=None, help="a server URL; default SQLite files")
    ap.add_argument("--section", default="candidates-http")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jobhub-cands-"))
    universe = synth.Universe()
    lines = [
        f"Machine: {machine()}; shared with other sessions' jobs.",
        "Command: `nice -n 10 .venv/bin/python -m benchmarks.scale.bench_candidates_http "
        + " ".join(os.sys.argv[1:])
        + "`",
        "",
        "| people | API p50 / p95 / p99 | page p50 / p95 / p99 | requests | load average |",
        "|---|---|---|---|---|",
    ]
    notes = []
    for n in args.sizes:
        world = World(n, work, args.postgres, universe)
        from jobhub import matchsvc, peoplesvc

        with world.app.app_context():
            # the bulk fill is minutes old; an index read after it re-reads every row changed
            # in the 5 minutes before its read (matchsvc._SYNC_MARGIN): date the fill earlier
            from jobhub.db import now_utc
            from jobhub.extensions import db
            from jobhub.seekers.models import Person

            earlier = now_utc() - timedelta(hours=1)
            db.session.execute(db.update(Person).values(updated_at=earlier))
            db.session.commit()
            t = time.perf_counter()
            matchsvc.rebuild_index()
            rebuild = time.perf_counter() - t
            indexed = len(peoplesvc.current() or [])
        times = measure(world, args.requests)
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        cells = [
            " / ".join(f"{pct(times[k], q):.1f}" for q in (0.5, 0.95, 0.99)) + " ms"
            for k in ("API", "page")
        ]
        lines.append(f"| {n:,} | {cells[0]} | {cells[1]} | {args.requests} each | {load} |")
        notes.append(
            f"- {n:,} people: database filled in {world.fill_seconds:.0f} s, indexes rebuilt "
            f"in {rebuild:.0f} s ({indexed:,} people indexed); the API listed "
            f"{times['listed'][0] / (args.requests + 2):.0f} candidates a request on average"
        )
        print("\n".join(lines[-1:] + notes[-1:]), flush=True)
        world.close()
    engine = "PostgreSQL" if args.postgres else "SQLite"
    lines += ["", f"Database: {engine}.", *notes]
    write_section(args.section, "\n".join(lines), RESULTS, "Scale benchmarks: results")


if __name__ == "__main__":
    main()
