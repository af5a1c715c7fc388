"""The operator's endpoints: ``/healthz`` (liveness), ``/readyz`` (readiness), ``/metrics``.

Liveness says the process answers and touches nothing else: a database outage must not get
every web process restarted. Readiness says this process can serve people now: the database
answers, its schema is at the migrations' head, and the matching index is loaded; otherwise
503 with the reasons, in Chinese and English, so that a load balancer sends no one here.
"""

from __future__ import annotations

import hmac
from functools import cache
from ipaddress import ip_address
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, request
from sqlalchemy import text

from jobhub.access import PUBLIC, allow
from jobhub.extensions import db
from jobhub.ops.metrics import exposition

bp = Blueprint("ops", __name__)


@bp.route("/healthz")
@allow(PUBLIC)
def healthz():
    return jsonify(status="alive")


@cache
def _migration_heads(directory: str) -> frozenset[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def _database_reasons() -> list[dict[str, str]]:
    try:
        applied = set(db.session.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except Exception:  # unreachable, or never migrated: either way not ready
        db.session.rollback()
        return [
            {
                "code": "database_unavailable",
                "message": "数据库无法连接或尚未迁移",
                "message_en": "the database cannot be reached or has not been migrated",
            }
        ]
    migrations = str(Path(current_app.root_path).parent / "migrations")
    if applied != _migration_heads(migrations):
        return [
            {
                "code": "migrations_pending",
                "message": "数据库结构不是最新版本，请运行 flask db upgrade",
                "message_en": "the database schema is not at the migrations' head: run flask db upgrade",
            }
        ]
    return []


def _index_reasons() -> list[dict[str, str]]:
    from jobhub.matchsvc import MatchIndexMissing, loaded_index

    try:
        loaded_index()
    except MatchIndexMissing:
        return [
            {
                "code": "matching_index_missing",
                "message": "人岗匹配索引尚未生成，请运行 flask matching rebuild",
                "message_en": "no matching index: run flask matching rebuild",
            }
        ]
    return []


@bp.route("/readyz")
@allow(PUBLIC)
def readyz():
    reasons = _database_reasons() + _index_reasons()
    if reasons:
        return jsonify(status="not_ready", reasons=reasons), 503
    return jsonify(status="ready")


def may_scrape() -> bool:
    """From an address in METRICS_NETWORKS, or with ``Authorization: Bearer METRICS_TOKEN``."""
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        given = request.headers.get("Authorization", "").encode()
        if hmac.compare_digest(given, f"Bearer {token}".encode()):
            return True
    try:
        address = ip_address(request.remote_addr or "")
    except ValueError:
        return False
    address = getattr(address, "ipv4_mapped", None) or address
    return any(address in network for network in current_app.extensions["jobhub.metrics_networks"])


@bp.route("/metrics")
@allow(PUBLIC)  # who may scrape is decided by address or token, below
def metrics():
    if not may_scrape():
        abort(403)
    return Response(exposition(), mimetype="text/plain; version=0.0.4; charset=utf-8")
