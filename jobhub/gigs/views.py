"""Web pages of the gigs area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("gigs", __name__, url_prefix="/gigs")
