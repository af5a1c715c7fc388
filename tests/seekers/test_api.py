"""The JSON API for the same operations: session or bearer token, 422 naming the field."""

from __future__ import annotations

from datetime import date

from jobhub.demo import make_id_number
from jobhub.extensions import db
from tests.seekers.helpers import TODAY, build_index, months_ago, vacancy_form


def _token_client(app, accounts, role):
    from jobhub.auth.models import User
    from jobhub.auth.tokens import create_token

    user_id, _login = accounts.create(role)
    with app.app_context():
        token = create_token(db.session.get(User, user_id), "集成测试")
        db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_a_seeker_registers_fills_a_profile_and_applies_with_a_token(app, people, accounts):
    employer, _ = people.employer()
    created = employer.post("/api/v1/employers/vacancies", json=vacancy_form(skills=["Excel"]))
    assert created.status_code == 201, created.get_json()
    vid = created.get_json()["vacancy"]["id"]

    client = _token_client(app, accounts, "seeker")
    bad = client.post("/api/v1/seekers/me/identity", json={"name": "林晓雨", "id_number": "123"})
    assert bad.status_code == 422
    assert "身份证号应为 18 位" in bad.get_json()["error"]["fields"]["id_number"]
    number = make_id_number(date(2002, 3, 14), 71, True)
    ok = client.post("/api/v1/seekers/me/identity", json={"name": "林晓雨", "id_number": number})
    assert ok.status_code == 201 and ok.get_json()["birth_date"] == "2002-03-14"
    assert number not in ok.get_data(as_text=True)

    wrong = client.put("/api/v1/seekers/me/profile", json={"max_distance_km": "远", "colour": 1})
    assert wrong.status_code == 422
    assert set(wrong.get_json()["error"]["fields"]) == {"max_distance_km", "colour"}
    profile = client.put(
        "/api/v1/seekers/me/profile",
        json={
            "skills": ["Excel", "数据分析"],
            "desired_titles": ["数据分析"],
            "graduation_date": months_ago(5).isoformat(),
            "education": "bachelor",
            "home_street_code": "330106005",
        },
    )
    assert profile.status_code == 200 and profile.get_json()["desired_occupation_codes"]
    # the status was never given: unknown, so not (yet) an unemployed graduate
    evaluation = client.get("/api/v1/seekers/me/evaluation").get_json()
    assert "graduate_within_2y" not in evaluation["key_groups"]
    assert "待核实" in str(evaluation)
    told = client.put("/api/v1/seekers/me/profile", json={"employment_status": "unemployed"})
    assert told.status_code == 200
    evaluation = client.get("/api/v1/seekers/me/evaluation").get_json()
    assert "graduate_within_2y" in evaluation["key_groups"]

    build_index(app)
    matches = client.get("/api/v1/seekers/me/matches").get_json()
    assert matches["items"][0]["vacancy"]["id"] == vid
    assert matches["items"][0]["explanation"]
    assert client.get("/api/v1/seekers/me/matches?kind=gig").status_code == 422

    applied = client.post("/api/v1/seekers/me/applications", json={"vacancy_id": vid})
    assert applied.status_code == 201 and applied.get_json()["status"] == "applied"
    assert (
        client.post("/api/v1/seekers/me/applications", json={"vacancy_id": vid}).status_code == 409
    )
    assert client.post("/api/v1/seekers/me/applications", json={}).get_json()["error"][
        "fields"
    ] == {"vacancy_id": "请填写岗位编号"}


def test_sensitive_status_and_subsidy_application_by_api(app, people, accounts):
    seeker, _ = people.seeker(
        profile={
            "employment_status": "flexible",
            "employment_since": months_ago(3).isoformat(),
            "graduation_date": months_ago(5).isoformat(),
            "monthly_contribution": "900",
        }
    )
    missing = seeker.put("/api/v1/seekers/me/sensitive/is_veteran", json={})
    assert missing.status_code == 422 and "consent" in missing.get_json()["error"]["fields"]
    assert (
        seeker.put("/api/v1/seekers/me/sensitive/is_veteran", json={"consent": True}).status_code
        == 200
    )
    me = seeker.get("/api/v1/seekers/me").get_json()
    assert {s["code"]: s["recorded"] for s in me["sensitive_statuses"]}["is_veteran"] is True
    assert seeker.delete("/api/v1/seekers/me/sensitive/is_veteran").status_code == 200
    created = seeker.post(
        "/api/v1/seekers/me/subsidy-applications", json={"code": "si_flexible_graduate"}
    )
    assert created.status_code == 201
    aid = created.get_json()["id"]
    admin = accounts.client_for("admin")
    assert (
        admin.post(
            f"/api/v1/seekers/subsidy-applications/{aid}/decision", json={"decision": "maybe"}
        ).status_code
        == 422
    )
    decided = admin.post(
        f"/api/v1/seekers/subsidy-applications/{aid}/decision", json={"decision": "approved"}
    )
    assert decided.get_json()["approved_on"] == TODAY.isoformat()
    paid = admin.post(
        f"/api/v1/seekers/subsidy-applications/{aid}/payments",
        json={"month": TODAY.strftime("%Y-%m"), "amount": 600},
    )
    assert paid.status_code == 201 and paid.get_json()["payments"][0]["amount"] == 600
    outreach = admin.get("/api/v1/seekers/outreach").get_json()
    assert outreach["total"] >= 1
    assert all("*" in row["id_number"] for row in outreach["items"])


def test_employer_pipeline_by_api(app, people):
    employer, _ = people.employer()
    rejected = employer.post(
        "/api/v1/employers/vacancies",
        json=vacancy_form(description="负责仓库收发货，仅限男性。"),
    )
    body = rejected.get_json()
    assert rejected.status_code == 422 and body["error"]["code"] == "posting_rejected"
    finding = body["review"]["findings"][0]
    assert "负责仓库收发货，仅限男性。"[finding["start"] : finding["end"]] == finding["text"]
    assert employer.get("/api/v1/employers/vacancies").get_json()["items"] == []
    vid = employer.post("/api/v1/employers/vacancies", json=vacancy_form()).get_json()["vacancy"][
        "id"
    ]
    seeker, _ = people.seeker(profile={"graduation_date": months_ago(5).isoformat()})
    aid = seeker.post("/api/v1/seekers/me/applications", json={"vacancy_id": vid}).get_json()["id"]
    refused = employer.post(
        f"/api/v1/employers/applications/{aid}/transition", json={"to": "not_selected"}
    )
    assert refused.status_code == 422 and "reason_code" in refused.get_json()["error"]["fields"]
    hired = employer.post(
        f"/api/v1/employers/applications/{aid}/transition",
        json={
            "to": "hired",
            "hired_on": TODAY.isoformat(),
            "contract_months": 24,
            "unit_monthly_contribution": 1200,
        },
    )
    assert hired.status_code == 200
    subsidies = {s["code"]: s for s in hired.get_json()["hire_subsidies"]["subsidies"]}
    assert subsidies["si_unit_graduate_sme"]["eligible"] is True
    mine = seeker.get(f"/api/v1/seekers/me/applications/{aid}").get_json()
    assert mine["status_label"] == "录用" and mine["hire_subsidies"]
    assert (
        employer.post(
            f"/api/v1/employers/applications/{aid}/transition", json={"to": "interview"}
        ).status_code
        == 409
    )


def test_the_openapi_document_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/seekers/me/identity",
        "/api/v1/seekers/me/matches",
        "/api/v1/employers/vacancies",
        "/api/v1/employers/applications/{application_id}/transition",
        "/api/v1/seekers/outreach",
    ):
        assert path in paths
