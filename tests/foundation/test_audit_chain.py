"""The audit log as evidence: a hash chain that `flask audit verify` checks, and on PostgreSQL
an app role that can only read and add to it (no TRUNCATE, UPDATE, DELETE or DDL)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from jobhub.extensions import db
from jobhub.security import audit
from jobhub.security.models import AuditEvent


def _record(app, count: int, *, start: int = 1) -> None:
    with app.app_context():
        for i in range(start, start + count):
            audit.record(None, "test", "people", i, f"测试 {i}")
            if i % 2 == 0:
                db.session.commit()  # events in one transaction and across transactions
        db.session.commit()


def _tamper(request, backend, app, statement: str) -> None:
    """Change the log behind the app's back, as someone with the database's keys could."""
    if backend == "sqlite":
        with app.app_context():
            for verb in ("update", "delete"):
                db.session.execute(text(f"DROP TRIGGER audit_events_no_{verb}"))
            db.session.execute(text(statement))
            db.session.commit()
        return
    import psycopg

    with psycopg.connect(request.getfixturevalue("postgres_database").admin_url) as conn:
        conn.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
        conn.execute(statement)
        conn.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change")


def test_verify_passes_on_an_intact_log(app, runner):
    _record(app, 5)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "审计日志完整：共 5 条" in result.output


@pytest.mark.parametrize(
    ("statement", "broken_id", "reason"),
    [
        ("UPDATE audit_events SET purpose = '无' WHERE id = 3", 3, "被改动"),
        ("DELETE FROM audit_events WHERE id = 3", 4, "不衔接"),
    ],
)
def test_verify_names_the_first_row_changed_or_removed(
    request, backend, app, runner, statement, broken_id, reason
):
    _record(app, 5)
    _tamper(request, backend, app, statement)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"id={broken_id}" in result.output and reason in result.output


def test_concurrent_requests_do_not_fork_the_chain(app, runner):
    threads = [
        threading.Thread(target=_record, args=(app, 10), kwargs={"start": 100 * n})
        for n in range(1, 5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "共 40 条" in result.output


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_events",
        "UPDATE audit_events SET purpose = 'changed'",
        "DELETE FROM audit_events",
        "DROP TABLE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
        "CREATE TABLE scratch (id integer)",
        "TRUNCATE people CASCADE",
    ],
)
def test_the_app_role_can_only_read_and_add_to_the_audit_log(backend, app, statement):
    if backend != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    _record(app, 1)
    with app.app_context():
        who = db.session.execute(
            text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        ).one()
        assert who.current_user.endswith("_app") and who.rolsuper is False
        with pytest.raises(DBAPIError, match="permission denied|must be owner"):
            db.session.execute(text(statement))
        db.session.rollback()
        audit.record(None, "test", "people", 2, "追加仍可")
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)) == 2


def test_the_migration_chains_the_rows_written_before_it(tmp_path):
    from flask_migrate import downgrade, upgrade

    from jobhub import create_app
    from tests.conftest import base_config, remove_index_dir

    app = create_app(base_config(f"sqlite:///{tmp_path / 'old.sqlite3'}"))
    with app.app_context():
        upgrade(revision="e1updatedidx")
        db.session.execute(
            text(
                "INSERT INTO audit_events (at, actor_role, action, subject_type, subject_id,"
                " purpose, outcome) VALUES (:at, 'admin', 'view', 'people', :n, '旧记录', 'ok')"
            ),
            [{"at": f"2026-01-0{n} 08:00:00.000000", "n": n} for n in (1, 2, 3)],
        )
        db.session.commit()
        upgrade(revision="heads")
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "共 3 条" in result.output, result.output
    with app.app_context(), pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(text("UPDATE audit_events SET purpose = '改'"))
    with app.app_context():
        db.session.rollback()
        downgrade(revision="e1updatedidx")
        db.engine.dispose()
    remove_index_dir(app)
