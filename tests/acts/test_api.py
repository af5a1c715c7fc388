"""The acts' JSON API: the same transitions as the pages, errors in the one shape, masked
identities, and each role limited to its own people."""

from __future__ import annotations

from jobhub.auth.models import User
from jobhub.auth.tokens import create_token
from jobhub.extensions import db
from tests.seekers.helpers import People


def _token_client(app, accounts, role: str):
    user_id, _ = accounts.create(role)
    with app.app_context():
        token = create_token(db.session.get(User, user_id), "对接")
        station_id = db.session.get(User, user_id).station_id
        db.session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client, station_id


def test_counter_registration_and_certification_through_the_api(app, accounts):
    staff, _station = _token_client(app, accounts, "station_staff")  # street 330106005
    seeker, person_id = People(app, accounts).seeker("林晓雨")
    applied = seeker.post(
        "/api/v1/acts/mine/registration",
        json={"residence": "hukou", "residence_street_code": "330106005"},
    )
    assert applied.status_code == 201
    assert applied.get_json()["registrations"][0]["status"] == "applied"
    waiting = staff.get("/api/v1/acts/registrations?status=applied").get_json()
    assert waiting["total"] == 1 and waiting["items"][0]["person_id"] == person_id
    assert "*" in waiting["items"][0]["id_number"]
    bad = staff.post(
        f"/api/v1/acts/people/{person_id}/registration",
        json={"decision": "registered", "certificate_number": 1e309},
    )
    assert bad.status_code == 422
    assert bad.get_json()["error"]["fields"]["certificate_number"] == "《就业创业证》编号应为文字"
    done = staff.post(
        f"/api/v1/acts/people/{person_id}/registration",
        json={"decision": "registered", "certificate_number": "3301060000123456"},
    ).get_json()
    registration = done["registrations"][0]
    assert registration["status"] == "registered"
    assert registration["certificate_number"] == "330106******3456"
    assert [e["what"] for e in registration["events"]] == ["申请", "予以登记"]
    cert = staff.post(
        f"/api/v1/acts/people/{person_id}/certification",
        json={"categories": ["disabled"], "evidence": {"disabled": {"reference": "残疾证001"}}},
    )
    assert cert.status_code == 201
    cert_id = cert.get_json()["certifications"][0]["id"]
    refused = staff.post(
        f"/api/v1/acts/certifications/{cert_id}/decide", json={"disabled": {"decision": "refused"}}
    )
    assert refused.status_code == 422 and "disabled_reason" in refused.get_json()["error"]["fields"]
    decided = staff.post(
        f"/api/v1/acts/certifications/{cert_id}/decide", json={"disabled": {"decision": "approved"}}
    ).get_json()
    assert decided["certifications"][0]["status"] == "certified"
    again = staff.post(
        f"/api/v1/acts/certifications/{cert_id}/decide", json={"disabled": {"decision": "approved"}}
    )
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    evaluation = seeker.get("/api/v1/seekers/me/evaluation").get_json()
    assert "employment_difficulty" in evaluation["key_groups"]
    assert seeker.get("/api/v1/acts/mine").get_json()["certifications"][0]["status"] == "certified"
    ended = staff.post(
        f"/api/v1/acts/registrations/{registration['id']}/end", json={"reason": "own_request"}
    )
    assert ended.get_json()["registrations"][0]["status"] == "ended"


def test_another_station_and_other_roles_are_refused(app, accounts):
    staff, _ = _token_client(app, accounts, "station_staff")
    seeker, person_id = People(app, accounts).seeker("赵敏")
    seeker.post(  # applied online: the station of the street serves her from now on
        "/api/v1/acts/mine/registration",
        json={"residence": "hukou", "residence_street_code": "330106005"},
    )
    staff.post(
        f"/api/v1/acts/people/{person_id}/registration",
        json={
            "residence": "hukou",
            "residence_street_code": "330106005",
            "decision": "registered",
            "certificate_number": "3301060000000001",
        },
    )
    other, _ = _token_client(app, accounts, "station_staff")
    assert other.get(f"/api/v1/acts/people/{person_id}").status_code == 404
    assert other.get("/api/v1/acts/registrations").get_json()["total"] == 0
    employer, _ = _token_client(app, accounts, "employer")
    assert employer.get("/api/v1/acts/registrations").status_code == 403
    assert employer.get(f"/api/v1/acts/people/{person_id}").status_code == 403
    admin, _ = _token_client(app, accounts, "admin")
    assert admin.get("/api/v1/acts/registrations").get_json()["total"] == 1
    stations = admin.get("/api/v1/acts/stations").get_json()["stations"]
    assert [s["reg_registered"] for s in stations] == [1]
    assert admin.get("/api/v1/acts/registrations?status=bachelor").status_code == 422
    assert admin.get("/api/v1/acts/people/99999999999999999999").status_code == 404


def test_the_operations_are_in_the_openapi_document(app):
    paths = app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/acts/registrations",
        "/api/v1/acts/certifications",
        "/api/v1/acts/people/{person_id}/registration",
        "/api/v1/acts/certifications/{certification_id}/decide",
        "/api/v1/acts/mine/certification",
        "/api/v1/acts/mine/registrations/{registration_id}/withdraw",
        "/api/v1/acts/mine/registrations/{registration_id}/end",
        "/api/v1/acts/mine/certifications/{certification_id}/withdraw",
        "/api/v1/acts/mine/certifications/{certification_id}/end",
    ):
        assert path in paths
