"""实名, profile, occupation coding and sensitive statuses, through the seeker's pages."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.seekers.models import Person
from tests.seekers.helpers import months_ago


def _person(app, person_id) -> Person:
    with app.app_context():
        person = db.session.get(Person, person_id)
        db.session.expunge(person)
        return person


def test_identity_sets_birth_date_and_gender_from_the_number_and_masks_it(app, people):
    number = make_id_number(date(1990, 8, 3), 7, female=False)
    client, pid = people.seeker("周建军", birth=date(1990, 8, 3), female=False, id_number=number)
    person = _person(app, pid)
    assert person.birth_date == date(1990, 8, 3) and person.gender == "male"
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert number not in page
    assert number[:6] + "********" + number[-4:] in page


def test_a_second_account_with_the_same_id_number_is_refused(app, people, accounts):
    number = make_id_number(date(2001, 1, 2), 3, female=True)
    people.seeker("王芳", birth=date(2001, 1, 2), id_number=number)
    other = app.test_client()
    _uid, login = accounts.create("seeker")
    accounts.login(other, login)
    response = other.post("/seeker/identity", data={"name": "王芳", "id_number": number})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "该身份证号已登记" in page
    with app.app_context():  # the refused registration left no record behind
        assert db.session.scalar(db.select(db.func.count()).select_from(Person)) == 1


def test_a_bad_id_number_names_the_field_and_changes_nothing(app, accounts):
    client = app.test_client()
    _uid, login = accounts.create("seeker")
    accounts.login(client, login)
    response = client.post(
        "/seeker/identity", data={"name": "李雷", "id_number": "330106200101021235"}
    )
    page = response.get_data(as_text=True)
    assert "身份证号校验位不正确" in page
    assert 'aria-invalid="true"' in page
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(Person)
                .where(Person.id_number_hmac.is_not(None))
            )
            == 0
        )


def test_profile_errors_are_chinese_name_the_field_and_change_nothing(app, people):
    client, pid = people.seeker()
    before = _person(app, pid)
    response = client.post(
        "/seeker/profile",
        data={
            "education": "bachelor",
            "employment_status": "unemployed",
            "graduation_date": "2025-13-40",
            "expected_pay": "-5",
            "expected_pay_unit": "month",
            "skills": "叉车证",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "毕业（离校）日期格式应为 YYYY-MM-DD" in page
    assert "期望薪资应为 0 到" in page
    after = _person(app, pid)
    assert after.skills == before.skills  # the valid skill was not saved either


def test_desired_jobs_are_coded_and_the_seeker_can_correct_the_code(app, people):
    client, pid = people.seeker(profile={"desired_titles": "中餐厨师"})
    person = _person(app, pid)
    assert len(person.desired_occupation_codes) == 1
    code = person.desired_occupation_codes[0]
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert "“中餐厨师”对应的职业" in page and f'value="{code}" selected' in page
    # choose another candidate shown on the page
    import re

    options = re.findall(r'<option value="(\d-\d\d-\d\d-\d\d)"', page)
    other = next(o for o in options if o != code)
    client.post("/seeker/profile/occupations", data={"occ_0": other})
    assert _person(app, pid).desired_occupation_codes == [other]
    bad = client.post(
        "/seeker/profile/occupations", data={"occ_0": "9-99-99-99"}, follow_redirects=True
    )
    assert "不是职业分类大典中的细类" in bad.get_data(as_text=True)
    assert _person(app, pid).desired_occupation_codes == [other]


def test_sensitive_status_needs_consent_is_encrypted_and_erased_on_withdrawal(app, people):
    client, pid = people.seeker()
    refused = client.post(
        "/seeker/sensitive/is_veteran", data={"action": "set"}, follow_redirects=True
    )
    assert "请勾选“我同意”" in refused.get_data(as_text=True)
    assert not _person(app, pid).sensitive
    client.post("/seeker/sensitive/is_veteran", data={"action": "set", "consent": "y"})
    assert _person(app, pid).sensitive_flag("is_veteran")
    with app.app_context():
        raw = db.session.execute(
            text("SELECT sensitive FROM people WHERE id = :i"), {"i": pid}
        ).scalar()
    assert "is_veteran" not in raw and "true" not in raw  # ciphertext only
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert "退役军人" in page and "已登记" in page
    client.post("/seeker/sensitive/is_veteran", data={"action": "withdraw"})
    assert "is_veteran" not in (_person(app, pid).sensitive or {})


def test_registration_date_status_needs_a_valid_date(app, people):
    client, pid = people.seeker()
    page = client.post(
        "/seeker/sensitive/unemployment_registered_since",
        data={"action": "set", "consent": "y", "since": "昨天"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "失业登记日期格式应为 YYYY-MM-DD" in page
    assert not _person(app, pid).sensitive


def test_key_groups_are_shown_with_reasons_and_follow_the_profile(app, people):
    client, pid = people.seeker(
        profile={"graduation_date": months_ago(5).isoformat(), "education": "bachelor"}
    )
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert "离校2年内未就业高校毕业生" in page and "依据" in page
    client.post(
        "/seeker/profile",
        data={
            "education": "senior_high",
            "employment_status": "unemployed",
            "graduation_date": months_ago(5).isoformat(),
        },
    )
    page = client.get("/seeker/profile").get_data(as_text=True)
    assert "不属于重点群体" in page


def test_a_graduate_leaves_the_two_year_window_without_any_edit(app, people):
    from jobhub.seekers.subsidies import policy_view

    graduated = date(2025, 6, 30)
    _client, pid = people.seeker(profile={"graduation_date": graduated.isoformat()})
    with app.app_context():
        person = db.session.get(Person, pid)
        inside = policy_view(person, as_of=date(2026, 6, 1))
        after = policy_view(person, as_of=date(2027, 7, 15))
    assert "graduate_within_2y" in inside["key_groups"]
    assert "graduate_within_2y" not in after["key_groups"]
