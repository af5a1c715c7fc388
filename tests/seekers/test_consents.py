"""我的授权 online and its API: what was agreed, when and to which text; withdrawing stops what
the consent allowed; nobody else sees or withdraws a seeker's consents."""

from __future__ import annotations

import re

from jobhub.extensions import db
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE, PURPOSE_SHARING
from jobhub.seekers.models import Consent, Person, SubsidyApplication
from jobhub.seekers.policy import evaluate_person
from tests.acts.helpers import LOW_INCOME, acts_for
from tests.seekers.test_api import _token_client


def _low_income_seeker(people):
    client, person_id = people.seeker("孙丽")
    answer = client.post("/seeker/sensitive/low_income_household", data={"consent": "y"})
    assert answer.status_code == 302
    return client, person_id


def test_a_status_recorded_online_is_consent_once_shown_on_my_privacy_page(app, people):
    client, person_id = _low_income_seeker(people)
    client.post("/seeker/sensitive/is_veteran", data={"consent": "y"})
    with app.app_context():
        rows = db.session.execute(db.select(Consent)).scalars().all()
        assert [(c.person_id, c.purpose, c.text_version, c.given_via) for c in rows] == [
            (person_id, PURPOSE_SENSITIVE, 1, "online")
        ]
        given_at = rows[0].given_at
    page = client.get("/seeker/privacy").text
    assert "我的授权" in page and "登记敏感身份信息用于政策认定" in page
    assert "第1版，网上" in page and "向用人单位展示姓名和手机号" in page and "未同意" in page
    from jobhub.policy.dates import in_china

    assert in_china(given_at) in page  # the bureau's clock, not UTC
    shown = re.sub(r"<[^>]+>", "", page)  # what a person reads: no raw codes
    assert PURPOSE_SENSITIVE not in shown and PURPOSE_SHARING not in shown


def test_withdrawing_online_erases_the_statuses_but_not_the_bureaus_act(app, people, accounts):
    """Withdrawing consent erases what the person declared; a 认定 the bureau made on evidence
    is its own record (statutory duty) and keeps granting, with the pending application."""
    client, person_id = _low_income_seeker(people)
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert not evaluate_person(person).subsidy("public_welfare_post").eligible  # 待认定
    acts_for(app, accounts, person_id, evidence=LOW_INCOME)
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert evaluate_person(person).subsidy("public_welfare_post").eligible
        pending = SubsidyApplication(person_id=person_id, code="public_welfare_post")
        db.session.add(pending)
        db.session.commit()
        pending_id = pending.id

    unconfirmed = client.post(f"/seeker/privacy/{PURPOSE_SENSITIVE}/withdraw")
    assert unconfirmed.status_code == 302
    with app.app_context():
        assert db.session.get(Person, person_id).sensitive is not None

    done = client.post(
        f"/seeker/privacy/{PURPOSE_SENSITIVE}/withdraw",
        data={"confirm": "y"},
        follow_redirects=True,
    )
    assert "已撤回同意：登记敏感身份信息用于政策认定" in done.text
    assert "已撤回）" in done.text
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person.sensitive is None
        assert evaluate_person(person).subsidy("public_welfare_post").eligible
        assert db.session.get(SubsidyApplication, pending_id).status == "submitted"
        consent = db.session.execute(db.select(Consent)).scalar_one()
        assert (consent.withdrawn_via, consent.withdrawn_by_id) == ("online", person.user_id)
    again = client.post(f"/seeker/privacy/{PURPOSE_SENSITIVE}/withdraw", data={"confirm": "y"})
    assert again.status_code == 302  # nothing to withdraw: said, nothing changed


def test_withdrawing_refuses_a_pending_application_nothing_else_supports(app, people):
    client, person_id = _low_income_seeker(people)
    with app.app_context():
        pending = SubsidyApplication(person_id=person_id, code="public_welfare_post")
        db.session.add(pending)
        db.session.commit()
        pending_id = pending.id
    client.post(f"/seeker/privacy/{PURPOSE_SENSITIVE}/withdraw", data={"confirm": "y"})
    with app.app_context():
        refused = db.session.get(SubsidyApplication, pending_id)
        assert refused.status == "rejected" and "撤回" in refused.reason


def test_sharing_with_employers_is_a_consent_and_withdrawing_hides_the_contact(app, people):
    client, person_id = people.seeker("周敏", profile={"share_with_employers": "y"})
    with app.app_context():
        consent = db.session.execute(db.select(Consent)).scalar_one()
        assert consent.purpose == PURPOSE_SHARING
    client.post(f"/seeker/privacy/{PURPOSE_SHARING}/withdraw", data={"confirm": "y"})
    with app.app_context():
        assert db.session.get(Person, person_id).share_with_employers is False
        assert db.session.execute(db.select(Consent)).scalar_one().withdrawn_at is not None


def test_the_consents_api(app, people, accounts):
    from jobhub.demo import make_id_number
    from tests.seekers.helpers import TODAY

    client = _token_client(app, accounts, "seeker")
    assert client.get("/api/v1/seekers/me/consents").status_code == 409  # 实名 first
    number = make_id_number(TODAY.replace(year=TODAY.year - 30), 72, False)
    client.post("/api/v1/seekers/me/identity", json={"name": "郑伟", "id_number": number})
    put = client.put("/api/v1/seekers/me/sensitive/disabled", json={"consent": True})
    assert put.status_code == 200

    listed = client.get("/api/v1/seekers/me/consents").get_json()
    assert (listed["total"], listed["page"], listed["per_page"]) == (3, 1, 20)
    sensitive = next(c for c in listed["items"] if c["purpose"] == PURPOSE_SENSITIVE)
    assert sensitive["given"] and sensitive["current"] and sensitive["text_version"] == 1
    assert (sensitive["given_via"], sensitive["given_via_label"]) == ("online", "网上")
    assert sensitive["title"] == "登记敏感身份信息用于政策认定"

    unknown = client.delete("/api/v1/seekers/me/consents/everything")
    assert unknown.status_code == 422
    assert "授权事项不正确" in unknown.get_json()["error"]["fields"]["purpose"]
    never = client.delete(f"/api/v1/seekers/me/consents/{PURPOSE_SHARING}")
    assert never.status_code == 409 and "无需撤回" in never.get_json()["error"]["message"]

    gone = client.delete(f"/api/v1/seekers/me/consents/{PURPOSE_SENSITIVE}")
    assert gone.status_code == 200
    body = gone.get_json()
    assert body["given"] is False and body["last_withdrawn_at"]
    me = client.get("/api/v1/seekers/me").get_json()
    assert all(not s["recorded"] for s in me["sensitive_statuses"])


def test_nobody_else_sees_or_withdraws_a_seekers_consents(app, people, accounts):
    _owner, owner_id = _low_income_seeker(people)
    other, _ = people.seeker("吴倩")
    # another seeker sees only their own (nothing agreed), and withdraws only their own
    assert "第1版" not in other.get("/seeker/privacy").text
    assert other.delete(f"/api/v1/seekers/me/consents/{PURPOSE_SENSITIVE}").status_code == 409
    for role in ("employer", "station_staff", "admin"):
        client = accounts.client_for(role)
        assert client.get("/seeker/privacy").status_code == 403
        assert client.get("/api/v1/seekers/me/consents").status_code == 403
        gone = client.post(f"/seeker/privacy/{PURPOSE_SENSITIVE}/withdraw", data={"confirm": "y"})
        assert gone.status_code == 403
    with app.app_context():
        assert db.session.get(Person, owner_id).sensitive_flag("low_income_household")
        assert db.session.execute(db.select(Consent)).scalar_one().withdrawn_at is None


def test_an_approved_subsidy_pays_no_further_month_after_the_withdrawal(app, people, accounts):
    client, person_id = _low_income_seeker(people)
    with app.app_context():
        application = SubsidyApplication(person_id=person_id, code="public_welfare_post")
        db.session.add(application)
        db.session.commit()
        aid = application.id
    admin = _token_client(app, accounts, "admin")
    decided = admin.post(
        f"/api/v1/seekers/subsidy-applications/{aid}/decision", json={"decision": "approved"}
    )
    assert decided.status_code == 200
    client.post(f"/seeker/privacy/{PURPOSE_SENSITIVE}/withdraw", data={"confirm": "y"})
    from tests.seekers.helpers import TODAY

    paid = admin.post(
        f"/api/v1/seekers/subsidy-applications/{aid}/payments",
        json={"month": TODAY.strftime("%Y-%m"), "amount": 600},
    )
    assert paid.status_code == 409 and "撤回" in paid.get_json()["error"]["message"]
    with app.app_context():
        assert db.session.get(SubsidyApplication, aid).payments == []
