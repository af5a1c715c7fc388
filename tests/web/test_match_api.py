"""POST /api/v1/match/rank and /rank-candidates: the stateless contract."""

import pytest

SEEKER = {
    "id": "s1",
    "skills": ["电工证", "设备维修"],
    "desired_titles": ["电工"],
    "summary": "十年物业电工经验",
    "location": {"lat": 30.17, "lng": 120.09},
    "key_groups": ["veteran"],
}
ELECTRICIAN = {
    "id": 1,
    "title": "小区电工",
    "description": "负责小区配电设施巡检维修，需持低压电工作业证。",
    "skills": ["低压电工作业证"],
    "location": {"lat": 30.171, "lng": 120.091},
    "kind": "regular",
}
ACCOUNTANT = {
    "id": "acc",
    "title": "会计",
    "description": "负责账务处理和报表。",
    "skills": ["Excel", "财务软件"],
    "location": {"lat": 30.30, "lng": 120.20},
    "kind": "regular",
}
RESULT_KEYS = {
    "vacancy_id",
    "score",
    "parts",
    "distance_km",
    "matched_skills",
    "missing_skills",
    "eligible",
}


def test_rank_puts_the_fitting_job_first_and_explains(client):
    body = client.post(
        "/api/v1/match/rank",
        json={"seeker": SEEKER, "vacancies": [ACCOUNTANT, ELECTRICIAN], "top": 5},
    ).get_json()
    first, second = body["results"]
    assert set(first) >= RESULT_KEYS
    assert first["vacancy_id"] == 1 and second["vacancy_id"] == "acc"  # ids echoed as given
    assert first["score"] > second["score"]
    assert first["matched_skills"] == [["电工证", "低压电工作业证"]]
    assert set(first["parts"]) == {"text", "skills", "occupation", "distance", "priority"}
    assert all(0 <= v <= 1 for v in first["parts"].values())
    assert first["distance_km"] < 0.5


def test_protected_attributes_in_the_request_change_nothing(client):
    plain = client.post("/api/v1/match/rank", json={"seeker": SEEKER, "vacancies": [ELECTRICIAN]})
    dressed = {
        **SEEKER,
        "gender": "female",
        "age": 58,
        "birth_date": "1968-01-01",
        "ethnicity": "回族",
        "religion": "伊斯兰教",
        "hukou": "外地",
        "marital_status": "未婚",
    }
    other = client.post("/api/v1/match/rank", json={"seeker": dressed, "vacancies": [ELECTRICIAN]})
    assert plain.get_json() == other.get_json()


def test_rank_candidates_orders_people_and_returns_key_groups(client):
    novice = {**SEEKER, "id": 2, "skills": [], "summary": "", "key_groups": []}
    body = client.post(
        "/api/v1/match/rank-candidates",
        json={"vacancy": ELECTRICIAN, "seekers": [novice, SEEKER], "top": 10},
    ).get_json()
    ids = [r["seeker_id"] for r in body["results"]]
    assert ids == ["s1", 2]
    assert body["results"][0]["key_groups"] == ["veteran"]
    assert {"seeker_id", "score", "parts", "key_groups", "eligible"} <= set(body["results"][0])


def test_public_welfare_ranks_only_people_with_employment_difficulty(client):
    post = {**ELECTRICIAN, "id": "pw", "kind": "public_welfare"}
    helped = {**SEEKER, "id": "d", "key_groups": ["employment_difficulty"]}
    body = client.post(
        "/api/v1/match/rank-candidates", json={"vacancy": post, "seekers": [SEEKER, helped]}
    ).get_json()
    assert [(r["seeker_id"], r["eligible"]) for r in body["results"]] == [
        ("d", True),
        ("s1", False),
    ]


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/match/rank", {"vacancies": [ELECTRICIAN]}, "seeker"),
        ("/api/v1/match/rank", {"seeker": SEEKER, "vacancies": "x"}, "vacancies"),
        (
            "/api/v1/match/rank",
            {"seeker": {**SEEKER, "location": {"lat": 200, "lng": 1}}, "vacancies": []},
            "seeker.location.lat",
        ),
        (
            "/api/v1/match/rank",
            {"seeker": SEEKER, "vacancies": [{**ELECTRICIAN, "kind": "x"}]},
            "vacancies[0].kind",
        ),
        ("/api/v1/match/rank-candidates", {"seekers": [SEEKER]}, "vacancy"),
    ],
)
def test_errors_name_the_field(client, path, payload, field):
    response = client.post(path, json=payload)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_search_ranks_the_platforms_own_index(client, runner):
    assert client.post("/api/v1/match/search", json={"seeker": SEEKER}).status_code == 503
    runner.invoke(args=["jobhub", "seed-demo"])
    runner.invoke(args=["matching", "rebuild"])
    body = client.post("/api/v1/match/search", json={"seeker": SEEKER, "top": 3}).get_json()
    first = body["results"][0]
    assert isinstance(first["vacancy_id"], int)
    assert ["电工证", "低压电工作业证"] in first["matched_skills"]  # the demo's 小区电工
    mover = {"id": "m1", "skills": ["搬运"], "desired_titles": ["搬运工"]}
    gigs = client.post(
        "/api/v1/match/search", json={"seeker": mover, "kinds": ["gig"], "top": 50}
    ).get_json()["results"]
    assert gigs and all("gig_id" in r and "vacancy_id" not in r for r in gigs)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "seeker"),
        ({"seeker": SEEKER, "kinds": ["office"]}, "kinds"),
        ({"seeker": SEEKER, "max_distance_km": -1}, "max_distance_km"),
        ({"seeker": SEEKER, "top": "many"}, "top"),
    ],
)
def test_search_errors_name_the_field(client, payload, field):
    response = client.post("/api/v1/match/search", json=payload)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
