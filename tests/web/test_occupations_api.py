"""GET/POST /api/v1/occupations/classify."""

import pytest


def test_get_codes_a_noisy_title(client):
    body = client.get(
        "/api/v1/occupations/classify?title=急招电焊工 8千-1.2万 包吃住&top=3"
    ).get_json()
    [candidates] = body["results"]
    assert len(candidates) == 3
    assert candidates[0]["code"] == "6-18-02-04" and candidates[0]["name"] == "焊工"
    assert candidates[0]["score"] >= candidates[1]["score"]


def test_post_codes_each_title_in_order(client):
    titles = ["养老护理员（包住）", "叉车司机 日结", "Python开发工程师"]
    body = client.post("/api/v1/occupations/classify", json={"titles": titles, "top": 5}).get_json()
    assert len(body["results"]) == 3
    assert body["results"][0][0]["name"] == "养老护理员"
    assert all(1 <= len(r) <= 5 for r in body["results"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "titles"),
        ({"titles": "焊工"}, "titles"),
        ({"titles": ["焊工", 7]}, "titles[1]"),
        ({"titles": ["焊工"] * 1001}, "titles"),
        ({"titles": ["焊工"], "top": 0}, "top"),
        ({"titles": ["焊工"], "top": True}, "top"),
    ],
)
def test_post_errors_name_the_field(client, payload, field):
    response = client.post("/api/v1/occupations/classify", json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_get_errors_name_the_field(client):
    response = client.get("/api/v1/occupations/classify?top=99")
    fields = response.get_json()["error"]["fields"]
    assert response.status_code == 422 and {"title", "top"} <= set(fields)
    assert "1 到 50" in fields["top"]


def test_a_description_is_read_for_industry_hints(client):
    plain = client.get("/api/v1/occupations/classify?title=司机").get_json()
    assert plain["results"][0][0]["name"] == "客运车辆驾驶员"
    body = client.post(
        "/api/v1/occupations/classify",
        json={"titles": ["司机", "厨师"], "descriptions": ["驾驶重型货车，长途运输货物", None]},
    ).get_json()
    assert body["results"][0][0]["name"] == "道路货运汽车驾驶员"
    got = client.get("/api/v1/occupations/classify?title=司机&description=驾驶重型货车运输货物")
    assert got.get_json()["results"][0][0]["name"] == "道路货运汽车驾驶员"


@pytest.mark.parametrize(
    ("descriptions", "field"),
    [
        ("货车", "descriptions"),
        (["货车", "饭店"], "descriptions"),
        ([7], "descriptions[0]"),
    ],
)
def test_bad_descriptions_name_the_field(client, descriptions, field):
    response = client.post(
        "/api/v1/occupations/classify", json={"titles": ["司机"], "descriptions": descriptions}
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
