"""Imports every model so that the metadata (and Alembic's autogenerate) sees all tables."""

from jobhub.auth.models import ApiToken, User, UserSession
from jobhub.employers.models import Organisation, Vacancy
from jobhub.gigs.models import Gig, GigClaim
from jobhub.reviews.models import PostingReview
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import (
    Application,
    ApplicationEvent,
    Consent,
    Invitation,
    Person,
    SubsidyApplication,
    SubsidyPayment,
)
from jobhub.stations.models import Household, HouseholdMember, ServiceRecord, Station, StationVisit

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "Consent",
    "Gig",
    "GigClaim",
    "Household",
    "HouseholdMember",
    "Invitation",
    "Organisation",
    "Person",
    "PostingReview",
    "ServiceRecord",
    "Station",
    "StationVisit",
    "SubsidyApplication",
    "SubsidyPayment",
    "User",
    "UserSession",
    "Vacancy",
]
