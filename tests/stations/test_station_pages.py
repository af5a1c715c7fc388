"""The station worker's two pages at scale (issue 17): 今日待办 shows the first items of each
kind with the kind's true total, and 查看全部 walks the rest a page at a time; the dashboard's
numbers and its longest-waiting list equal a plain recount of the rows, on SQLite and
PostgreSQL. A worker sees only their own station's people."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from jobhub.admin import queries as oracle
from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.gigs.models import GigClaim
from jobhub.messaging import FileGateway
from jobhub.policy.dates import today_in_china
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person
from jobhub.stations import due
from jobhub.stations.models import ServiceRecord, StationVisit
from jobhub.stations.queries import day_bounds
from tests.gigs import factory
from tests.lists.test_stored_lists import _varied_people

PERSON_LINK = re.compile(r'href="/station/people/(\d+)"')


def _graduates(station_id: int, first_seq: int, n: int) -> list[int]:
    """``n`` recent graduates registered at the station, none served yet (each owed 1131)."""
    today = today_in_china()
    ids = []
    for k in range(n):
        person = factory.person(
            first_seq + k,
            registered_station_id=station_id,
            name=f"毕业生{first_seq + k}",
            birth=date(today.year - 23, 1 + first_seq // 100, 1) + timedelta(days=k),
            education="bachelor",
            graduation_date=today - timedelta(days=120 + k),
        )
        db.session.commit()  # one commit each, as the app makes them: the change hook runs
        ids.append(person.id)
    return ids


def _owed(station_id: int) -> list[int]:
    """The full computation: the on-read 1131 list of the station (every person evaluated
    now), those still owed a service, in person order."""
    rows = oracle.graduates(today_in_china(), missing_only=True, station_id=station_id)
    return sorted(r.person.id for r in rows)


@pytest.fixture
def two_stations(app, accounts):
    """Varied people on two stations, 9 more graduates on the first; a worker of each."""
    with app.app_context():
        _varied_people(60, seed=23)
        mine, other = sorted(
            db.session.scalars(
                db.select(Person.registered_station_id)
                .where(Person.registered_station_id.is_not(None))
                .distinct()
            )
        )
        _graduates(mine, 300, 9)
        _graduates(other, 400, 2)
    _, login = accounts.create("station_staff", station_id=mine)
    _, colleague = accounts.create("station_staff", station_id=other)
    client, elsewhere = app.test_client(), app.test_client()
    accounts.login(client, login)
    accounts.login(elsewhere, colleague)
    return client, elsewhere, mine, other, login


def test_the_home_shows_the_first_owed_graduates_and_their_true_total(app, two_stations, runner):
    client, _elsewhere, mine, _other, login = two_stations
    with app.app_context():
        want = _owed(mine)
    assert len(want) > due.SHOWN  # more than the page shows

    page = client.get("/station/").get_data(as_text=True)
    section = page.split('id="due-graduate"', 1)[1].split("</ul>", 1)[0]
    assert f'毕业生实名服务<span class="muted">（共 {len(want)} 项）' in page
    assert [int(i) for i in PERSON_LINK.findall(section)] == want[: due.SHOWN]
    assert f"查看全部 {len(want)} 项毕业生实名服务" in page
    totals = [int(n) for n in re.findall(r'<span class="muted">（共 (\d+) 项）</span>', page)]
    assert f"今日待办（{sum(totals)} 项）" in page

    # the 08:00 message carries the same total (and no name)
    app.config["PUBLIC_URL"] = "https://jiuye.example.gov.cn/"
    result = runner.invoke(
        args=["stations", "send-due", "--station", str(mine), "--email", "zhan@example.cn"]
    )
    assert result.exit_code == 0, result.output
    texts = {m.to: m.text for m in FileGateway(app.config).sent("sms")}
    assert f"毕业生实名服务 {len(want)} 项" in texts[login]
    assert f"今日待办 {sum(totals)} 项" in texts[login]
    (mail,) = FileGateway(app.config).sent("email")
    assert f"【毕业生实名服务】共 {len(want)} 项" in mail.text
    rest = len(want) - due.SHOWN
    assert f"其余 {rest} 项见：https://jiuye.example.gov.cn/station/due?kind=graduate" in mail.text
    assert "毕业生300" not in mail.text and "毕**" in mail.text


def test_see_all_walks_the_owed_graduates_exactly_once(app, two_stations, monkeypatch):
    from jobhub.lists import queries as stored

    client, _elsewhere, mine, _other, _login = two_stations
    with app.app_context():
        want = _owed(mine)
    monkeypatch.setattr(stored, "PAGE_SIZE", 3)
    url, seen, pages = "/station/due?kind=graduate", [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        items = page.split('id="due-items"', 1)[1].split("</ul>", 1)[0]
        found = [int(i) for i in PERSON_LINK.findall(items)]
        assert 0 < len(found) <= 3
        seen += found
        if pages == 0:
            assert f"共 {len(want)} 项" in page and "回到第一页" not in page
        else:
            assert "回到第一页" in page
        pages += 1
        more = re.search(r'href="(/station/due\?[^"]*after=\d+[^"]*)"', page)
        url = html.unescape(more.group(1)) if more else None
    assert seen == want and pages == -(-len(want) // 3)
    for odd in ("-5", "0", "abc", "9" * 30):  # never a 5xx: anything else reads the first page
        page = client.get(f"/station/due?kind=graduate&after={odd}")
        assert page.status_code == 200 and "回到第一页" not in page.get_data(as_text=True)
    with app.app_context():
        audited = db.session.scalars(
            db.select(AuditEvent.purpose).where(AuditEvent.action == "view_people")
        ).all()
    assert "驿站查看今日待办（全部）" in audited


def test_a_worker_never_sees_another_stations_due_people(app, two_stations, accounts):
    client, elsewhere, mine, other, _login = two_stations
    with app.app_context():
        mine_ids, theirs = _owed(mine), _owed(other)
    assert theirs and mine_ids
    page = elsewhere.get("/station/due?kind=graduate").get_data(as_text=True)
    assert [int(i) for i in PERSON_LINK.findall(page)] == theirs
    # another station's list cannot be asked for: a station or an 'after' in the address
    # changes nothing, another station's person is not found
    for url in (
        f"/station/due?kind=graduate&station_id={mine}",
        f"/station/due?kind=graduate&after={mine_ids[0] - 1}",
        "/station/",
    ):
        shown = {int(i) for i in PERSON_LINK.findall(elsewhere.get(url).get_data(as_text=True))}
        assert not shown & set(mine_ids), url
        assert "毕业生30" not in elsewhere.get(url).text  # this station's extra graduates
    assert elsewhere.get(f"/station/people/{mine_ids[0]}").status_code == 404
    assert client.get(f"/station/people/{mine_ids[0]}").status_code == 200
    assert client.get("/station/due?kind=nonsense").status_code == 404
    for role in ("seeker", "employer", "admin"):
        assert accounts.client_for(role).get("/station/due?kind=graduate").status_code in (302, 403)


def test_other_kinds_show_five_and_list_all(app, accounts):
    """A kind with more items than the home shows (here 7 gigs held for review): five on the
    home, the oldest first, all seven behind 查看全部."""
    user_id, login = accounts.create("station_staff")
    client = app.test_client()
    accounts.login(client, login)
    with app.app_context():
        station = db.session.get(User, user_id).station_id
        for k in range(7):
            gig = factory.gig(station, title=f"待审零工{k}", status="pending_review")
            gig.created_at = datetime.now(UTC) - timedelta(days=10 - k)
        db.session.commit()
    page = client.get("/station/").get_data(as_text=True)
    section = page.split('id="due-review"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"待审零工(\d)", section) == ["0", "1", "2", "3", "4"]
    assert "查看全部 7 项待审核零工" in page
    everything = client.get("/station/due?kind=review").get_data(as_text=True)
    assert re.findall(r"待审零工(\d)", everything) == [str(k) for k in range(7)]


# --- the dashboard ------------------------------------------------------------------------


def _dashboard_world(station: int, other: int) -> None:
    """People of every kind the dashboard tells apart, written through the models."""
    now = datetime.now(UTC)
    today = today_in_china()
    start, _end = day_bounds(today)
    statuses = ("unemployed", "flexible", "employed", None)
    people = []
    for k in range(36):
        person = factory.person(
            500 + k,
            registered_station_id=station if k < 30 else other,
            employment_status=statuses[k % 4],
            created_at=now - timedelta(days=3 + (k * 37) % 400),
        )
        people.append(person)
    db.session.flush()
    # visits: today (some new, some with key groups), this month, before it, elsewhere
    offsets = [
        (start + timedelta(minutes=30 + k), k % 3 == 0, ["graduate_within_2y"] if k % 2 else [])
        for k in range(6)
    ]
    offsets += [(now - timedelta(days=d), False, ["employment_difficulty"]) for d in (10, 28, 31)]
    offsets += [(now - timedelta(days=d), False, []) for d in (45, 200)]
    for k, (at, new, groups) in enumerate(offsets):
        visitor = people[(k * 5) % 36]  # some registered at the other station
        db.session.add(
            StationVisit(
                person_id=visitor.id,
                station_id=station,
                new_person=new,
                key_groups=groups,
                at=at,
            )
        )
        db.session.add(
            StationVisit(
                person_id=people[k].id,
                station_id=other,
                key_groups=["graduate_within_2y"],
                at=at,
            )
        )
    for k in range(5):
        db.session.add(
            ServiceRecord(
                person_id=people[k].id,
                station_id=station if k < 4 else other,
                kind="career_guidance",
                at=start + timedelta(hours=1) if k % 2 else now - timedelta(days=1),
            )
        )
    # finished work sets a later start of the wait; an upcoming place takes one off the list
    past = factory.gig(station, title="已完工", work_date=today - timedelta(days=5))
    upcoming = factory.gig(station, title="明天的活", work_date=today + timedelta(days=1))
    for k in (1, 5, 9):
        db.session.add(
            GigClaim(
                gig_id=past.id,
                person_id=people[k].id,
                status="completed",
                completed_at=now - timedelta(days=5),
            )
        )
    db.session.add(GigClaim(gig_id=upcoming.id, person_id=people[13].id))
    db.session.add(
        GigClaim(gig_id=upcoming.id, person_id=people[17].id, status="cancelled", active=False)
    )
    db.session.commit()


def _recount(station: int) -> dict:
    """The dashboard counted plainly from every row of the tables."""
    from jobhub.db import as_utc
    from jobhub.gigs.dispatch import days_since
    from jobhub.gigs.models import Gig
    from jobhub.gigs.states import DONE_CLAIM_STATES

    today = today_in_china()
    start, end = day_bounds(today)
    month, _ = day_bounds(today - timedelta(days=29))
    visits = db.session.scalars(db.select(StationVisit)).all()
    claims = db.session.scalars(db.select(GigClaim)).all()
    gigs = {g.id: g for g in db.session.scalars(db.select(Gig))}
    here = [v for v in visits if v.station_id == station]
    today_visits = [v for v in here if start <= as_utc(v.at) < end]
    month_visits = [v for v in here if month <= as_utc(v.at) < end]
    services = [
        r
        for r in db.session.scalars(db.select(ServiceRecord))
        if r.station_id == station and start <= as_utc(r.at) < end
    ]
    visitors = {v.person_id for v in here}
    booked = {c.person_id for c in claims if c.active and gigs[c.gig_id].work_date >= today}
    waiting = []
    for person in db.session.scalars(db.select(Person)):
        if person.registered_station_id != station and person.id not in visitors:
            continue
        if person.employment_status not in ("unemployed", "flexible") or person.id in booked:
            continue
        done = [
            as_utc(c.completed_at)
            for c in claims
            if c.person_id == person.id and c.status in DONE_CLAIM_STATES and c.completed_at
        ]
        came = [as_utc(v.at) for v in visits if v.person_id == person.id]
        since = max(done) if done else min(came) if came else as_utc(person.created_at)
        waiting.append((since, person.id))
    waiting.sort()
    return {
        "walk_ins": len(today_visits),
        "new_people": sum(1 for v in today_visits if v.new_person),
        "key_group_today": len({v.person_id for v in today_visits if v.key_groups}),
        "key_group_30d": len({v.person_id for v in month_visits if v.key_groups}),
        "services_today": len(services),
        "waiting": [(pid, days_since(since, today)) for since, pid in waiting[:10]],
    }


def test_the_dashboard_equals_a_plain_recount(app, accounts):
    from jobhub.stations.queries import dashboard

    user_id, login = accounts.create("station_staff")
    client = app.test_client()
    accounts.login(client, login)
    with app.app_context():
        station = db.session.get(User, user_id).station_id
        other = factory.station(name="别站").id
        _dashboard_world(station, other)
        want = _recount(station)
        board = dashboard(station)
        got = {
            "walk_ins": len(board.walk_ins),
            "new_people": board.new_people,
            "key_group_today": board.key_group_today,
            "key_group_30d": board.key_group_30d,
            "services_today": len(board.services_today),
            "waiting": [(w.person.id, w.days) for w in board.waiting],
        }
    assert want["walk_ins"] and want["key_group_30d"] > want["key_group_today"]
    assert len(want["waiting"]) == 10
    assert got == want
    api = client.get("/api/v1/stations/dashboard").get_json()
    assert api["walk_ins"] == want["walk_ins"]
    assert api["key_group_clients_today"] == want["key_group_today"]
    assert api["key_group_clients_30d"] == want["key_group_30d"]
    assert [(w["person_id"], w["days"]) for w in api["waiting"]] == want["waiting"]
    page = client.get("/station/dashboard").get_data(as_text=True)
    section = page.split('id="waiting-h"', 1)[1].split("</section>", 1)[0]
    assert [int(i) for i in PERSON_LINK.findall(section)] == [pid for pid, _d in want["waiting"]]
    # on a phone the cells stack: each day count carries its column's name
    days = re.findall(r'<td data-label="等待天数">(\d+)</td>', section)
    assert [int(d) for d in days] == [d for _pid, d in want["waiting"]]

    # a claim finished now moves that person to the end of the wait (the stored start follows)
    first = want["waiting"][0][0]
    with app.app_context():
        db.session.add(
            GigClaim(
                gig_id=factory.gig(station, work_date=today_in_china() - timedelta(days=1)).id,
                person_id=first,
                status="completed",
                completed_at=datetime.now(UTC),
            )
        )
        db.session.commit()
        after = [w.person.id for w in dashboard(station).waiting]
        assert first not in after and after == [pid for pid, _d in _recount(station)["waiting"]]


def test_the_streets_stations_follow_a_new_or_moved_station(app):
    """今日待办's 部门名单 line asks which station serves each street: the answer is kept
    between requests, and a station added or moved is seen at once."""
    from jobhub.imports.compare import station_of_streets
    from jobhub.seekers.places import district_streets

    with app.app_context():
        first, second, third = (s.code for s in district_streets()[:3])
        one = factory.station(name="一站", street_code=first)
        db.session.commit()
        assert set(station_of_streets().values()) == {one.id}
        two = factory.station(name="二站", street_code=second)
        db.session.commit()
        assert station_of_streets()[second] == two.id
        two.street_code = third
        db.session.commit()
        mapping = station_of_streets()
        assert mapping[third] == two.id and mapping[first] == one.id
