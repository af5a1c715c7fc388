"""Matching and occupation-coding API (wired when the matching core lands)."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("matching_api", __name__, url_prefix="/api/v1", description="人岗匹配与职业编码")
