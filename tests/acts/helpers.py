"""Making acts in tests the way staff make them: through the services, in the app."""

from __future__ import annotations

from datetime import date

from jobhub.acts import services
from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.seekers.models import Person

STREET = "330106005"  # a street of the demo district every test database has


def staff_user(user_id: int) -> User:
    return db.session.get(User, user_id)


def register_unemployed(person: Person, staff: User, number: str = "3301062026000001"):
    """Apply and register 失业登记 at the counter (today)."""
    registration = services.apply_registration(
        person,
        {"residence": "hukou", "residence_street_code": STREET},
        actor=staff,
        via="counter",
    )
    return services.decide_registration(
        registration, {"decision": "registered", "certificate_number": number}, actor=staff
    )


def certify(person: Person, staff: User, evidence: dict[str, dict]):
    """Apply for and approve every category in ``evidence`` ({code: {kind, reference, …}})."""
    certification = services.apply_certification(
        person, {"categories": list(evidence), "evidence": evidence}, actor=staff, via="counter"
    )
    return services.decide_categories(
        certification, {code: {"decision": "approved"} for code in evidence}, actor=staff
    )


def backdate(act, days: int) -> None:
    """Move an act's dates back, as if it had been made ``days`` ago."""
    from datetime import timedelta

    shift = timedelta(days=days)
    for name in ("registered_on", "certified_on", "valid_until", "review_on", "ended_on"):
        value = getattr(act, name, None)
        if isinstance(value, date):
            setattr(act, name, value - shift)
    db.session.flush()


def acts_for(app, accounts, person_id: int, *, register: bool = False, evidence=None) -> int:
    """A station worker (a new account) registers the person unemployed and/or certifies the
    categories of ``evidence``; returns the worker's user id."""
    staff_id, _login = accounts.create("station_staff")
    with app.app_context():
        staff = staff_user(staff_id)
        person = db.session.get(Person, person_id)
        if register:
            register_unemployed(person, staff)
        if evidence:
            certify(person, staff, evidence)
        db.session.commit()
    return staff_id


LOW_INCOME = {"low_income": {"kind": "document", "reference": "低保证 浙0001"}}
DISABLED = {"disabled": {"kind": "disability_card", "reference": "33010619700101001X41"}}
