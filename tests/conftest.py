"""Fixtures: the app on SQLite (always) and PostgreSQL (when JOBHUB_TEST_POSTGRES_URL is set),
schemas built by the migrations, a fresh database state for every test, no outbound network."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from jobhub.security.crypto import generate_data_key

PG_URL = os.environ.get("JOBHUB_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
# A cheaper scrypt keeps the suite fast; test_passwords checks the production setting itself.
TEST_HASH_METHOD = "scrypt:16384:8:1"


@pytest.fixture(autouse=True)
def _no_outbound_network(monkeypatch):
    """Tests talk to this machine only (the app, PostgreSQL, Redis)."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise RuntimeError(f"test tried to reach {host}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def base_config(uri: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-" + uuid.uuid4().hex,
        "DATA_KEY": generate_data_key(),
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": TEST_HASH_METHOD,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MATCHING_INDEX_DIR": tempfile.mkdtemp(prefix="jobhub-index-"),
        "MESSAGE_OUTBOX_DIR": tempfile.mkdtemp(prefix="jobhub-outbox-"),
        "IMPORT_UPLOAD_DIR": tempfile.mkdtemp(prefix="jobhub-uploads-"),
        "MATCHING_SYNC_SECONDS": 0,  # see every change at once; production looks each second
    }


def remove_index_dir(app) -> None:
    """Remove the matching index and outbox folders base_config made for a test app (the suite
    used to leave thousands in the temporary directory)."""
    for key, prefix in (
        ("MATCHING_INDEX_DIR", "jobhub-index-"),
        ("MESSAGE_OUTBOX_DIR", "jobhub-outbox-"),
        ("IMPORT_UPLOAD_DIR", "jobhub-uploads-"),
    ):
        folder = Path(app.config[key])
        if folder.name.startswith(prefix):
            shutil.rmtree(folder, ignore_errors=True)


def _migrate(uri: str, **overrides) -> None:
    from flask_migrate import upgrade

    from jobhub import create_app

    app = create_app({**base_config(uri), **overrides})
    with app.app_context():
        upgrade(revision="heads")
        from jobhub.extensions import db

        db.engine.dispose()
    remove_index_dir(app)


def _setup_demo_region(uri: str) -> None:
    """Every test database starts with the demo district's streets, as ``make run`` does (the
    tests use its street codes); region tests set up more on top."""
    from jobhub import create_app
    from jobhub.demo import setup_demo_region
    from jobhub.extensions import db

    app = create_app(base_config(uri))
    with app.app_context():
        setup_demo_region()
        db.session.commit()
        db.engine.dispose()
    remove_index_dir(app)


class SqliteTemplate:
    """One migrated SQLite file per session; each test gets its own copy."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.template = directory / "template.sqlite3"
        _migrate(f"sqlite:///{self.template}")
        _setup_demo_region(f"sqlite:///{self.template}")

    def fresh(self) -> str:
        target = self.directory / f"t-{uuid.uuid4().hex}.sqlite3"
        with sqlite3.connect(self.template) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return f"sqlite:///{target}"


class PostgresDatabase:
    """A database of our own on the server, with its own owner and app roles set up by
    ``flask db-roles setup`` as a bureau would, migrated once as the owner; the app under test
    connects as the app's role. Tables are truncated between tests (as the superuser)."""

    def __init__(self, server_url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        self.server_url = server_url
        self.name = f"jobhub_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.owner, self.app_role = f"{self.name}_owner", f"{self.name}_app"
        try:
            with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
        except psycopg.OperationalError as exc:
            pytest.fail(
                f"JOBHUB_TEST_POSTGRES_URL is set but PostgreSQL cannot be reached: {exc}",
                pytrace=False,
            )
        server = make_url(server_url)

        def url_as(user: str) -> str:
            return server.set(username=user, database=self.name).render_as_string(False)

        self.admin_url = url_as(server.username)
        self.owner_url = url_as(self.owner)
        self.url = url_as(self.app_role)
        self._setup_roles()
        _migrate(self.url, MIGRATION_DATABASE_URI=self.owner_url)
        _setup_demo_region(self.url)
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            ).fetchall()
            # the streets every test starts with, put back after each truncation
            cursor = conn.execute("SELECT * FROM streets")
            self.streets = ([c.name for c in cursor.description], cursor.fetchall())
        self.tables = [r[0] for r in rows]

    def _setup_roles(self) -> None:
        from jobhub import create_app

        app = create_app(base_config(self.admin_url))
        result = app.test_cli_runner().invoke(
            args=["db-roles", "setup", "--owner", self.owner, "--app-role", self.app_role]
        )
        remove_index_dir(app)
        assert result.exit_code == 0, result.output

    def fresh(self) -> str:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in self.tables) + " RESTART IDENTITY CASCADE"
            )
            columns, rows = self.streets
            conn.cursor().executemany(
                f"INSERT INTO streets ({', '.join(columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                rows,
            )
        return self.url

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{self.app_role}"')
            conn.execute(f'DROP ROLE IF EXISTS "{self.owner}"')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite"))


@pytest.fixture(scope="session")
def postgres_database():
    if not PG_URL:
        pytest.skip("JOBHUB_TEST_POSTGRES_URL is not set")
    database = PostgresDatabase(PG_URL)
    yield database
    database.drop()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, request) -> str:
    if backend == "sqlite":
        return request.getfixturevalue("sqlite_template").fresh()
    return request.getfixturevalue("postgres_database").fresh()


@pytest.fixture
def make_app(database_url):
    """Build an app on this test's fresh database, with config overrides."""
    from jobhub import create_app
    from jobhub.extensions import db

    apps = []

    def factory(**overrides):
        app = create_app({**base_config(database_url), **overrides})
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        remove_index_dir(app)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def sent_sms(app, phone: str) -> list[str]:
    """The texts the development gateway sent to ``phone``, oldest first."""
    from jobhub.messaging import FileGateway

    return [m.text for m in FileGateway(app.config).sent("sms") if m.to == phone]


def sms_code(app, phone: str) -> str:
    """The verification code in the latest text to ``phone``, read as its holder would."""
    import re

    texts = sent_sms(app, phone)
    assert texts, f"no text was sent to {phone}"
    return re.search(r"验证码 (\d{6})", texts[-1]).group(1)


def submit_with_sms_code(app, client, path: str, data: dict):
    """Fill a form that asks for an SMS code as a person does: 获取短信验证码, read the text,
    then send the form with the code."""
    client.post(path, data={**data, "send_code": "1"})
    return client.post(path, data={**data, "code": sms_code(app, data["phone"])})


def totp_code(app, login: str, secret: str) -> str:
    """A code the server will take for this account now: the first 30-second step it has not
    accepted yet (a code is good once), waiting for the next step when the account has just
    used the one ahead."""
    import pyotp

    from jobhub.auth.services import find_user_by_login
    from jobhub.auth.twofactor import STEP_SECONDS

    with app.app_context():
        last = find_user_by_login(login).totp_last_step
    # the current step: the server takes it for a step either side, so a request that
    # crosses a 30-second boundary still counts
    step = int(time.time()) // STEP_SECONDS
    if last is not None and step <= last:
        step = last + 1
    while step > int(time.time()) // STEP_SECONDS + 1:
        time.sleep(1)
    return pyotp.TOTP(secret).at(step * STEP_SECONDS)


def finish_second_factor(app, client, response, login: str, secret: str):
    """After a staff or admin password is accepted, give the authenticator code as they would."""
    if response.status_code == 302 and "/auth/second-factor" in response.headers["Location"]:
        return client.post("/auth/second-factor", data={"code": totp_code(app, login, secret)})
    return response


def sign_in(app, client, login: str, password: str, secret: str | None = None):
    """Log in through the real forms; staff and admins also give their second factor."""
    response = client.post("/auth/login", data={"login": login, "password": password})
    return finish_second_factor(app, client, response, login, secret) if secret else response


class Accounts:
    """Create users of each role and log in as them through the real login form (staff and
    admins with an authenticator bound, as after their first login)."""

    PASSWORD = "Correct-horse-42"

    def __init__(self, app) -> None:
        self.app = app
        self._n = 0
        self.secrets: dict[str, str] = {}

    def create(self, role: str, **extra) -> tuple[int, str]:
        import pyotp

        from jobhub.auth import twofactor
        from jobhub.auth.roles import Role
        from jobhub.auth.services import NewAccount, create_user
        from jobhub.employers.services import register_organisation
        from jobhub.extensions import db
        from jobhub.stations.models import Station

        self._n += 1
        login = extra.pop("login", f"1370000{self._n:04d}")
        with self.app.app_context():
            if role == "employer" and "organisation_id" not in extra:
                from jobhub.demo import make_uscc

                org = register_organisation(f"测试单位{self._n}", make_uscc(9000 + self._n))
                extra["organisation_id"] = org.id
            if role == "station_staff" and "station_id" not in extra:
                station = Station(
                    name=f"测试驿站{self._n}",
                    address="测试路 1 号",
                    street_code="330106005",
                    lat=30.28,
                    lng=120.12,
                )
                db.session.add(station)
                db.session.flush()
                extra["station_id"] = station.id
            if role == "institution" and "institution_id" not in extra:
                from jobhub.demo import make_uscc
                from jobhub.training.models import TrainingInstitution

                institution = TrainingInstitution(
                    name=f"测试培训学校{self._n}", uscc=make_uscc(7000 + self._n)
                )
                db.session.add(institution)
                db.session.flush()
                extra["institution_id"] = institution.id
            user = create_user(
                NewAccount(login, self.PASSWORD, f"用户{self._n}", Role(role), **extra)
            )
            if twofactor.required(user):
                self.secrets[login] = pyotp.random_base32()
                twofactor.enrol(user, self.secrets[login])
            db.session.commit()
            return user.id, login

    def login(self, client, login: str, password: str | None = None):
        return sign_in(self.app, client, login, password or self.PASSWORD, self.secrets.get(login))

    def client_for(self, role: str):
        client = self.app.test_client()
        _, login = self.create(role)
        response = self.login(client, login)
        assert response.status_code == 302, response.data
        return client


@pytest.fixture
def accounts(app):
    return Accounts(app)


@pytest.fixture(scope="session")
def dask_client():
    """A client on a local dask.distributed cluster of two single-threaded worker processes,
    as the batch jobs run on one machine (jobhub/partitions.py)."""
    from jobhub.partitions import dask_client as open_client

    with open_client(n_workers=2) as client:
        yield client
