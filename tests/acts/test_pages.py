"""The acts where people meet them: the seeker applies and follows online, the counter decides,
the bureau sees queues, overdue reviews and counts, and exports the roster masked and audited."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlencode

from openpyxl import load_workbook

from jobhub.acts.models import UnemploymentRegistration
from jobhub.extensions import db
from jobhub.security.models import AuditEvent
from tests.acts.helpers import DISABLED, backdate, certify, staff_user
from tests.seekers.helpers import People


def _seeker(app, accounts):
    return People(app, accounts).seeker("林晓雨")


def _staff_for(app, accounts, person_id):
    """A station worker whose station serves the person (it registered them)."""
    from jobhub.seekers.models import Person

    staff_id, login = accounts.create("station_staff")
    with app.app_context():
        person = db.session.get(Person, person_id)
        person.registered_station_id = staff_user(staff_id).station_id
        db.session.commit()
    client = app.test_client()
    accounts.login(client, login)
    return client, staff_id


def test_a_seeker_applies_online_and_follows_it_to_registration(app, accounts):
    staff_id, login = accounts.create("station_staff")  # its station is on street 330106005
    counter = app.test_client()
    accounts.login(counter, login)
    seeker, person_id = _seeker(app, accounts)
    page = seeker.get("/acts/mine")
    assert page.status_code == 200 and "未办理失业登记" in page.text
    body = urlencode({"residence": "x\ud800"}, errors="surrogatepass")  # as a browser sends it
    bad = seeker.post(
        "/acts/mine/registration", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert bad.status_code == 422
    assert "居住依据应为以下之一：户籍地" in bad.text and "请填写居住街道" in bad.text
    resident = {"residence": "residence", "residence_street_code": "330106005"}
    missing = seeker.post("/acts/mine/registration", data=resident)
    assert missing.status_code == 422
    assert "请选择常住地证明" in missing.text and "请填写居住证明有效期至" in missing.text
    permit = {
        **resident,
        "residence_evidence": "residence_permit",
        "residence_evidence_number": "330106199001017788",
        "residence_evidence_until": "2099-12-31",
    }
    done = seeker.post("/acts/mine/registration", data=permit, follow_redirects=True)
    assert "已申请，待办理" in done.text
    assert "330106********7788，有效期至 2099-12-31" in done.text
    assert "330106199001017788" not in done.text
    again = seeker.post(
        "/acts/mine/registration",
        data={"residence": "hukou", "residence_street_code": "330106005"},
        follow_redirects=True,
    )
    assert "本人已有正在办理或有效的同类事项" in again.text
    todo = counter.get("/station/").text
    assert "失业登记申请待办理" in todo
    decided = counter.post(
        f"/acts/people/{person_id}/registration",
        data={"decision": "registered", "certificate_number": "3301060000123456"},
    )
    assert decided.status_code == 302
    mine = seeker.get("/acts/mine").text
    assert "已登记失业" in mine and "330106******3456" in mine
    assert "3301060000123456" not in mine
    assert "常住地" in mine  # the residence as people say it, never the code
    registration_id = seeker.get("/api/v1/acts/mine").get_json()["registrations"][0]["id"]
    ended = seeker.post(f"/acts/mine/registrations/{registration_id}/end", follow_redirects=True)
    assert "失业登记已注销" in ended.text and "本人申请注销" in ended.text


def test_the_counter_shows_what_was_wrong_and_changes_nothing(app, accounts):
    _seeker_client, person_id = _seeker(app, accounts)
    counter, _ = _staff_for(app, accounts, person_id)
    page = counter.post(
        f"/acts/people/{person_id}/registration",
        data={
            "residence": "hukou",
            "residence_street_code": "330106005",
            "decision": "registered",
            "certificate_number": "NaN",
        },
    )
    assert page.status_code == 422
    assert "《就业创业证》编号应为16或18位数字" in page.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(UnemploymentRegistration.id))) == 0
    huge = counter.post("/acts/people/99999999999999999999999/registration", data={})
    assert huge.status_code == 404
    refused = counter.post(
        f"/acts/people/{person_id}/certification",
        data={"categories": ["disabled"], "evidence_disabled_reference": ""},
    )
    assert refused.status_code == 422 and "残疾人员的证明编号或说明" in refused.text


def test_the_bureau_sees_queues_overdue_reviews_and_counts_and_exports_masked(app, accounts):
    _seeker_client, person_id = _seeker(app, accounts)
    _counter, staff_id = _staff_for(app, accounts, person_id)
    with app.app_context():
        from jobhub.seekers.models import Person

        person = db.session.get(Person, person_id)
        cert = certify(person, staff_user(staff_id), DISABLED)
        backdate(cert, 400)  # its review was due 35 days ago
        id_number = person.id_number
        db.session.commit()
    admin = accounts.client_for("admin")
    page = admin.get("/acts/bureau").text
    overdue = page.split('id="overdue"')[1].split('id="queues"')[0]
    assert "林晓雨" in overdue and "复核" in overdue
    assert id_number not in page
    counts = page.split('id="counts"')[1].split("</table>")[0]
    assert "测试驿站" in counts
    person_page = admin.get(f"/acts/people/{person_id}").text
    assert "已逾期" in person_page and "残疾人员" in person_page
    export = admin.get("/acts/bureau/roster.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "林晓雨" and rows[1][5] == "残疾人员"
    assert rows[1][2] == id_number[:6] + "********" + id_number[-4:]
    assert id_number not in str(rows)
    with app.app_context():
        actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
        assert "export_roster" in actions


def test_an_employer_never_sees_a_certification(app, accounts):
    seeker, person_id = _seeker(app, accounts)
    _counter, staff_id = _staff_for(app, accounts, person_id)
    with app.app_context():
        from jobhub.seekers.models import Person

        certify(db.session.get(Person, person_id), staff_user(staff_id), DISABLED)
        db.session.commit()
    employer = accounts.client_for("employer")
    for path in ("/acts/bureau", f"/acts/people/{person_id}", "/acts/mine"):
        assert employer.get(path).status_code == 403


def test_a_declared_status_shows_as_pending_on_the_seekers_pages(app, accounts):
    seeker, _person_id = _seeker(app, accounts)
    seeker.post("/seeker/sensitive/low_income_household", data={"consent": "y"})
    page = seeker.get("/seeker/policies").get_data(as_text=True)
    pending = page.split('id="pending-categories"')[1].split("</p>")[0]
    assert "待认定" in pending and "城乡低保家庭成员" in pending
    assert "low_income" not in pending  # the name people read, never the code
    mine = seeker.get("/acts/mine").get_data(as_text=True)
    assert "城乡低保家庭成员（<strong>待认定</strong>）" in mine


def test_an_evidence_number_is_shown_masked_wherever_the_act_is_read(app, accounts):
    """A 残疾人证号 carries the ID number: the counter and the seeker's page show it masked as an
    ID number is (the API gives no evidence), while the words of a reference such as a list's row stay."""
    seeker, person_id = _seeker(app, accounts)
    counter, staff_id = _staff_for(app, accounts, person_id)
    number = DISABLED["disabled"]["reference"]
    with app.app_context():
        from jobhub.seekers.models import Person

        certify(
            db.session.get(Person, person_id),
            staff_user(staff_id),
            {**DISABLED, "low_income": {"kind": "document", "reference": "低保名单第17行"}},
        )
        db.session.commit()
    masked = number[:6] + "*" * (len(number) - 10) + number[-4:]
    client_page = counter.get(f"/station/people/{person_id}")
    assert client_page.status_code == 200
    for page in (
        client_page.get_data(as_text=True),
        seeker.get("/acts/mine").get_data(as_text=True),
    ):
        assert number not in page
        assert masked in page
        assert "低保名单第17行" in page
    assert number not in seeker.get("/api/v1/acts/mine").get_data(as_text=True)


def test_the_seekers_page_says_its_title_once_and_the_counter_keeps_its_heading(app, accounts):
    """The person's own page carries the title as its heading; the counter's page of the same
    person (where the panel sits among other sections) keeps the panel's own heading."""
    import re

    seeker, person_id = _seeker(app, accounts)
    title = "失业登记和就业困难人员认定"
    mine = seeker.get("/acts/mine").get_data(as_text=True)
    headings = re.findall(r"<h[1-3][^>]*>([^<]*)</h[1-3]>", mine)
    assert headings.count(title) == 1
    assert 'aria-labelledby="acts-h"' in mine and 'id="acts-h"' in mine
    counter, _ = _staff_for(app, accounts, person_id)
    response = counter.get(f"/station/people/{person_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'<h2 id="acts-h">' + title + "</h2>", page)
