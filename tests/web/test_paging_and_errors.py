"""The API's lists come in one envelope (``items``, ``total``, ``page``, ``per_page`` ≤ 100),
and every error answer has the one error body the document describes."""

from __future__ import annotations

import pytest

from jobhub.api.core import ErrorSchema
from jobhub.extensions import db
from tests.gigs import factory


@pytest.fixture
def thirty_gigs(app):
    with app.app_context():
        station = factory.station()
        ids = [factory.gig(station.id, title=f"帮厨{n:02d}").id for n in range(30)]
        db.session.commit()
    return ids


def test_a_list_comes_a_page_at_a_time_and_the_pages_add_up(client, thirty_gigs):
    first = client.get("/api/v1/gigs").get_json()
    assert (first["total"], first["page"], first["per_page"]) == (30, 1, 20)
    assert len(first["items"]) == 20
    second = client.get("/api/v1/gigs?page=2").get_json()
    assert len(second["items"]) == 10
    seen = [g["id"] for g in first["items"] + second["items"]]
    assert sorted(seen) == sorted(thirty_gigs)  # every gig once, none twice
    whole = client.get("/api/v1/gigs?per_page=100").get_json()
    assert [g["id"] for g in whole["items"]] == seen  # the same order either way
    beyond = client.get("/api/v1/gigs?page=9").get_json()
    assert beyond["items"] == [] and beyond["total"] == 30


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=%D9%A2", "page"),  # Arabic-Indic two
        ("page=99999999999999999999999", "page"),
    ],
)
def test_a_page_out_of_bounds_is_refused_naming_the_parameter(client, thirty_gigs, query, field):
    answer = client.get(f"/api/v1/gigs?{query}")
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert list(error["fields"]) == [field]
    assert ("页码" if field == "page" else "每页条数") in error["fields"][field]
    assert "100" in error["fields"][field] or field == "page"


def _list_operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            names = {p.get("name") for p in operation.get("parameters", [])}
            if method == "get" and {"page", "per_page"} <= names:
                yield path, operation


def test_every_list_the_document_names_answers_the_envelope(app, client, accounts):
    document = client.get("/api/v1/openapi.json").get_json()
    lists = list(_list_operations(document))
    assert len(lists) >= 14  # the lists of seekers, employers, staff, admins and the public
    callers = {role: accounts.client_for(role) for role in ("seeker", "employer", "admin")}
    callers["station_staff"] = accounts.client_for("station_staff")
    answered = []
    for path, operation in lists:
        if "{" in path:
            continue  # needs an object of its own; covered by the areas' tests
        assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Page"
        }
        for caller in callers.values():
            answer = caller.get(f"{path}?per_page=5")
            if answer.status_code == 200:
                body = answer.get_json()
                assert {"items", "total", "page", "per_page"} <= set(body), path
                assert body["per_page"] == 5 and len(body["items"]) <= 5
                answered.append(path)
                break
    assert len(set(answered)) >= 10


def test_every_operation_documents_the_one_error_body(client):
    document = client.get("/api/v1/openapi.json").get_json()
    error_ref = {"$ref": "#/components/schemas/Error"}
    assert (
        document["components"]["responses"]["DEFAULT_ERROR"]["content"]["application/json"][
            "schema"
        ]
        == error_ref
    )
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            responses = operation["responses"]
            assert "default" in responses, f"{method} {path}"
            assert any(code.startswith("2") for code in responses), f"{method} {path}"
            for code, response in responses.items():
                if "$ref" in response:
                    response = document["components"]["responses"][response["$ref"].split("/")[-1]]
                if code[0] in "45":
                    assert response["content"]["application/json"]["schema"] == error_ref


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/api/v1/gigs/999999", None, 404),
        ("get", "/api/v1/seekers/me", None, 401),
        ("post", "/api/v1/policy/evaluate", [], 400),
        ("post", "/api/v1/policy/evaluate", {"person": {"birth_date": "昨天"}}, 422),
        ("delete", "/api/v1/gigs", None, 405),
    ],
)
def test_error_answers_match_the_error_schema(client, method, path, body, status):
    answer = client.open(path, method=method.upper(), json=body)
    assert answer.status_code == status
    payload = answer.get_json()
    assert ErrorSchema().validate(payload) == {}
    assert payload["error"]["message"]  # said in words, in Chinese
    assert not payload["error"]["message"].isascii()
