"""Writes as data grows (issue 17, item 4): registering a person at the counter, posting a
vacancy, applying and claiming a gig, through the app, on a database of 10k people and on one of
1M people (vacancies at one tenth, open gigs at one hundredth, applications at one fifth),
side by side in one run.

Each size gets its own database, filled in bulk the way the app stores people (ID number and
phone encrypted with the app's key, their HMAC look-up columns computed, sensitive statuses
encrypted); the distinct people, vacancies and gigs are a few thousand synthetic ones repeated
under new ids and ID numbers. Then the four requests are made through the app's routes (the
Flask test client: forms, validation, audit, the people-index hook, the commit) by a signed-in
station worker, employer and seeker of each database, the sizes alternating request by request
so that both see the same load on a shared machine. Every request must succeed: each must write its row (counted at the
end). The matching indexes are not loaded here: in a worker that holds them, a write only notes
the changed person or vacancy, and the index applies it at its next query.

    .venv/bin/python -m benchmarks.scale.bench_writes [--sizes 10000,1000000] [--ops 40]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]

With --postgres, each size gets a database of its own on that server (created and dropped).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

from benchmarks.matching import synth
from benchmarks.matching.common import machine, write_section

PASSWORD = "Bench-pass-2026"
STREETS = ("330106001", "330106002", "330106003", "330106004", "330106005", "330106007")
RESULTS = Path(__file__).with_name("RESULTS.md")


def id_number(i: int, region: str = "330106") -> str:
    """A valid, distinct 身份证号 for person ``i`` (born 1966 to 1993)."""
    from jobhub.demo import make_id_number

    return make_id_number(date(1966, 1, 1) + timedelta(days=i // 100), i % 100, i % 2 == 1, region)


def _pg_database(url: str, name: str, *, drop: bool = False) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def bulk_insert(model, rows, chunk: int = 20_000) -> None:  # noqa: ANN001 - a model, dicts
    """Insert ``rows`` (an iterable of column dicts) in chunks, through the ORM's bulk insert:
    column types (encryption included) and defaults apply as for any insert."""
    from sqlalchemy import insert

    from jobhub.extensions import db

    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk:
            db.session.execute(insert(model), batch)
            batch = []
    if batch:
        db.session.execute(insert(model), batch)


class World:
    """One database of ``n`` people, its app, and a signed-in worker, employer and seeker."""

    def __init__(  # noqa: PLR0913
        self,
        n: int,
        work: Path,
        postgres: str | None,
        universe,  # noqa: ANN001
        *,
        refresh_hook: bool = True,
    ) -> None:
        from jobhub import create_app
        from jobhub.security.crypto import generate_data_key

        self.n = n
        self.label = f"{n:,} people" + ("" if refresh_hook else ", lists hook off")
        self.pg_name = f"bench_writes_{n}_{uuid.uuid4().hex[:6]}" if postgres else None
        uri = (
            _pg_database(postgres, self.pg_name).replace("postgresql://", "postgresql+psycopg://")
            if postgres
            else f"sqlite:///{work / f'people-{n}-{uuid.uuid4().hex[:6]}.sqlite3'}"
        )
        self.postgres = postgres
        self.app = create_app(
            {
                "SECRET_KEY": "bench",
                "DATA_KEY": generate_data_key(),
                "WTF_CSRF_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": uri,
                "MATCHING_INDEX_DIR": str(work / f"index-{n}-{int(refresh_hook)}"),
                "PASSWORD_HASH_METHOD": "scrypt:16384:8:1",
                "POLICY_REFRESH_ON_CHANGE": refresh_hook,
            }
        )
        self.universe = universe
        self.times: dict[str, list[float]] = {}
        started = time.perf_counter()
        self._fill()
        self.fill_seconds = time.perf_counter() - started

    # --- filling the database in bulk -------------------------------------------------------

    def person_extra(self, i: int) -> dict:
        """Columns of person ``i`` that a subclass sets otherwise (bench_lists: graduates)."""
        return {}

    def _fill(self) -> None:  # noqa: PLR0915 - one linear script
        import pyotp
        from flask_migrate import upgrade
        from sqlalchemy import insert

        from jobhub.auth import twofactor
        from jobhub.auth.roles import Role
        from jobhub.auth.services import NewAccount, create_user
        from jobhub.demo import make_uscc, setup_demo_region
        from jobhub.employers.models import Organisation, Vacancy
        from jobhub.extensions import db
        from jobhub.gigs.models import Gig
        from jobhub.security.columns import lookup_hash
        from jobhub.seekers.models import Application, Person
        from jobhub.stations.models import Station

        n = self.n
        profiles = list(synth.seekers(min(n, 3000), seed=7, universe=self.universe))
        jobs = list(synth.vacancies(min(max(n // 10, 1), 3000), universe=self.universe))
        with self.app.app_context():
            upgrade()
            setup_demo_region()  # the demo's 西湖区 streets, as `flask region setup` would
            stations = [
                Station(
                    name=f"基准驿站{i}",
                    address="基准路 1 号",
                    street_code=STREETS[i % len(STREETS)],
                    lat=30.27 + (i % 50) * 0.002,
                    lng=120.12 + (i // 50) * 0.002,
                )
                for i in range(max(1, n // 2000))
            ]
            orgs = [
                Organisation(name=f"基准单位{i}", uscc=make_uscc(100_000 + i))
                for i in range(max(1, n // 500))
            ]
            db.session.add_all(stations + orgs)
            db.session.flush()
            station_ids = [s.id for s in stations]
            org_ids = [o.id for o in orgs]

            def person_row(i: int) -> dict:
                p = profiles[i % len(profiles)]
                number = id_number(i)
                phone = f"139{i:08d}"
                return {
                    "name": f"基准{i}",
                    "id_number_enc": number,
                    "id_number_hmac": lookup_hash(number, "id_number"),
                    "phone_enc": phone,
                    "phone_hmac": lookup_hash(phone, "phone"),
                    "birth_date": date(1966, 1, 1) + timedelta(days=i // 100),
                    "gender": "female" if i % 2 else "male",
                    "employment_status": "unemployed" if i % 3 else "employed",
                    "skills": list(p.skills),
                    "desired_titles": list(p.desired_titles),
                    "summary": p.summary,
                    "home_street_code": STREETS[i % len(STREETS)],
                    "lat": p.location.lat if p.location else None,
                    "lng": p.location.lng if p.location else None,
                    "max_distance_km": 15,
                    "sensitive": {"low_income_household": {"value": True}} if i % 40 == 0 else None,
                    "registered_station_id": station_ids[i % len(station_ids)],
                    **self.person_extra(i),
                }

            bulk_insert(Person, map(person_row, range(n)))

            def vacancy_row(i: int) -> dict:
                v = jobs[i % len(jobs)]
                return {
                    "organisation_id": org_ids[i % len(org_ids)],
                    "title": v.title,
                    "description": v.description,
                    "kind": "regular",
                    "work_location": "基准市",
                    "street_code": STREETS[i % len(STREETS)],
                    "lat": v.location.lat if v.location else None,
                    "lng": v.location.lng if v.location else None,
                    "skills": list(v.skills),
                    "occupation_code": v.occupation_code,
                    "status": "published",
                    "salary_min": 4000,
                    "salary_max": 6000,
                    "salary_unit": "month",
                    "employment_type": "full_time",
                    "headcount": 3,
                    "extra": {},
                }

            bulk_insert(Vacancy, map(vacancy_row, range(max(1, n // 10))))

            # one gig a day for 60 days, then again: the seeker's claims never overlap in time
            gigs = [
                {
                    "station_id": station_ids[i % len(station_ids)],
                    "employer_name": "基准雇主",
                    "title": "搬运装卸",
                    "trade": "搬运",
                    "description": "仓库搬运装卸，日结。",
                    "skills": ["搬运"],
                    "work_date": date.today() + timedelta(days=2 + i % 60),
                    "start_time": clock(8, 0),
                    "end_time": clock(17, 0),
                    "address": "基准路 2 号",
                    "street_code": STREETS[i % len(STREETS)],
                    "lat": 30.28,
                    "lng": 120.13,
                    "pay_amount": 200,
                    "pay_unit": "day",
                    "capacity": 1000,
                    "taken": 0,
                    "status": "open",
                }
                for i in range(max(1, n // 100))
            ]
            db.session.execute(insert(Gig), gigs)
            db.session.flush()
            first_person = db.session.scalar(db.select(db.func.min(Person.id)))
            first_vacancy = db.session.scalar(db.select(db.func.min(Vacancy.id)))
            n_vac = max(1, n // 10)
            bulk_insert(
                Application,
                (
                    {
                        "vacancy_id": first_vacancy + (i * 7) % n_vac,
                        "person_id": first_person + i * 5 % n,
                        "status": "applied",
                        "message": "",
                    }
                    for i in range(n // 5)
                ),
            )
            db.session.commit()
            self.vacancy_ids = list(
                db.session.scalars(db.select(Vacancy.id).order_by(Vacancy.id.desc()).limit(500))
            )
            self.gig_ids = list(db.session.scalars(db.select(Gig.id).order_by(Gig.id).limit(500)))

            # the people who act: a station worker, an employer, a seeker with an ID number
            self.secret = pyotp.random_base32()
            staff = create_user(
                NewAccount(
                    "13700000001",
                    PASSWORD,
                    "基准工作人员",
                    Role.STATION_STAFF,
                    station_id=station_ids[0],
                )
            )
            twofactor.enrol(staff, self.secret)
            create_user(
                NewAccount(
                    "13700000002", PASSWORD, "基准招聘", Role.EMPLOYER, organisation_id=org_ids[0]
                )
            )
            seeker = create_user(NewAccount("13700000003", PASSWORD, "基准求职者", Role.SEEKER))
            me = Person(
                user_id=seeker.id,
                name="基准求职者",
                birth_date=date(1995, 3, 1),
                gender="female",
                employment_status="unemployed",
                skills=["搬运", "Excel"],
                desired_titles=["仓库管理员"],
                lat=30.28,
                lng=120.13,
            )
            me.id_number = id_number(3, region="330108")
            db.session.add(me)
            db.session.commit()

        self.staff = self._client("13700000001", self.secret)
        self.employer = self._client("13700000002")
        self.seeker = self._client("13700000003")
        self.next_walk_in = itertools.count(1)
        self.next_vacancy = iter(self.vacancy_ids)
        self.next_gig = iter(self.gig_ids)

    def _client(self, login: str, secret: str | None = None):  # noqa: ANN202
        import pyotp

        client = self.app.test_client()
        response = client.post("/auth/login", data={"login": login, "password": PASSWORD})
        if secret is not None:
            response = client.post("/auth/second-factor", data={"code": pyotp.TOTP(secret).now()})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    # --- the four writes ---------------------------------------------------------------------

    def _timed(self, name: str, send) -> None:  # noqa: ANN001
        started = time.perf_counter()
        response = send()
        elapsed = time.perf_counter() - started
        if response.status_code != 302:
            import re

            page = response.get_data(as_text=True)
            errors = re.findall(r'class="[^"]*(?:error|invalid)[^"]*"[^>]*>([^<]{1,200})', page)
            raise AssertionError(f"{name}: {response.status_code} {errors}")
        self.times.setdefault(name, []).append(elapsed)

    def register(self) -> None:
        k = next(self.next_walk_in)
        data = {
            "step": "register",
            "id_number": id_number(10_000 + k, region="330108"),
            "name": "来访者",
            "phone": f"137{k:08d}",
            "trades": "搬运，保洁",
            "skills": "搬运 叉车证",
            "days": ["0", "1", "2", "3", "4"],
            "start": "08:00",
            "end": "18:00",
            "expected_pay": "200",
            "expected_pay_unit": "day",
            "home_street_code": "330106005",
            "employment_status": "unemployed",
            "consent": "y",
        }
        self._timed("到驿站登记一位来访者", lambda: self.staff.post("/station/walk-in", data=data))

    def post_vacancy(self) -> None:
        data = {
            "title": "仓库理货员",
            "kind": "regular",
            "employment_type": "full_time",
            "description": "负责仓库货物的收发、清点和上架，使用手持终端扫码。提供五险一金。",
            "skills": "理货、叉车证、Excel",
            "headcount": "2",
            "work_location": "杭州市西湖区古荡街道文三路 90 号",
            "street_code": "330106007",
            "salary_min": "5000",
            "salary_max": "6500",
            "salary_unit": "month",
            "valid_until": (date.today() + timedelta(days=60)).isoformat(),
            "occupation_code": "",
            "justification": "",
        }
        self._timed(
            "用人单位发布岗位", lambda: self.employer.post("/employer/vacancies/new", data=data)
        )

    def apply(self) -> None:
        vacancy = next(self.next_vacancy)
        self._timed(
            "求职者投递",
            lambda: self.seeker.post(f"/seeker/vacancies/{vacancy}/apply", data={"message": ""}),
        )

    def claim(self) -> None:
        gig = next(self.next_gig)
        self._timed("求职者报名零工", lambda: self.seeker.post(f"/gigs/{gig}/claim", data={}))

    def written(self) -> dict[str, int]:
        from jobhub.employers.models import Vacancy
        from jobhub.extensions import db
        from jobhub.gigs.models import GigClaim
        from jobhub.seekers.models import Application, Person

        with self.app.app_context():
            return {
                "people": db.session.scalar(db.select(db.func.count(Person.id))),
                "vacancies": db.session.scalar(db.select(db.func.count(Vacancy.id))),
                "applications": db.session.scalar(db.select(db.func.count(Application.id))),
                "claims": db.session.scalar(db.select(db.func.count(GigClaim.id))),
            }

    def close(self) -> None:
        from jobhub.extensions import db

        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        if self.pg_name:
            _pg_database(self.postgres, self.pg_name, drop=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--ops", type=int, default=40, help="requests of each kind per size")
    parser.add_argument("--postgres", default=None, help="a server URL; default SQLite files")
    parser.add_argument(
        "--hook-off",
        action="store_true",
        help="one size only, twice: with and without the stored lists' refresh hook "
        "(section writes-hook-<engine>)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    hooks = [True] * len(sizes)
    if args.hook_off:
        sizes, hooks = sizes[:1] * 2, [False, True]
    work = Path(tempfile.mkdtemp(prefix="jobhub-writes-"))
    universe = synth.Universe()
    worlds = []
    for n, hook in zip(sizes, hooks, strict=True):
        world = World(n, work, args.postgres, universe, refresh_hook=hook)
        print(f"{world.label}: database filled in {world.fill_seconds:.0f} s", flush=True)
        worlds.append(world)
    before = [w.written() for w in worlds]
    for world in worlds:  # one of each first: every code path imported and warm
        world.register(), world.post_vacancy(), world.apply(), world.claim()
        world.times.clear()
    for _ in range(args.ops):
        for op in ("register", "post_vacancy", "apply", "claim"):
            for world in worlds:
                getattr(world, op)()
    after = [w.written() for w in worlds]
    for w, b, a in zip(worlds, before, after, strict=True):
        wrote = {k: a[k] - b[k] for k in a}
        assert wrote == dict.fromkeys(wrote, args.ops + 1), (
            f"{w.label}: a request wrote nothing: {wrote}"
        )

    engine = "PostgreSQL" if args.postgres else "SQLite"
    lines = [
        f"Machine: {machine()}",
        f"Database: {engine}; {args.ops} requests of each kind per size, through the app (test client), the sizes alternating request by request",
        "",
        "| request | "
        + " | ".join(f"{w.label} p50 / p95 (ms)" for w in worlds)
        + (" | with / without the hook, p50 |" if args.hook_off else " | growth of p50 |"),
        "|---|" + "---|" * (len(worlds) + 1),
    ]
    for name in worlds[0].times:
        cells = [
            f"{statistics.median(w.times[name]) * 1000:.1f} / {pct(w.times[name], 0.95):.1f}"
            for w in worlds
        ]
        growth = statistics.median(worlds[-1].times[name]) / statistics.median(
            worlds[0].times[name]
        )
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth:.2f}× |")
    lines.append("")
    for w, b, a in zip(worlds, before, after, strict=True):
        lines.append(
            f"- {w.label}: filled in {w.fill_seconds:.0f} s; the requests wrote "
            + ", ".join(f"{a[k] - b[k]} {k}" for k in a)
        )
    text = "\n".join(lines)
    print(text)
    if args.hook_off:
        title = f"## Writes with and without the stored lists' refresh hook ({engine})"
        write_section("writes-hook-" + engine.lower(), title + "\n\n" + text, RESULTS)
    else:
        title = f"## Writes as data grows ({engine})"
        write_section("writes-" + engine.lower(), title + "\n\n" + text, RESULTS)
    for w in worlds:
        w.close()


if __name__ == "__main__":
    main()
