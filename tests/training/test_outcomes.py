"""For the bureau: enrolments, completion and the share employed within 6 months after
completion, by course and institution, on the page and in the xlsx (issue 19 item 5)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from jobhub.extensions import db
from jobhub.policy.dates import add_months, today_in_china
from jobhub.seekers.models import Application
from jobhub.training.models import Enrolment, TrainingInstitution
from tests.gigs import factory
from tests.seekers.helpers import post_vacancy
from tests.training.helpers import training_course

TODAY = today_in_china()


def _world(app, people) -> None:
    """One course: A finished 8 months ago and was hired 2 months later (employed in the
    window); B finished 8 months ago and was hired 7 months later (not); C finished last
    month and works already (window still open); D is still training; E was not taken."""
    employer, _ = people.employer()
    vacancy_id = post_vacancy(employer)
    from jobhub.demo import make_uscc

    with app.app_context():
        school = TrainingInstitution(name="翠苑技能学校", uscc=make_uscc(2345))
        db.session.add(school)
        db.session.flush()
        course = training_course(school.id, title="叉车司机（初级）", taken=4)
        done_long_ago = add_months(TODAY, -8)
        a, b, c, d, e = (factory.person(i) for i in range(1, 6))
        for person, finished in (
            (a, done_long_ago),
            (b, done_long_ago),
            (c, TODAY - timedelta(days=30)),
        ):
            db.session.add(
                Enrolment(
                    course_id=course.id,
                    person_id=person.id,
                    status="completed",
                    completed_on=finished,
                    certificate_level="junior",
                    certificate_number=f"CERT{person.id:04d}",
                    certificate_date=finished,
                )
            )
        db.session.add(Enrolment(course_id=course.id, person_id=d.id, status="confirmed"))
        db.session.add(
            Enrolment(course_id=course.id, person_id=e.id, status="declined", active=False)
        )
        for person, hired in ((a, add_months(done_long_ago, 2)), (b, add_months(done_long_ago, 7))):
            db.session.add(
                Application(
                    vacancy_id=vacancy_id, person_id=person.id, status="hired", hired_on=hired
                )
            )
        c.employment_status = "employed"
        c.employment_since = TODAY - timedelta(days=20)
        db.session.commit()


EXPECTED = [5, 4, 3, "75%", 2, 1, "50%", 1]


def test_outcomes_by_course_and_institution(app, accounts, people):
    _world(app, people)
    admin = accounts.client_for("admin")
    page = admin.get("/training/admin/outcomes").get_data(as_text=True)
    assert "叉车司机（初级）" in page and "翠苑技能学校" in page
    assert "75%" in page and "50%" in page
    response = admin.get("/training/admin/outcomes.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    by_course = list(book["按课程"].iter_rows(min_row=3, values_only=True))
    assert by_course == [("翠苑技能学校", "叉车司机（初级）", *EXPECTED)]
    by_institution = list(book["按机构"].iter_rows(min_row=3, values_only=True))
    assert by_institution == [("翠苑技能学校", 1, *EXPECTED)]
    cells = " ".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row)
    assert "工人" not in cells and "CERT" not in cells  # counts only, no one named


def test_only_the_bureau_sees_outcomes(app, accounts):
    for role in ("seeker", "employer", "station_staff", "institution"):
        client = accounts.client_for(role)
        assert client.get("/training/admin/outcomes").status_code == 403
        assert client.get("/training/admin/outcomes.xlsx").status_code == 403
