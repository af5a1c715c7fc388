"""JSON API of the seekers area."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("seekers_api", __name__, url_prefix="/api/v1/seekers", description="求职者")
