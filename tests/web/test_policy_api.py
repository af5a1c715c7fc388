"""POST /api/v1/policy/evaluate, the 政策计算器 page and the CLI give the same answers."""

import json

import pytest

from jobhub.extensions import db
from jobhub.security.models import AuditEvent

FLEXIBLE_LOW_INCOME = {
    "as_of": "2026-11-22",
    "region": "default",
    "person": {
        "birth_date": "1978-02-20",
        "gender": "female",
        "retirement_category": "female_worker",
        "employment_status": "flexible",
        "low_income_household": True,
        "monthly_contribution": 900,
    },
}


def subsidy(body, code):
    return next(s for s in body["subsidies"] if s["code"] == code)


def test_without_the_retirement_category_nothing_is_granted_on_a_guess(client):
    # Issue 21 item 3: the same 48-year-old woman without 退休类别. Her term depends on it
    # (to retirement under 原50周岁, 36 months under 原55周岁), so the answer asks for it.
    person = {k: v for k, v in FLEXIBLE_LOW_INCOME["person"].items() if k != "retirement_category"}
    body = client.post("/api/v1/policy/evaluate", json={**FLEXIBLE_LOW_INCOME, "person": person})
    body = body.get_json()
    assert body["missing"] == ["退休类别（原法定退休年龄50周岁或55周岁）"]
    flexible = subsidy(body, "si_flexible_difficulty")
    assert not flexible["eligible"] and "months" not in flexible
    assert flexible["reasons"][0].startswith("需补充：退休类别")
    # what holds under either category stands
    assert body["key_groups"] == ["employment_difficulty"]


def test_evaluate_answers_the_contract(client, app):
    response = client.post("/api/v1/policy/evaluate", json=FLEXIBLE_LOW_INCOME)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {
        "as_of",
        "region",
        "retirement",
        "key_groups",
        "difficulty_categories",
        "subsidies",
    }
    # female_worker born 1978-02: 50 years + 19 months' delay (every 2 birth months from 1975-01)
    assert body["retirement"] == {"date": "2029-09-20", "age_years": 51, "age_months": 7}
    assert body["key_groups"] == ["employment_difficulty"]
    assert set(body["difficulty_categories"]) == {"older_worker", "low_income"}
    flexible = subsidy(body, "si_flexible_difficulty")
    # fewer than 60 months to retirement: the term runs to the month before retirement
    assert flexible["eligible"] and flexible["start"] == "2026-11-01"
    assert flexible["end"] == "2029-08-31" and flexible["months"] == 34
    assert flexible["monthly_amount_cap"] == 600.0  # 2/3 of 900
    assert any("181号" in b for b in flexible["basis"])
    codes = {s["code"] for s in body["subsidies"]}
    assert {
        "si_flexible_difficulty",
        "si_flexible_graduate",
        "si_unit_difficulty",
        "si_unit_graduate_sme",
        "job_expansion_once",
    } <= codes
    with app.app_context():  # nothing stored, not even an audit row
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"person": {"gender": "male"}}, "person.birth_date"),
        ({"person": {"birth_date": "1980-13-01", "gender": "male"}}, "person.birth_date"),
        ({"person": {"birth_date": "1980-01-01", "gender": "man"}}, "person.gender"),
        (
            {"person": {"birth_date": "1980-01-01", "gender": "male", "is_veteran": "yes"}},
            "person.is_veteran",
        ),
        (
            {
                "person": {
                    "birth_date": "1980-01-01",
                    "gender": "male",
                    "monthly_contribution": "lots",
                }
            },
            "person.monthly_contribution",
        ),
        (
            {"region": "atlantis", "person": {"birth_date": "1980-01-01", "gender": "male"}},
            "region",
        ),
        ({"as_of": 20261122, "person": {"birth_date": "1980-01-01", "gender": "male"}}, "as_of"),
        ({}, "person"),
        ({"person": []}, "person"),
    ],
)
def test_bad_input_names_the_field_in_chinese(client, payload, field):
    response = client.post("/api/v1/policy/evaluate", json=payload)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["fields"][field])


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"null", b"\xff\xfe"])
def test_malformed_json_is_a_400_in_the_error_shape(client, body):
    response = client.post("/api/v1/policy/evaluate", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_json"


def test_the_openapi_document_describes_the_contract(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/policy/evaluate"]["post"]
    assert "requestBody" in operation
    person = spec["components"]["schemas"]["Person"]["properties"]
    assert {"birth_date", "gender", "monthly_contribution"} <= set(person)


def test_cli_prints_the_same_json(runner, client, tmp_path):
    source = tmp_path / "person.json"
    source.write_text(json.dumps(FLEXIBLE_LOW_INCOME), encoding="utf-8")
    result = runner.invoke(args=["policy", "evaluate", str(source)])
    assert result.exit_code == 0, result.output
    api = client.post("/api/v1/policy/evaluate", json=FLEXIBLE_LOW_INCOME).get_json()
    assert json.loads(result.output) == api


def test_cli_reports_bad_input(runner, tmp_path):
    source = tmp_path / "bad.json"
    source.write_text('{"person": {"gender": "male"}}', encoding="utf-8")
    result = runner.invoke(args=["policy", "evaluate", str(source)])
    assert result.exit_code != 0 and "出生日期" in result.output


def test_calculator_page_shows_the_answer_with_basis(client):
    data = {
        "birth_date": "2003-05-12",
        "gender": "female",
        "education": "bachelor",
        "graduation_date": "2025-06-30",
        "employment_status": "flexible",
        "employment_since": "2025-09-01",
        "monthly_contribution": "600",
        "as_of": "2026-11-22",
        "region": "default",
    }
    text = client.post("/policy/calculator", data=data).get_data(as_text=True)
    assert "高校毕业生灵活就业社会保险补贴" in text
    assert "可以享受" in text and "400.00 元" in text  # 2/3 of 600
    assert "国办发〔2022〕13号" in text


def test_calculator_page_puts_errors_next_to_fields(client):
    text = client.post(
        "/policy/calculator", data={"birth_date": "1978-02-30", "region": "default"}
    ).get_data(as_text=True)
    assert 'id="birth_date-error"' in text and "有效日期" in text
    assert 'id="gender-error"' in text
