"""POST /api/v1/postings/check and the review service that records every review."""

from datetime import date, timedelta

import pytest

from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.postings import Posting
from jobhub.reviews.models import PostingReview
from jobhub.reviews.services import review_posting

VALID_UNTIL = (date.today() + timedelta(days=30)).isoformat()
HONEST = {
    "title": "中餐厨师",
    "description": "负责热菜制作与出品，需持有效健康证，男女不限，提供工作餐，三八节女职工放半天假。",
    "employer_name": "杭州翠苑鲜厨餐饮管理有限公司",
    "headcount": 2,
    "work_location": "杭州市西湖区翠苑街道",
    "salary_min": 6500,
    "salary_max": 8500,
    "salary_unit": "month",
    "valid_until": VALID_UNTIL,
}


def test_an_honest_posting_passes(client):
    response = client.post("/api/v1/postings/check", json=HONEST)
    assert response.status_code == 200
    assert response.get_json() == {"verdict": "ok", "findings": []}


def test_a_gender_limit_is_rejected_with_offsets_and_basis(client):
    description = "负责仓库分拣，限男性，35岁以下。"
    response = client.post("/api/v1/postings/check", json={**HONEST, "description": description})
    body = response.get_json()
    assert body["verdict"] == "reject"
    gender = next(f for f in body["findings"] if f["code"] == "gender")
    assert gender["severity"] == "reject"
    assert description[gender["start"] : gender["end"]] == gender["text"]
    assert "男" in gender["text"] and "就业促进法" in gender["basis"]
    assert any(f["code"] == "age_limit" and f["severity"] == "warn" for f in body["findings"])


def test_missing_structured_fields_are_findings_not_errors(client):
    response = client.post(
        "/api/v1/postings/check", json={"title": "保洁员", "description": "负责小区公共区域清洁。"}
    )
    body = response.get_json()
    assert response.status_code == 200 and body["verdict"] == "reject"
    missing = {f["text"] for f in body["findings"] if f["code"] == "missing_field"}
    assert {"employer_name", "headcount", "work_location", "valid_until"} <= missing


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"description": "x"}, "title"),
        ({"title": "x"}, "description"),
        ({**HONEST, "headcount": "two"}, "headcount"),
        ({**HONEST, "salary_unit": "week"}, "salary_unit"),
        ({**HONEST, "valid_until": "2026-02-30"}, "valid_until"),
    ],
)
def test_bad_fields_get_422_naming_the_field(client, payload, field):
    response = client.post("/api/v1/postings/check", json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_check_stores_nothing(client, app):
    client.post("/api/v1/postings/check", json=HONEST)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PostingReview)) == 0


def test_review_service_records_who_when_verdict_and_codes(app, accounts):
    user_id, _ = accounts.create("employer")
    with app.app_context():
        from jobhub.auth.models import User

        actor = db.session.get(User, user_id)
        posting = Posting(
            title="普工",
            description="招普工，限本地户口，入职交押金300元。",
            employer_name="某厂",
            headcount=3,
            work_location="西湖区",
            salary_min=4000,
            salary_max=5000,
            salary_unit="month",
            valid_until=date.today() + timedelta(days=10),
        )
        result = review_posting(posting, actor=actor, subject_type="vacancy", subject_id=42)
        db.session.commit()
        row = db.session.execute(db.select(PostingReview)).scalar_one()
    assert result.verdict == "reject"
    assert row.actor_user_id == user_id and row.subject_id == 42 and row.verdict == "reject"
    assert {"hukou_region", "fee_deposit"} <= set(row.codes)
    assert row.rules_version


def publish_cleaners(accounts, app) -> None:
    """25 published 保洁员 vacancies of five employers this quarter: an unsuppressed 薪酬价位
    cell (jobhub.market), whose midpoints are 3750 + 20·i."""
    from jobhub.db import now_utc
    from jobhub.employers.models import Vacancy
    from jobhub.market.refresh import refresh
    from jobhub.market.services import latest_quarter

    organisations = []
    for _ in range(5):
        user_id, _login = accounts.create("employer")
        with app.app_context():
            organisations.append(db.session.get(User, user_id).organisation_id)
    with app.app_context():
        for i in range(25):
            db.session.add(
                Vacancy(
                    organisation_id=organisations[i % 5],
                    title="保洁员",
                    description="保洁",
                    work_location="西湖区",
                    street_code="330106005",
                    salary_min=3500 + i * 20,
                    salary_max=4000 + i * 20,
                    salary_unit="month",
                    occupation_code="4-09-08-01",
                    status="published",
                    published_at=now_utc(),
                )
            )
        refresh((latest_quarter(),))  # the daily job
        db.session.commit()


def test_pay_far_above_the_platforms_own_vacancies_is_flagged(app, accounts):
    """With enough published vacancies of one occupation, the 薪酬价位 cell decides."""
    publish_cleaners(accounts, app)
    with app.app_context():
        posting = Posting(
            title="保洁员",
            description="负责写字楼保洁。",
            employer_name="某物业",
            headcount=2,
            work_location="西湖区",
            salary_min=15000,
            salary_max=20000,
            salary_unit="month",
            valid_until=date.today() + timedelta(days=10),
        )
        result = review_posting(
            posting, subject_type="vacancy", subject_id=None, occupation_code="4-09-08-01"
        )
    wage = [f for f in result.findings if f.code == "wage_outlier"]
    assert wage and wage[0].field == "salary_max"
    # the band is the published cell's: P90 of the 25 midpoints (3750 + 20·i) interpolated at
    # rank 0.9 × 24 = 21.6 is 3750 + 20 × 21.6 = 4182 yuan
    assert "平台同类岗位（保洁员）" in wage[0].message and "4182" in wage[0].message


def test_check_compares_pay_with_the_platforms_own_vacancies_of_the_title(client, app, accounts):

    publish_cleaners(accounts, app)
    body = client.post(
        "/api/v1/postings/check",
        json={
            **HONEST,
            "title": "保洁员",
            "description": "负责写字楼保洁。",
            "salary_min": 15000,
            "salary_max": 20000,
        },
    ).get_json()
    wage = [f for f in body["findings"] if f["code"] == "wage_outlier"]
    assert wage and "平台同类岗位（保洁员）" in wage[0]["message"]
