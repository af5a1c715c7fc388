"""JSON API of the stations area."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("stations_api", __name__, url_prefix="/api/v1/stations", description="服务站点")
