"""Request parsing (errors name the field, in Chinese) and the exact response shapes."""

from __future__ import annotations

import pytest

from jobhub.matching.api import (
    MatchingInputError,
    parse_rank_candidates_request,
    parse_rank_request,
    results_to_json,
)
from jobhub.matching.engine import rank_candidates, rank_vacancies

S = {
    "id": 1,
    "skills": ["电工证"],
    "desired_titles": ["电工"],
    "summary": "物业电工",
    "location": {"lat": 30.66, "lng": 104.06},
    "max_distance_km": 10,
    "key_groups": ["veteran"],
}
V = {
    "id": "v1",
    "title": "物业电工",
    "description": "配电房巡检",
    "skills": ["低压电工作业证"],
    "location": {"lat": 30.665, "lng": 104.06},
    "kind": "regular",
}


def errors_of(parse, body) -> dict[str, str]:
    with pytest.raises(MatchingInputError) as info:
        parse(body)
    return info.value.fields


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"seeker": S, "vacancies": [V, {**V, "id": "v2", "location": {"lat": 95, "lng": 104}}]},
            "vacancies[1].location.lat",
            "纬度必须是 -90 到 90 之间的数字",
        ),
        (
            {"seeker": S, "vacancies": [{**V, "location": {"lat": 30, "lng": "104"}}]},
            "vacancies[0].location.lng",
            "经度必须是 -180 到 180 之间的数字",
        ),
        (
            {"seeker": S, "vacancies": [{**V, "kind": "fulltime"}]},
            "vacancies[0].kind",
            "岗位类型必须是 regular、gig、public_welfare、traineeship 之一",
        ),
        ({"seeker": S, "vacancies": [{**V, "title": "  "}]}, "vacancies[0].title", "不能为空"),
        (
            {"seeker": S, "vacancies": [{k: v for k, v in V.items() if k != "title"}]},
            "vacancies[0].title",
            "缺少此字段",
        ),
        ({"seeker": {**S, "id": True}, "vacancies": [V]}, "seeker.id", "编号必须是整数或字符串"),
        (
            {"seeker": {**S, "skills": "电工证"}, "vacancies": [V]},
            "seeker.skills",
            "必须是字符串列表",
        ),
        (
            {"seeker": {**S, "skills": ["电工证", 3]}, "vacancies": [V]},
            "seeker.skills[1]",
            "必须是字符串",
        ),
        (
            {"seeker": {**S, "max_distance_km": -1}, "vacancies": [V]},
            "seeker.max_distance_km",
            "最远通勤距离必须是大于 0 的公里数",
        ),
        (
            {"seeker": {**S, "occupation_codes": ["4101"]}, "vacancies": [V]},
            "seeker.occupation_codes[0]",
            "职业编码格式应为 D-DD-DD-DD，例如 4-10-01-05",
        ),
        ({"seeker": S, "vacancies": [V], "top": 0}, "top", "top 必须是 1 到 1000 之间的整数"),
        ({"seeker": S, "vacancies": [V], "top": "5"}, "top", "top 必须是 1 到 1000 之间的整数"),
        ({"seeker": S, "vacancies": V}, "vacancies", "岗位必须是列表"),
        ({"vacancies": [V]}, "seeker", "缺少此字段"),
        ({"seeker": S, "vacancies": [V, V]}, "vacancies[1].id", "编号与 vacancies[0] 重复"),
    ],
)
def test_rank_request_errors_name_the_field(body, field, message):
    assert errors_of(parse_rank_request, body)[field] == message


def test_all_errors_are_reported_at_once():
    body = {
        "seeker": {**S, "location": {"lat": 100, "lng": 200}},
        "vacancies": [{**V, "kind": "x"}],
        "top": -1,
    }
    assert set(errors_of(parse_rank_request, body)) == {
        "seeker.location.lat",
        "seeker.location.lng",
        "vacancies[0].kind",
        "top",
    }


def test_body_must_be_an_object():
    assert errors_of(parse_rank_request, ["x"]) == {"": "请求体必须是 JSON 对象"}


def test_rank_candidates_errors():
    body = {
        "vacancy": {**V, "location": {"lat": "x"}},
        "seekers": [S, {**S, "id": 2, "key_groups": "veteran"}],
    }
    fields = errors_of(parse_rank_candidates_request, body)
    assert fields["vacancy.location.lat"] == "纬度必须是 -90 到 90 之间的数字"
    assert fields["seekers[1].key_groups"] == "必须是字符串列表"


def test_optional_fields_and_defaults():
    seeker, vacancies, top = parse_rank_request(
        {"seeker": {"id": "x"}, "vacancies": [{"id": 5, "title": "保洁员"}]}
    )
    assert top == 20
    assert seeker.location is None and seeker.max_distance_km is None and seeker.skills == ()
    assert vacancies[0].kind == "regular" and vacancies[0].location is None


def test_rank_response_has_exactly_the_contract_fields():
    seeker, vacancies, top = parse_rank_request(
        {"seeker": S, "vacancies": [V, {**V, "id": 9, "title": "保洁员"}], "top": 5}
    )
    body = results_to_json(rank_vacancies(seeker, vacancies, top=top), "rank")
    assert list(body) == ["results"]
    first = body["results"][0]
    assert set(first) == {
        "vacancy_id",
        "score",
        "parts",
        "distance_km",
        "matched_skills",
        "missing_skills",
        "eligible",
        "explanation",
    }
    assert set(first["parts"]) == {"text", "skills", "occupation", "distance", "priority"}
    assert first["vacancy_id"] == "v1"
    assert body["results"][1]["vacancy_id"] == 9  # ids echoed with their type
    assert first["matched_skills"] == [["电工证", "低压电工作业证"]]
    assert isinstance(first["eligible"], bool) and isinstance(first["score"], float)
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


def test_rank_candidates_response_has_exactly_the_contract_fields():
    vacancy, seekers, top = parse_rank_candidates_request(
        {"vacancy": V, "seekers": [S, {**S, "id": "b", "key_groups": []}], "top": 5}
    )
    body = results_to_json(rank_candidates(vacancy, seekers, top=top), "rank-candidates")
    first = body["results"][0]
    assert set(first) == {"seeker_id", "score", "parts", "key_groups", "eligible", "explanation"}
    assert first["seeker_id"] == 1 and first["key_groups"] == ["veteran"]
