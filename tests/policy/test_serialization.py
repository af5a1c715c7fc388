"""The HTTP contract without Flask: request validation and the response shape."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from jobhub.policy import (
    PersonFacts,
    PolicyInputError,
    evaluate,
    evaluation_to_json,
    parse_request,
)

from .factory import AS_OF

VALID = {"birth_date": "1970-03-10", "gender": "male"}


def errors(payload, **kwargs):
    with pytest.raises(PolicyInputError) as info:
        parse_request(payload, **kwargs)
    return info.value.fields


def test_minimal_request_and_defaults():
    p, as_of, region = parse_request({"person": VALID}, today=AS_OF)
    assert p == PersonFacts(birth_date=date(1970, 3, 10), gender="male")
    assert as_of == AS_OF and region == "default"
    assert not p.is_veteran and p.retirement_category is None


def test_full_request_is_parsed():
    body = {
        "as_of": "2026-11-22",
        "region": "sample_county",
        "person": {
            **VALID,
            "education": "bachelor",
            "graduation_date": "1992-07-01",
            "employment_status": "flexible",
            "employment_since": "2020-01-01",
            "unemployment_registered_since": None,
            "is_veteran": True,
            "monthly_contribution": 600.5,
            "subsidy_first_approved_on": "2025-03-01",
            "unit_monthly_contribution": "820",
            "contract_months": 24,
        },
    }
    p, as_of, region = parse_request(body)
    assert (as_of, region) == (date(2026, 11, 22), "sample_county")
    assert p.monthly_contribution == Decimal("600.5") and p.unit_monthly_contribution == Decimal(
        "820"
    )
    assert p.is_veteran and p.contract_months == 24 and p.unemployment_registered_since is None


def test_required_fields_are_named():
    assert errors({"person": {}}) == {
        "person.birth_date": "出生日期必填，格式为 YYYY-MM-DD",
        "person.gender": "性别必填，取值为 male（男）或 female（女）",
    }
    assert "person" in errors({"as_of": "2026-01-01"})


@pytest.mark.parametrize("bad", ["1970/03/10", "1970-02-30", "19700310", 19700310, "", "1970-3-1"])
def test_bad_dates(bad):
    fields = errors({"person": {**VALID, "birth_date": bad}})
    assert "YYYY-MM-DD" in fields["person.birth_date"]


@pytest.mark.parametrize(
    ("field", "bad", "phrase"),
    [
        ("gender", "M", "male、female"),
        ("retirement_category", "cadre", "female_cadre"),
        ("education", "college", "junior_college"),
        ("employment_status", "working", "self_employed"),
        ("is_veteran", "yes", "true 或 false"),
        ("disabled", 1, "true 或 false"),
        ("monthly_contribution", -1, "不小于0"),
        ("monthly_contribution", 1.234, "两位小数"),
        ("monthly_contribution", "abc", "金额"),
        ("monthly_contribution", True, "金额"),
        ("monthly_contribution", "NaN", "金额"),
        ("contract_months", 12.5, "整数"),
        ("graduation_date", ["2020-01-01"], "YYYY-MM-DD"),
    ],
)
def test_wrong_types_and_enums(field, bad, phrase):
    fields = errors({"person": {**VALID, field: bad}})
    assert list(fields) == [f"person.{field}"]
    assert phrase in fields[f"person.{field}"]


def test_several_errors_are_reported_together():
    fields = errors(
        {
            "region": "atlantis",
            "as_of": "tomorrow",
            "person": {"gender": "x", "birthdate": "1970-01-01"},
        }
    )
    assert set(fields) == {
        "region",
        "as_of",
        "person.gender",
        "person.birth_date",
        "person.birthdate",
    }
    assert "default" in fields["region"] and "sample_county" in fields["region"]
    assert fields["person.birthdate"] == "不支持的字段"


def test_unknown_top_level_field_and_non_object_bodies():
    assert errors({"person": VALID, "persons": {}}) == {"persons": "不支持的字段"}
    assert errors([1, 2]) == {"body": "请求体应为 JSON 对象"}
    assert "person" in errors({"person": "1970-03-10"})


def test_region_must_be_a_name():
    assert "region" in errors({"region": 3, "person": VALID})


def test_dates_outside_the_covered_range():
    assert "as_of" in errors({"as_of": "2007-12-31", "person": VALID})
    assert "as_of" in errors({"as_of": "2101-01-01", "person": VALID})


def test_cross_field_checks():
    fields = errors(
        {
            "as_of": "2026-11-22",
            "person": {
                **VALID,
                "subsidy_first_approved_on": "2026-12-01",
                "unemployment_registered_since": "1960-01-01",
                "employment_since": "2027-01-01",
            },
        }
    )
    assert fields == {
        "person.subsidy_first_approved_on": "首次核定享受社会保险补贴日期不能晚于计算日期（2026-11-22）",
        "person.unemployment_registered_since": (
            "失业登记日期不能早于本人年满16周岁之日（1986-03-10）"
        ),
        "person.employment_since": "开始（灵活）就业日期不能晚于计算日期（2026-11-22）",
    }
    born_later = errors({"as_of": "2026-11-22", "person": {**VALID, "birth_date": "2027-01-01"}})
    assert born_later == {"person.birth_date": "出生日期不能晚于计算日期"}


def test_graduation_may_lie_ahead():
    # 毕业年度: a student graduating later this year is already a graduate for the rules.
    p, _, _ = parse_request(
        {"as_of": "2026-03-01", "person": {**VALID, "graduation_date": "2026-06-30"}}
    )
    assert p.graduation_date == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("gender", "category"),
    [("male", "female_cadre"), ("male", "female_worker"), ("female", "male")],
)
def test_category_must_fit_the_gender(gender, category):
    fields = errors({"person": {**VALID, "gender": gender, "retirement_category": category}})
    assert list(fields) == ["person.retirement_category"]


def test_error_message_is_chinese_and_names_fields():
    with pytest.raises(PolicyInputError) as info:
        parse_request({"person": {"gender": "male"}})
    assert "person.birth_date" in str(info.value) and "出生日期必填" in str(info.value)


def response(person_fields, as_of="2026-11-22"):
    p, day, region = parse_request({"as_of": as_of, "person": person_fields})
    return evaluation_to_json(evaluate(p, day, region))


def test_response_shape_is_the_contract():
    body = response({**VALID, "employment_status": "flexible", "monthly_contribution": 600})
    assert list(body) == [
        "as_of",
        "region",
        "retirement",
        "key_groups",
        "difficulty_categories",
        "subsidies",
    ]
    assert body["as_of"] == "2026-11-22" and body["region"] == "default"
    assert body["retirement"] == {"date": "2031-07-10", "age_years": 61, "age_months": 4}
    assert body["key_groups"] == ["employment_difficulty"]
    assert body["difficulty_categories"] == ["older_worker"]
    by_code = {s["code"]: s for s in body["subsidies"]}
    eligible = by_code["si_flexible_difficulty"]
    assert list(eligible) == [
        "code", "eligible", "start", "end", "months", "monthly_amount_cap", "reasons", "basis",
    ]  # fmt: skip
    assert eligible["start"] == "2026-11-01" and eligible["end"] == "2031-06-30"
    assert eligible["months"] == 56 and eligible["monthly_amount_cap"] == 400
    refused = by_code["si_flexible_graduate"]
    assert (
        list(refused) == ["code", "eligible", "reasons", "basis"] and refused["eligible"] is False
    )
    json.dumps(body)  # plain JSON types only


def test_details_are_opt_in():
    p, day, _ = parse_request({"as_of": "2026-11-22", "person": VALID})
    ev = evaluate(p, day)
    assert "details" not in evaluation_to_json(ev)
    details = evaluation_to_json(ev, details=True)["details"]
    assert details["retirement"]["category"] == "male"
    assert {f["code"] for f in details["difficulty_categories"]} >= {"older_worker", "disabled"}
