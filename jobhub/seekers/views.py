"""Web pages of the seekers area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("seekers", __name__, url_prefix="/seeker")
