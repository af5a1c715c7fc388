"""At the counter: a walk-in registered unemployed and certified 就业困难人员 with evidence; the
subsidy that follows names the act; a declaration alone grants nothing."""

from __future__ import annotations

from jobhub.acts.models import ActEvent, DifficultyCertification, UnemploymentRegistration
from jobhub.extensions import db
from jobhub.seekers.models import find_person_by_id_number
from jobhub.stations.models import StationVisit
from tests.stations.test_counter import OLDER, _register, _staff


def _client_id(app):
    with app.app_context():
        return find_person_by_id_number(OLDER).id


def test_a_declaration_alone_is_pending_and_grants_nothing(app, accounts):
    client, _, _ = _staff(accounts, app)
    _register(client)  # declares 低保 with consent
    page = client.get(f"/station/people/{_client_id(app)}").text
    assert "待认定" in page
    eligible = page.split("暂不符合的补贴")[0]
    assert "公益性岗位安置" not in eligible
    with app.app_context():
        visit = db.session.execute(db.select(StationVisit)).scalar_one()
        assert "employment_difficulty" not in visit.key_groups


def test_walk_in_registered_and_certified_opens_the_subsidy_with_the_act_as_basis(app, accounts):
    client, staff_id, _ = _staff(accounts, app)
    _register(client)
    pid = _client_id(app)
    done = client.post(
        f"/acts/people/{pid}/registration",
        data={
            "residence": "residence",
            "residence_street_code": "330106005",
            "residence_evidence": "residence_permit",
            "residence_evidence_number": "330106000000000099",
            "residence_evidence_until": "2099-01-01",
            "decision": "registered",
            "certificate_number": "3301060012345678",
        },
    )
    assert done.status_code == 302
    page = client.get(f"/station/people/{pid}").text
    assert "已登记失业" in page
    assert "3301060012345678" not in page and "330106******5678" in page
    applied = client.post(
        f"/acts/people/{pid}/certification",
        data={
            "categories": ["low_income", "older_worker"],
            "evidence_low_income_kind": "imported_list",
            "evidence_low_income_reference": "民政低保名单2026-11第12行",
        },
    )
    assert applied.status_code == 302
    with app.app_context():
        cert = db.session.execute(db.select(DifficultyCertification)).scalar_one()
        cert_id = cert.id
    decided = client.post(
        f"/acts/certifications/{cert_id}/decide",
        data={"low_income_decision": "approved", "older_worker_decision": "approved"},
    )
    assert decided.status_code == 302
    page = client.get(f"/station/people/{pid}").text
    eligible = page.split("暂不符合的补贴")[0]
    assert "已认定" in page
    assert "公益性岗位安置" in eligible
    assert f"经就业困难人员认定（第{cert_id}号" in eligible
    with app.app_context():
        events = db.session.execute(db.select(ActEvent).order_by(ActEvent.id)).scalars().all()
        assert [(e.from_status, e.to_status) for e in events if e.registration_id] == [
            (None, "applied"),
            ("applied", "registered"),
        ]
        assert all(e.actor_user_id == staff_id for e in events)
        reg = db.session.execute(db.select(UnemploymentRegistration)).scalar_one()
        assert reg.certificate_number == "3301060012345678"
