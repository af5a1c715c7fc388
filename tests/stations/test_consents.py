"""Consent at the counter: asked once per version of its text, withdrawn at the counter for the
station's own people only, and withdrawing stops what it allowed."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.security.models import AuditEvent
from jobhub.seekers.consent_texts import CONSENT_TEXTS, PURPOSE_SENSITIVE
from jobhub.seekers.models import Consent, Person, find_person_by_id_number
from jobhub.seekers.policy import evaluate_person
from tests.stations.test_counter import _register, _staff

# A man of 30 from a 低保 family, out of work: 就业困难人员 only because of the 低保 status.
LOW_INCOME = make_id_number(date(date.today().year - 30, 5, 6), 44, False)


def _details(client, id_number=LOW_INCOME) -> str:
    return client.post("/station/walk-in", data={"step": "lookup", "id_number": id_number}).text


def _consents(app) -> list[Consent]:
    with app.app_context():
        rows = db.session.execute(db.select(Consent).order_by(Consent.id)).scalars().all()
        db.session.expunge_all()
        return rows


@pytest.fixture
def new_text(monkeypatch):
    """The sensitive-status text gets a second version (what a change of wording does)."""
    first = CONSENT_TEXTS[PURPOSE_SENSITIVE][-1]
    second = dataclasses.replace(first, version=2, text=first.text + "（第二版措辞）")
    monkeypatch.setitem(CONSENT_TEXTS, PURPOSE_SENSITIVE, (first, second))
    return second


def test_a_returning_walk_in_is_not_asked_again(app, accounts):
    client, staff_id, _ = _staff(accounts, app)
    assert 'name="consent"' in _details(client)  # first visit: asked
    assert _register(client, id_number=LOW_INCOME, name="陈志强").status_code == 302
    [consent] = _consents(app)
    assert (consent.purpose, consent.text_version, consent.given_via) == (
        PURPOSE_SENSITIVE,
        1,
        "counter",
    )
    assert consent.given_by_id == staff_id and consent.withdrawn_at is None

    page = _details(client)
    assert 'name="consent"' not in page
    assert "同意（第1版）" in page and "已于 " in page
    # the statuses are prefilled and saved again without ticking: no error, no second consent
    again = _register(client, id_number=LOW_INCOME, name="陈志强", consent="")
    assert again.status_code == 302
    assert [c.id for c in _consents(app)] == [consent.id]


def test_a_new_text_version_asks_again(app, accounts, new_text):
    client, _, _ = _staff(accounts, app)
    _register(client, id_number=LOW_INCOME, name="陈志强")
    with app.app_context():
        db.session.execute(db.update(Consent).values(text_version=1))
        db.session.commit()
    page = _details(client)
    assert 'name="consent"' in page and "第二版措辞" in page and 'id="consent-again"' in page
    refused = _register(client, id_number=LOW_INCOME, name="陈志强", consent="")
    assert refused.status_code == 200 and "本人同意" in refused.text
    assert _register(client, id_number=LOW_INCOME, name="陈志强").status_code == 302
    old, new = _consents(app)
    assert old.replaced_at is not None and old.text_version == 1
    assert new.text_version == 2 and new.replaced_at is None and new.withdrawn_at is None
    assert "同意（第2版）" in _details(client)


def test_withdrawing_at_the_counter_erases_the_statuses_and_what_they_gave(app, accounts):
    client, staff_id, _ = _staff(accounts, app)
    location = _register(client, id_number=LOW_INCOME, name="陈志强").headers["Location"]
    person_id = int(location.rstrip("/").split("/")[-1])
    with app.app_context():
        person = db.session.get(Person, person_id)
        declared = {f.code: f for f in evaluate_person(person).category_checks}["low_income"]
        assert declared.pending and not declared.holds  # 待认定 until staff decide
    assert "本人授权" in client.get(location).text

    unconfirmed = client.post(
        f"/station/people/{person_id}/consents/{PURPOSE_SENSITIVE}/withdraw",
        follow_redirects=True,
    )
    assert "确认撤回" in unconfirmed.text
    assert _consents(app)[0].withdrawn_at is None

    done = client.post(
        f"/station/people/{person_id}/consents/{PURPOSE_SENSITIVE}/withdraw",
        data={"confirm": "y"},
        follow_redirects=True,
    )
    assert "已为 陈志强 撤回同意：登记敏感身份信息用于政策认定" in done.text
    [consent] = _consents(app)
    assert consent.withdrawn_at is not None
    assert (consent.withdrawn_via, consent.withdrawn_by_id) == ("counter", staff_id)
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person.sensitive is None
        erased = {f.code: f for f in evaluate_person(person).category_checks}["low_income"]
        assert not erased.pending and not erased.holds
        actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
        assert "withdraw_consent" in actions and "give_consent" in actions
    # after a withdrawal the next visit asks again
    assert 'name="consent"' in _details(client)


def test_another_stations_staff_cannot_withdraw(app, accounts):
    client, _, _ = _staff(accounts, app)
    location = _register(client, id_number=LOW_INCOME, name="陈志强").headers["Location"]
    person_id = int(location.rstrip("/").split("/")[-1])
    other, _, _ = _staff(accounts, app)
    answer = other.post(
        f"/station/people/{person_id}/consents/{PURPOSE_SENSITIVE}/withdraw",
        data={"confirm": "y"},
    )
    assert answer.status_code == 404
    assert _consents(app)[0].withdrawn_at is None
    with app.app_context():
        assert find_person_by_id_number(LOW_INCOME).sensitive_flag("low_income_household")


def test_an_unknown_purpose_is_named_and_changes_nothing(app, accounts):
    client, _, _ = _staff(accounts, app)
    location = _register(client, id_number=LOW_INCOME, name="陈志强").headers["Location"]
    person_id = int(location.rstrip("/").split("/")[-1])
    answer = client.post(
        f"/station/people/{person_id}/consents/everything/withdraw",
        data={"confirm": "y"},
        follow_redirects=True,
    )
    assert answer.status_code == 200 and "授权事项不正确" in answer.text
    assert _consents(app)[0].withdrawn_at is None
    too_big = client.post(
        f"/station/people/{2**64}/consents/{PURPOSE_SENSITIVE}/withdraw", data={"confirm": "y"}
    )
    assert too_big.status_code == 404


def test_the_walk_in_api_asks_for_consent_once(app, accounts):
    client = accounts.client_for("station_staff")
    body = {"id_number": LOW_INCOME, "name": "陈志强", "statuses": ["low_income_household"]}
    refused = client.post("/api/v1/stations/walk-ins", json=body)
    assert refused.status_code == 422 and "consent" in refused.get_json()["error"]["fields"]
    first = client.post("/api/v1/stations/walk-ins", json={**body, "consent": True})
    assert first.status_code == 201
    found = client.post("/api/v1/stations/walk-ins/lookup", json={"id_number": LOW_INCOME})
    assert found.get_json()["consent"]["text_version"] == 1
    again = client.post("/api/v1/stations/walk-ins", json={**body, "statuses": ["disabled"]})
    assert again.status_code == 201  # consent on file: not asked again
    assert len(_consents(app)) == 1
