"""Running as a service: request ids and JSON log lines without personal data, /metrics by
URL rule, liveness apart from readiness, and the scheduled jobs' worker."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, date, datetime, time

import pytest

from jobhub.demo import make_id_number
from jobhub.ops.worker import JOBS, next_run, run_job


@pytest.fixture
def json_app(make_app):
    yield make_app(LOG_FORMAT="json")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "jobhub_json", False)]:
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)


def log_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_request_line_is_json_with_the_callers_request_id(json_app, capsys):
    client = json_app.test_client()
    answer = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a9c21-0001"})
    assert answer.headers["X-Request-ID"] == "lb-7f3a9c21-0001"
    unsafe = client.get("/healthz", headers={"X-Request-ID": 'x" injected\tvalue'})
    given = unsafe.headers["X-Request-ID"]
    assert given != 'x" injected\tvalue' and len(given) == 32  # a new id instead

    lines = [r for r in log_lines(capsys.readouterr().err) if r["logger"] == "jobhub.request"]
    first, second = lines[-2], lines[-1]
    assert first["request_id"] == "lb-7f3a9c21-0001" and second["request_id"] == given
    assert first["method"] == "GET" and first["path"] == "/healthz" and first["status"] == 200
    assert first["route"] == "/healthz" and isinstance(first["duration_ms"], float)
    assert first["level"] == "INFO"
    assert datetime.fromisoformat(first["time"]).utcoffset() is not None  # ISO 8601 with zone


def test_no_phone_id_number_or_name_in_the_logs(json_app, capsys):
    from tests.conftest import Accounts

    accounts = Accounts(json_app)
    staff_id, staff_login = accounts.create("station_staff", login="13912345678")
    client = json_app.test_client()
    assert accounts.login(client, staff_login).status_code == 302
    number = make_id_number(date(1988, 5, 17), 21, False)
    phone = "13700004444"
    body = {
        "id_number": number,
        "name": "欧阳振华",
        "phone": phone,
        "trades": ["电工"],
        "days": [0, 1],
        "start": "08:00",
        "end": "18:00",
        "home_street_code": "330106010",
        "consent": True,
    }
    assert client.post("/api/v1/stations/walk-ins", json=body).status_code == 201
    client.post("/api/v1/stations/walk-ins/lookup", json={"id_number": number})
    client.get(f"/stations/people?q={phone}")  # a search by phone: query strings are not logged
    client.get(f"/people/{number}")  # a number typed into the address

    err = capsys.readouterr().err
    for secret in (number, phone, "13912345678", "欧阳振华", number[:14]):
        assert secret not in err
    lines = [r for r in log_lines(err) if r["logger"] == "jobhub.request"]
    walk_in = next(r for r in lines if r["path"] == "/api/v1/stations/walk-ins")
    assert walk_in["status"] == 201 and walk_in["user_id"] == staff_id
    assert any(r["path"] == "/people/***" for r in lines)


def test_metrics_label_latency_by_route_not_by_id(app):
    client = app.test_client()
    assert client.get("/api/v1/gigs/987654").status_code == 404
    client.get("/api/v1/gigs/987655")
    text = client.get("/metrics").text
    route = 'route="/api/v1/gigs/<int:gig_id>"'
    count = next(
        line
        for line in text.splitlines()
        if line.startswith("jobhub_http_request_duration_seconds_count") and route in line
    )
    assert count.endswith(" 2.0")
    assert f'jobhub_http_requests_total{{method="GET",{route},status="4xx"}} 2.0' in text
    assert "987654" not in text and "987655" not in text
    assert 'jobhub_review_queue_depth{kind="vacancy"} 0.0' in text
    assert "jobhub_matching_index_age_seconds" not in text  # no index built yet


def test_metrics_only_from_configured_networks_or_with_the_token(make_app):
    app = make_app(METRICS_TOKEN="scrape-secret-0123")
    outside = app.test_client()
    outside.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert outside.get("/metrics").status_code == 403
    wrong = outside.get("/metrics", headers={"Authorization": "Bearer guessed"})
    assert wrong.status_code == 403
    scraped = outside.get("/metrics", headers={"Authorization": "Bearer scrape-secret-0123"})
    assert scraped.status_code == 200 and "jobhub_http_requests_total" in scraped.text
    assert app.test_client().get("/metrics").status_code == 200  # 127.0.0.1, the default


def test_readiness_waits_for_the_matching_index(app):
    client = app.test_client()
    before = client.get("/readyz")
    assert before.status_code == 503
    reasons = before.get_json()["reasons"]
    assert [r["code"] for r in reasons] == ["matching_index_missing"]
    assert "flask matching rebuild" in reasons[0]["message"] and reasons[0]["message_en"]
    assert client.get("/healthz").status_code == 200
    with app.app_context():
        from jobhub.matchsvc import rebuild_index

        rebuild_index()
    assert client.get("/readyz").get_json() == {"status": "ready"}
    assert "jobhub_matching_index_age_seconds" in client.get("/metrics").text


def test_an_unreachable_database_is_not_ready_but_alive(make_app):
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql://nobody@127.0.0.1:9/nowhere")
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    answer = client.get("/readyz")
    assert answer.status_code == 503
    codes = [r["code"] for r in answer.get_json()["reasons"]]
    assert "database_unavailable" in codes
    assert "数据库" in answer.get_json()["reasons"][0]["message"]
    assert client.get("/api/v1/health").status_code == 503  # the API's own check still works


def test_a_schema_behind_the_migrations_is_not_ready(app, backend):
    if backend != "sqlite":
        pytest.skip("the app's PostgreSQL role may not change alembic_version")
    from sqlalchemy import text

    from jobhub.extensions import db

    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = 'f1auditchain'"))
        db.session.commit()
    codes = [r["code"] for r in app.test_client().get("/readyz").get_json()["reasons"]]
    assert "migrations_pending" in codes


def test_the_worker_runs_a_job_at_its_time_in_china():
    # 00:05 in China is 16:05 UTC the day before
    assert next_run(datetime(2026, 3, 10, 16, 4, tzinfo=UTC), time(0, 5)) == datetime(
        2026, 3, 10, 16, 5, tzinfo=UTC
    )
    assert next_run(datetime(2026, 3, 10, 16, 5, tzinfo=UTC), time(0, 5)) == datetime(
        2026, 3, 11, 16, 5, tzinfo=UTC
    )
    assert next_run(datetime(2026, 3, 10, 18, 0, tzinfo=UTC), time(3, 0)) == datetime(
        2026, 3, 10, 19, 0, tzinfo=UTC
    )


def test_the_workers_rebuild_makes_the_app_ready(app):
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    env = {
        **os.environ,
        "JOBHUB_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBHUB_SECRET_KEY": app.config["SECRET_KEY"],
        "JOBHUB_DATA_KEY": app.config["DATA_KEY"],
        "JOBHUB_MATCHING_INDEX_DIR": app.config["MATCHING_INDEX_DIR"],
    }
    rebuild = next(job for job in JOBS if job.name == "matching-rebuild")
    assert run_job(rebuild, env) == 0
    assert client.get("/readyz").status_code == 200


def test_the_image_holds_what_the_app_reads_and_compose_runs_its_commands():
    import re
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[2]
    copied = set()
    for line in (root / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY "):
            copied.update(line.split()[1:-1])
    assert {"jobhub", "migrations", "templates", "static", "wsgi.py", "gunicorn.conf.py"} <= copied
    ignored = set((root / ".dockerignore").read_text().split())
    assert not copied & ignored
    entrypoint = (root / "docker" / "entrypoint.sh").read_text()
    commands = set(re.findall(r"^(\w+)\)$", entrypoint, re.MULTILINE))
    services = yaml.safe_load((root / "compose.yaml").read_text())["services"]
    assert {"db", "redis", "init", "web", "worker"} <= set(services)
    for name in ("init", "web", "worker"):
        assert services[name]["command"][0] in commands
    assert "jobs" in commands  # an extra consumer of the queue, not started by compose
    # every setting the app containers are given is one the app reads (a misspelt name is
    # silently ignored: throttling and the job queue would fall back to this process alone)
    import jobhub.config

    given = yaml.safe_load((root / "compose.yaml").read_text())["x-app"]["environment"]
    for key in given:
        name = key.removeprefix("JOBHUB_")
        assert name == "DATABASE_URL" or hasattr(jobhub.config, name), key
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert all(port.startswith("127.0.0.1:") for port in services["web"]["ports"])
