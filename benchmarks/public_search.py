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

    nice -n 10 .venv/bin/python -m benchmarks.public_search [--vacancies 1000000] \\
        [--requests 300] [--workdir DIR] [--write]

The database and the index are built once in ``--workdir`` (default
``$TMPDIR/jobhub-public-search-N``) and reused by the next run, which then only times.
``--write`` puts the figures in benchmarks/public_search_RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine

RESULTS = Path(__file__).with_name("public_search_RESULTS.md")
NAMES = ("keyword", "+street", "+kind", "+pay", "+7 days", "newest", "newest by street")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def build(app, n: int, work: Path, rng: random.Random) -> dict:  # noqa: ANN001 - Flask app
    """Insert ``n`` published vacancies and fit the index on them; returns what the timing
    run needs to know of the build (also kept in ``work/built.json``)."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from jobhub.db import now_utc
    from jobhub.demo import make_uscc, setup_demo_region
    from jobhub.employers.models import Organisation, Vacancy
    from jobhub.extensions import db
    from jobhub.matching.index import VacancyIndex
    from jobhub.matchsvc import index_dir, vacancy_key
    from jobhub.regions.models import Street

    universe = synth.Universe()
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
        for v in synth.vacancies(n, universe=universe, start_id=1):
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
            if len(rows) == 20_000:
                db.session.execute(insert(Vacancy), rows)
                rows = []
        if rows:
            db.session.execute(insert(Vacancy), rows)
        db.session.commit()
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        # the rows were all in when the fit read them: a worker syncs only later changes
        read_at = now_utc()
        VacancyIndex.fit(profiles).save(index_dir(), note={"rows_read_at": read_at.isoformat()})
        del profiles
        fitted = time.perf_counter() - started
        titles = list(db.session.scalars(select(Vacancy.title).where(Vacancy.id <= 5000)))
    built = {
        "vacancies": n,
        "now": now.isoformat(),
        "loaded_s": loaded,
        "fitted_s": fitted,
        "streets": streets,
        "titles": titles,
    }
    (work / "built.json").write_text(json.dumps(built, ensure_ascii=False))
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vacancies", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    from sqlalchemy import func, or_, select

    from jobhub import create_app
    from jobhub.db import now_utc
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db
    from jobhub.security.crypto import generate_data_key

    work = args.workdir or Path(tempfile.gettempdir()) / f"jobhub-public-search-{args.vacancies}"
    work.mkdir(parents=True, exist_ok=True)
    key_file = work / "data_key"
    if not key_file.exists():
        key_file.write_text(generate_data_key())
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATA_KEY": key_file.read_text(),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite3'}",
            "MATCHING_INDEX_DIR": str(work / "index"),
            # the rows do not change while timing; a sync would only re-read the same stamp
            "MATCHING_SYNC_SECONDS": 3600,
        }
    )
    rng = random.Random(7)
    if (work / "built.json").exists():
        built = json.loads((work / "built.json").read_text())
        reused = True
    else:
        built = build(app, args.vacancies, work, rng)
        reused = False
    streets, titles = built["streets"], built["titles"]
    built_at = datetime.fromisoformat(built["now"])
    # published_at spans the 90 days before the build; "within 7 days" is asked of that moment
    week_ago = built_at - timedelta(days=7)

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
    started = time.perf_counter()
    with app.app_context():
        from jobhub import matchsvc

        matchsvc.warm()  # what gunicorn's master does before it forks (gunicorn.conf.py)
    client.get("/api/v1/vacancies", query_string={"q": words[0]})
    index_load = time.perf_counter() - started
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
                where.append(Vacancy.published_at >= min(week_ago, now_utc()))
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

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        f"Machine: {machine()}; load average at the end {os.getloadavg()[0]:.1f}",
        (
            f"{built['vacancies']:,} published vacancies inserted in {built['loaded_s']:.0f} s; "
            f"index fitted in {built['fitted_s']:.0f} s"
            + (" (built by an earlier run, reused)" if reused else "")
            + f"; index loaded (warm) in {index_load:.1f} s; peak memory of this run {peak_mb:,.0f} MB"
        ),
        (
            f"GET /api/v1/vacancies through the app (n={len(queries)}): "
            f"p50 {percentile(ours, 0.5):.1f} ms, p95 {percentile(ours, 0.95):.1f} ms, "
            f"p99 {percentile(ours, 0.99):.1f} ms, max {max(ours) * 1000:.1f} ms; "
            f"median total found {statistics.median(found):.0f}"
        ),
    ]
    for shape, name in enumerate(NAMES):
        mine = [t for t, s in zip(ours, shapes, strict=True) if s == shape]
        base = [t for t, s in zip(baseline, shapes, strict=True) if s == shape]
        if mine:
            lines.append(
                f"  {name} (n={len(mine)}): ours p50 {percentile(mine, 0.5):.1f} / "
                f"p99 {percentile(mine, 0.99):.1f} ms; baseline p50 {percentile(base, 0.5):.1f}"
                f" / p99 {percentile(base, 0.99):.1f} ms"
            )
    lines.append(
        f"baseline, SQL LIKE + count + page (same queries): "
        f"p50 {percentile(baseline, 0.5):.1f} ms, p95 {percentile(baseline, 0.95):.1f} ms, "
        f"p99 {percentile(baseline, 0.99):.1f} ms"
    )
    print("\n".join(lines))
    if args.write:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        head = "# Public vacancy search (`python -m benchmarks.public_search`)\n"
        text = RESULTS.read_text() if RESULTS.exists() else head
        text += f"\n## {built['vacancies']:,} vacancies, {stamp}\n\n```\n" + "\n".join(lines)
        RESULTS.write_text(text + "\n```\n")


if __name__ == "__main__":
    main()
