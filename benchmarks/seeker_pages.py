"""The seeker's 推荐岗位 page on a benchmark-sized database: N published vacancies in SQLite,
the index fitted offline, the page requested through the app as the signed-in seeker. The
baseline in the same run ranks the same vacancies with the stateless engine (every vacancy
loaded from the database and scored, then sorted), which is what the page would do without
the index.

    .venv/bin/python -m benchmarks.seeker_pages [--vacancies 200000] [--requests 30]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vacancies", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import insert

    from jobhub import create_app
    from jobhub.auth.roles import Role
    from jobhub.auth.services import NewAccount, create_user
    from jobhub.demo import make_id_number, make_uscc
    from jobhub.employers.models import Organisation, Vacancy
    from jobhub.extensions import db
    from jobhub.matching.engine import rank_vacancies
    from jobhub.matchsvc import loaded_index, rebuild_index, seeker_profile, vacancy_profile
    from jobhub.security.crypto import generate_data_key
    from jobhub.seekers.models import Person

    work = Path(tempfile.mkdtemp(prefix="jobhub-pages-"))
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATA_KEY": generate_data_key(),
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.sqlite3'}",
            "MATCHING_INDEX_DIR": str(work / "index"),
            "PASSWORD_HASH_METHOD": "scrypt:16384:8:1",
        }
    )
    universe = synth.Universe()
    with app.app_context():
        upgrade()
        org = Organisation(name="基准单位", uscc=make_uscc(1))
        db.session.add(org)
        db.session.flush()
        started = time.perf_counter()
        rows = []
        for v in synth.vacancies(args.vacancies, universe=universe):
            rows.append(
                {
                    "organisation_id": org.id,
                    "title": v.title,
                    "description": v.description,
                    "kind": v.kind if v.kind != "gig" else "regular",
                    "work_location": "基准市",
                    "lat": v.location.lat if v.location else None,
                    "lng": v.location.lng if v.location else None,
                    "skills": list(v.skills),
                    "occupation_code": v.occupation_code,
                    "status": "published",
                    "salary_min": 4000,
                    "salary_max": 6000,
                    "salary_unit": "month",
                    "employment_type": "full_time",
                    "headcount": 1,
                    "extra": {},
                }
            )
            if len(rows) == 20_000:
                db.session.execute(insert(Vacancy), rows)
                rows = []
        if rows:
            db.session.execute(insert(Vacancy), rows)
        db.session.commit()
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        rebuild_index()
        fitted = time.perf_counter() - started
        seeker = next(synth.seekers(1, universe=universe))
        user = create_user(NewAccount("13800000009", "Bench-pass-2026", "基准", Role.SEEKER))
        person = Person(
            user_id=user.id,
            name="基准",
            skills=list(seeker.skills),
            desired_titles=list(seeker.desired_titles),
            summary=seeker.summary,
            lat=seeker.location.lat,
            lng=seeker.location.lng,
            max_distance_km=10,
            employment_status="unemployed",
            birth_date=date(1990, 5, 1),
            gender="male",
        )
        person.id_number = make_id_number(date(1990, 5, 1), 9, female=False)
        db.session.add(person)
        db.session.commit()
        person_id = user.id

    client = app.test_client()
    client.post("/auth/login", data={"login": "13800000009", "password": "Bench-pass-2026"})
    client.get("/seeker/matches")  # loads the index in this process
    page_times = []
    for _ in range(args.requests):
        t = time.perf_counter()
        response = client.get("/seeker/matches")
        page_times.append(time.perf_counter() - t)
        assert response.status_code == 200 and "匹配度" in response.get_data(as_text=True)

    with app.app_context():
        person = db.session.execute(
            db.select(Person).where(Person.user_id == person_id)
        ).scalar_one()
        index = loaded_index()
        naive_times = []
        for _ in range(3):
            t = time.perf_counter()
            everything = [vacancy_profile(v) for v in db.session.scalars(db.select(Vacancy))]
            rank_vacancies(
                seeker_profile(person),
                everything,
                200,
                text_model=index.model,
                vocabulary=index.vocabulary,
                profile=index.profile,
            )
            naive_times.append(time.perf_counter() - t)
            db.session.expunge_all()

    p50 = statistics.median(page_times) * 1000
    p95 = sorted(page_times)[int(0.95 * (len(page_times) - 1))] * 1000
    naive = statistics.median(naive_times) * 1000
    print(f"Machine: {machine()}")
    print(
        f"{args.vacancies:,} published vacancies inserted in {loaded:.0f} s; index fitted in {fitted:.0f} s"
    )
    print(
        f"/seeker/matches through the app: p50 {p50:.0f} ms, p95 {p95:.0f} ms (n={args.requests})"
    )
    print(f"baseline, load every vacancy and rank it: {naive:.0f} ms per page ({naive / p50:.0f}x)")


if __name__ == "__main__":
    main()
