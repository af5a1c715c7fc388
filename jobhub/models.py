"""Imports every model so that the metadata (and Alembic's autogenerate) sees all tables."""

from jobhub.acts.models import ActEvent, DifficultyCertification, UnemploymentRegistration
from jobhub.alerts.models import AlertSent, JobAlert, PolicyPush
from jobhub.auth.models import ApiToken, PhoneCode, RecoveryCode, User, UserSession
from jobhub.coding.models import OccupationCorrection, OccupationCorrectionVote
from jobhub.employers.models import Organisation, Vacancy
from jobhub.gigs.models import Gig, GigClaim
from jobhub.imports.models import ImportBatch, ListedPerson
from jobhub.lists.models import ListExport, PolicySnapshot, PolicySnapshotTag
from jobhub.market.models import LayoffReport, MarketIndicator, SupplyDemandFigure, WageFigure
from jobhub.notices.models import AccountSmsConsent, Notification
from jobhub.ops.models import ScheduledJobFailure
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
from jobhub.talks.models import ApplicationMessage, Interview, ResumeShare
from jobhub.training.models import Course, Enrolment, TrainingInstitution

__all__ = [
    "ListExport",
    "ActEvent",
    "DifficultyCertification",
    "UnemploymentRegistration",
    "AlertSent",
    "JobAlert",
    "PolicyPush",
    "ApiToken",
    "Application",
    "ApplicationEvent",
    "AuditEvent",
    "Consent",
    "Course",
    "Enrolment",
    "Gig",
    "GigClaim",
    "Household",
    "HouseholdMember",
    "ImportBatch",
    "Invitation",
    "ListedPerson",
    "LayoffReport",
    "MarketIndicator",
    "Interview",
    "ResumeShare",
    "ApplicationMessage",
    "Notification",
    "AccountSmsConsent",
    "OccupationCorrection",
    "OccupationCorrectionVote",
    "Organisation",
    "Person",
    "PhoneCode",
    "PolicySnapshot",
    "PolicySnapshotTag",
    "PostingReview",
    "RecoveryCode",
    "ScheduledJobFailure",
    "ServiceRecord",
    "Station",
    "StationVisit",
    "Street",
    "SupplyDemandFigure",
    "SubsidyApplication",
    "SubsidyPayment",
    "TrainingInstitution",
    "User",
    "UserSession",
    "Vacancy",
    "WageFigure",
]
