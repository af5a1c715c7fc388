"""Every route that takes an object's id, for every role allowed on it, refuses someone else's
object (404 or 403) and changes nothing: a station worker acts on their station's people, an
employer on its organisation, a seeker on themself; the bureau decides grants.

The matrix is generated from the url_map: a route whose id the table below does not know
fails the test, so a new route cannot slip through unchecked.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from jobhub.access import PUBLIC, rule_for
from jobhub.extensions import db
from tests.gigs import factory
from tests.seekers.helpers import People, post_vacancy

ROLES = ("seeker", "employer", "station_staff", "admin", "institution")

# Routes where an object that is not the caller's is theirs to act on by design, with why.
BY_DESIGN = {
    # the bureau reviews every posting, sees every person, runs every station, decides grants
    ("admin", "employers.decide"),
    ("admin", "employers_api.ReviewDecision"),
    ("admin", "admin.person"),
    ("admin", "admin.reveal"),
    ("admin", "admin.record_service"),
    ("admin", "admin.decide_subsidy"),
    ("admin", "admin.record_payment"),
    ("admin", "seekers_api.Reveal"),
    ("admin", "seekers_api.Services"),
    ("admin", "seekers_api.SubsidyDecision"),
    ("admin", "seekers_api.SubsidyPayments"),
    ("admin", "stations.admin_station"),
    ("admin", "stations.admin_bind_staff"),
    ("admin", "stations.admin_unbind_staff"),
    ("admin", "admin.decide_occupation_correction"),  # corrections are the platform's coding
    ("admin", "admin.retry_job"),  # background jobs are the platform's own
    # departments' lists are sent to the bureau: every import and its 比对 is the bureau's
    ("admin", "imports.preview"),
    ("admin", "imports.confirm"),
    ("admin", "imports.batch"),
    ("admin", "imports.export"),
    # the bureau handles 失业登记 and 认定 for anyone, as its stations do for their people
    ("admin", "acts.person"),
    ("admin", "acts.counter_registration"),
    ("admin", "acts.end_registration"),
    ("admin", "acts.counter_certification"),
    ("admin", "acts.decide_certification"),
    ("admin", "acts.review_certification"),
    ("admin", "acts_api.PersonActs"),
    ("admin", "acts_api.CounterRegistration"),
    ("admin", "acts_api.EndRegistration"),
    ("admin", "acts_api.CounterCertification"),
    ("admin", "acts_api.DecideCertification"),
    ("admin", "acts_api.ReviewCertification"),
    # the bureau runs the training catalogue: registers institutions, reviews every course
    ("admin", "training.admin_new_course"),
    ("admin", "training.admin_bind_account"),
    ("admin", "training.edit_course"),
    ("admin", "training.roster"),
    ("admin", "training.close_course"),
    ("admin", "training.decide"),
    # published vacancies and open gigs are offered to every seeker (and shown to employers)
    ("seeker", "seekers.vacancy"),
    ("seeker", "seekers.apply"),
    ("seeker", "gigs.detail"),
    ("employer", "gigs.detail"),
    ("seeker", "gigs.claim"),
    ("seeker", "gigs_api.Claims"),
    # published courses are offered to every seeker and shown at every counter
    ("seeker", "training.course"),
    ("seeker", "training.enrol"),
    ("station_staff", "training.course"),
    ("admin", "training.course"),
}


@pytest.fixture
def world(app, accounts):
    """Objects that belong to *other* people: organisation B, seeker B, station 2."""
    people = People(app, accounts)
    employer_b, _org_b = people.employer()
    vacancy_b = post_vacancy(employer_b)
    seeker_b, person_b = people.seeker("赵敏")
    seeker_b.post(f"/seeker/vacancies/{vacancy_b}/apply")
    employer_b.post(f"/employer/vacancies/{vacancy_b}/invite/{person_b}")
    staff2_id, _ = accounts.create("station_staff")
    other_admin_id, _ = accounts.create("admin")
    with app.app_context():
        from jobhub.auth.models import User
        from jobhub.auth.tokens import create_token
        from jobhub.demo import make_uscc
        from jobhub.gigs.services import claim_gig
        from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE
        from jobhub.seekers.consents import give_consent
        from jobhub.seekers.models import Application, Invitation, SubsidyApplication
        from jobhub.stations.models import Household, HouseholdMember
        from jobhub.training.models import Enrolment, TrainingInstitution
        from tests.training.helpers import training_course

        staff2 = db.session.get(User, staff2_id)
        station2 = staff2.station_id
        person2 = factory.person(71, registered_station_id=station2)
        gig2 = factory.gig(station2)
        claim2 = claim_gig(gig2.id, person2.id, None)
        give_consent(person2, PURPOSE_SENSITIVE, via="counter", actor=staff2)
        household = Household(station_id=station2, label="某户", marked_on=date.today())
        household.members = [HouseholdMember(person_id=person2.id)]
        subsidy = SubsidyApplication(person_id=person2.id, code="si_flexible_difficulty")
        db.session.add_all([household, subsidy])
        create_token(db.session.get(User, staff2_id), "对接")
        from tests.acts.helpers import register_unemployed

        registration = register_unemployed(person2, staff2)
        from jobhub.acts.services import apply_certification

        certification = apply_certification(
            person2, {"categories": ["older_worker"]}, actor=staff2, via="counter"
        )
        institution_b = TrainingInstitution(name="乙培训学校", uscc=make_uscc(8800))
        db.session.add(institution_b)
        db.session.flush()
        course_b = training_course(institution_b.id)
        enrolment_b = Enrolment(course_id=course_b.id, person_id=person2.id, status="completed")
        db.session.add(enrolment_b)
        from jobhub.talks.models import Interview

        application_b = db.session.scalar(
            db.select(Application).where(Application.vacancy_id == vacancy_b)
        )
        interview = Interview(
            application_id=application_b.id,
            starts_at=datetime.now(UTC) + timedelta(days=2),
            place="单位 B 会议室",
            contact_name="B 经理",
        )
        db.session.add(interview)
        from jobhub.alerts.models import JobAlert, PolicyPush

        alert = JobAlert(person_id=person_b, fits_me=True)
        push = PolicyPush(person_id=person2.id, code="si_flexible_difficulty", station_id=station2)
        from jobhub.employers.models import Vacancy
        from jobhub.talks.models import ResumeShare

        share = ResumeShare(
            person_id=person_b,
            organisation_id=db.session.get(Vacancy, vacancy_b).organisation_id,
            given_via="online",
        )
        from jobhub.lists.models import ListExport

        # another bureau user's finished export (its file is theirs alone)
        export = ListExport(
            user_id=other_admin_id, kind="outreach", status="done", file_name="x.xlsx"
        )
        db.session.add_all([alert, push, share, export])
        db.session.commit()
        ids = {
            "vacancy_id": vacancy_b,
            "person_id": person2.id,
            "gig_id": gig2.id,
            "claim_id": claim2.id,
            "household_id": household.id,
            "application_id": db.session.scalar(
                db.select(Application.id).where(Application.vacancy_id == vacancy_b)
            ),
            "subsidy_application_id": subsidy.id,
            "invitation_id": db.session.scalar(
                db.select(Invitation.id).where(Invitation.person_id == person_b)
            ),
            "token_id": db.session.scalar(db.text("SELECT max(id) FROM api_tokens")),
            "station_id": station2,
            "course_id": course_b.id,
            "enrolment_id": enrolment_b.id,
            "institution_id": institution_b.id,
            "user_id": staff2_id,
            "registration_id": registration.id,
            "certification_id": certification.id,
            "interview_id": interview.id,
            "alert_id": alert.id,
            "push_id": push.id,
            "share_id": share.id,
            "export_id": export.id,
            # the newest message: organisation B's (seeker B applied), someone else's to all
            "notice_id": db.session.scalar(db.text("SELECT max(id) FROM notifications")),
        }
    return ids


def _state(app) -> list:
    """What a refused request must leave as it was."""
    with app.app_context():
        rows = []
        for table in (
            "applications",
            "application_events",
            "consents",
            "invitations",
            "gig_claims",
            "gigs",
            "households",
            "subsidy_applications",
            "subsidy_payments",
            "service_records",
            "api_tokens",
            "vacancies",
            "notifications",
            "interviews",
            "application_messages",
            "job_alerts",
            "policy_pushes",
            "resume_shares",
            "account_sms_consents",
            "users",
            "unemployment_registrations",
            "difficulty_certifications",
            "act_events",
            "courses",
            "enrolments",
            "training_institutions",
            "list_exports",
        ):
            rows.append((table, db.session.execute(db.text(f"SELECT * FROM {table}")).all()))
        return rows


def _fill(rule: str, endpoint: str, ids: dict, role: str) -> str | None:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == "application_id" and ("subsid" in rule):
            return str(ids["subsidy_application_id"])
        if name == "action":
            if "/claims/" in rule:
                return "check_in" if role == "employer" else "cancel"
            return "close"
        if name == "code":
            return "disability"
        if name == "purpose":
            return "sensitive_statuses"
        return str(ids[name])

    try:
        return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", value, rule)
    except KeyError as exc:
        raise AssertionError(f"{endpoint}: no 'someone else's object' for {exc}") from exc


@pytest.mark.parametrize("role", ROLES)
def test_nobody_reaches_someone_elses_object(app, accounts, world, role):
    client = accounts.client_for(role)
    problems = []
    for rule in app.url_map.iter_rules():
        if "<" not in rule.rule or rule.endpoint == "static":
            continue
        allowed = rule_for(app, rule.endpoint) or frozenset()
        if PUBLIC in allowed or (role not in allowed and "signed_in" not in allowed):
            continue
        own = ("/sensitive/", "/me/consents/", "/seeker/privacy/")
        if (role, rule.endpoint) in BY_DESIGN or any(part in rule.rule for part in own):
            continue  # by design, or the caller's own data (no id)
        path = _fill(rule.rule, rule.endpoint, world, role)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            before = _state(app)
            kwargs = {"json": {"person_id": world["person_id"], "decision": "approved"}}
            if not path.startswith("/api/"):
                kwargs = {"data": {"decision": "approved", "person_id": world["person_id"]}}
            response = client.open(path, method=method, **kwargs)
            status = response.status_code
            response.close()
            if status not in (403, 404):
                problems.append(f"{role} {method} {path} ({rule.endpoint}): {status}")
            elif _state(app) != before:
                problems.append(f"{role} {method} {path}: refused but changed data")
    assert problems == [], "\n".join(problems)


def test_an_employer_never_sees_a_sensitive_status_of_someone_who_has_not_applied(app, accounts):
    people = People(app, accounts)
    employer, _ = people.employer()
    vacancy = post_vacancy(employer)
    seeker, person_id = people.seeker("孙丽")
    seeker.post("/seeker/sensitive/disability", data={"value": "y", "consent": "y"})
    from tests.seekers.helpers import build_index

    build_index(app)
    page = employer.get(f"/employer/vacancies/{vacancy}/candidates").get_data(as_text=True)
    for word in ("就业困难", "残疾", "低保"):
        assert word not in page
    api = employer.get(f"/api/v1/employers/vacancies/{vacancy}/candidates").get_data(as_text=True)
    for word in ("employment_difficulty", "disabled", "low_income", "就业困难", "残疾"):
        assert word not in api
