"""A crawl of every page and export, as every role, finds no unmasked ID number or phone."""

import io
import re

import openpyxl
import pytest

from jobhub.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from jobhub.extensions import db
from jobhub.seekers.models import Person
from tests.conftest import sign_in

ROLES = {
    "seeker": "13800000001",
    "employer": "13800000002",
    "station_staff": "13800000003",
    "admin": "admin",
    "institution": "13800000004",
}
ID_LIKE = re.compile(r"\d{17}[\dX]")


def _paths(app, ids=(1, 2, 3)):
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if rule.arguments - {
            "gig_id",
            "vacancy_id",
            "person_id",
            "station_id",
            "application_id",
            "claim_id",
            "household_id",
            "token_id",
            "organisation_id",
            "course_id",
            "enrolment_id",
            "institution_id",
        }:
            continue  # string arguments (actions) are not pages
        if not rule.arguments:
            yield rule.rule
            continue
        for n in ids:
            path = rule.rule
            for arg in rule.arguments:
                path = re.sub(rf"<(?:int:)?{arg}>", str(n), path)
            yield path


def _text_of(response) -> str:
    kind = response.headers.get("Content-Type", "")
    if "spreadsheet" in kind:
        book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(
            " ".join(str(c) for c in row if c is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if kind.startswith(("text/", "application/json")):
        return response.get_data(as_text=True)
    return ""


@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_or_export_shows_a_clear_id_number_or_phone(app, runner, role):
    runner.invoke(args=["jobhub", "seed-demo"])
    runner.invoke(args=["matching", "rebuild"])
    with app.app_context():
        people = db.session.scalars(db.select(Person)).all()
        secrets = {p.id_number for p in people if p.id_number} | {
            p.phone for p in people if p.phone
        }
    assert len(secrets) >= 6
    client = app.test_client()
    response = sign_in(app, client, ROLES[role], DEMO_PASSWORD, DEMO_TOTP_SECRET)
    assert response.status_code == 302 and "/auth/" not in response.headers["Location"]
    seen = 0
    for path in _paths(app):
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = _text_of(response)
        seen += 1
        leaked = [s for s in secrets if s in text]
        assert leaked == [], f"{role} saw {len(leaked)} clear value(s) on {path}"
        for match in ID_LIKE.findall(text):
            assert match not in secrets, path
    assert seen >= 5


def test_employer_sees_an_applicants_phone_only_by_an_audited_step(app, runner):
    from jobhub.security.models import AuditEvent
    from jobhub.seekers.models import Application

    runner.invoke(args=["jobhub", "seed-demo"])
    client = app.test_client()
    client.post("/auth/login", data={"login": "13800000002", "password": "Xihu-demo-2026"})
    with app.app_context():
        from jobhub.auth.models import User
        from jobhub.employers.models import Vacancy

        employer = db.session.scalars(db.select(User).where(User.role == "employer")).first()
        item = db.session.scalars(
            db.select(Application)
            .join(Vacancy)
            .where(Vacancy.organisation_id == employer.organisation_id)
        ).first()
        assert item is not None, "the demo has an application for the demo employer"
        phone, application_id = item.person.phone, item.id
    page = client.get(f"/employer/applications/{application_id}").get_data(as_text=True)
    assert phone not in page and phone[-4:] in page
    shown = client.post(
        f"/employer/applications/{application_id}", data={"reveal": "phone"}
    ).get_data(as_text=True)
    assert phone in shown
    with app.app_context():
        events = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "view_unmasked")
        ).all()
        assert [(e.field, e.subject_type) for e in events] == [("phone", "people")]
