"""Precomputed lists as data grows (issue 17, items 2 and 5): 政策找人, the 1131 graduates list
and a station's pages, through the app as the signed-in bureau admin and station worker, on
databases of 10k, 100k and 1M people, side by side (sizes alternating request by request).

Each database is filled by ``bench_writes.World`` (people encrypted as the app stores them,
vacancies, gigs and applications), with one person in five a recent graduate in flexible work
(on 政策找人 and the 1131 list) and one in forty on 低保. The stored evaluations are then made by
the nightly refresh (``jobhub.lists.refresh.refresh_all``, timed) for up to ``--evaluate``
people; beyond that the rows of the evaluated people are copied to the others in SQL (same
tags, same encrypted detail: the lists' shape is the same, the refresh time per person is
measured on the evaluated ones and extrapolated).

The baseline is the on-read path these pages used before (``jobhub.admin.queries``: load and
evaluate every verified person), timed in process at the sizes given by ``--baseline-max``.

    .venv/bin/python -m benchmarks.scale.bench_lists [--sizes 10000,100000,1000000]
        [--reps 40] [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine, write_section
from benchmarks.scale.bench_writes import PASSWORD, RESULTS, World, pct


class ListsWorld(World):
    """A bench_writes database with graduates, its stored evaluations and a bureau admin."""

    def __init__(  # noqa: PLR0913
        self,
        n: int,
        work: Path,
        postgres: str | None,
        universe,  # noqa: ANN001
        evaluate: int,
        expand_from: int | None = None,
        move_km: float = 0.0,
    ) -> None:
        self.evaluate = evaluate
        self.expanded_seconds = None
        base = expand_from if expand_from and postgres and n > expand_from else n
        super().__init__(base, work, postgres, universe)
        if base != n:
            self._expand(base, n)
        if move_km:
            self._move(move_km)
        self._activity()
        self._evaluate_all()
        self._admin()

    def _expand(self, base: int, n: int) -> None:
        """Grow a PostgreSQL database of ``base`` people to ``n`` in SQL: copies of the people
        (ID hash made distinct, same encrypted values) and of the stations (about 2,000 people
        a station, as the bulk fill makes), each copy of a person on the copy of its station."""
        from sqlalchemy import text

        from jobhub.extensions import db
        from jobhub.seekers.models import Person
        from jobhub.stations.models import Station

        started = time.perf_counter()
        copies = n // base
        with self.app.app_context():
            lo = db.session.scalar(text("SELECT min(id) FROM people"))
            stations = db.session.scalar(text("SELECT count(*) FROM stations"))
            cols = [c.name for c in Station.__table__.columns if c.name != "id"]
            db.session.execute(
                text(
                    f"INSERT INTO stations (id, {', '.join(cols)}) SELECT id + k * :s,"
                    f" {', '.join(cols)} FROM stations, generate_series(1, :c) AS k"
                ),
                {"s": stations, "c": copies - 1},
            )
            changed = {
                "id_number_hmac": "left(id_number_hmac, 56) || lpad(k::text, 8, '0')",
                "user_id": "NULL",
                "registered_station_id": "registered_station_id + k * :s",
            }
            cols = [c.name for c in Person.__table__.columns if c.name != "id"]
            db.session.execute(
                text(
                    f"INSERT INTO people ({', '.join(cols)}) SELECT"
                    f" {', '.join(changed.get(c, c) for c in cols)}"
                    " FROM people, generate_series(1, :c) AS k"
                    " WHERE people.id < :lo + :base ORDER BY k, people.id"
                ),
                {"s": stations, "c": copies - 1, "lo": lo, "base": base},
            )
            for table in ("stations", "people"):
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
            db.session.commit()
        self.n = n
        self.expanded_seconds = time.perf_counter() - started

    def _move(self, km: float) -> None:
        """Move every home point by up to ``km`` north-south and east-west, by a fixed
        function of the id: nobody shares a home point with the copies of their own
        generated person (no twins), a harder population for the people index."""
        from sqlalchemy import text

        from jobhub.extensions import db

        dlat = 2 * km / 111.2
        dlng = dlat / 0.86  # cos(30.3°), Hangzhou's latitude
        with self.app.app_context():
            db.session.execute(
                text(
                    "UPDATE people SET lat = lat + ((CAST(id AS BIGINT) * 7919) % 1000 / 1000.0 - 0.5) * :dlat,"
                    " lng = lng + ((CAST(id AS BIGINT) * 104729) % 1000 / 1000.0 - 0.5) * :dlng"
                    " WHERE lat IS NOT NULL"
                ),
                {"dlat": dlat, "dlng": dlng},
            )
            db.session.commit()

    def _activity(self) -> None:
        """What the station pages count: one person in four came to their station's counter
        in the last 90 days (those who graduated with a key group noted), about one in 360
        today; one in eight was given a 职业指导 there. People are picked by ``id / 3``, not
        ``id``: the bulk fill puts person ``i`` on station ``i % stations``, so a pick by ``id``
        modulo 4 would leave whole stations (the worker's among them) without a visit. ``waiting_since`` of the visitors is
        then recomputed by the app's own function (their first visit starts their wait)."""
        from sqlalchemy import select, text

        from jobhub.extensions import db
        from jobhub.stations.models import StationVisit
        from jobhub.stations.waiting import refresh_waiting

        started = time.perf_counter()
        if self.postgres:
            at = "now() - make_interval(days => id / 3 % 90, mins => id % 600)"
            groups = "CAST(CASE WHEN graduation_date IS NULL THEN '[]' ELSE '[\"graduate_within_2y\"]' END AS json)"
            empty = "CAST('[]' AS json)"
        else:
            at = "datetime('now', '-' || (id / 3 % 90) || ' days', '-' || (id % 600) || ' minutes')"
            groups = (
                "CASE WHEN graduation_date IS NULL THEN '[]' ELSE '[\"graduate_within_2y\"]' END"
            )
            empty = "'[]'"
        with self.app.app_context():
            db.session.execute(
                text(
                    "INSERT INTO station_visits (person_id, station_id, new_person, key_groups,"
                    f" subsidies, at) SELECT id, registered_station_id, false, {groups}, {empty},"
                    f" {at} FROM people WHERE id / 3 % 4 = 0 AND registered_station_id IS NOT NULL"
                )
            )
            db.session.execute(
                text(
                    "INSERT INTO service_records (person_id, station_id, kind, note, at)"
                    f" SELECT id, registered_station_id, 'career_guidance', '', {at} FROM people"
                    " WHERE id / 3 % 8 = 0 AND registered_station_id IS NOT NULL"
                )
            )
            # statistics of the new rows, as autovacuum would gather them before the app reads
            # (without them the planner takes the tables for empty and scans them per person)
            db.session.execute(text("ANALYZE station_visits"))
            db.session.execute(text("ANALYZE service_records"))
            db.session.commit()
            hi = db.session.scalar(text("SELECT max(id) FROM people"))
            for start in range(0, hi + 1, 100_000):
                refresh_waiting(
                    select(StationVisit.person_id).where(
                        StationVisit.person_id >= start, StationVisit.person_id < start + 100_000
                    )
                )
                db.session.commit()
            self.visits = db.session.scalar(text("SELECT count(*) FROM station_visits"))
        self.activity_seconds = time.perf_counter() - started

    def person_extra(self, i: int) -> dict:
        if i % 5:
            return {}
        today = date.today()
        return {
            "birth_date": today - timedelta(days=23 * 365 + i % 300),
            "education": "bachelor",
            "graduation_date": today - timedelta(days=60 + i % 500),
            "employment_status": "flexible",
            "employment_since": today - timedelta(days=30),
            "monthly_contribution": 900,
        }

    def _evaluate_all(self) -> None:
        from sqlalchemy import select, text

        from jobhub.extensions import db
        from jobhub.lists.refresh import refresh_all, refresh_people
        from jobhub.seekers.models import Person

        with self.app.app_context():
            lo, hi = db.session.execute(
                select(db.func.min(Person.id), db.func.max(Person.id))
            ).one()
            started = time.perf_counter()
            if self.n <= self.evaluate:
                run = refresh_all(workers=0, block_size=20_000)
                self.evaluated = run.people
            else:
                self.evaluated = 0
                for start in range(lo, lo + self.evaluate, 20_000):
                    end = min(start + 20_000, lo + self.evaluate)
                    self.evaluated += refresh_people(
                        select(Person.id).where(Person.id >= start, Person.id < end)
                    )
                    db.session.commit()
            self.refresh_seconds = time.perf_counter() - started
            if self.n > self.evaluate:
                started = time.perf_counter()
                copy = {"lo": lo, "k": self.evaluate}
                db.session.execute(
                    text(
                        "INSERT INTO policy_snapshots (person_id, station_id, street_code,"
                        " graduation_date, rules_version, evaluated_on, stale, refreshed_at,"
                        " detail) SELECT p.id, p.registered_station_id, p.home_street_code,"
                        " p.graduation_date, s.rules_version, s.evaluated_on, s.stale,"
                        " s.refreshed_at, s.detail FROM people p JOIN policy_snapshots s"
                        " ON s.person_id = :lo + (p.id - :lo) % :k"
                        " WHERE p.id >= :lo + :k AND p.user_id IS NULL"
                    ),
                    copy,
                )
                db.session.execute(
                    text(
                        "INSERT INTO policy_snapshot_tags (tag, person_id, station_id)"
                        " SELECT t.tag, p.id, p.registered_station_id FROM people p"
                        " JOIN policy_snapshot_tags t ON t.person_id = :lo + (p.id - :lo) % :k"
                        " WHERE p.id >= :lo + :k AND p.user_id IS NULL"
                    ),
                    copy,
                )
                db.session.commit()
                self.copy_seconds = time.perf_counter() - started
            if self.postgres:  # as autovacuum leaves the tables (visibility map set)
                db.session.commit()
                with db.engine.connect() as conn:
                    conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                        text("VACUUM ANALYZE")
                    )
            self.on_list = db.session.scalar(
                text("SELECT count(*) FROM policy_snapshot_tags WHERE tag = 'list:outreach'")
            )
            self.mid = db.session.scalar(
                text(
                    "SELECT person_id FROM policy_snapshot_tags WHERE tag = 'list:outreach'"
                    " ORDER BY person_id LIMIT 1 OFFSET :k"
                ),
                {"k": self.on_list // 2},
            )

    def _admin(self) -> None:
        import pyotp

        from jobhub.auth import twofactor
        from jobhub.auth.roles import Role
        from jobhub.auth.services import NewAccount, create_user
        from jobhub.extensions import db

        with self.app.app_context():
            self.admin_secret = pyotp.random_base32()
            admin = create_user(NewAccount("benchadmin", PASSWORD, "基准管理员", Role.ADMIN))
            twofactor.enrol(admin, self.admin_secret)
            db.session.commit()
        self.admin = self._client("benchadmin", self.admin_secret)

    def pages(self) -> dict[str, tuple]:
        return {
            "政策找人 第一页": (self.admin, "/admin/policy-outreach"),
            "政策找人 中间一页（after）": (self.admin, f"/admin/policy-outreach?after={self.mid}"),
            "政策找人 按政策筛选": (self.admin, "/admin/policy-outreach?code=si_flexible_graduate"),
            "1131 名单 第一页": (self.admin, "/admin/graduates"),
            "1131 只看还缺服务的": (self.admin, "/admin/graduates?missing=1"),
            "驿站首页（今日待办）": (self.staff, "/station/"),
            "驿站看板": (self.staff, "/station/dashboard"),
        }

    def get(self, name: str) -> None:
        client, url = self.pages()[name]
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (name, response.status_code)
        self.times.setdefault(name, []).append(elapsed)

    def station_in_process(self, main: dict) -> None:
        """The two station pages' work in this process, this branch's and ``main``'s (its
        ``jobhub/stations/queries.py`` and ``due.py`` loaded from git, and its home template),
        on this database one after the other: the queries and the rendered page, signed in as
        the station worker (no HTTP, no session look-up)."""
        from flask import render_template, render_template_string
        from flask_login import login_user

        from jobhub.auth.models import User
        from jobhub.extensions import db
        from jobhub.policy.dates import today_in_china
        from jobhub.stations import due, queries
        from jobhub.stations.services import open_households

        with self.app.test_request_context():
            staff = db.session.scalar(  # the one station worker of bench_writes.World
                db.select(User).where(User.station_id.is_not(None)).order_by(User.id).limit(1)
            )
            login_user(staff)
            station = db.session.get(queries.Station, staff.station_id)
            today = today_in_china()
            for label, q, d, home in (
                ("本分支", queries, due, None),
                ("基线 main", main["queries"], main["due"], main["home"]),
            ):
                started = time.perf_counter()
                board = q.dashboard(station.id)
                render_template(
                    "stations/dashboard.html",
                    station=station,
                    board=board,
                    households=open_households(station.id),
                )
                self.times.setdefault(f"{label}：驿站看板（进程内）", []).append(
                    time.perf_counter() - started
                )
                started = time.perf_counter()
                items = d.due_today(station.id, today)
                gigs = queries.station_gigs(station.id, upcoming_only=True)
                context = {"station": station, "gigs": gigs, "due": items}
                if home is None:
                    render_template("stations/home.html", **context)
                else:
                    render_template_string(home, **context)
                self.times.setdefault(f"{label}：驿站首页（进程内）", []).append(
                    time.perf_counter() - started
                )
                db.session.rollback()

    def explain(self) -> str:
        """PostgreSQL's plans (EXPLAIN ANALYZE) of the station pages' reads that could grow:
        the longest-waiting reads, the 30-day key-group visits and the owed graduates."""
        from datetime import timedelta

        from sqlalchemy import select

        from jobhub.auth.models import User
        from jobhub.extensions import db
        from jobhub.lists.models import PolicySnapshotTag
        from jobhub.lists.rows import GRADUATES_OWED
        from jobhub.policy.dates import today_in_china
        from jobhub.stations import queries
        from jobhub.stations.models import StationVisit

        out = []
        with self.app.app_context():
            station = db.session.scalar(
                db.select(User.station_id).where(User.station_id.is_not(None)).limit(1)
            )
            today = today_in_china()
            registered, guests = queries.waiting_queries(station, today)
            start, end = queries.day_bounds(today)
            month, _ = queries.day_bounds(today - timedelta(days=29))
            reads = {
                "longest waiting, registered": registered.limit(10),
                "longest waiting, from elsewhere": guests.limit(10),
                "key groups, 30 days": select(
                    StationVisit.person_id, StationVisit.key_groups
                ).where(
                    StationVisit.station_id == station,
                    StationVisit.at >= month,
                    StationVisit.at < end,
                ),
                "owed graduates, first 6": select(PolicySnapshotTag.person_id)
                .where(
                    PolicySnapshotTag.tag == GRADUATES_OWED,
                    PolicySnapshotTag.station_id == station,
                )
                .order_by(PolicySnapshotTag.person_id)
                .limit(6),
            }
            connection = db.session.connection()
            for name, statement in reads.items():
                compiled = statement.compile(
                    dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
                )
                plan = connection.exec_driver_sql(
                    "EXPLAIN (ANALYZE, BUFFERS) " + str(compiled), compiled.params
                ).scalars()
                out.append(f"-- {self.n:,} people: {name}\n" + "\n".join(plan))
            db.session.rollback()
        return "\n".join(out)

    def baseline(self) -> None:
        """The on-read path of the old pages: everyone evaluated, then a page cut."""
        from jobhub.admin import queries
        from jobhub.policy.dates import today_in_china

        with self.app.app_context():
            started = time.perf_counter()
            rows = queries.policy_outreach(today_in_china())
            queries.outreach_pending(today_in_china())
            self.times.setdefault("基线：政策找人（读时评估）", []).append(
                time.perf_counter() - started
            )
            assert rows
            started = time.perf_counter()
            queries.graduates(today_in_china())
            self.times.setdefault("基线：1131 名单（读时评估）", []).append(
                time.perf_counter() - started
            )


def _main_station_code(rev: str) -> dict:
    """The station pages' code of revision ``rev``: its queries and 今日待办 modules (run
    against this checkout's other modules) and its home template's source."""
    import subprocess

    from benchmarks.scale.bench_candidates import baseline_module

    home = subprocess.run(
        ["git", "show", f"{rev}:templates/stations/home.html"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    ).stdout
    return {
        "queries": baseline_module(rev, "jobhub/stations/queries.py"),
        "due": baseline_module(rev, "jobhub/stations/due.py"),
        "home": home,
    }


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--reps", type=int, default=40, help="requests of each page per size")
    parser.add_argument("--evaluate", type=int, default=100_000, help="people refreshed for real")
    parser.add_argument("--baseline-max", type=int, default=100_000)
    parser.add_argument("--baseline-reps", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="a server URL; default SQLite files")
    parser.add_argument(
        "--section", default=None, help="the RESULTS.md section written (default lists-<engine>)"
    )
    parser.add_argument(
        "--baseline-ref", default="main", help="the revision whose station pages run beside"
    )
    parser.add_argument(
        "--expand-from",
        type=int,
        default=None,
        help="PostgreSQL: fill larger sizes to this many people in bulk, then copy them in SQL",
    )
    parser.add_argument(
        "--pages",
        default=None,
        help="only the pages whose names start with one of these (comma-separated, e.g. 政策找人)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    wanted = tuple(args.pages.split(",")) if args.pages else None
    work = Path(tempfile.mkdtemp(prefix="jobhub-lists-"))
    universe = synth.Universe()
    worlds = []
    for n in sizes:
        world = ListsWorld(n, work, args.postgres, universe, args.evaluate, args.expand_from)
        print(
            f"{n:,} people: filled in {world.fill_seconds:.0f} s; {world.evaluated:,} evaluated"
            f" in {world.refresh_seconds:.0f} s; {world.on_list:,} on 政策找人",
            flush=True,
        )
        worlds.append(world)
    names = [n for n in worlds[0].pages() if wanted is None or n.startswith(wanted)]
    baseline_code = _main_station_code(args.baseline_ref)
    for world in worlds:  # warm: every code path imported, caches as a running worker has them
        for name in names:
            world.get(name)
        world.station_in_process(baseline_code)
        world.times.clear()
    for rep in range(args.reps):
        for name in names:
            for world in worlds:
                world.get(name)
        for world in worlds:
            world.station_in_process(baseline_code)
        if rep % 10 == 9:
            print(f"{rep + 1}/{args.reps} rounds", flush=True)
    for _ in range(args.baseline_reps):
        for world in worlds:
            if world.n <= args.baseline_max:
                world.baseline()

    engine = "PostgreSQL" if args.postgres else "SQLite"
    load = os.getloadavg()
    lines = [
        f"Machine: {machine()}",
        f"Database: {engine}; {args.reps} requests of each page per size through the app (test"
        " client, signed-in bureau admin and station worker), the sizes alternating request by"
        f" request; load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        "",
        "| page | "
        + " | ".join(f"{w.n:,} people p50 / p95 / p99 (ms)" for w in worlds)
        + " | growth of p99, last two sizes |",
        "|---|" + "---|" * (len(worlds) + 1),
    ]
    in_process = [
        f"{who}：{page}（进程内）"
        for page in ("驿站首页", "驿站看板")
        for who in ("本分支", "基线 main")
    ]
    for name in [*names, *in_process, "基线：政策找人（读时评估）", "基线：1131 名单（读时评估）"]:
        cells = []
        for w in worlds:
            t = w.times.get(name)
            cells.append(
                f"{statistics.median(t) * 1000:.1f} / {pct(t, 0.95):.1f} / {pct(t, 0.99):.1f}"
                if t
                else "—"
            )
        timed = [w for w in worlds if w.times.get(name)]
        growth = (
            f"{pct(timed[-1].times[name], 0.99) / pct(timed[-2].times[name], 0.99):.2f}×"
            if len(timed) >= 2
            else "—"
        )
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth} |")
    lines.append("")
    for w in worlds:
        extra = (
            f"; the other {w.n - w.evaluated:,} rows copied from them in {w.copy_seconds:.0f} s"
            if w.n > w.evaluated
            else ""
        )
        lines.append(
            f"- {w.n:,} people: filled in {w.fill_seconds:.0f} s; nightly refresh of"
            f" {w.evaluated:,} people inline in {w.refresh_seconds:.0f} s"
            f" ({w.refresh_seconds / max(w.evaluated, 1) * 1000:.2f} ms a person){extra};"
            + (
                f" people beyond the bulk fill copied in SQL in {w.expanded_seconds:.0f} s;"
                if w.expanded_seconds is not None
                else ""
            )
            + f" {w.on_list:,} on 政策找人; {w.visits:,} station visits and their"
            f" services written in {w.activity_seconds:.0f} s"
        )
    lines.append(f"- benchmark process memory at the end: {_rss_mb():.0f} MB")
    if args.postgres:
        for w in worlds:
            print(w.explain(), flush=True)
    body = "\n".join(lines)
    print(body)
    write_section(
        args.section or "lists-" + engine.lower(),
        f"## Precomputed lists as data grows ({engine}"
        + (f"; pages: {args.pages}" if args.pages else "")
        + ")\n\n"
        + body,
        RESULTS,
    )
    for w in worlds:
        w.close()


if __name__ == "__main__":
    main()
