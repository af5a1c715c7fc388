"""JSON API of the gigs area."""

from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("gigs_api", __name__, url_prefix="/api/v1/gigs", description="零工")
