"""Courses for the skill gaps of the vacancies that pass the matching floor, near the person,
with what the subsidy would cover: each explanation line checked against the numbers it
states (issue 19 item 3)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from jobhub.extensions import db
from jobhub.matching.geo import haversine_km
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from jobhub.training.models import Enrolment, TrainingInstitution
from tests.seekers.helpers import build_index, post_vacancy
from tests.training.helpers import training_course


def _world(app, people):
    """Three warehouse vacancies asking for 叉车证 and 仓储管理; a seeker with 仓储管理 only;
    a forklift course near her home, the same course 17 km away, and a Linux course."""
    employer, _ = people.employer()
    for i in range(3):
        post_vacancy(
            employer,
            title=f"仓库管理员{i}",
            description="负责仓库收发货和盘点，需持叉车证。",
            skills="叉车证、仓储管理",
        )
    graduated = (today_in_china() - timedelta(days=200)).isoformat()
    seeker, person_id = people.seeker(
        profile={
            "skills": "仓储管理",
            "desired_titles": "仓库管理员",
            "graduation_date": graduated,
            "max_distance_km": "10",
        }
    )
    from jobhub.demo import make_uscc

    with app.app_context():
        school = TrainingInstitution(name="翠苑技能学校", uscc=make_uscc(1234))
        db.session.add(school)
        db.session.flush()
        near = training_course(
            school.id,
            title="叉车司机（初级）",
            skills=["forklift_cert"],
            level="junior",
            hours=40,
            fee=900,
            lat=30.290,
            lng=120.130,
        ).id
        far = training_course(
            school.id,
            title="叉车司机（双浦班）",
            skills=["forklift_cert"],
            level="junior",
            street_code="330106110",
            lat=30.13,
            lng=120.10,
        ).id
        other = training_course(school.id, title="Linux 运维", skills=["linux"]).id
        db.session.commit()
    build_index(app)
    return seeker, person_id, near, far, other


def _section(page: str) -> str:
    start = page.find("可以学的课程")
    assert start >= 0, "no course suggestions on the page"
    return page[start : page.find("</section>", start)]


def _lines(section: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", section)]


def test_matches_page_suggests_the_near_course_for_the_missing_skill(app, people):
    seeker, person_id, near, far, other = _world(app, people)
    section = _section(seeker.get("/seeker/matches").get_data(as_text=True))
    assert f"/training/courses/{near}" in section
    assert f"/training/courses/{far}" not in section  # beyond her 10 km
    assert f"/training/courses/{other}" not in section  # Linux is not a gap
    lines = _lines(section)
    # the gap line: the top vacancies and how many ask for the skill
    gap = next(x for x in lines if x.startswith("教授"))
    of, n = map(int, re.search(r"前 (\d+) 个推荐岗位中有 (\d+) 个", gap).groups())
    assert (of, n) == (3, 3)
    # the distance line: the distance between her home and the classroom
    with app.app_context():
        person = db.session.get(Person, person_id)
        km = float(haversine_km(person.lat, person.lng, 30.290, 120.130))
    shown = float(re.search(r"约 ([\d.]+) 公里", next(x for x in lines if "公里" in x)).group(1))
    assert shown == round(km, 1)
    # the subsidy line: 初级 1000 元 standard, fee 900 元: the engine caps it at the fee
    money = next(x for x in lines if "补贴培训目录" in x)
    amounts = [Decimal(a) for a in re.findall(r"(\d+\.\d{2})元", money)]
    assert amounts == [Decimal("900.00"), Decimal("900.00")]
    places = next(x for x in lines if "剩余名额" in x)
    assert "共 40 学时" in places and "剩余名额 30 个" in places


def test_the_vacancies_come_before_the_advice_and_courses(app, people):
    """On a phone the person sees the recommended jobs first, then what to learn."""
    seeker, *_ = _world(app, people)
    page = seeker.get("/seeker/matches").get_data(as_text=True)
    first_match = page.find('class="card match"')
    assert first_match >= 0
    assert first_match < page.find("提升建议")
    assert first_match < page.find("可以学的课程")


def test_a_full_or_started_course_is_not_suggested(app, people):
    seeker, _, near, _, _ = _world(app, people)
    from jobhub.training.models import Course

    with app.app_context():
        course = db.session.get(Course, near)
        course.taken = course.capacity
        db.session.commit()
    assert "可以学的课程" not in seeker.get("/seeker/matches").get_data(as_text=True)


def test_the_counter_suggests_and_enrols(app, accounts, people):
    _, person_id, near, _, _ = _world(app, people)
    from jobhub.auth.models import User

    staff_id, login = accounts.create("station_staff")
    staff = app.test_client()
    accounts.login(staff, login)
    with app.app_context():
        station = db.session.get(User, staff_id).station_id
        db.session.get(Person, person_id).registered_station_id = station
        db.session.commit()
    page = staff.get(f"/station/people/{person_id}").get_data(as_text=True)
    assert "叉车司机（初级）" in page and "代为报名" in page
    staff.post(f"/training/counter/{person_id}/enrol", data={"course_id": str(near)})
    with app.app_context():
        made = db.session.scalar(db.select(Enrolment).where(Enrolment.person_id == person_id))
        assert made.course_id == near and made.applied_by_id == staff_id
    # a station that does not serve her cannot enrol her
    other = accounts.client_for("station_staff")
    assert (
        other.post(
            f"/training/counter/{person_id}/enrol", data={"course_id": str(near)}
        ).status_code
        == 404
    )


def test_a_certified_skill_is_verified_on_the_matches_page(app, people):
    seeker, person_id, near, _, _ = _world(app, people)
    from jobhub.training.enrolment import complete
    from jobhub.training.models import Course

    page = seeker.get("/seeker/matches").get_data(as_text=True)
    assert "（已认证）" not in page
    with app.app_context():
        course = db.session.get(Course, near)
        course.starts_on = today_in_china() - timedelta(days=30)
        enrolment = Enrolment(
            course_id=near, person_id=person_id, status="confirmed", attended_hours=40
        )
        db.session.add(enrolment)
        db.session.flush()
        complete(
            enrolment,
            {
                "certificate_number": "N1-2026-0001",
                "certificate_level": "junior",
                "certificate_date": today_in_china().isoformat(),
            },
            actor=None,
        )
        db.session.commit()
    page = seeker.get("/seeker/matches").get_data(as_text=True)
    assert "叉车证（已认证）" in page
    # the gap is closed: the course is no longer suggested for it
    assert "可以学的课程" not in page
