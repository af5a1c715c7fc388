"""/healthz says the process is alive without touching the database; /readyz says whether it
can serve, naming each failed check: the database, the schema's migrations, the matching
index."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from jobhub.extensions import db
from tests.seekers.helpers import build_index


def test_ready_only_with_a_current_schema_and_a_loaded_index(app, client):
    assert client.get("/healthz").get_json() == {"status": "alive"}
    waiting = client.get("/readyz")
    assert waiting.status_code == 503
    assert set(waiting.get_json()["problems"]) == {"matching_index"}
    assert "flask matching rebuild" in waiting.get_json()["problems"]["matching_index"]
    build_index(app)
    assert client.get("/readyz").get_json() == {"status": "ready"}


def test_a_schema_behind_the_migrations_is_not_ready(app, client, backend):
    build_index(app)
    with app.app_context():
        if backend == "postgresql":
            # the app's role may not touch the schema's version at all (issue 22 item 8)
            with pytest.raises(ProgrammingError, match="permission denied"):
                db.session.execute(text("UPDATE alembic_version SET version_num = 'x'"))
            db.session.rollback()
            return
        db.session.execute(text("UPDATE alembic_version SET version_num = 'e1updatedidx'"))
        db.session.commit()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert "flask db upgrade" in answer.get_json()["problems"]["migrations"]


def test_without_a_database_it_is_alive_but_not_ready(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/nothing.db")
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    answer = client.get("/readyz")
    assert answer.status_code == 503 and "database" in answer.get_json()["problems"]
