"""Gig pay has limits (issue 21 item 2): below the local minimum wage it is refused with the
figure and its source, on the page and the API; above a plausible ceiling per unit the gig is
held for station staff with a finding, whoever posts it."""

from __future__ import annotations

from datetime import timedelta

from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.policy.dates import today_in_china
from tests.gigs.test_gig_flow import GIG, _staff

# postings/wages.toml: 杭州 (浙江第一档) from 2025-01-01, 非全日制 24 元/小时
SOURCE = "浙江省最低工资标准（2025年1月1日起，第一档）"
DAY = (today_in_china() + timedelta(days=2)).isoformat()


def _gigs(app) -> list[Gig]:
    with app.app_context():
        rows = db.session.execute(db.select(Gig)).scalars().all()
        db.session.expunge_all()
        return rows


def _employer(app, accounts):
    client = app.test_client()
    _, login = accounts.create("employer")
    accounts.login(client, login)
    return client


def test_pay_below_the_minimum_wage_is_refused_with_figure_and_source(app, accounts):
    staff, _ = _staff(accounts, app)
    form = {**GIG, "skills": "绿化养护", "work_date": DAY, "pay_amount": "1", "settlement": "daily"}
    page = staff.post("/station/gigs/new", data=form).get_data(as_text=True)
    # 08:00-17:00 is 9 hours: 24 元 × 9 = 216 元 a day at least
    assert "报酬为每天1元，低于当地最低工资" in page
    assert "非全日制小时最低工资标准24元 × 本次用工9小时，即每天不少于216元" in page
    assert SOURCE in page
    answer = _employer(app, accounts).post(
        "/api/v1/gigs/new", json={**GIG, "work_date": DAY, "pay_amount": 20, "pay_unit": "hour"}
    )
    assert answer.status_code == 422
    message = answer.get_json()["error"]["fields"]["pay_amount"]
    assert "报酬为每小时20元" in message and "24元" in message and SOURCE in message
    assert _gigs(app) == []


def test_pay_at_the_minimum_is_published(app, accounts):
    staff, _ = _staff(accounts, app)
    answer = staff.post(
        "/api/v1/gigs/new", json={**GIG, "work_date": DAY, "pay_amount": 24, "pay_unit": "hour"}
    )
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["gig"]["status"] == "open"


def test_implausible_pay_is_held_for_review_with_a_finding_whoever_posts(app, accounts):
    staff, station_id = _staff(accounts, app)
    answer = staff.post(
        "/api/v1/gigs/new",
        json={**GIG, "work_date": DAY, "pay_amount": 99999, "pay_unit": "hour"},
    )
    assert answer.status_code == 201, answer.get_json()
    gig = answer.get_json()["gig"]
    assert gig["status"] == "pending_review"  # staff posting no longer publishes it
    codes = [f["code"] for f in answer.get_json()["review"]["findings"]]
    assert "wage_outlier" in codes
    page = staff.get(f"/station/gigs/{gig['id']}").get_data(as_text=True)
    assert "每小时99999元" in page and "上限" in page
    employer = _employer(app, accounts)
    justified = employer.post(
        "/api/v1/gigs/new",
        json={**GIG, "work_date": DAY, "pay_amount": 5000, "justification": "高空作业"},
    )
    assert justified.get_json()["gig"]["status"] == "pending_review"
    assert all(g.status == "pending_review" for g in _gigs(app))


def test_the_ceiling_is_a_setting_per_unit(make_app):
    app = make_app(GIG_PAY_CEILING={"day": 800})
    from tests.conftest import Accounts

    staff, _ = _staff(Accounts(app), app)
    answer = staff.post("/api/v1/gigs/new", json={**GIG, "work_date": DAY, "pay_amount": 1000})
    assert answer.get_json()["gig"]["status"] == "pending_review"
    messages = [f["message"] for f in answer.get_json()["review"]["findings"]]
    assert any("平台设定的合理上限（每天800元）" in m for m in messages)
    fine = staff.post("/api/v1/gigs/new", json={**GIG, "work_date": DAY, "pay_amount": 600})
    assert fine.get_json()["gig"]["status"] == "open"
