"""Web pages of the employers area."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("employers", __name__, url_prefix="/employer")
