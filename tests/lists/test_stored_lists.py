"""The stored evaluations (jobhub.lists) against the on-read lists they replace (the oracle in
jobhub.admin.queries): the same people, groups, subsidies with terms, pending and 1131 services,
for every filter; kept so by the change hook on every kind of change, and by the nightly
refresh in partitions (idempotent); nothing sensitive readable in clear."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from jobhub.admin import queries as oracle
from jobhub.extensions import db
from jobhub.lists import queries as stored
from jobhub.lists.models import PolicySnapshot, PolicySnapshotTag
from jobhub.lists.refresh import refresh_all
from jobhub.policy.dates import today_in_china
from jobhub.policy.groups import GROUP_ZH
from jobhub.seekers.models import Person, SubsidyApplication
from jobhub.seekers.subsidies import PERSON_CODES
from jobhub.stations.models import ServiceRecord, Station
from tests.admin.test_admin_pages import FLEXIBLE_GRADUATE

TODAY = date.today()
FLAGS = ("is_veteran", "disabled", "low_income_household", "zero_employment_household")


def _stations() -> list[int]:
    ids = []
    for i in range(2):
        station = Station(
            name=f"测试驿站{i}", address="西湖区", street_code="330106005", lat=30.27, lng=120.13
        )
        db.session.add(station)
        db.session.flush()
        ids.append(station.id)
    return ids


def _varied_people(n: int, seed: int = 17) -> list[int]:
    """``n`` people of every kind the lists tell apart: ages around 40/50 and retirement,
    graduates inside and outside the two-year window, every status (unknown too), sensitive
    statuses, stations, some subsidy applications and 1131 services. Committed one by one, as
    the app does, so the change hook writes their rows."""
    rng = random.Random(seed)
    stations = _stations()
    db.session.commit()
    ids = []
    for i in range(n):
        age = rng.choice((19, 23, 24, 30, 39, 41, 49, 51, 58, 61))
        graduated = rng.random() < 0.5
        person = Person(
            name=f"测试{i}",
            birth_date=TODAY - timedelta(days=age * 365 + rng.randint(0, 300)),
            gender=rng.choice(("male", "female")),
            education=rng.choice(("bachelor", "junior_college", "senior_high", None)),
            graduation_date=(
                TODAY - timedelta(days=rng.choice((30, 200, 500, 700, 800, 1200)))
                if graduated
                else None
            ),
            employment_status=rng.choice(("unemployed", "flexible", "employed", None)),
            employment_since=TODAY - timedelta(days=rng.choice((20, 100, 400))),
            monthly_contribution=rng.choice((None, 900)),
            registered_station_id=rng.choice((None, *stations)),
            home_street_code="330106005",
            sensitive={f: {"value": True} for f in FLAGS if rng.random() < 0.15} or None,
        )
        if i % 4 == 0:  # a recent graduate in flexible work: on 政策找人 unless applied
            person.education, person.employment_status = "bachelor", "flexible"
            person.birth_date = TODAY - timedelta(days=23 * 365 + i)
            person.graduation_date = TODAY - timedelta(days=100 + i)
        db.session.add(person)
        db.session.commit()
        ids.append(person.id)
        if rng.random() < 0.2:
            db.session.add(SubsidyApplication(person_id=person.id, code=rng.choice(PERSON_CODES)))
        for _ in range(rng.choice((0, 0, 1, 3))):
            db.session.add(
                ServiceRecord(
                    person_id=person.id,
                    kind=rng.choice(("policy_briefing", "career_guidance", "job_referral")),
                )
            )
        db.session.commit()
    return ids


def _subsidy_key(s) -> tuple:
    cap = s.monthly_amount_cap
    return (s.code, s.start, s.end, None if cap is None else round(float(cap), 2))


def _outreach(rows) -> list[tuple]:
    return [
        (
            r.person.id,
            tuple(c for c, _n in r.key_groups),
            tuple(_subsidy_key(s) for s in r.subsidies),
        )
        for r in rows
    ]


def _graduates(rows) -> list[tuple]:
    return [(r.person.id, tuple(sorted(r.counts.items())), r.missing) for r in rows]


def _differences(station_ids: list[int | None]) -> list[str]:
    """Every list and filter where the stored rows differ from the on-read evaluation today."""
    day = today_in_china()
    out = []
    for station_id in station_ids:
        for group in (None, *GROUP_ZH):
            for code in (None, *PERSON_CODES):
                want = _outreach(
                    oracle.policy_outreach(day, group=group, station_id=station_id, code=code)
                )
                got = _outreach(stored.outreach_rows(group=group, station_id=station_id, code=code))
                if got != want:
                    out.append(f"政策找人 {station_id=} {group=} {code=}: {got} != {want}")
        want_p = {
            (r.person.id, r.would) for r in oracle.outreach_pending(day, station_id=station_id)
        }
        got_p = {
            (r.person.id, r.would)
            for r in stored.outreach_pending_page(station_id=station_id, limit=10_000).rows
        }
        if got_p != want_p:
            out.append(f"需补充信息 {station_id=}: {got_p} != {want_p}")
        for missing_only in (False, True):
            want_g = _graduates(
                oracle.graduates(day, missing_only=missing_only, station_id=station_id)
            )
            got_g = _graduates(
                stored.graduates_page(
                    missing_only=missing_only, station_id=station_id, limit=None
                ).rows
            )
            if got_g != want_g:
                out.append(f"1131 {station_id=} {missing_only=}: {got_g} != {want_g}")
    want_gp = {r.person.id for r in oracle.graduates_pending(day)}
    got_gp = {r.person.id for r in stored.graduates_pending_page(limit=10_000).rows}
    if got_gp != want_gp:
        out.append(f"1131 需补充信息: {got_gp} != {want_gp}")
    return out


def _station_ids() -> list[int | None]:
    return [None, *db.session.scalars(select(Station.id).order_by(Station.id))]


def test_stored_lists_equal_the_on_read_evaluation_for_varied_people(app):
    with app.app_context():
        ids = _varied_people(80)
        day = today_in_china()
        # the set is varied enough to mean something: each list has people on it
        assert len(oracle.policy_outreach(day)) >= 10
        assert len(oracle.graduates(day)) >= 3
        assert oracle.outreach_pending(day) and oracle.graduates_pending(day)
        assert _differences(_station_ids()) == []
        assert db.session.scalar(select(db.func.count()).select_from(PolicySnapshot)) == len(ids)


def test_the_comparison_fails_without_the_change_hook(make_app):
    """The oracle test can fail: with the hook off, people changed after the refresh are
    listed as they were."""
    app = make_app(POLICY_REFRESH_ON_CHANGE=False)
    with app.app_context():
        _varied_people(30)
        assert _differences([None])  # nothing stored at all
        refresh_all(workers=0)
        assert _differences([None]) == []
        for person in db.session.scalars(select(Person)):
            person.employment_status = "employed"
        db.session.commit()
        assert _differences([None])


def test_every_kind_of_change_through_the_app_refreshes_the_row(app, people, accounts):
    """Profile save, subsidy application and decision, a 1131 service, walk-in registration,
    失业登记/认定, consent withdrawal: after each, the stored lists equal the on-read ones."""
    from tests.acts.helpers import DISABLED, acts_for
    from tests.stations.test_counter import _register, _staff

    def same() -> None:
        with app.app_context():
            assert _differences([None]) == []

    seeker, pid = people.seeker("林晓雨", profile=FLEXIBLE_GRADUATE)
    same()
    admin = accounts.client_for("admin")
    with app.app_context():
        assert pid in {r.person.id for r in stored.outreach_rows()}
    # a subsidy application takes her off for that code
    seeker.post("/seeker/policies", data={"code": "si_flexible_graduate"})
    same()
    with app.app_context():
        assert pid not in {r.person.id for r in stored.outreach_rows(code="si_flexible_graduate")}
    # a profile change (now employed) takes her off the 1131 list
    profile = {**FLEXIBLE_GRADUATE, "education": "bachelor", "employment_status": "employed"}
    seeker.post("/seeker/profile", data=profile)
    same()
    with app.app_context():
        assert pid not in {r.person.id for r in stored.graduates_page(limit=None).rows}
    # a 1131 service recorded by the bureau
    seeker.post("/seeker/profile", data={**FLEXIBLE_GRADUATE, "education": "bachelor"})
    admin.post(f"/admin/graduates/{pid}/services", data={"kind": "policy_briefing"})
    same()
    with app.app_context():
        row = next(r for r in stored.graduates_page(limit=None).rows if r.person.id == pid)
        assert row.counts["policy_briefing"] == 1
    # a walk-in registration at a station, then 失业登记 and a 认定 (残疾)
    staff, _uid, _station = _staff(accounts, app)
    assert _register(staff).status_code == 302
    same()
    with app.app_context():
        walk_in = db.session.scalar(select(Person.id).where(Person.name == "王秀兰"))
    acts_for(app, accounts, walk_in, register=True, evidence=DISABLED)
    same()
    with app.app_context():
        listed = {r.person.id for r in stored.outreach_rows(group="employment_difficulty")}
        assert walk_in in listed
    # a sensitive status given with consent, then withdrawn
    assert seeker.post("/seeker/sensitive/is_veteran", data={"consent": "y"}).status_code == 302
    same()
    with app.app_context():
        assert pid in {r.person.id for r in stored.outreach_rows(group="veteran")}
    seeker.post("/seeker/sensitive/is_veteran", data={"action": "withdraw"})
    same()
    with app.app_context():
        assert pid not in {r.person.id for r in stored.outreach_rows(group="veteran")}


def test_keyset_pages_walk_the_whole_list_once(app, accounts, monkeypatch):
    with app.app_context():
        _varied_people(120, seed=5)
        want = [r.person.id for r in oracle.policy_outreach(today_in_china())]
        assert len(want) > 20
        seen, after = [], None
        while True:
            page = stored.outreach_page(after=after, limit=7)
            assert len(page.rows) <= 7 and page.total == len(want)
            seen += [r.person.id for r in page.rows]
            if page.after is None:
                break
            after = page.after
        assert seen == want
    monkeypatch.setattr(stored, "PAGE_SIZE", 10)
    admin = accounts.client_for("admin")
    first = admin.get("/admin/policy-outreach").text
    assert "下一页" in first and f"共 {len(want)} 人" in first
    assert f"按 {today_in_china().isoformat()} 的评估" in first
    next_url = first.split('href="/admin/policy-outreach?after=')[1].split('"')[0]
    second = admin.get(f"/admin/policy-outreach?after={next_url}")
    assert second.status_code == 200 and "回到第一页" in second.text
    api = admin.get("/api/v1/seekers/outreach?per_page=10").get_json()
    assert [i["person_id"] for i in api["items"]] == want[:10]
    following = admin.get(f"/api/v1/seekers/outreach?per_page=10&after={api['next_after']}")
    assert [i["person_id"] for i in following.get_json()["items"]] == want[10:20]
    refused = admin.get("/api/v1/seekers/outreach?page=2")
    assert refused.status_code == 422 and "next_after" in refused.get_data(as_text=True)
    bad = admin.get("/api/v1/seekers/outreach?group=nobody")
    assert bad.status_code == 422 and "重点群体" in bad.get_data(as_text=True)
    assert admin.get("/admin/policy-outreach?after=abc").status_code == 200
    for odd in ("-5", "0", "9" * 30):  # never a 5xx: an id past 64 bits reads the first page
        for path in ("/admin/policy-outreach", "/admin/graduates"):
            page = admin.get(f"{path}?after={odd}")
            assert page.status_code == 200 and "回到第一页" not in page.text
        api = admin.get(f"/api/v1/seekers/outreach?after={odd}")
        assert api.status_code == 422 and "after" in api.get_data(as_text=True)


def test_the_nightly_refresh_is_idempotent_and_catches_dates(app):
    with app.app_context():
        _varied_people(40, seed=9)

        def dump() -> list:
            rows = db.session.execute(
                select(PolicySnapshot).order_by(PolicySnapshot.person_id)
            ).scalars()
            tags = db.session.execute(
                select(PolicySnapshotTag.tag, PolicySnapshotTag.person_id).order_by(
                    PolicySnapshotTag.tag, PolicySnapshotTag.person_id
                )
            ).all()
            return [
                (r.person_id, r.station_id, r.rules_version, r.evaluated_on, r.detail) for r in rows
            ] + [tuple(t) for t in tags]

        by_hook = dump()
        first = refresh_all(workers=0, block_size=7)
        assert first.people == 40 and first.partitions >= 6
        assert dump() == by_hook
        refresh_all(workers=0, block_size=7)
        assert dump() == by_hook
        # three years on, nobody who graduated is within the window any more
        later = today_in_china() + timedelta(days=3 * 366)
        refresh_all(later, workers=0)
        assert stored.graduates_page(limit=None).rows == []
        assert {r.evaluated_on for r in db.session.scalars(select(PolicySnapshot))} == {later}


def test_the_refresh_runs_on_a_local_dask_cluster(app):
    with app.app_context():
        _varied_people(25, seed=3)
        before = _differences([None])
        db.session.execute(db.delete(PolicySnapshotTag))
        db.session.execute(db.delete(PolicySnapshot))
        db.session.commit()
        run = refresh_all(workers=2, block_size=5)
        assert run.people == 25 and run.partitions >= 5
        db.session.expire_all()
        assert before == [] and _differences([None]) == []


def test_no_sensitive_status_is_readable_in_the_stored_tables(app):
    with app.app_context():
        _varied_people(60, seed=11)
        tags = set(db.session.scalars(select(PolicySnapshotTag.tag).distinct()))
        assert tags and all(
            t.startswith(("list:", "code:"))
            or t in {"group:graduate_within_2y", "group:employment_difficulty"}
            for t in tags
        )
        raw = " ".join(
            str(v)
            for row in db.session.execute(text("SELECT * FROM policy_snapshots")).all()
            for v in row
        )
        for word in (
            "veteran",
            "disabled",
            "low_income",
            "zero_employment",
            "退役",
            "残疾",
            "低保",
        ):
            assert word not in raw


@pytest.mark.parametrize("role", ["station_staff", "seeker", "employer"])
def test_only_the_bureau_reads_the_lists(app, accounts, role):
    client = accounts.client_for(role)
    for url in ("/admin/policy-outreach", "/admin/graduates", "/admin/policy-outreach.xlsx"):
        assert client.get(url).status_code in (302, 403, 404)


def test_a_station_sees_only_its_own_graduates_on_its_home(app, accounts):
    from tests.gigs import factory
    from tests.stations.test_counter import _staff

    client, _uid, mine = _staff(accounts, app)
    today = today_in_china()
    with app.app_context():
        other = factory.station(name="别站").id
        for seq, station, name in ((11, mine, "本站毕业生"), (12, other, "别站毕业生")):
            factory.person(
                seq,
                registered_station_id=station,
                name=name,
                birth=date(today.year - 23, 3, 1),
                education="bachelor",
                graduation_date=today - timedelta(days=150),
            )
        db.session.commit()
    home = client.get("/station/").get_data(as_text=True)
    assert "本站毕业生" in home and "别站毕业生" not in home
