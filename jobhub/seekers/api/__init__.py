"""JSON API of the seekers area (``/api/v1/seekers``): the seeker's own record, matches,
applications and subsidies (``seeker``), and the bureau's lists and decisions (政策找人,
graduates, subsidy decisions: ``staff``).

Auth: the session cookie or ``Authorization: Bearer jh_…``. Bad input answers 422 with
``{"error": {"code", "message", "fields"}}`` naming each field (the same validators as the
pages); a request that does not fit the object's state answers 409.
"""

# Importing the view modules registers their routes on ``blp``: the seeker's, then the staff's
# (the order of the OpenAPI document).
from jobhub.seekers.api import seeker, staff  # noqa: F401
from jobhub.seekers.api.blueprint import blp
from jobhub.seekers.api.seeker import application_json

__all__ = ["application_json", "blp"]
