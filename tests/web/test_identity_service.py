"""One person, one record; sensitive statuses only with consent, erased on withdrawal."""

from datetime import date

import pytest

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.security.idcard import InvalidIdentifier
from jobhub.seekers.identity import (
    IdentityTaken,
    attach_identity,
    check_identity,
    find_or_create_person,
    set_sensitive_status,
    withdraw_sensitive_status,
)
from jobhub.seekers.models import Person

NUMBER = make_id_number(date(1975, 6, 1), 21, female=False)


def test_birth_date_and_gender_come_from_the_id_number(app):
    with app.app_context():
        person, created = find_or_create_person(check_identity("周建军", NUMBER))
        assert created and person.birth_date == date(1975, 6, 1) and person.gender == "male"
        again, created_again = find_or_create_person(check_identity("周建军", NUMBER.lower()))
        assert not created_again and again.id == person.id


def test_a_second_record_cannot_take_the_same_id_number(app):
    with app.app_context():
        find_or_create_person(check_identity("张甲", NUMBER))
        other = Person(name="乙")
        db.session.add(other)
        with pytest.raises(IdentityTaken):
            attach_identity(other, check_identity("李乙", NUMBER))


def test_identity_errors_are_chinese():
    with pytest.raises(InvalidIdentifier, match="请填写姓名"):
        check_identity(" ", NUMBER)
    with pytest.raises(InvalidIdentifier, match="校验位"):
        check_identity("张甲", NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1"))


def test_consent_is_recorded_and_withdrawal_erases(app):
    with app.app_context():
        person, _ = find_or_create_person(check_identity("张甲", NUMBER))
        set_sensitive_status(person, "disabled", True, recorded_by_user_id=None)
        set_sensitive_status(
            person, "unemployment_registered_since", date(2025, 1, 5), recorded_by_user_id=None
        )
        db.session.commit()
        entry = person.sensitive["disabled"]
        assert entry["value"] is True and entry["purpose"] and entry["consented_at"]
        withdraw_sensitive_status(person, "disabled")
        db.session.commit()
        db.session.refresh(person)
        assert "disabled" not in person.sensitive
        assert person.sensitive["unemployment_registered_since"]["value"] == "2025-01-05"
