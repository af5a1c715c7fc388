"""The schema comes from the migrations, and the models agree with them, on every backend."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from jobhub.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def test_single_head():
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, heads


def test_models_match_migrations(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], diff


def test_every_model_table_exists(app):
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables


def test_consents_recorded_before_the_table_become_version_one(tmp_path):
    """g1consents: sensitive statuses keep their consent date (at the counter when staff
    recorded them), a shared profile its last update."""
    from datetime import UTC, datetime

    from flask_migrate import downgrade, upgrade

    from jobhub import create_app
    from jobhub.seekers.identity import set_sensitive_status
    from jobhub.seekers.models import Person
    from tests.conftest import base_config, remove_index_dir

    app = create_app(base_config(f"sqlite:///{tmp_path / 'consents.sqlite3'}"))
    with app.app_context():
        upgrade(revision="f2retirecat")
        # the users table as it was then (the model has columns added later): plain SQL
        db.session.execute(
            db.text(
                "INSERT INTO users (login_hmac, login, display_name, role, password_hash, active,"
                " created_at) VALUES ('h', 'x', '站员', 'admin', 'x', :yes, :now)"
            ),
            {"yes": True, "now": datetime(2026, 11, 30, tzinfo=UTC)},
        )
        staff_id = db.session.scalar(db.text("SELECT id FROM users WHERE login_hmac = 'h'"))
        walk_in, seeker, shared = Person(name="甲"), Person(name="乙"), Person(name="丙")
        set_sensitive_status(walk_in, "disabled", True, recorded_by_user_id=staff_id)
        set_sensitive_status(seeker, "is_veteran", True, recorded_by_user_id=None)
        walk_in.sensitive["disabled"]["consented_at"] = "2026-11-30T02:00:00+00:00"
        shared.share_with_employers = True
        shared.updated_at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
        # the people table as it was then, too (people.waiting_since came later): plain SQL,
        # the sensitive statuses encrypted by the column's own type
        columns = Person.__table__.c
        insert = db.text(
            "INSERT INTO people (name, sensitive, share_with_employers, summary, work_history,"
            " skills, trades, desired_titles, desired_occupation_codes, availability,"
            " created_at, updated_at) VALUES (:name, :sensitive, :shared, '', '', '[]', '[]',"
            " '[]', '[]', '{}', :at, :at)"
        ).bindparams(
            db.bindparam("sensitive", type_=columns.sensitive.type),
            db.bindparam("at", type_=columns.updated_at.type),
        )
        ids = []
        for person in (walk_in, seeker, shared):
            db.session.execute(
                insert,
                {
                    "name": person.name,
                    "sensitive": person.sensitive,
                    "shared": bool(person.share_with_employers),
                    "at": person.updated_at or datetime(2026, 11, 30, tzinfo=UTC),
                },
            )
            ids.append(db.session.scalar(db.text("SELECT max(id) FROM people")))
        db.session.commit()
        ids = (*ids, staff_id)
        upgrade(revision="g1consents")
        rows = db.session.execute(
            db.text(
                "SELECT person_id, purpose, text_version, given_at, given_via, given_by_id "
                "FROM consents ORDER BY person_id"
            )
        ).all()
        downgrade(revision="f2retirecat")
        assert "consents" not in inspect(db.engine).get_table_names()
        db.engine.dispose()
    remove_index_dir(app)
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in rows] == [
        (ids[0], "sensitive_statuses", 1, "counter", ids[3]),
        (ids[1], "sensitive_statuses", 1, "online", None),
        (ids[2], "share_with_employers", 1, "online", None),
    ]
    assert str(rows[0][3]).startswith("2026-11-30 02:00")
    assert str(rows[2][3]).startswith("2026-12-01 08:00")
