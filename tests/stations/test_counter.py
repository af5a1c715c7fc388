"""The counter: walk-in registration by ID number, policy at the counter, dispatch, services."""

from __future__ import annotations

from datetime import date

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.gigs.models import GigClaim
from jobhub.seekers.models import Person, find_person_by_id_number
from jobhub.stations.models import ServiceRecord, StationVisit
from tests.gigs import factory

# A woman of 45 from a 低保 family, out of work: 就业困难人员 (大龄 and 低保), so a
# 公益性岗位 placement is one thing the counter should tell her about. Her age is taken from
# today: with a fixed birth date she reaches her retirement date and no subsidy term can start
# (a woman worker born in April 1976 retires at 50 years and 8 months, in December 2026).
OLDER = make_id_number(date(date.today().year - 45, 4, 2), 31, True)


def _staff(accounts, app):
    client = app.test_client()
    user_id, login = accounts.create("station_staff")
    accounts.login(client, login)
    with app.app_context():
        from jobhub.auth.models import User

        station_id = db.session.get(User, user_id).station_id
    return client, user_id, station_id


def _register(client, id_number=OLDER, **extra):
    data = {
        "step": "register",
        "id_number": id_number,
        "name": "王秀兰",
        "phone": "13912345678",
        "trades": "保洁，厨工",
        "skills": "切配 健康证",
        "days": ["0", "1", "2", "3", "4", "5", "6"],
        "start": "07:00",
        "end": "19:00",
        "expected_pay": "200",
        "expected_pay_unit": "day",
        "home_street_code": "330106005",
        "employment_status": "unemployed",
        "statuses": ["low_income_household"],
        "consent": "y",
    }
    data.update(extra)
    return client.post("/station/walk-in", data=data)


def test_lookup_then_register_shows_key_groups_and_subsidies(app, accounts):
    client, _, _ = _staff(accounts, app)
    page = client.post("/station/walk-in", data={"step": "lookup", "id_number": OLDER})
    assert page.status_code == 200
    assert "新来访人员" in page.text
    response = _register(client)
    assert response.status_code == 302
    _certify_low_income(app, accounts, OLDER)
    client_page = client.get(response.headers["Location"])
    text = client_page.text
    assert "就业困难人员" in text
    assert "可以享受" in text and "公益性岗位安置" in text.split("暂不符合的补贴")[0]
    assert OLDER not in text and "13912345678" not in text  # masked only
    _register(client)  # the next visit keeps what the engine found
    with app.app_context():
        person = find_person_by_id_number(OLDER)
        assert person.availability["days"] == [0, 1, 2, 3, 4, 5, 6]
        assert person.sensitive_flag("low_income_household")
        visits = db.session.execute(db.select(StationVisit).order_by(StationVisit.id)).scalars()
        assert ["employment_difficulty" in v.key_groups for v in visits] == [False, True]


def test_the_same_id_number_never_makes_a_second_person(app, accounts):
    client, _, _ = _staff(accounts, app)
    _register(client)
    found = client.post("/station/walk-in", data={"step": "lookup", "id_number": OLDER.lower()})
    assert "已登记人员" in found.text and "王秀兰" in found.text
    _register(client, trades="搬运")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 1
        assert find_person_by_id_number(OLDER).trades == ["搬运"]
        assert db.session.scalar(db.select(db.func.count()).select_from(StationVisit)) == 2


def test_a_number_typed_in_full_width_digits_goes_on_as_the_canonical_number(app, accounts):
    """An IME left in full-width mode types １２３: step 2 shows and carries the number as it is
    stored (ASCII digits, upper-case X), so the clerk reads the same digits as on the card."""
    client, _, _ = _staff(accounts, app)
    typed = OLDER.lower().translate(str.maketrans("0123456789x", "０１２３４５６７８９ｘ"))
    page = client.post("/station/walk-in", data={"step": "lookup", "id_number": f" {typed} "})
    assert "新来访人员" in page.text
    assert f"身份证号：{OLDER[:6]}********{OLDER[-4:]}" in page.text
    assert f'value="{OLDER}"' in page.text and typed not in page.text


def test_bad_id_number_and_missing_consent_are_named(app, accounts):
    client, _, _ = _staff(accounts, app)
    bad = client.post("/station/walk-in", data={"step": "lookup", "id_number": OLDER[:-1] + "0"})
    assert "校验" in bad.text or "身份证号" in bad.text
    no_consent = _register(client, consent="")
    assert no_consent.status_code == 200
    assert "本人同意" in no_consent.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 0


def test_dispatch_from_the_client_page_takes_a_place_and_records_a_referral(app, accounts):
    client, _, station_id = _staff(accounts, app)
    with app.app_context():
        gig_id = factory.gig(station_id, capacity=1).id
        db.session.commit()
    location = _register(client).headers["Location"]
    page = client.get(location)
    assert "宴会帮厨" in page.text and "公里" in page.text
    person_id = int(location.rstrip("/").split("/")[-1])
    client.post(f"/station/people/{person_id}/dispatch", data={"gig_id": gig_id})
    with app.app_context():
        claim = db.session.execute(db.select(GigClaim)).scalar_one()
        assert (claim.gig_id, claim.person_id, claim.active) == (gig_id, person_id, True)
        kinds = db.session.execute(db.select(ServiceRecord.kind)).scalars().all()
        assert kinds == ["job_referral"]
    # the gig is full: the next client is told so, and nothing is over-booked
    other = make_id_number(date(1990, 1, 1), 12, False)
    second = _register(client, id_number=other, name="周建军", statuses=[], consent="")
    other_id = int(second.headers["Location"].rstrip("/").split("/")[-1])
    answer = client.post(
        f"/station/people/{other_id}/dispatch", data={"gig_id": gig_id}, follow_redirects=True
    )
    assert "已满" in answer.text


def test_empty_dispatch_and_course_lists_say_why(app, accounts):
    # before the first index is built (a new install) and after it, the same list
    client, _, station_id = _staff(accounts, app)
    with app.app_context():
        factory.gig(station_id, capacity=1)  # 宴会帮厨 (切配): nothing to do with driving
        db.session.commit()
    driver = _register(client, trades="货车司机", skills="B2驾照").headers["Location"]
    other = make_id_number(date(1990, 1, 1), 12, False)
    blank = _register(
        client, id_number=other, name="周建军", trades="", skills="", statuses=[], consent=""
    ).headers["Location"]
    for index in (False, True):
        if index:
            from jobhub import matchsvc

            with app.app_context():
                matchsvc.rebuild_index()
        page = client.get(driver).text.split("附近可派的零工")[1]
        assert "宴会帮厨" not in page and "不作推荐" not in page
        assert "暂无与其工种、技能相符" in page and "没有登记工种和技能" not in page
        page = client.get(blank).text.split("附近可派的零工")[1]
        assert "宴会帮厨" not in page
        assert "没有登记工种和技能，无法判断适合哪些零工" in page
        assert 'href="/station/walk-in"' in page and "暂无与其工种" not in page
        assert "看不出缺哪些技能" in page and "推荐岗位所缺的技能" not in page


def test_staff_cannot_open_people_their_station_does_not_serve(app, accounts):
    client, _, _ = _staff(accounts, app)
    with app.app_context():
        stranger = factory.person(77).id
        db.session.commit()
    assert client.get(f"/station/people/{stranger}").status_code == 404


def test_service_record_and_large_type(app, accounts):
    client, user_id, station_id = _staff(accounts, app)
    location = _register(client).headers["Location"]
    person_id = int(location.rstrip("/").split("/")[-1])
    client.post(
        f"/station/people/{person_id}/services",
        data={"kind": "policy_briefing", "note": "社保补贴"},
    )
    with app.app_context():
        record = db.session.execute(db.select(ServiceRecord)).scalar_one()
        assert (record.kind, record.staff_user_id, record.station_id) == (
            "policy_briefing",
            user_id,
            station_id,
        )
    assert 'class="station-desk"' in client.get("/station/walk-in").text
    client.post("/station/large-type", data={})
    assert 'class="station-desk large-type"' in client.get("/station/walk-in").text


def _cookie_session(app, client) -> str:
    """The session as anyone holding the cookie can read it (signed, not encrypted)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return ""
    return str(app.session_interface.get_signing_serializer(app).loads(cookie.value))


def test_no_phone_or_id_number_travels_in_the_session_cookie(app, accounts):
    client, _, _ = _staff(accounts, app)
    client.post("/station/walk-in", data={"step": "lookup", "id_number": OLDER})
    assert OLDER not in _cookie_session(app, client)
    response = _register(client)
    assert OLDER not in _cookie_session(app, client)
    person_page = response.headers["Location"]
    person_id = person_page.rstrip("/").split("/")[-1]
    shown = client.post(f"/station/people/{person_id}/reveal-phone", data={})
    assert shown.status_code == 200 and "13912345678" in shown.text  # shown in the page...
    session = _cookie_session(app, client)
    assert "13912345678" not in session and OLDER not in session  # ...never in the cookie
    assert "13912345678" not in client.get(person_page).text  # and once only


def test_an_employer_can_invite_someone_registered_at_the_counter(app, accounts):
    from tests.seekers.helpers import People, post_vacancy

    staff, _, _ = _staff(accounts, app)
    person_page = _register(staff).headers["Location"]
    person_id = int(person_page.rstrip("/").split("/")[-1])
    employer, _ = People(app, accounts).employer()
    vacancy = post_vacancy(employer, title="食堂帮厨", skills="切配、健康证")
    answer = employer.post(f"/employer/vacancies/{vacancy}/invite/{person_id}")
    assert answer.status_code == 302  # was a 404 for anyone without an account of their own
    after = employer.get(answer.headers["Location"]).get_data(as_text=True)
    assert "驿站工作人员会转告本人" in after
    page = staff.get(person_page).get_data(as_text=True)
    assert "用人单位的应聘邀请" in page and "食堂帮厨" in page


# Issue 21 item 3: the counter asks what the policy engine needs for the person in front of it.
TODAY = date.today()
WOMAN_52 = make_id_number(date(TODAY.year - 52, 4, 2), 52, True)
GRADUATE_23 = make_id_number(date(TODAY.year - 23, 4, 2), 23, True)
MAN_30 = make_id_number(date(TODAY.year - 30, 4, 2), 30, False)


def _questions(client, id_number):
    page = client.post("/station/walk-in", data={"step": "lookup", "id_number": id_number}).text
    return {
        name
        for name in ("retirement_category", "education", "graduation_date")
        if f'name="{name}"' in page
    }


def _visit_groups(app, id_number):
    with app.app_context():
        person = find_person_by_id_number(id_number)
        visit = (
            db.session.execute(
                db.select(StationVisit)
                .where(StationVisit.person_id == person.id)
                .order_by(StationVisit.id.desc())
            )
            .scalars()
            .first()
        )
        return set(visit.key_groups)


def test_the_counter_asks_only_what_decides_for_this_person(app, accounts):
    client, _, _ = _staff(accounts, app)
    assert _questions(client, WOMAN_52) == {"retirement_category"}
    assert _questions(client, GRADUATE_23) == {"education", "graduation_date"}
    assert _questions(client, MAN_30) == {"education", "graduation_date"}
    assert _questions(client, OLDER) == set()  # 45: her category changes nothing yet


def _certify_low_income(app, accounts, id_number):
    from tests.acts.helpers import LOW_INCOME, acts_for

    with app.app_context():
        person_id = find_person_by_id_number(id_number).id
    acts_for(app, accounts, person_id, evidence=LOW_INCOME)


def test_a_52_year_old_woman_is_not_retired_under_55_and_not_guessed_without(app, accounts):
    client, _, _ = _staff(accounts, app)
    # 原法定退休年龄55周岁: she retires at 56 and some months, so she is of working age, 4050
    # and from a 低保 family (认定): 就业困难人员.
    answer = _register(client, WOMAN_52, name="赵桂芝", retirement_category="female_cadre")
    assert answer.status_code == 302
    assert "employment_difficulty" not in _visit_groups(app, WOMAN_52)  # 待认定
    _certify_low_income(app, accounts, WOMAN_52)
    _register(client, WOMAN_52, name="赵桂芝")
    assert "employment_difficulty" in _visit_groups(app, WOMAN_52)
    with app.app_context():
        assert find_person_by_id_number(WOMAN_52).retirement_category == "female_cadre"
    # Someone else of the same age who does not know: no verdict on a guess.
    other = make_id_number(date(TODAY.year - 52, 4, 2), 53, True)
    answer = _register(client, other, name="钱秀英")
    _certify_low_income(app, accounts, other)
    answer = _register(client, other, name="钱秀英")
    assert answer.status_code == 302
    assert "employment_difficulty" not in _visit_groups(app, other)
    page = client.get(answer.headers["Location"]).text
    assert "需补充：退休类别" in page


def test_a_23_year_old_graduate_is_recognised_at_the_counter(app, accounts):
    client, _, _ = _staff(accounts, app)
    left = f"{TODAY.year - 1}-06"
    answer = _register(
        client, GRADUATE_23, name="孙佳怡", education="bachelor", graduation_date=left, statuses=[]
    )
    assert answer.status_code == 302, answer.text
    assert "graduate_within_2y" in _visit_groups(app, GRADUATE_23)
    with app.app_context():
        person = find_person_by_id_number(GRADUATE_23)
        assert person.education == "bachelor"
        assert person.graduation_date == date(TODAY.year - 1, 6, 30)
    # Without them the answer says what is missing instead of "not a graduate".
    other = make_id_number(date(TODAY.year - 23, 4, 2), 24, True)
    answer = _register(client, other, name="李思远", statuses=[])
    assert "graduate_within_2y" not in _visit_groups(app, other)
    assert "需补充：学历、毕业（离校）日期" in client.get(answer.headers["Location"]).text


def test_counter_answers_refuse_what_cannot_be(app, accounts):
    client, _, _ = _staff(accounts, app)
    man = _register(client, MAN_30, name="周强", retirement_category="female_worker")
    assert "男性无需填写退休类别" in man.text
    early = _register(
        client, GRADUATE_23, name="孙佳怡", education="master", graduation_date="2019-06"
    )
    assert "毕业时间不能早于本人年满20周岁之日" in early.text
    with app.app_context():
        assert find_person_by_id_number(MAN_30) is None
        assert find_person_by_id_number(GRADUATE_23) is None
