"""JSON API of the employers area."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("employers_api", __name__, url_prefix="/api/v1/employers", description="用人单位")
