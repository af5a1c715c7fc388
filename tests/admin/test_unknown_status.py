"""A blank 就业状态 is unknown (待核实), never 失业: it grants nothing, and the bureau's lists
(政策找人, 1131) show the person under 需补充信息 with what they might qualify for."""

from __future__ import annotations

from jobhub.extensions import db
from jobhub.seekers.models import Person, find_person_by_id_number
from tests.admin.test_admin_pages import FLEXIBLE_GRADUATE
from tests.stations.test_counter import OLDER, _register, _staff


def _main_and_pending(page: str) -> tuple[str, str]:
    main, _, pending = page.partition('id="pending-h"')
    return main, pending


def test_a_walk_in_left_blank_is_unknown_and_listed_to_be_asked(app, accounts):
    staff, _, _ = _staff(accounts, app)
    response = _register(staff, employment_status="")
    assert response.status_code == 302
    from tests.stations.test_counter import _certify_low_income

    _certify_low_income(app, accounts, OLDER)  # 认定 on 低保 evidence
    counter = staff.get(response.headers["Location"]).text
    assert "就业状态待核实" in counter
    assert "公益性岗位安置" not in counter.split("暂不符合的补贴")[0]  # not offered as granted
    with app.app_context():
        assert find_person_by_id_number(OLDER).employment_status is None
    admin = accounts.client_for("admin")
    main, pending = _main_and_pending(admin.get("/admin/policy-outreach").text)
    assert "王秀兰" not in main
    assert "王秀兰" in pending and "待核实" in pending and "公益性岗位安置" in pending


def test_a_graduate_without_a_status_is_not_counted_as_unemployed_in_1131(app, people, accounts):
    profile = {**FLEXIBLE_GRADUATE, "employment_status": "", "employment_since": ""}
    seeker, pid = people.seeker("林晓雨", profile=profile)
    with app.app_context():
        assert db.session.get(Person, pid).employment_status is None
    admin = accounts.client_for("admin")
    main, pending = _main_and_pending(admin.get("/admin/graduates").text)
    assert "林晓雨" not in main
    assert "林晓雨" in pending and "离校2年内未就业高校毕业生" in pending
    main, pending = _main_and_pending(admin.get("/admin/policy-outreach").text)
    assert "林晓雨" not in main and "林晓雨" in pending
    # once the status is known, the person moves to the list and out of 需补充信息
    seeker.post("/seeker/profile", data={**FLEXIBLE_GRADUATE, "education": "bachelor"})
    main, pending = _main_and_pending(admin.get("/admin/graduates").text)
    assert "林晓雨" in main and "林晓雨" not in pending


def test_a_seeker_created_without_a_status_is_unknown(app, people):
    with app.app_context():
        person = Person(name="新用户")
        db.session.add(person)
        db.session.flush()
        assert person.employment_status is None
        assert person.employment_status_label == "待核实"


def test_a_household_with_a_member_of_unknown_status_is_not_recognised(app, accounts):
    import pytest

    from jobhub.auth.models import User
    from jobhub.stations.services import StationError, mark_household
    from tests.gigs import factory

    user_id, _ = accounts.create("station_staff")
    with app.app_context():
        staff = db.session.get(User, user_id)
        known = factory.person(1)
        unknown = factory.person(2, name="李待核", employment_status=None)
        with pytest.raises(StationError, match="李待核 的就业状态待核实"):
            mark_household(staff.station_id, "李家", [known, unknown], staff)
        assert not unknown.sensitive_flag("zero_employment_household")
