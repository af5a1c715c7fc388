"""Every route that shows staff, employers or the bureau someone's name or partly masked ID
number or phone records who saw it (issue 22 item 7): a walk of the URL map on the demo."""

from __future__ import annotations

import pytest

from jobhub.demo import DEMO_TOTP_SECRET
from jobhub.extensions import db
from jobhub.security.masking import mask_id_number, mask_phone
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person
from tests.conftest import sign_in
from tests.privacy.test_no_clear_ids import ROLES, _paths, _text_of

PASSWORD = "Xihu-demo-2026"


def _identities(app, role: str) -> tuple[int, dict[str, int]]:
    """The user's id, and each demo person's shown forms (name, masked ID, masked phone) but
    the user's own."""
    from jobhub.auth.services import find_user_by_login

    with app.app_context():
        user = find_user_by_login(ROLES[role])
        shown: dict[str, int] = {}
        for person in db.session.scalars(db.select(Person)):
            if person.user_id == user.id:
                continue
            for form in (
                person.name,
                mask_id_number(person.id_number),
                mask_phone(person.phone),
            ):
                if form and len(form) >= 2:
                    shown[form] = person.id
        return user.id, shown


def _events_by(app, user_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.actor_user_id == user_id)
        )


@pytest.mark.parametrize("role", list(ROLES))
def test_every_route_showing_someone_records_who_saw_it(app, runner, role):
    runner.invoke(args=["jobhub", "seed-demo"])
    runner.invoke(args=["matching", "rebuild"])
    client = app.test_client()
    response = sign_in(app, client, ROLES[role], PASSWORD, DEMO_TOTP_SECRET)
    assert response.status_code == 302 and "/auth/" not in response.headers["Location"]
    user_id, shown = _identities(app, role)
    unaudited, showing = [], 0
    for path in _paths(app, ids=range(1, 6)):
        before = _events_by(app, user_id)
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = _text_of(response)
        if not any(form in text for form in shown):
            continue
        showing += 1
        if _events_by(app, user_id) == before:
            unaudited.append(path)
    assert unaudited == [], f"{role} saw people without an audit event on {unaudited}"
    if role in ("station_staff", "admin"):
        assert showing >= 3


def test_the_api_walk_in_lookup_records_who_looked_up_whom(app, runner):
    runner.invoke(args=["jobhub", "seed-demo"])
    client = app.test_client()
    sign_in(app, client, ROLES["station_staff"], PASSWORD, DEMO_TOTP_SECRET)
    user_id, _shown = _identities(app, "station_staff")
    with app.app_context():
        person = db.session.scalars(
            db.select(Person).where(Person.id_number_hmac.is_not(None)).order_by(Person.id)
        ).first()
        number, name, person_id = person.id_number, person.name, person.id
    answer = client.post("/api/v1/stations/walk-ins/lookup", json={"id_number": number})
    assert answer.status_code == 200 and answer.get_json()["name"] == name
    with app.app_context():
        events = db.session.execute(
            db.select(AuditEvent.action, AuditEvent.subject_id).where(
                AuditEvent.actor_user_id == user_id
            )
        ).all()
    assert [tuple(e) for e in events] == [("lookup_id", person_id)]
