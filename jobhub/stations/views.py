"""Web pages of the stations area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("stations", __name__, url_prefix="/station")
