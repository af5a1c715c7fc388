"""JobHub, a public employment service platform (公共就业服务平台)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_login import current_user

_ENV_PREFIX = "JOBHUB_"
_BOOL_KEYS = {"SESSION_COOKIE_SECURE", "WTF_CSRF_ENABLED", "TESTING"}
_FLOAT_KEYS = {"MATCHING_SYNC_SECONDS"}
_INT_KEYS = {
    "SMS_CODE_MINUTES",
    "OCCUPATION_CORRECTION_QUORUM",
    "QUEUE_RETRIES",
    "SMS_CODE_MAX_ATTEMPTS",
    "SECOND_FACTOR_MINUTES",
    "LOGIN_MAX_FAILURES_PER_ACCOUNT",
    "LOGIN_MAX_FAILURES_PER_IP",
    "LOGIN_WINDOW_SECONDS",
    "SQLITE_BUSY_TIMEOUT_MS",
    "PROXY_FIX_HOPS",
    "MAX_CONTENT_LENGTH",
}


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith(_ENV_PREFIX):
            continue
        name = key.removeprefix(_ENV_PREFIX)
        if name.startswith("TEST_"):
            continue
        if name == "DATABASE_URL":
            name = "SQLALCHEMY_DATABASE_URI"
        if name in _BOOL_KEYS:
            out[name] = value.lower() in {"1", "true", "yes", "on"}
        elif name in _INT_KEYS:
            out[name] = int(value)
        elif name in _FLOAT_KEYS:
            out[name] = float(value)
        else:
            out[name] = value
    if "SQLALCHEMY_DATABASE_URI" not in out and environ.get("DATABASE_URL"):
        out["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    return out


def normalise_db_url(url: str) -> str:
    # psycopg 3 is the PostgreSQL driver; plain postgres:// URLs are accepted too.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then JOBHUB_* variables, then
    ``test_config``. The factory reads configuration; it never migrates or writes data."""
    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        instance_path=str(root / "instance"),
        instance_relative_config=True,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
    )
    app.config.from_object("jobhub.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(_env_overrides(dict(os.environ)))
    if test_config:
        app.config.update(test_config)

    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or (
        "sqlite:///" + str(Path(app.instance_path) / "jobhub.sqlite3")
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_db_url(uri)
    app.config["MESSAGE_OUTBOX_DIR"] = app.config.get("MESSAGE_OUTBOX_DIR") or str(
        Path(app.instance_path) / "outbox"
    )
    if app.config.get("MIGRATION_DATABASE_URI"):
        app.config["MIGRATION_DATABASE_URI"] = normalise_db_url(
            app.config["MIGRATION_DATABASE_URI"]
        )
    if not app.config.get("SECRET_KEY") or not app.config.get("DATA_KEY"):
        raise RuntimeError(
            "SECRET_KEY and DATA_KEY must be set in instance/config.py or as JOBHUB_SECRET_KEY / "
            "JOBHUB_DATA_KEY; run `python -m jobhub.instance` (make run does) to create them."
        )

    _init_extensions(app)
    _register_blueprints(app)
    _check_rule_data(app)
    return app


def _check_rule_data(app: Flask) -> None:
    """Read the rule data at start, so that a malformed file stops the app here, naming the
    file and the field (postings.data.RuleDataError), not at the first posting it reviews."""
    from jobhub.policy.profiles import load_profile
    from jobhub.postings.data import RuleDataError, wage_parameters

    # ProfileError / UnknownProfileError name the file and the field, or the profiles there are
    app.extensions["jobhub.region_profile"] = load_profile(
        app.config["REGION_PROFILE"], app.config.get("REGION_PROFILE_DIR") or None
    )
    params = wage_parameters()
    region = app.config.get("MINIMUM_WAGE_REGION")
    if region and not any(m.region == region for m in params.minimum_wages):
        raise RuleDataError(
            f"MINIMUM_WAGE_REGION = {region!r}：jobhub/postings/wages.toml 中没有这个地区的最低工资标准"
        )


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class ReadableJSON(DefaultJSONProvider):
    """JSON answers with Chinese as Chinese (Flask 3 ignores JSON_AS_ASCII). A lone surrogate,
    which UTF-8 cannot carry, is written as its escape so that no answer fails to encode."""

    ensure_ascii = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        text = super().dumps(obj, **kwargs)
        return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _init_extensions(app: Flask) -> None:
    from jobhub import models  # noqa: F401  (every table registered before use)
    from jobhub.access import enforce
    from jobhub.auth.services import load_session_user
    from jobhub.auth.tokens import load_token_user
    from jobhub.dbsetup import configure_engine
    from jobhub.errors import register_error_handlers
    from jobhub.extensions import csrf, db, login_manager, migrate
    from jobhub.guard import install as install_guard
    from jobhub.lists.refresh import install_hook as install_lists_hook
    from jobhub.matching.explain import percent
    from jobhub.numbers import plain_number
    from jobhub.ops import install as install_ops
    from jobhub.policy.dates import in_china
    from jobhub.policy.groups import group_label
    from jobhub.security.crypto import FieldCipher
    from jobhub.security.masking import mask_id_number, mask_name, mask_phone
    from jobhub.seekers.services import education_label
    from jobhub.stations.waiting import install_hook as install_waiting_hook

    install_ops(app)  # request ids, logs and metrics: before every other request hook
    app.extensions["jobhub.cipher"] = FieldCipher(app.config["DATA_KEY"])
    configure_engine(app)
    db.init_app(app)
    install_lists_hook()
    install_waiting_hook()
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_session_user)
    login_manager.request_loader(load_token_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"

    app.before_request(enforce)
    install_guard(app)  # after the access rule; before any route exists (the int converter)
    register_error_handlers(app)
    app.jinja_env.filters.update(
        mask_id=mask_id_number, mask_phone=mask_phone, mask_name=mask_name, group_label=group_label
    )
    app.jinja_env.filters["percent"] = percent  # the one format of a score on every page
    app.jinja_env.filters["china"] = in_china  # every stored instant in Asia/Shanghai
    app.jinja_env.filters["number"] = plain_number  # 2490, never 2490.00 or 1e+06
    app.jinja_env.filters["education"] = education_label  # 本科, never "bachelor"
    app.json = ReadableJSON(app)

    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops > 0:  # behind that many reverse proxies: trust their X-Forwarded-* headers
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    @app.after_request
    def security_headers(response):
        # pages and API answers of a signed-in user carry personal data: no cache may keep
        # them (static files may be cached)
        if request.path.startswith("/api/") or (
            current_user.is_authenticated and not request.path.startswith("/static/")
        ):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        if request.is_secure:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        return response


# Each web module defines ``bp`` (a Flask blueprint), each API module ``blp`` (flask-smorest).
WEB_MODULES = (
    "jobhub.main.views",
    "jobhub.listings.views",
    "jobhub.notices.views",
    "jobhub.talks.views",
    "jobhub.alerts.views",
    "jobhub.auth.views",
    "jobhub.calculator.views",
    "jobhub.seekers.views",
    "jobhub.employers.views",
    "jobhub.stations.views",
    "jobhub.gigs.views",
    "jobhub.admin.views",
    "jobhub.imports.views",
    "jobhub.acts.views",
    "jobhub.training.views",
    "jobhub.market.views",
    "jobhub.api.docs",
    "jobhub.ops.views",
)
API_MODULES = (
    "jobhub.api.health",
    "jobhub.api.me",
    "jobhub.api.policy",
    "jobhub.api.postings",
    "jobhub.api.matching",
    "jobhub.seekers.api",
    "jobhub.employers.api",
    "jobhub.stations.api",
    "jobhub.acts.api",
    "jobhub.gigs.api",
    "jobhub.market.api",
    "jobhub.listings.api",
    "jobhub.notices.api",
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    from jobhub.access import PUBLIC, declare
    from jobhub.api.core import api
    from jobhub.auth import throttle
    from jobhub.cli import register_cli
    from jobhub.extensions import csrf
    from jobhub.nav import register_nav
    from jobhub.policy_cli import policy_cli

    for name in WEB_MODULES:
        app.register_blueprint(import_module(name).bp)

    api.init_app(app)
    for name in API_MODULES:
        blp = import_module(name).blp
        api.register_blueprint(blp)
        # JSON only, SameSite=Lax session cookies or bearer tokens: a cross-site form cannot
        # send these requests, so the form CSRF token is not asked of the API.
        csrf.exempt(blp)

    throttle.install(app)  # wraps views, so after they are registered
    declare(app, "static", [PUBLIC])
    declare(app, "api-docs.openapi_json", [PUBLIC])
    register_cli(app)
    app.cli.add_command(policy_cli)
    register_nav(app)
