"""Posting with review, the API's claim answers, after the gig (pay, 欠薪, ratings), dispatch
order among equals."""

from __future__ import annotations

from datetime import time, timedelta

from jobhub.extensions import db
from jobhub.gigs.dispatch import PersonMatch, order_among_equals
from jobhub.gigs.lifecycle import complete, settle, unpaid_gigs
from jobhub.gigs.models import Gig, GigClaim
from jobhub.gigs.services import claim_gig
from jobhub.policy.dates import today_in_china
from jobhub.reviews.models import PostingReview
from tests.gigs import factory


def _staff(accounts, app, role: str = "station_staff"):
    """A signed-in client and the id of its station (staff) or organisation (employer)."""
    from jobhub.auth.models import User

    client = app.test_client()
    user_id, login = accounts.create(role)
    accounts.login(client, login)
    with app.app_context():
        user = db.session.get(User, user_id)
        return client, user.station_id if role == "station_staff" else user.organisation_id


GIG = {
    "title": "小区绿化修剪",
    "trade": "绿化工",
    "description": "修剪小区绿篱，工具由物业提供。",
    "skills": ["绿化养护"],
    "start_time": "08:00",
    "end_time": "17:00",
    "address": "转塘街道之江路 1 号",
    "street_code": "330106010",
    "pay_amount": 220,
    "pay_unit": "day",
    "capacity": 2,
}


def test_api_posting_review_blocks_discrimination_and_publishes_a_clean_gig(app, accounts):
    client, _ = _staff(accounts, app)
    day = (today_in_china() + timedelta(days=2)).isoformat()
    bad = client.post(
        "/api/v1/gigs/new", json={**GIG, "work_date": day, "description": "限男性，需交押金200元。"}
    )
    assert bad.status_code == 422
    codes = {f["code"] for f in bad.get_json()["review"]["findings"]}
    assert {"gender", "fee_deposit"} <= codes
    good = client.post("/api/v1/gigs/new", json={**GIG, "work_date": day})
    assert good.status_code == 201, good.get_json()
    gig = good.get_json()["gig"]
    assert gig["status"] == "open" and gig["capacity"] == 2
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Gig)) == 1
        reviews = db.session.execute(db.select(PostingReview)).scalars().all()
        assert [r.verdict for r in reviews] == ["reject", "ok"]
        assert reviews[1].subject_id == gig["id"]


def test_api_claim_answers_409_when_full_and_a_cancelled_place_reopens_the_gig(app, accounts):
    client, station_id = _staff(accounts, app)
    with app.app_context():
        gig_id = factory.gig(station_id, capacity=1).id
        first = factory.person(1, registered_station_id=station_id).id
        second = factory.person(2, registered_station_id=station_id).id
        elsewhere = factory.person(3).id  # registered at no station, never came to this one
        db.session.commit()
    stranger = client.post(f"/api/v1/gigs/{gig_id}/claims", json={"person_id": elsewhere})
    assert stranger.status_code == 404  # staff act for the people their station serves
    ok = client.post(f"/api/v1/gigs/{gig_id}/claims", json={"person_id": first})
    assert ok.status_code == 201 and ok.get_json()["active"] is True
    full = client.post(f"/api/v1/gigs/{gig_id}/claims", json={"person_id": second})
    assert full.status_code == 409
    assert full.get_json() == {"error": {"code": "gig_full", "message": "已满", "fields": {}}}
    missing = client.post(f"/api/v1/gigs/{gig_id}/claims", json={})
    assert missing.status_code == 422 and "person_id" in missing.get_json()["error"]["fields"]
    # the last place made the gig 已满员; a cancelled claim gives it back and it takes claims
    shown = client.get(f"/api/v1/gigs/{gig_id}").get_json()
    assert (shown["status"], shown["status_label"]) == ("full", "已满员")
    claim_id = ok.get_json()["id"]
    assert client.post(f"/api/v1/gigs/claims/{claim_id}/cancel", json={}).status_code == 200
    assert client.get(f"/api/v1/gigs/{gig_id}").get_json()["status"] == "open"
    again = client.post(f"/api/v1/gigs/{gig_id}/claims", json={"person_id": second})
    assert again.status_code == 201


def test_unpaid_completed_work_is_flagged_with_employer_and_amount(app, accounts):
    client, station_id = _staff(accounts, app)
    yesterday = today_in_china() - timedelta(days=1)
    with app.app_context():
        gig = factory.gig(station_id, capacity=3)  # 30 元/小时, 09:00–14:00: 150 元 each
        people = [factory.person(i) for i in (1, 2, 3)]
        claims = [claim_gig(gig.id, p.id, None) for p in people]
        gig.work_date = gig.settle_by = yesterday  # the gig is now in the past
        for c in claims:
            complete(c, None)
        settle(claims[2], None, 150, "wechat")
        db.session.commit()
        [flag] = unpaid_gigs(station_id)
        assert (flag.employer_name, flag.workers, flag.amount) == (gig.employer_name, 2, 300.0)
        assert flag.days_overdue == 1
        claim_id = claims[0].id
    # the worker's report is recorded (here by staff for a caller) and shows on the dashboard
    client.post(f"/api/v1/gigs/claims/{claim_id}/nonpayment", json={"note": "老板说下周再给"})
    board = client.get("/api/v1/stations/dashboard").get_json()
    assert board["unpaid"][0]["amount"] == 300.0 and board["unpaid"][0]["reported"] == 1
    page = client.get("/station/dashboard").text
    assert "欠薪" in page and "300.00 元" in page


def test_settled_and_future_gigs_are_not_unpaid(app):
    with app.app_context():
        station_id = factory.station().id
        # a gig today that has started (from 00:00), so its work can be recorded
        gig = factory.gig(station_id, capacity=1, work_date=today_in_china(), start_time=time(0))
        claim = claim_gig(gig.id, factory.person(1).id, None)
        complete(claim, None)
        db.session.commit()
        assert unpaid_gigs(station_id) == []  # 日结: due by the end of today
        assert len(unpaid_gigs(station_id, gig.work_date + timedelta(days=1))) == 1
        settle(claim, None, 150, "cash")
        db.session.commit()
        assert unpaid_gigs(station_id, gig.work_date + timedelta(days=1)) == []


def test_ratings_both_ways_only_after_completion(app, accounts):
    client, station_id = _staff(accounts, app)
    with app.app_context():
        gig = factory.gig(station_id)
        claim_id = claim_gig(gig.id, factory.person(1).id, None).id
        gig.work_date = today_in_china() - timedelta(days=1)  # worked yesterday
        db.session.commit()
    early = client.post(f"/api/v1/gigs/claims/{claim_id}/rate", json={"stars": 5})
    assert early.status_code == 409
    assert early.get_json()["error"]["message"] == "报名状态为「已报名」，不能评价"
    assert client.post(f"/api/v1/gigs/claims/{claim_id}/complete", json={}).status_code == 200
    out_of_range = client.post(f"/api/v1/gigs/claims/{claim_id}/rate", json={"stars": 6})
    assert out_of_range.status_code == 422
    for side, stars in (("employer", 4), ("worker", 2)):
        r = client.post(f"/api/v1/gigs/claims/{claim_id}/rate", json={"stars": stars, "side": side})
        assert r.status_code == 200
    with app.app_context():
        claim = db.session.get(GigClaim, claim_id)
        assert (claim.employer_rating, claim.worker_rating) == (4, 2)


def _match(pid: int, score: float, marks: tuple[str, ...], waited: int) -> PersonMatch:
    return PersonMatch(
        person=type("P", (), {"id": pid})(),
        score=score,
        distance_km=1.0,
        explanation=(),
        key_groups=(),
        marks=marks,
        waiting_days=waited,
        band=int(score / 0.05),
    )


def test_tiered_help_reorders_equals_but_never_lifts_over_a_better_band():
    best = _match(1, 0.93, (), 0)  # band 18
    equal_plain = _match(2, 0.84, (), 3)  # band 16
    equal_older_disabled = _match(3, 0.81, ("disabled", "older_worker"), 3)  # band 16
    equal_waiting = _match(4, 0.82, ("long_waiting",), 90)  # band 16
    worse = _match(5, 0.60, ("disabled", "low_income", "older_worker", "long_waiting"), 400)
    order = order_among_equals([worse, equal_plain, equal_waiting, best, equal_older_disabled])
    assert [m.person.id for m in order] == [1, 3, 4, 2, 5]


def test_a_held_gig_shows_its_reviewer_the_findings_with_quote_and_basis(app, accounts):
    staff, station_id = _staff(accounts, app)
    employer = app.test_client()
    _, login = accounts.create("employer")
    accounts.login(employer, login)
    day = (today_in_china() + timedelta(days=2)).isoformat()
    held = employer.post(
        "/api/v1/gigs/new", json={**GIG, "work_date": day, "description": "限45岁以下，身体健康。"}
    )
    assert held.status_code == 201, held.get_json()
    gig = held.get_json()["gig"]
    assert gig["status"] == "pending_review"
    with app.app_context():
        db.session.get(Gig, gig["id"]).station_id = station_id
        db.session.commit()
    for client, path in ((staff, "/station/gigs"), (employer, "/gigs")):
        page = client.get(f"{path}/{gig['id']}").get_data(as_text=True)
        assert "<mark" in page and "45岁以下" in page  # the words, quoted and marked
        assert "依据：" in page and "国办发〔2022〕13号" in page  # the legal basis
        assert "需要说明" in page  # a warning, as the employer saw it
