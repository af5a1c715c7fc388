"""The gig lifecycle through every endpoint people use: each claim state × each claim action
on the JSON API and the web pages, the gig actions of station staff and employers, the date
rules, 已满员, and the daily job (``flask gigs expire``)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from jobhub.extensions import db
from jobhub.gigs.models import Gig, GigClaim
from jobhub.gigs.services import claim_gig
from jobhub.gigs.states import CLAIM_ACTIONS, CLAIM_STATES, GIG_STATES
from jobhub.policy.dates import today_in_china
from tests.gigs import factory
from tests.gigs.test_gig_flow import _staff
from tests.gigs.test_states import CLAIM_MATRIX, GIG_MATRIX, _cells

PAYLOADS = {
    "pay": {"amount": 150, "method": "cash"},
    "rate": {"stars": 4, "side": "employer"},
    "nonpayment": {"note": "老板说下周再给"},
}
EXPECTED_CLAIM = {(s, a): t for s, a, t in _cells(CLAIM_MATRIX)}
EXPECTED_GIG = {(s, a): t for s, a, t in _cells(GIG_MATRIX)}
WEB_ACTIONS = [a for a in CLAIM_ACTIONS if a != "overdue"]  # overdue is the daily job's


def _claims_in_every_state(station_id: int, **gig) -> dict[str, int]:
    """One worked-yesterday gig (not yet ended by the daily job) with a claim in each state."""
    values = dict(work_date=today_in_china() - timedelta(days=1), capacity=20)
    g = factory.gig(station_id, **{**values, **gig})
    out = {}
    for seq, state in enumerate(CLAIM_STATES, start=1):
        claim = GigClaim(
            gig_id=g.id,
            person_id=factory.person(seq).id,
            status=state,
            active=state != "cancelled",
            amount_due=150,
            paid_at=datetime(2026, 1, 1) if state == "paid" else None,
        )
        db.session.add(claim)
        db.session.flush()
        out[state] = claim.id
    g.taken = len(CLAIM_STATES) - 1
    db.session.commit()
    return out


def _row(claim_id: int) -> tuple:
    c = db.session.get(GigClaim, claim_id)
    db.session.refresh(c)
    return (c.status, c.active, c.paid_amount, c.employer_rating, c.nonpayment_note)


@pytest.mark.parametrize("channel", ["api", "web"])
@pytest.mark.parametrize("action", WEB_ACTIONS)
def test_every_claim_state_and_action_on_every_endpoint(app, accounts, channel, action):
    client, station_id = _staff(accounts, app)
    with app.app_context():
        claims = _claims_in_every_state(station_id)
    for state, claim_id in claims.items():
        with app.app_context():
            before = _row(claim_id)
        expected = EXPECTED_CLAIM[(state, action)]
        if channel == "api":
            r = client.post(
                f"/api/v1/gigs/claims/{claim_id}/{action}", json=PAYLOADS.get(action, {})
            )
            if expected is None:
                assert r.status_code == 409, (state, r.get_json())
                message = r.get_json()["error"]["message"]
                assert (
                    message == f"报名状态为「{CLAIM_STATES[state]}」，不能{CLAIM_ACTIONS[action]}"
                )
            else:
                assert r.status_code == 200, (state, r.get_json())
                assert r.get_json()["status_label"] == CLAIM_STATES[expected]
        else:
            r = client.post(
                f"/gigs/claims/{claim_id}/{action}",
                data=PAYLOADS.get(action, {}),
                follow_redirects=True,
            )
            page = r.get_data(as_text=True)
            if expected is None:
                assert f"报名状态为「{CLAIM_STATES[state]}」，不能{CLAIM_ACTIONS[action]}" in page
        with app.app_context():
            after = _row(claim_id)
            if expected is None:
                assert after == before, state  # refused: nothing changed
            else:
                assert after[0] == expected, state


@pytest.mark.parametrize("channel", ["api", "web"])
@pytest.mark.parametrize("action", ["approve", "close", "cancel"])
def test_every_gig_state_and_staff_action_on_every_endpoint(app, accounts, channel, action):
    client, station_id = _staff(accounts, app)
    for state in GIG_STATES:
        with app.app_context():
            gig_id = factory.gig(station_id, status=state).id
            db.session.commit()
        expected = EXPECTED_GIG[(state, action)]
        reason = f"零工状态为「{GIG_STATES[state]}」，不能"
        if channel == "api":
            r = client.post(f"/api/v1/gigs/{gig_id}/{action}", json={})
            assert r.status_code == (409 if expected is None else 200), (state, r.get_json())
            if expected is None:
                assert r.get_json()["error"]["message"].startswith(reason)
        else:
            page = client.post(f"/station/gigs/{gig_id}/{action}", follow_redirects=True).text
            if expected is None:
                assert reason in page
        with app.app_context():
            assert db.session.get(Gig, gig_id).status == (expected or state), state


def test_employer_may_stop_or_cancel_own_gig_but_not_approve(app, accounts):
    client, org_id = _staff(accounts, app, "employer")
    with app.app_context():
        gig_id = factory.gig(None, organisation_id=org_id).id
        person_id = factory.person(1).id
        claim_id = claim_gig(gig_id, person_id, None).id
        db.session.commit()
    assert client.post(f"/api/v1/gigs/{gig_id}/approve", json={}).status_code == 404
    page = client.post(f"/gigs/{gig_id}/cancel", follow_redirects=True).text
    assert "已取消零工" in page
    with app.app_context():
        gig = db.session.get(Gig, gig_id)
        claim = db.session.get(GigClaim, claim_id)
        assert (gig.status, gig.taken, claim.status, claim.active) == (
            "cancelled",
            0,
            "cancelled",
            False,
        )
    again = client.post(f"/api/v1/gigs/{gig_id}/close", json={})
    assert again.status_code == 409
    assert again.get_json()["error"]["message"] == "零工状态为「已取消」，不能停止招募"


def test_check_in_and_completion_five_days_early_are_refused(app, accounts):
    client, station_id = _staff(accounts, app)
    with app.app_context():
        gig = factory.gig(station_id, work_date=today_in_china() + timedelta(days=5))
        claim_id = claim_gig(gig.id, factory.person(1).id, None).id
        db.session.commit()
        day = gig.work_date
    early = client.post(f"/api/v1/gigs/claims/{claim_id}/check_in", json={})
    assert early.status_code == 409
    assert early.get_json()["error"]["message"] == f"用工日期（{day}）之前不能签到"
    done = client.post(f"/gigs/claims/{claim_id}/complete", follow_redirects=True).text
    assert f"零工开始（{day} 09:00）之前不能记完工" in done
    with app.app_context():
        claim = db.session.get(GigClaim, claim_id)
        assert (claim.status, claim.checked_in_at, claim.completed_at) == ("claimed", None, None)
        assert db.session.get(Gig, gig.id).status == "open"


def test_check_in_starts_the_gig_and_the_daily_job_ends_past_gigs(app, accounts):
    client, station_id = _staff(accounts, app)
    today = today_in_china()
    with app.app_context():
        worked = factory.gig(station_id, work_date=today, start_time=time(0))
        worked_claim = claim_gig(worked.id, factory.person(1).id, None).id
        unclaimed = factory.gig(station_id, work_date=today)
        tomorrow = factory.gig(station_id, work_date=today + timedelta(days=1))
        db.session.commit()
        ids = worked.id, unclaimed.id, tomorrow.id
    assert client.post(f"/api/v1/gigs/claims/{worked_claim}/check_in", json={}).status_code == 200
    assert client.post(f"/api/v1/gigs/claims/{worked_claim}/complete", json={}).status_code == 200
    with app.app_context():
        assert db.session.get(Gig, ids[0]).status == "in_progress"
    runner = app.test_cli_runner()
    # 00:05 the day after, Shanghai: the day is over
    after = datetime.combine(today + timedelta(days=1), time(0, 5), UTC) - timedelta(hours=8)
    out = runner.invoke(args=["gigs", "expire", "--now", after.isoformat()])
    assert out.exit_code == 0, out.output
    assert "已过期 1 个零工，已完工 1 个，新增欠薪 1 笔报名" in out.output
    with app.app_context():
        assert [db.session.get(Gig, i).status for i in ids] == ["completed", "expired", "open"]
        assert db.session.get(GigClaim, worked_claim).status_label == "欠薪"
    twice = runner.invoke(args=["gigs", "expire", "--now", after.isoformat()])
    assert "已过期 0 个零工，已完工 0 个，新增欠薪 0 笔报名" in twice.output
    bad = runner.invoke(args=["gigs", "expire", "--now", "明天"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output
    page = client.get("/station/gigs").text
    assert "已过期" in page and "已完工" in page and "expired" not in page
