"""Liveness and readiness for an orchestrator (Kubernetes, compose healthchecks, a load
balancer). ``/healthz``: the process answers (no database touched; a failing database must not
get a live process restarted). ``/readyz``: it can serve: the database answers, its schema is at
the migrations' head, and the matching index is loaded. Each failed check is named."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from jobhub.access import PUBLIC, allow
from jobhub.extensions import db

bp = Blueprint("probes", __name__)


@bp.route("/healthz")
@allow(PUBLIC)
def healthz():
    return jsonify({"status": "alive"})


def _schema_heads() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    directory = current_app.extensions["migrate"].directory
    config = Config()
    config.set_main_option("script_location", directory)
    return set(ScriptDirectory.from_config(config).get_heads())


def readiness_problems() -> dict[str, str]:
    """Check name → what is wrong (Chinese); empty when ready."""
    from jobhub.matchsvc import MatchIndexMissing, loaded_index

    problems: dict[str, str] = {}
    try:
        current = set(db.session.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except Exception:  # no database, or no schema: say which, without details
        db.session.rollback()
        problems["database"] = "数据库不可用，或尚未建表（flask db upgrade）"
    else:
        heads = _schema_heads()
        if current != heads:
            problems["migrations"] = (
                f"数据库结构版本 {', '.join(sorted(current)) or '无'} 不是最新的 "
                f"{', '.join(sorted(heads))}：请运行 flask db upgrade"
            )
    try:
        loaded_index()
    except MatchIndexMissing:
        problems["matching_index"] = "匹配索引尚未建立：请运行 flask matching rebuild"
    return problems


@bp.route("/readyz")
@allow(PUBLIC)
def readyz():
    problems = readiness_problems()
    if problems:
        return jsonify({"status": "not_ready", "problems": problems}), 503
    return jsonify({"status": "ready"})
