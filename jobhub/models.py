"""Imports every model so that the metadata (and Alembic's autogenerate) sees all tables."""

from jobhub.alerts.models import AlertSent, JobAlert, PolicyPush
from jobhub.auth.models import ApiToken, PhoneCode, RecoveryCode, User, UserSession
from jobhub.coding.models import OccupationCorrection, OccupationCorrectionVote
from jobhub.employers.models import Organisation, Vacancy
from jobhub.gigs.models import Gig, GigClaim
from jobhub.notices.models import Notification
from jobhub.regions.models import Street
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
from jobhub.talks.models import ApplicationMessage, Interview

__all__ = [
    "AlertSent",
    "JobAlert",
    "PolicyPush",
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "Consent",
    "Gig",
    "GigClaim",
    "Household",
    "HouseholdMember",
    "Interview",
    "ApplicationMessage",
    "Invitation",
    "Notification",
    "OccupationCorrection",
    "OccupationCorrectionVote",
    "Organisation",
    "Person",
    "PhoneCode",
    "PostingReview",
    "RecoveryCode",
    "ServiceRecord",
    "Station",
    "StationVisit",
    "Street",
    "SubsidyApplication",
    "SubsidyPayment",
    "User",
    "UserSession",
    "Vacancy",
]
