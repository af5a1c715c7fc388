"""ID numbers and phones are encrypted at rest, found by HMAC, and unmasked only with an audit row."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.security import audit
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person, find_person_by_id_number
from tests.conftest import submit_with_sms_code

ID_NUMBER = make_id_number(date(1980, 3, 4), 7, female=False)
PHONE = "13955556666"


def _dump(connection) -> str:
    tables = [
        r[0]
        for r in connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type='table'"
                if connection.dialect.name == "sqlite"
                else "SELECT tablename FROM pg_tables WHERE schemaname='public'"
            )
        )
    ]
    out = []
    for table in tables:
        for row in connection.execute(text(f'SELECT * FROM "{table}"')):
            out.append(" ".join(str(v) for v in row))
    return "\n".join(out)


def test_database_holds_no_clear_id_number_or_phone(app, client):
    with app.app_context():
        person = Person(name="测试", sensitive={"disabled": {"value": True}})
        person.id_number = ID_NUMBER
        person.phone = PHONE
        db.session.add(person)
        db.session.commit()
        submit_with_sms_code(
            app,
            client,
            "/auth/register",
            {
                "phone": PHONE,
                "display_name": "甲",
                "password": "Sunny-Day-2026",
                "confirm": "Sunny-Day-2026",
            },
        )
        with db.engine.connect() as connection:
            dump = _dump(connection)
        assert ID_NUMBER not in dump and PHONE not in dump
        assert ID_NUMBER[-8:] not in dump  # not even the tail
        assert "disabled" not in dump


def test_find_by_id_number_uses_the_hmac_column(app):
    with app.app_context():
        person = Person(name="测试")
        person.id_number = ID_NUMBER
        db.session.add(person)
        db.session.commit()
        found = find_person_by_id_number(ID_NUMBER.lower())
        assert found is not None and found.id == person.id
        assert found.id_number == ID_NUMBER
        assert find_person_by_id_number(make_id_number(date(1980, 3, 4), 8, female=False)) is None


def test_the_same_id_number_cannot_be_stored_twice(app):
    with app.app_context():
        for _ in range(2):
            person = Person(name="重复")
            person.id_number = ID_NUMBER
            db.session.add(person)
        with pytest.raises(Exception, match="(?i)unique"):
            db.session.commit()
        db.session.rollback()


def test_reveal_records_who_saw_which_field_and_why(app, accounts):
    staff_id, _ = accounts.create("station_staff")
    with app.app_context():
        from jobhub.auth.models import User

        staff = db.session.get(User, staff_id)
        person = Person(name="测试")
        person.id_number = ID_NUMBER
        db.session.add(person)
        db.session.flush()
        assert audit.reveal(staff, person, "id_number", "办理社保补贴申请核对身份") == ID_NUMBER
        db.session.commit()
        event = db.session.execute(db.select(AuditEvent)).scalar_one()
        assert (event.actor_user_id, event.field, event.subject_id) == (
            staff_id,
            "id_number",
            person.id,
        )
        assert event.purpose == "办理社保补贴申请核对身份"
        with pytest.raises(ValueError):
            audit.reveal(staff, person, "id_number", "  ")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET purpose = 'changed'",
        "DELETE FROM audit_events",
    ],
)
def test_audit_log_is_append_only_in_the_database(app, statement):
    with app.app_context():
        audit.record(None, "test", "people", 1, "测试")
        db.session.commit()
        # The app role on PostgreSQL lacks the privilege; the triggers stop everyone else.
        with pytest.raises(DBAPIError, match="append-only|permission denied"):
            db.session.execute(text(statement))
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 1


def test_templates_mask_with_the_filters(app):
    with app.app_context():
        rendered = app.jinja_env.from_string("{{ x|mask_id }} {{ y|mask_phone }}").render(
            x=ID_NUMBER, y=PHONE
        )
    assert rendered == f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]} 139****6666"
