"""The stations API: walk-in registration (no duplicates, masked output), candidates."""

from __future__ import annotations

from datetime import date

from jobhub.demo import make_id_number
from jobhub.extensions import db
from tests.gigs import factory


def test_walk_in_api_registers_once_and_answers_masked(app, accounts):
    client = accounts.client_for("station_staff")
    number = make_id_number(date(1990, 8, 3), 12, False)
    body = {
        "id_number": number,
        "name": "周建军",
        "phone": "13900001111",
        "trades": ["电工"],
        "days": [0, 1, 2],
        "start": "08:00",
        "end": "18:00",
        "home_street_code": "330106010",
        "statuses": ["is_veteran"],
        "consent": True,
    }
    first = client.post("/api/v1/stations/walk-ins", json=body)
    assert first.status_code == 201, first.get_json()
    data = first.get_json()
    assert data["created"] is True and "veteran" in data["key_groups"]
    assert number not in first.text and "13900001111" not in first.text
    assert data["person"]["id_number_masked"] == number[:6] + "********" + number[-4:]
    again = client.post("/api/v1/stations/walk-ins", json=body)
    assert again.get_json()["created"] is False
    assert again.get_json()["person"]["id"] == data["person"]["id"]
    bad = client.post(
        "/api/v1/stations/walk-ins", json={**body, "consent": False, "days": [9], "start": "8点"}
    )
    assert bad.status_code == 422
    assert {"days", "start"} <= set(bad.get_json()["error"]["fields"])
    found = client.post("/api/v1/stations/walk-ins/lookup", json={"id_number": number})
    woman = make_id_number(date(date.today().year - 52, 4, 2), 13, True)
    asked = client.post("/api/v1/stations/walk-ins/lookup", json={"id_number": woman})
    assert asked.get_json() == {"found": False, "ask": ["retirement_category"]}
    assert found.get_json() == {
        "found": True,
        "person_id": data["person"]["id"],
        "name": "周建军",
        "ask": [],  # a man past 35: no 退休类别 to state, the graduate rules do not apply
        "consent": {"text_version": 1, "given_on": found.get_json()["consent"]["given_on"]},
    }


def test_candidates_skip_the_unavailable_and_the_already_booked(app, accounts):
    from jobhub.auth.models import User

    client = app.test_client()
    user_id, login = accounts.create("station_staff")
    accounts.login(client, login)
    with app.app_context():
        station_id = db.session.get(User, user_id).station_id
        gig = factory.gig(station_id, capacity=5)
        weekday = gig.work_date.weekday()
        ours = {"registered_station_id": station_id}
        free = factory.person(1, availability={"days": [weekday]}, **ours)
        busy_day = factory.person(2, availability={"days": [(weekday + 1) % 7]}, **ours)
        employed = factory.person(3, employment_status="employed", **ours)
        elsewhere = factory.person(4, availability={"days": [weekday]})  # not this station's
        db.session.commit()
        ids = (gig.id, free.id, busy_day.id, employed.id, elsewhere.id)
    answer = client.get(f"/api/v1/gigs/{ids[0]}/candidates")
    assert answer.status_code == 200
    people = [c["person_id"] for c in answer.get_json()["items"]]
    assert ids[1] in people and ids[2] not in people and ids[3] not in people
    assert ids[4] not in people
    assert (
        client.post(f"/api/v1/gigs/{ids[0]}/claims", json={"person_id": ids[1]}).status_code == 201
    )
    again = client.get(f"/api/v1/gigs/{ids[0]}/candidates").get_json()["items"]
    assert ids[1] not in [c["person_id"] for c in again]
