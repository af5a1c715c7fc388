"""站内消息: each event reaches the right inbox (and the SMS outbox only with the person's
consent, under the daily cap); nobody reads or marks another's messages."""

from __future__ import annotations

import re

from jobhub.extensions import db
from jobhub.notices.models import Notification
from tests.conftest import sent_sms
from tests.seekers.helpers import post_vacancy
from tests.stations.test_counter import _register, _staff


def _apply(client, vid) -> int:
    response = client.post(f"/seeker/vacancies/{vid}/apply", data={"message": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def _unread(client) -> int:
    page = client.get("/inbox").get_data(as_text=True)
    found = re.search(r'class="unread" aria-label="(\d+) 条未读"', page)
    return int(found.group(1)) if found else 0


def _phone(app, person_id) -> str:
    from jobhub.seekers.models import Person

    with app.app_context():
        return db.session.get(Person, person_id).phone


def test_application_events_reach_both_inboxes_and_texts_need_consent(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer, title="仓库理货员")
    seeker, pid = people.seeker()
    phone = _phone(app, pid)
    assert phone
    aid = _apply(seeker, vid)
    assert _unread(employer) == 1
    inbox = employer.get("/inbox").get_data(as_text=True)
    assert "“仓库理货员”收到新的投递" in inbox

    employer.post(f"/employer/applications/{aid}/move", data={"to": "interview"})
    assert _unread(seeker) == 1
    assert "您投递的“仓库理货员”：邀请面试" in seeker.get("/inbox").get_data(as_text=True)
    assert sent_sms(app, phone) == []  # no consent to texts yet

    agreed = seeker.post("/seeker/privacy/sms_notifications/give", follow_redirects=True)
    assert "已同意：用短信接收平台通知" in agreed.get_data(as_text=True)
    employer.post(f"/employer/applications/{aid}/move", data={"to": "offer"})
    texts = sent_sms(app, phone)
    assert len(texts) == 1 and "拟录用" in texts[0] and "站内消息" in texts[0]

    # opening a message marks it read and follows its link
    with app.app_context():
        notice = db.session.scalars(
            db.select(Notification).where(Notification.person_id == pid).order_by(Notification.id)
        ).first()
    opened = seeker.get(f"/inbox/{notice.id}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(
        f"/seeker/applications/{aid}"
    )
    assert _unread(seeker) == 1


def test_daily_cap_stops_texts_not_messages(make_app, tmp_path, accounts_for):
    app, people = accounts_for(NOTICE_SMS_DAILY_CAP=1)
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, pid = people.seeker()
    seeker.post("/seeker/privacy/sms_notifications/give")
    aid = _apply(seeker, vid)
    employer.post(f"/employer/applications/{aid}/move", data={"to": "interview"})
    employer.post(f"/employer/applications/{aid}/move", data={"to": "offer"})
    assert len(sent_sms(app, _phone(app, pid))) == 1
    with app.app_context():
        states = db.session.scalars(
            db.select(Notification.sms_state)
            .where(Notification.person_id == pid)
            .order_by(Notification.id)
        ).all()
    assert states == ["queued", "capped"]
    assert _unread(seeker) == 2


def test_withdrawing_consent_stops_texts(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, pid = people.seeker()
    seeker.post("/seeker/privacy/sms_notifications/give")
    seeker.post("/seeker/privacy/sms_notifications/withdraw", data={"confirm": "y"})
    aid = _apply(seeker, vid)
    employer.post(f"/employer/applications/{aid}/move", data={"to": "interview"})
    assert sent_sms(app, _phone(app, pid)) == []
    assert _unread(seeker) == 1


def test_nobody_opens_or_marks_another_users_messages(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    _apply(seeker, vid)
    with app.app_context():
        notice_id = db.session.scalar(db.select(db.func.max(Notification.id)))
    other_employer, _ = people.employer()
    other_seeker, _ = people.seeker("赵六")
    for client in (other_employer, other_seeker, seeker):
        assert client.get(f"/inbox/{notice_id}").status_code == 404
        assert client.post(f"/api/v1/inbox/{notice_id}/read").status_code == 404
        assert "收到新的投递" not in client.get("/inbox").get_data(as_text=True)
    assert client.get("/inbox/99999999999999999999999").status_code == 404
    assert _unread(employer) == 1
    body = employer.get("/api/v1/inbox").get_json()
    assert body["unread"] == 1 and body["items"][0]["read"] is False
    assert employer.post(f"/api/v1/inbox/{notice_id}/read").get_json()["read"] is True
    assert _unread(employer) == 0
    assert app.test_client().get("/inbox").status_code == 302  # sign in first


def test_a_person_without_an_account_is_reached_through_their_station(app, accounts, people):
    staff, _, _ = _staff(accounts, app)
    person_page = _register(staff).headers["Location"]
    person_id = int(person_page.rstrip("/").split("/")[-1])
    employer, _ = people.employer()
    vacancy = post_vacancy(employer, title="食堂帮厨", skills="切配、健康证")
    employer.post(f"/employer/vacancies/{vacancy}/invite/{person_id}")
    inbox = staff.get("/inbox").get_data(as_text=True)
    assert "王**：" in inbox and "食堂帮厨" in inbox
    assert (
        f"/station/people/{person_id}"
        in staff.get("/inbox/" + re.search(r'href="/inbox/(\d+)"', inbox).group(1)).headers[
            "Location"
        ]
    )
    other_staff, _, _ = _staff(accounts, app)
    assert "食堂帮厨" not in other_staff.get("/inbox").get_data(as_text=True)


def test_dedupe_key_sends_once(app, people):
    from jobhub.notices.services import notify_person
    from jobhub.seekers.models import Person

    _, pid = people.seeker()
    with app.app_context():
        person = db.session.get(Person, pid)
        first = notify_person(person, "policy_push", "测试", dedupe_key="k:1")
        second = notify_person(person, "policy_push", "测试", dedupe_key="k:1")
        db.session.commit()
        assert first is not None and second is None
        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(Notification)
                .where(Notification.person_id == pid)
            )
            == 1
        )
