"""The labour-market pages on a benchmark-sized database: N vacancies published over eight
quarters by 600 employers in the demo district's streets, a fifth of them hired, 30,000 people
seeking work, 300 layoff reports. Each page is requested through the app (the wage pages
anonymously, the bureau's as a signed-in admin); the daily warning job is timed too.

The figures are computed by the daily refresh job into summary tables (timed here); the pages
read those. The baseline in the same run is the plain way to the same figures per request:
load every vacancy (and, for 供求, every person) as ORM objects and filter, convert and count
in Python.

    .venv/bin/python -m benchmarks.market_pages [--vacancies 100000] [--requests 20]
        [--database-url postgresql://…/empty_db | --postgres-server postgresql://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.matching.common import machine

EMPLOYERS = 600
PEOPLE = 30_000
LAYOFFS = 300
PASSWORD = "Bench-pass-2026-market"


def _timed(client, url: str, requests: int, check: str, before=None) -> list[float]:
    client.get(url)  # warm: templates, taxonomy
    times = []
    for _ in range(requests):
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        assert check.encode() in response.data, (url, check)
    return times


def _summary(times: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 in milliseconds (nearest rank)."""
    ordered = sorted(times)

    def rank(p: float) -> float:
        return ordered[round(p * (len(ordered) - 1))] * 1000

    return statistics.median(times) * 1000, rank(0.95), rank(0.99)


@contextmanager
def _database(args, work: Path):
    """The benchmark's database: a new SQLite file, the empty one given, or a PostgreSQL
    database created on the server given and dropped afterwards."""
    if args.database_url:
        yield args.database_url
        return
    if not args.postgres_server:
        yield f"sqlite:///{work / 'bench.sqlite3'}"
        return
    from sqlalchemy import create_engine, text

    name = f"bench_market_{os.getpid()}"
    server = create_engine(
        f"{args.postgres_server.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT"
    )
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{args.postgres_server.rstrip('/')}/{name}"
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    parser.add_argument(
        "--postgres-server",
        help="postgresql://user@host:port: create a database there for the run and drop it after",
    )
    parser.add_argument("--profile", help="profile one request of this page (a path) and stop")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jobhub-market-"))
    with _database(args, work) as url:
        _run(args, work, url)


def _run(args, work: Path, url: str) -> None:
    import pyotp
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from jobhub import create_app
    from jobhub.auth import twofactor
    from jobhub.auth.roles import Role
    from jobhub.auth.services import NewAccount, create_user
    from jobhub.demo import make_uscc, setup_demo_region
    from jobhub.employers.models import Organisation, Vacancy
    from jobhub.extensions import db
    from jobhub.market import reports, services
    from jobhub.market.core import PaySample, quarter_of, recent_quarters, summarise
    from jobhub.market.models import LayoffReport
    from jobhub.market.refresh import quarters_to_refresh, refresh
    from jobhub.market.warnings import compute_indicators, months_to_compute
    from jobhub.occupations import taxonomy
    from jobhub.policy.dates import CHINA_TZ, today_in_china
    from jobhub.regions.models import Street
    from jobhub.security.crypto import generate_data_key
    from jobhub.seekers.models import Application, Person

    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATA_KEY": generate_data_key(),
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": url,
            "MATCHING_INDEX_DIR": str(work / "index"),
            "PASSWORD_HASH_METHOD": "scrypt:16384:8:1",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    rng = random.Random(18)
    today = today_in_china()
    quarters = recent_quarters(quarter_of(today), 8)
    first_day = quarters[0].start
    span_days = (today - first_day).days
    leaves = [o.code for o in taxonomy.leaves()]
    # a few hundred occupations carry most vacancies, as on a real platform
    common = rng.sample(leaves, 300)
    popular = common[0]

    with app.app_context():
        upgrade()
        setup_demo_region()
        streets = list(db.session.scalars(db.select(Street.code)))
        organisations = [
            {
                "name": f"基准单位{i}",
                "uscc": make_uscc(10_000 + i),
                "street_code": rng.choice(streets),
            }
            for i in range(EMPLOYERS)
        ]
        db.session.execute(insert(Organisation), organisations)
        org_rows = db.session.execute(db.select(Organisation.id, Organisation.street_code)).all()
        started = time.perf_counter()
        rows = []
        for i in range(args.vacancies):
            org_id, street = rng.choice(org_rows)
            code = popular if i % 20 == 0 else rng.choice(common)
            unit = rng.choices(("month", "day", "hour"), (8, 1, 1))[0]
            monthly = rng.uniform(3500, 15000)
            low = round(monthly / {"month": 1, "day": 21.75, "hour": 174}[unit], 1)
            day = first_day + timedelta(days=rng.randrange(span_days + 1))
            rows.append(
                {
                    "organisation_id": org_id,
                    "title": "基准岗位",
                    "description": "基准",
                    "kind": "regular",
                    "work_location": "基准",
                    "street_code": street,
                    "occupation_code": code,
                    "status": rng.choice(("published", "closed", "closed")),
                    "salary_min": low,
                    "salary_max": round(low * 1.2, 1),
                    "salary_unit": unit,
                    "employment_type": "full_time",
                    "headcount": 1 + rng.randrange(5),
                    "published_at": datetime(day.year, day.month, day.day, 3, tzinfo=UTC),
                    "skills": [],
                    "extra": {},
                }
            )
            if len(rows) == 20_000:
                db.session.execute(insert(Vacancy), rows)
                rows = []
        if rows:
            db.session.execute(insert(Vacancy), rows)
        people = []
        for _ in range(PEOPLE):
            day = first_day + timedelta(days=rng.randrange(span_days + 1))
            people.append(
                {
                    "name": "基准",
                    "employment_status": rng.choice(("unemployed", "unemployed", "employed")),
                    "employment_since": day,
                    "desired_occupation_codes": rng.sample(common, 2),
                    "home_street_code": rng.choice(streets),
                    "created_at": datetime(day.year, day.month, day.day, 2, tzinfo=UTC),
                    "updated_at": datetime(day.year, day.month, day.day, 2, tzinfo=UTC),
                    "skills": [],
                    "trades": [],
                    "desired_titles": [],
                    "availability": {},
                    "summary": "",
                    "work_history": "",
                }
            )
        db.session.execute(insert(Person), people)
        person_ids = list(db.session.scalars(db.select(Person.id)))
        vacancy_rows = db.session.execute(db.select(Vacancy.id, Vacancy.published_at)).all()
        hires = []
        for vacancy_id, published in rng.sample(vacancy_rows, args.vacancies // 5):
            hired_on = min(published.date() + timedelta(days=rng.randrange(30)), today)
            hires.append(
                {
                    "vacancy_id": vacancy_id,
                    "person_id": rng.choice(person_ids),
                    "status": "hired",
                    "hired_on": hired_on,
                    "message": "",
                    "hire_facts": {},
                    "created_at": datetime.now(UTC),
                    "updated_at": datetime.now(UTC),
                }
            )
        db.session.execute(insert(Application), hires)
        db.session.execute(
            insert(LayoffReport),
            [
                {
                    "organisation_id": org_id,
                    "headcount": 5 + rng.randrange(60),
                    "planned_on": first_day + timedelta(days=rng.randrange(span_days + 1)),
                    "reason": "基准",
                    "street_code": street,
                    "created_at": datetime.now(UTC),
                    "updated_at": datetime.now(UTC),
                }
                for org_id, street in rng.sample(org_rows, LAYOFFS)
            ],
        )
        admin = create_user(NewAccount("benchadmin", PASSWORD, "基准管理员", Role.ADMIN))
        secret = pyotp.random_base32()
        twofactor.enrol(admin, secret)
        db.session.commit()
        loaded = time.perf_counter() - started

        started = time.perf_counter()
        refresh(quarters)  # the demo and a new deployment: every quarter shown
        db.session.commit()
        refreshed = time.perf_counter() - started
        started = time.perf_counter()
        refresh(quarters_to_refresh(today))
        for month in months_to_compute():
            compute_indicators(month)
        db.session.commit()
        job = time.perf_counter() - started

    period = quarters[-2]  # the last complete quarter
    county = "330106"
    middle = taxonomy.parent(popular, 2)
    anonymous = app.test_client()
    pages = {
        "/market/wages (细类, county, distribution + 8-quarter trend)": (
            anonymous,
            f"/market/wages?occupation={popular}&area={county}&period={period.label}",
            "近 8 个季度走势",
        ),
        "/market/wages (中类 roll-up)": (
            anonymous,
            f"/market/wages?occupation={middle}&area={county}&period={period.label}",
            "近 8 个季度走势",
        ),
        "GET /api/v1/wages": (
            anonymous,
            f"/api/v1/wages?occupation={popular}&area={county}&period={period.label}",
            '"suppressed"',
        ),
        "/market/wages.xlsx (every 细类 of the quarter)": (
            anonymous,
            f"/market/wages.xlsx?level=4&period={period.label}",
            "PK",
        ),
    }
    admin_client = app.test_client()
    admin_client.post("/auth/login", data={"login": "benchadmin", "password": PASSWORD})
    admin_client.post("/auth/second-factor", data={"code": pyotp.TOTP(secret).now()})
    pages.update(
        {
            "/market/supply-demand (quarter + 3 months)": (
                admin_client,
                f"/market/supply-demand?period={period.label}",
                "求人倍率",
            ),
            "/market/supply-demand.xlsx": (
                admin_client,
                f"/market/supply-demand.xlsx?period={period.label}",
                "PK",
            ),
            "/market/warnings": (admin_client, "/market/warnings", "规模性失业风险"),
        }
    )
    if args.profile:
        import cProfile
        import pstats

        admin_client.get(args.profile)
        profiler = cProfile.Profile()
        profiler.runcall(admin_client.get, args.profile)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return
    results = {
        name: _summary(_timed(c, u, args.requests, check)) for name, (c, u, check) in pages.items()
    }
    # the wage workbook is kept per refresh (reports.kept_workbook): also time building it
    _client, url_xlsx, _check = pages["/market/wages.xlsx (every 细类 of the quarter)"]
    results["/market/wages.xlsx, built every request (nothing kept)"] = _summary(
        _timed(
            anonymous,
            url_xlsx,
            args.requests,
            "PK",
            lambda: app.extensions.pop(reports._KEPT, None),
        )
    )

    with app.app_context():
        conversion = services.pay_conversion()
        naive_wages, naive_supply = [], []
        for _ in range(3):
            started = time.perf_counter()
            by_quarter: dict = {q: [] for q in quarters}
            for v in db.session.scalars(db.select(Vacancy)):
                day = v.published_at.replace(tzinfo=UTC).astimezone(CHINA_TZ).date()
                q = quarter_of(day)
                if (
                    v.occupation_code == popular
                    and (v.street_code or "").startswith(county)
                    and v.status in ("published", "paused", "closed")
                    and q in by_quarter
                    and v.salary_min is not None
                ):
                    pay = (float(v.salary_min) + float(v.salary_max or v.salary_min)) / 2
                    by_quarter[q].append(
                        PaySample(conversion.monthly(pay, v.salary_unit), v.organisation_id)
                    )
            for q in quarters:
                summarise(by_quarter[q], 5)
            naive_wages.append(time.perf_counter() - started)
            db.session.expunge_all()
            started = time.perf_counter()
            demand: dict = {}
            for v in db.session.scalars(db.select(Vacancy)):
                day = v.published_at.replace(tzinfo=UTC).astimezone(CHINA_TZ).date()
                if period.start <= day < period.end and v.occupation_code:
                    key = v.occupation_code[:4]
                    demand[key] = demand.get(key, 0) + v.headcount
            seekers: dict = {}
            for p in db.session.scalars(db.select(Person)):
                day = p.created_at.replace(tzinfo=UTC).astimezone(CHINA_TZ).date()
                if period.start <= day < period.end and p.employment_status != "employed":
                    for code in {c[:4] for c in p.desired_occupation_codes or []}:
                        seekers[code] = seekers.get(code, 0) + 1
            naive_supply.append(time.perf_counter() - started)
            db.session.expunge_all()

    engine = url.split(":", 1)[0]
    print(f"Machine: {machine()}")
    print(
        f"{engine}: {args.vacancies:,} vacancies, {EMPLOYERS} employers, {PEOPLE:,} people, "
        f"{args.vacancies // 5:,} hires, {LAYOFFS} layoff reports inserted in {loaded:.0f} s"
    )
    print(f"refresh of all 8 quarters: {refreshed:.1f} s")
    print(f"daily job (2 quarters of figures, 2 months of indicators): {job:.1f} s")
    for name, (p50, p95, p99) in results.items():
        print(f"{name}: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms (n={args.requests})")
    print(
        f"baseline, every vacancy loaded and filtered in Python for one occupation's 8 quarters: "
        f"{statistics.median(naive_wages) * 1000:.0f} ms"
    )
    print(
        f"baseline, every vacancy and person loaded for one quarter's 供求 by 中类: "
        f"{statistics.median(naive_supply) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
