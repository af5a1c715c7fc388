"""The seekers area's API blueprint; its views live in ``seeker`` and ``staff``."""

from flask_smorest import Blueprint

blp = Blueprint("seekers_api", __name__, url_prefix="/api/v1/seekers", description="求职者")
