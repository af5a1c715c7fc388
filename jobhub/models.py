"""Imports every model so that the metadata (and Alembic's autogenerate) sees all tables."""

from jobhub.auth.models import User, UserSession
from jobhub.employers.models import Organisation, Vacancy
from jobhub.gigs.models import Gig
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person
from jobhub.stations.models import Station

__all__ = [
    "AuditEvent",
    "Gig",
    "Organisation",
    "Person",
    "Station",
    "User",
    "UserSession",
    "Vacancy",
]
