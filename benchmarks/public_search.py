"""Public vacancy search (GET /api/v1/vacancies) at N published vacancies (default 1M), side
by side with a simple baseline in the same run.

Data: synthetic vacancies (benchmarks/matching/synth.py) in SQLite through the migrations,
spread over the demo district's streets, published over the last 90 days, with day, hour and
month pay; the matching index fitted on the same rows (as ``flask matching rebuild`` would,
without reading them back through the ORM) and loaded once before timing.

Queries, in a fixed random mix: a keyword from the vacancies' own titles alone, a keyword with
a street, with a kind, with a pay floor, with "posted within 7 days"; and the newest first
without a keyword, alone and by street. Each is asked through the app (Flask test client),
so parsing, the index, SQL and JSON are all timed.

Baseline: the same filters in SQL with the keyword as ``title LIKE '%kw%' OR description LIKE
'%kw%'``, count then page, newest first: what a search box does without the text model.

    .venv/bin/python -m benchmarks.public_search [--vacancies 1000000] [--requests 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vacancies", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import func, insert, or_, select

    from jobhub import create_app
    from jobhub.db import now_utc
    from jobhub.demo import make_uscc, setup_demo_region
    from jobhub.employers.models import Organisation, Vacancy
    from jobhub.extensions import db
    from jobhub.matching.index import VacancyIndex
    from jobhub.matchsvc import index_dir, vacancy_key
    from jobhub.regions.models import Street
    from jobhub.security.crypto import generate_data_key

    work = Path(tempfile.mkdtemp(prefix="jobhub-search-"))
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATA_KEY": generate_data_key(),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite3'}",
            "MATCHING_INDEX_DIR": str(work / "index"),
            "MATCHING_SYNC_SECONDS": 1,
        }
    )
    rng = random.Random(7)
    universe = synth.Universe()
    titles: list[str] = []
    with app.app_context():
        upgrade()
        setup_demo_region()
        streets = [s.code for s in db.session.scalars(select(Street))]
        org = Organisation(name="基准单位", uscc=make_uscc(1))
        db.session.add(org)
        db.session.flush()
        now = now_utc()
        started = time.perf_counter()
        rows, profiles = [], []
        for i, v in enumerate(synth.vacancies(args.vacancies, universe=universe, start_id=1)):
            unit = rng.choice(("month", "month", "month", "day", "hour"))
            low = {"month": rng.randrange(3000, 12000, 500), "day": 150, "hour": 22}[unit]
            kind = v.kind if v.kind != "gig" else "regular"
            rows.append(
                {
                    "id": v.id,
                    "organisation_id": org.id,
                    "title": v.title,
                    "description": v.description,
                    "kind": kind,
                    "work_location": "基准市",
                    "street_code": rng.choice(streets),
                    "lat": v.location.lat if v.location else None,
                    "lng": v.location.lng if v.location else None,
                    "skills": list(v.skills),
                    "occupation_code": v.occupation_code,
                    "status": "published",
                    "salary_min": low,
                    "salary_max": low * 1.3,
                    "salary_unit": unit,
                    "employment_type": "full_time",
                    "headcount": 1,
                    "published_at": now - timedelta(minutes=rng.randrange(90 * 24 * 60)),
                    "extra": {},
                }
            )
            profiles.append(replace(v, id=vacancy_key(v.id), kind=kind))
            if i < 5000:
                titles.append(v.title)
            if len(rows) == 20_000:
                db.session.execute(insert(Vacancy), rows)
                rows = []
        if rows:
            db.session.execute(insert(Vacancy), rows)
        db.session.commit()
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        VacancyIndex.fit(profiles).save(index_dir(), note={"rows_read_at": now.isoformat()})
        del profiles
        fitted = time.perf_counter() - started

    words = sorted({t[:2] for t in titles if len(t) >= 2})
    queries: list[dict] = []
    shapes: list[int] = []
    for _ in range(args.requests):
        kw = rng.choice(words)
        shape = rng.randrange(7)
        q = [
            {"q": kw},
            {"q": kw, "street": rng.choice(streets)},
            {"q": kw, "kind": rng.choice(("regular", "public_welfare", "traineeship"))},
            {"q": kw, "min_pay": str(rng.randrange(4000, 10000, 1000))},
            {"q": kw, "days": "7"},
            {},
            {"street": rng.choice(streets)},
        ][shape]
        queries.append(q)
        shapes.append(shape)

    client = app.test_client()
    client.get("/api/v1/vacancies", query_string={"q": words[0]})  # loads the index
    ours, found = [], []
    for q in queries:
        t = time.perf_counter()
        response = client.get("/api/v1/vacancies", query_string=q)
        ours.append(time.perf_counter() - t)
        assert response.status_code == 200, response.get_data(as_text=True)
        found.append(response.get_json()["total"])

    baseline = []
    with app.app_context():
        for q in queries:
            t = time.perf_counter()
            where = [Vacancy.status == "published"]
            if "q" in q:
                like = f"%{q['q']}%"
                where.append(or_(Vacancy.title.like(like), Vacancy.description.like(like)))
            if "street" in q:
                where.append(Vacancy.street_code == q["street"])
            if "kind" in q:
                where.append(Vacancy.kind == q["kind"])
            if "min_pay" in q:
                where.append(Vacancy.salary_max >= float(q["min_pay"]))
            if "days" in q:
                where.append(Vacancy.published_at >= now_utc() - timedelta(days=7))
            db.session.scalar(select(func.count()).select_from(Vacancy).where(*where))
            list(
                db.session.scalars(
                    select(Vacancy)
                    .where(*where)
                    .order_by(Vacancy.published_at.desc(), Vacancy.id.desc())
                    .limit(20)
                )
            )
            baseline.append(time.perf_counter() - t)
            db.session.expunge_all()

    print(f"Machine: {machine()}")
    print(
        f"{args.vacancies:,} published vacancies inserted in {loaded:.0f} s; "
        f"index fitted in {fitted:.0f} s"
    )
    print(
        f"GET /api/v1/vacancies through the app (n={len(queries)}): "
        f"p50 {percentile(ours, 0.5):.1f} ms, p95 {percentile(ours, 0.95):.1f} ms, "
        f"p99 {percentile(ours, 0.99):.1f} ms, max {max(ours) * 1000:.1f} ms; "
        f"median total found {statistics.median(found):.0f}"
    )
    names = ("keyword", "+street", "+kind", "+pay", "+7 days", "newest", "newest by street")
    for shape, name in enumerate(names):
        mine = [t for t, s in zip(ours, shapes, strict=True) if s == shape]
        base = [t for t, s in zip(baseline, shapes, strict=True) if s == shape]
        if mine:
            print(
                f"  {name}: ours p50 {percentile(mine, 0.5):.1f} / p99 {percentile(mine, 0.99):.1f}"
                f" ms; baseline p50 {percentile(base, 0.5):.1f} / p99 {percentile(base, 0.99):.1f} ms"
            )
    print(
        f"baseline, SQL LIKE + count + page (same queries): "
        f"p50 {percentile(baseline, 0.5):.1f} ms, p95 {percentile(baseline, 0.95):.1f} ms, "
        f"p99 {percentile(baseline, 0.99):.1f} ms"
    )


if __name__ == "__main__":
    main()
