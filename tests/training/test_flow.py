"""From a course to a granted subsidy through the pages: an institution submits a course, the
bureau reviews and lists it, a seeker enrols, the institution confirms, records attendance and
completion with a certificate, the skill shows as verified, the claim goes to the bureau's
queue and is decided; every step audited (issue 19 items 1 and 4)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest

from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person, SubsidyApplication
from jobhub.training.models import Course, Enrolment, TrainingInstitution
from tests.training.helpers import course_form


def _actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


def _course(app, course_id: int) -> Course:
    with app.app_context():
        course = db.session.get(Course, course_id)
        db.session.expunge(course)
        return course


def _submit(client, **overrides) -> int:
    response = client.post("/training/institution/courses/new", data=course_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return 0


def _latest_course_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.max(Course.id)))


def _publish(admin, course_id: int, subsidised: bool = True):
    data = {"decision": "publish", "reason": "材料齐全"}
    if subsidised:
        data["subsidised"] = "y"
    return admin.post(f"/training/admin/courses/{course_id}/decision", data=data)


@pytest.fixture
def published(app, accounts, institution):
    """A course submitted by the institution and published by the bureau, on the list."""
    client, _ = institution
    _submit(client)
    course_id = _latest_course_id(app)
    admin = accounts.client_for("admin")
    assert _publish(admin, course_id).status_code == 302
    return course_id, admin


def test_a_course_is_not_public_until_the_bureau_publishes_it(app, accounts, institution, people):
    client, institution_id = institution
    _submit(client)
    course_id = _latest_course_id(app)
    assert _course(app, course_id).status == "pending_review"
    seeker, _ = people.seeker()
    assert seeker.get(f"/training/courses/{course_id}").status_code == 404
    assert "SQL 数据库应用" not in seeker.get("/training/courses").get_data(as_text=True)
    admin = accounts.client_for("admin")
    queue = admin.get("/training/admin/review").get_data(as_text=True)
    assert "SQL 数据库应用（中级）" in queue and "数据库运行管理员" in queue
    # the institution cannot list its own course: only the bureau decides
    assert (
        client.post(
            f"/training/admin/courses/{course_id}/decision", data={"decision": "publish"}
        ).status_code
        == 403
    )
    assert _publish(admin, course_id).status_code == 302
    course = _course(app, course_id)
    assert course.status == "published" and course.subsidised
    assert course.skills == ["sql"] and course.institution_id == institution_id
    page = seeker.get(f"/training/courses/{course_id}").get_data(as_text=True)
    assert "报名参加" in page and "中级（四级）" in page and "intermediate" not in page
    assert "decide_course" in _actions(app)


def test_a_refused_course_needs_a_reason_and_the_institution_reads_it(app, accounts, institution):
    client, _ = institution
    _submit(client)
    course_id = _latest_course_id(app)
    admin = accounts.client_for("admin")
    admin.post(f"/training/admin/courses/{course_id}/decision", data={"decision": "reject"})
    assert _course(app, course_id).status == "pending_review"
    admin.post(
        f"/training/admin/courses/{course_id}/decision",
        data={"decision": "reject", "reason": "课时与等级不符", "subsidised": "y"},
    )
    course = _course(app, course_id)
    assert course.status == "rejected" and not course.subsidised
    assert "课时与等级不符" in client.get("/training/institution").get_data(as_text=True)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("本课程限男性报名", "限男性"),
        ("结业包就业，保证上岗", "包就业"),
        ("可办理培训贷款分期付学费", "贷款"),
    ],
)
def test_the_posting_reviewer_refuses_discrimination_and_training_scams(
    app, institution, text, code
):
    client, _ = institution
    page = client.post(
        "/training/institution/courses/new", data=course_form(description=text)
    ).get_data(as_text=True)
    assert "课程未保存" in page and code in page
    assert _latest_course_id(app) is None


def test_a_fee_is_not_a_finding_for_a_course(app, institution):
    client, _ = institution
    _submit(client, description="学费1800元，含教材和认定考试费。")
    assert _course(app, _latest_course_id(app)).review_verdict == "ok"


BAD_COURSE = [
    ("hours", "1e9", "课时"),
    ("hours", "99999999999999999999999", "课时"),
    ("hours", "0", "课时"),
    ("capacity", "-1", "招生人数"),
    ("capacity", "NaN", "招生人数"),
    ("fee", "NaN", "培训费"),
    ("fee", "1.234", "培训费"),
    ("fee", "1e400", "培训费"),
    ("starts_on", "2026-02-30", "开班日期"),
    ("skills", "咖啡拉花", "技能词表"),
    ("skills", "", "所教技能"),
    ("occupation_code", "9-99-99-99", "职业编码"),
    ("occupation_code", "\ud800", "职业编码"),
    ("level", "intermediate2", "职业技能等级"),
    ("street_code", "999999999", "街道"),
    ("title", "", "课程名称"),
    ("title", "课" * 61, "课程名称"),
]


@pytest.mark.parametrize(("name", "value", "label"), BAD_COURSE)
def test_bad_course_input_names_the_field_and_saves_nothing(app, institution, name, value, label):
    client, _ = institution
    body = urlencode(course_form(**{name: value}), errors="surrogatepass")
    response = client.post(
        "/training/institution/courses/new",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert label in page and 'aria-invalid="true"' in page
    assert _latest_course_id(app) is None


def test_end_before_start_is_refused(app, institution):
    client, _ = institution
    form = course_form()
    form["ends_on"], form["starts_on"] = form["starts_on"], form["ends_on"]
    page = client.post("/training/institution/courses/new", data=form).get_data(as_text=True)
    assert "结业日期不能早于" in page and _latest_course_id(app) is None


@pytest.mark.parametrize(
    ("uscc", "message"),
    [
        ("91330106MA2000050X", "校验位不正确"),
        ("91330106MA200005", "应为 18 位"),
        ("91330106MA2000050I", "不允许的字符"),
    ],
)
def test_the_bureau_registers_institutions_with_a_valid_uscc(app, accounts, uscc, message):
    admin = accounts.client_for("admin")
    page = admin.post(
        "/training/admin/institutions", data={"name": "某培训学校", "uscc": uscc}
    ).get_data(as_text=True)
    assert message in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(TrainingInstitution)) == 0
    from jobhub.demo import make_uscc

    assert (
        admin.post(
            "/training/admin/institutions",
            data={"name": "某培训学校", "uscc": make_uscc(321), "street_code": "330106005"},
        ).status_code
        == 302
    )
    with app.app_context():
        made = db.session.scalar(db.select(TrainingInstitution))
        assert made.uscc == make_uscc(321) and made.lat is not None
    assert "create_institution" in _actions(app)


def _course_ran(app, course_id: int) -> None:
    """Time passes: the course started 40 days ago and ended yesterday."""
    with app.app_context():
        course = db.session.get(Course, course_id)
        course.starts_on = today_in_china() - timedelta(days=40)
        course.ends_on = today_in_china() - timedelta(days=1)
        db.session.commit()


def _enrolment(app, person_id: int) -> Enrolment:
    with app.app_context():
        e = db.session.scalar(db.select(Enrolment).where(Enrolment.person_id == person_id))
        db.session.expunge(e)
        return e


def test_from_enrolment_to_a_granted_subsidy(app, accounts, institution, people, published):
    course_id, admin = published
    inst, _ = institution
    graduated = (today_in_china() - timedelta(days=180)).isoformat()
    seeker, person_id = people.seeker(profile={"skills": "Python", "graduation_date": graduated})
    assert seeker.post(f"/training/courses/{course_id}/enrol").status_code == 302
    assert "已报名，待机构确认" in seeker.get("/training/mine").get_data(as_text=True)
    assert _course(app, course_id).taken == 1
    e = _enrolment(app, person_id)

    _course_ran(app, course_id)
    roster = inst.get(f"/training/manage/courses/{course_id}").get_data(as_text=True)
    assert "林晓雨" in roster and "确认参训" in roster
    inst.post(f"/training/manage/enrolments/{e.id}/answer", data={"decision": "confirm"})
    inst.post(f"/training/manage/enrolments/{e.id}/attendance", data={"attended_hours": "51"})
    today = today_in_china().isoformat()
    certificate = {
        "certificate_number": "S000033010600123",
        "certificate_level": "intermediate",
        "certificate_date": today,
    }
    # 51 of 64 hours is below 80% (52): not completed
    inst.post(f"/training/manage/enrolments/{e.id}/complete", data=certificate)
    assert _enrolment(app, person_id).status == "confirmed"
    inst.post(f"/training/manage/enrolments/{e.id}/attendance", data={"attended_hours": "52"})
    inst.post(f"/training/manage/enrolments/{e.id}/complete", data=certificate)
    done = _enrolment(app, person_id)
    assert done.status == "completed" and done.certificate_level == "intermediate"

    profile = seeker.get("/seeker/profile").get_data(as_text=True)
    assert "已认证" in profile and "SQL" in profile
    with app.app_context():
        assert "SQL" in db.session.get(Person, person_id).skills

    # a graduate within 2 years, not employed: the engine finds her eligible
    mine = seeker.get("/training/mine").get_data(as_text=True)
    assert "申请职业培训补贴" in mine
    seeker.post(f"/training/enrolments/{e.id}/claim")
    claimed = _enrolment(app, person_id)
    queue = admin.get("/admin/subsidies").get_data(as_text=True)
    if claimed.subsidy_application_id is None:
        pytest.fail(
            "the claim was refused: " + seeker.get("/training/mine").get_data(as_text=True)[-400:]
        )
    assert "职业培训补贴" in queue and "S000033010600123" in queue
    assert f"{float(claimed.claimed_training):.2f}" in queue
    admin.post(
        f"/admin/subsidies/{claimed.subsidy_application_id}/decision",
        data={"decision": "approved", "reason": ""},
    )
    with app.app_context():
        assert (
            db.session.get(SubsidyApplication, claimed.subsidy_application_id).status == "approved"
        )
    assert "已核定" in seeker.get("/training/mine").get_data(as_text=True)
    # paying it out: one sum, never more than was claimed
    pay = f"/admin/subsidies/{claimed.subsidy_application_id}/payments"
    month = today_in_china().strftime("%Y-%m")
    over = admin.post(pay, data={"month": month, "amount": "1500.01"}, follow_redirects=True)
    assert "不能超过申请时核算的培训补贴 1500.00 元" in over.get_data(as_text=True)
    admin.post(pay, data={"month": month, "amount": "1500.00"})
    with app.app_context():
        paid = db.session.get(SubsidyApplication, claimed.subsidy_application_id).paid_total
        assert paid == 1500.0
    actions = _actions(app)
    for action in (
        "enrol",
        "answer_enrolment",
        "record_attendance",
        "complete_enrolment",
        "apply_subsidy",
        "decide_subsidy",
    ):
        assert action in actions, action
    # a second claim for the same course is refused
    seeker.post(f"/training/enrolments/{e.id}/claim")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SubsidyApplication)) == 1


def test_withdrawing_or_being_declined_gives_the_place_back(app, institution, people, published):
    course_id, _ = published
    inst, _ = institution
    first, first_id = people.seeker("甲一")
    second, second_id = people.seeker("乙二")
    first.post(f"/training/courses/{course_id}/enrol")
    second.post(f"/training/courses/{course_id}/enrol")
    assert _course(app, course_id).taken == 2
    first.post(f"/training/enrolments/{_enrolment(app, first_id).id}/withdraw")
    assert _course(app, course_id).taken == 1
    e = _enrolment(app, second_id)
    inst.post(f"/training/manage/enrolments/{e.id}/answer", data={"decision": "decline"})
    assert _enrolment(app, second_id).status == "applied"  # a reason is required
    inst.post(
        f"/training/manage/enrolments/{e.id}/answer",
        data={"decision": "decline", "reason": "名额已排满"},
    )
    assert _enrolment(app, second_id).status == "declined"
    assert _course(app, course_id).taken == 0
    # enrolling again after withdrawing is allowed (the old row is history)
    assert first.post(f"/training/courses/{course_id}/enrol").status_code == 302
    assert _course(app, course_id).taken == 1


def test_a_full_course_says_so(app, accounts, institution, people):
    client, _ = institution
    _submit(client, capacity="1")
    course_id = _latest_course_id(app)
    _publish(accounts.client_for("admin"), course_id)
    first, _ = people.seeker("甲一")
    second, second_id = people.seeker("乙二")
    first.post(f"/training/courses/{course_id}/enrol")
    response = second.post(f"/training/courses/{course_id}/enrol", follow_redirects=True)
    assert "名额已满" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(db.select(Enrolment).where(Enrolment.person_id == second_id)) is None
        )


def test_another_institution_cannot_act_on_the_roster(
    app, accounts, institution, people, published
):
    course_id, _ = published
    seeker, person_id = people.seeker()
    seeker.post(f"/training/courses/{course_id}/enrol")
    e = _enrolment(app, person_id)
    other = accounts.client_for("institution")
    assert other.get(f"/training/manage/courses/{course_id}").status_code == 404
    assert (
        other.post(
            f"/training/manage/enrolments/{e.id}/answer", data={"decision": "confirm"}
        ).status_code
        == 404
    )
    assert other.get(f"/training/manage/courses/{course_id}/edit").status_code == 404
    assert _enrolment(app, person_id).status == "applied"
    # another seeker cannot withdraw or claim for this person
    stranger, _ = people.seeker("丙三")
    assert stranger.post(f"/training/enrolments/{e.id}/withdraw").status_code == 404
    assert _enrolment(app, person_id).status == "applied"


def test_ids_past_64_bits_are_not_found(app, accounts, institution, people):
    seeker, _ = people.seeker()
    inst, _ = institution
    huge = 2**70
    assert seeker.get(f"/training/courses/{huge}").status_code == 404
    assert seeker.post(f"/training/enrolments/{huge}/claim").status_code == 404
    assert inst.get(f"/training/manage/courses/{huge}").status_code == 404
    staff = accounts.client_for("station_staff")
    assert staff.post(f"/training/counter/{huge}/enrol", data={"course_id": "1"}).status_code == 404
