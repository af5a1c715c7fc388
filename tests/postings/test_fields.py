"""The contract: parse_request, missing_field findings and the JSON shape of a review."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from jobhub.postings import (
    Posting,
    PostingInputError,
    ReviewContext,
    parse_request,
    posting_to_json,
    review,
    review_from_json,
    review_to_json,
)

from .helpers import check, posting

BODY: dict[str, Any] = {
    "title": "餐厅服务员",
    "description": "负责点餐、传菜和收台，需持健康证。",
    "employer_name": "老街坊餐饮管理有限公司",
    "headcount": 2,
    "work_location": "北京市朝阳区望京街道",
    "salary_min": 4500,
    "salary_max": 5500,
    "salary_unit": "month",
    "valid_until": "2027-06-30",
}


def test_a_complete_honest_request_is_ok_with_no_findings() -> None:
    result = review(parse_request(BODY))
    assert review_to_json(result) == {"verdict": "ok", "findings": []}


def test_parse_request_reads_every_field() -> None:
    p = parse_request(BODY)
    assert p == Posting(
        title="餐厅服务员",
        description="负责点餐、传菜和收台，需持健康证。",
        employer_name="老街坊餐饮管理有限公司",
        headcount=2,
        work_location="北京市朝阳区望京街道",
        salary_min=4500.0,
        salary_max=5500.0,
        salary_unit="month",
        valid_until=date(2027, 6, 30),
    )
    assert parse_request(posting_to_json(p)) == p


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": None}, "title", "请填写岗位名称"),
        ({"title": "   "}, "title", "请填写岗位名称"),
        ({"description": None}, "description", "请填写岗位描述"),
        ({"title": 12}, "title", "岗位名称必须是文字"),
        ({"title": "工" * 101}, "title", "不能超过100个字"),
        ({"headcount": "3"}, "headcount", "招聘人数必须是整数"),
        ({"headcount": True}, "headcount", "招聘人数必须是整数"),
        ({"headcount": 0}, "headcount", "招聘人数必须在1到"),
        ({"salary_min": "4500"}, "salary_min", "最低薪资必须是数字"),
        ({"salary_max": -1}, "salary_max", "最高薪资必须是不小于0的数字"),
        ({"salary_max": float("inf")}, "salary_max", "最高薪资必须是不小于0的数字"),
        ({"salary_min": 6000, "salary_max": 5000}, "salary_max", "不能低于最低薪资"),
        ({"salary_unit": "week"}, "salary_unit", "薪资单位必须是"),
        ({"valid_until": "2027/06/30"}, "valid_until", "YYYY-MM-DD"),
        ({"valid_until": "2027-02-30"}, "valid_until", "不是一个真实的日期"),
        ({"valid_until": 20270630}, "valid_until", "YYYY-MM-DD"),
        ({"employer_name": ["a"]}, "employer_name", "招聘单位名称必须是文字"),
    ],
)
def test_bad_input_names_the_field_in_chinese(
    change: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(PostingInputError) as caught:
        parse_request({**BODY, **change})
    assert field in caught.value.fields
    assert words in caught.value.fields[field]


def test_all_bad_fields_are_reported_at_once() -> None:
    with pytest.raises(PostingInputError) as caught:
        parse_request({"title": "", "description": 3, "salary_unit": "year", "headcount": -2})
    assert set(caught.value.fields) == {"title", "description", "salary_unit", "headcount"}


@pytest.mark.parametrize("body", [None, [], "title", 42])
def test_a_body_that_is_not_an_object_is_an_input_error(body: Any) -> None:
    with pytest.raises(PostingInputError) as caught:
        parse_request(body)
    assert "_body" in caught.value.fields


def test_unknown_keys_are_ignored() -> None:
    assert parse_request({**BODY, "extra": "x"}) == parse_request(BODY)


@pytest.mark.parametrize(
    "field",
    [
        "employer_name",
        "headcount",
        "work_location",
        "salary_min",
        "salary_max",
        "salary_unit",
        "valid_until",
    ],
)
def test_a_missing_structured_field_is_a_missing_field_finding(field: str) -> None:
    body = {k: v for k, v in BODY.items() if k != field}
    result = review(parse_request(body))
    assert result.verdict == "reject"
    (finding,) = result.findings
    assert (finding.code, finding.severity, finding.text) == ("missing_field", "reject", field)
    assert finding.start is None and finding.end is None
    assert finding.message.startswith("请填写")
    assert "人力资源市场暂行条例》第二十四条" in finding.basis


def test_null_counts_as_missing() -> None:
    result = review(parse_request({**BODY, "headcount": None, "salary_unit": None}))
    assert sorted(f.text for f in result.findings) == ["headcount", "salary_unit"]


def test_a_reversed_pay_range_built_outside_parse_request_is_a_missing_field_on_salary_max() -> (
    None
):
    result = check(salary_min=8000.0, salary_max=6000.0)
    (finding,) = result.findings
    assert (finding.code, finding.text, finding.rule) == (
        "missing_field",
        "salary_max",
        "salary_range_invalid",
    )
    assert "8000" in finding.message and "6000" in finding.message


def test_an_expired_posting_is_flagged_only_when_the_review_is_dated() -> None:
    p = posting(valid_until=date(2026, 1, 31))
    assert review(p).verdict == "ok"
    dated = review(p, ReviewContext(today=date(2026, 2, 1)))
    assert [(f.code, f.text, f.rule) for f in dated.findings] == [
        ("missing_field", "valid_until", "valid_until_expired")
    ]
    assert review(p, ReviewContext(today=date(2026, 1, 31))).verdict == "ok"


def test_blank_title_built_outside_parse_request_is_missing() -> None:
    result = review(posting(title=" "))
    assert [(f.code, f.text) for f in result.findings] == [("missing_field", "title")]


def test_review_to_json_has_exactly_the_contract_keys() -> None:
    result = check("限男性，35岁以下。", title="男普工")
    body = review_to_json(result)
    assert list(body) == ["verdict", "findings"]
    assert body["verdict"] == "reject"
    for finding in body["findings"]:
        assert list(finding) == ["code", "severity", "text", "start", "end", "message", "basis"]
    title_findings = [f for f in body["findings"] if f["start"] is None]
    assert title_findings and all(f["end"] is None for f in title_findings)
    # Serialisable as is, with Chinese kept readable.
    assert "限男性" in json.dumps(body, ensure_ascii=False)


def test_review_from_json_round_trips_a_stored_review() -> None:
    result = check("押金200元，加QQ12345678报名。", salary_unit=None)
    body = review_to_json(result)
    restored = review_from_json(json.loads(json.dumps(body)))
    assert review_to_json(restored) == body
    assert restored.codes == result.codes
    assert {f.field for f in restored.findings} == {f.field for f in result.findings}


def test_review_from_json_refuses_a_verdict_that_contradicts_its_findings() -> None:
    body = review_to_json(check("押金200元。"))
    body["verdict"] = "ok"
    with pytest.raises(ValueError, match="disagrees"):
        review_from_json(body)
