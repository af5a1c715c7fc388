"""Imports every model so that the metadata (and Alembic's autogenerate) sees all tables."""

from jobhub.auth.models import ApiToken, User, UserSession
from jobhub.employers.models import Organisation, Vacancy
from jobhub.gigs.models import Gig
from jobhub.reviews.models import PostingReview
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person
from jobhub.stations.models import Station

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Gig",
    "Organisation",
    "Person",
    "PostingReview",
    "Station",
    "User",
    "UserSession",
    "Vacancy",
]
