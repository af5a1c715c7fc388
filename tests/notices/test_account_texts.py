"""Texts to an employer's contacts and to station workers: only after the account agreed on
通知设置, to the mobile number it logs in with, under the daily cap; withdrawing stops them;
the inbox gets every message either way. A text names no person."""

from __future__ import annotations

import re

from jobhub.auth.models import User
from jobhub.extensions import db
from tests.conftest import sent_sms
from tests.notices.test_inbox import _apply
from tests.notices.test_talks import _invite
from tests.seekers.helpers import post_vacancy
from tests.stations.test_counter import _register, _staff


def _login_of(app, *, organisation_id=None, user_id=None) -> str:
    with app.app_context():
        if user_id is not None:
            return db.session.get(User, user_id).login
        return db.session.scalar(
            db.select(User.login).where(User.organisation_id == organisation_id)
        )


def _agree(client) -> str:
    return client.post(
        "/inbox/settings/sms", data={"choice": "agree"}, follow_redirects=True
    ).get_data(as_text=True)


def test_an_employer_gets_texts_only_after_agreeing_and_never_a_name(app, people):
    employer, org = people.employer()
    phone = _login_of(app, organisation_id=org)
    vid = post_vacancy(employer, title="仓库理货员")
    seeker, _ = people.seeker()
    first = _apply(seeker, vid)
    assert "“仓库理货员”收到新的投递" in employer.get("/inbox").get_data(as_text=True)
    assert sent_sms(app, phone) == []  # not agreed: the inbox only

    page = employer.get("/inbox/settings").get_data(as_text=True)
    assert "用短信接收工作通知" in page and "未同意" in page
    assert phone not in page and f"{phone[:3]}****{phone[-4:]}" in page  # masked
    assert "已同意：用短信接收工作通知" in _agree(employer)

    # the seeker answers on the thread and to an interview: both reach the employer by text
    seeker.post(f"/applications/{first}/messages", data={"body": "请问需要带什么材料？"})
    _invite(employer, first)
    with app.app_context():
        from jobhub.talks.models import Interview

        interview = db.session.scalar(db.select(Interview.id))
    seeker.post(f"/applications/{first}/interviews/{interview}/reply", data={"answer": "accepted"})
    texts = sent_sms(app, phone)
    assert len(texts) == 2, texts
    assert "应聘者就“仓库理货员”发来消息" in texts[0] and "站内消息" in texts[0]
    assert "面试邀请：接受" in texts[1]
    assert not any("林晓雨" in t or re.search(r"1[3-9]\d{9}", t) for t in texts)


def test_the_daily_cap_and_withdrawal_stop_an_employers_texts(accounts_for):
    app, people = accounts_for(NOTICE_SMS_DAILY_CAP=1)
    employer, org = people.employer()
    phone = _login_of(app, organisation_id=org)
    _agree(employer)
    vid = post_vacancy(employer, title="保洁员")
    _apply(people.seeker()[0], vid)
    _apply(people.seeker(name="周建国")[0], vid)
    assert len(sent_sms(app, phone)) == 1  # the cap
    inbox = employer.get("/inbox").get_data(as_text=True)
    assert inbox.count("收到新的投递") == 2  # every message still in the inbox

    refused = employer.post(
        "/inbox/settings/sms", data={"choice": "withdraw"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "请先勾选“确认撤回”" in refused
    employer.post("/inbox/settings/sms", data={"choice": "withdraw", "confirm": "y"})
    assert "未同意" in employer.get("/inbox/settings").get_data(as_text=True)
    with app.app_context():
        from jobhub.notices.models import AccountSmsConsent

        (row,) = db.session.scalars(db.select(AccountSmsConsent)).all()
        assert row.withdrawn_at is not None  # kept as the record
        from jobhub.security.models import AuditEvent

        actions = set(db.session.scalars(db.select(AuditEvent.action)))
        assert {"give_consent", "withdraw_consent"} <= actions


def test_station_workers_who_agreed_get_a_text_when_an_invitation_reaches_the_station(
    app, accounts, people
):
    staff, staff_id, _ = _staff(accounts, app)
    colleague, colleague_id, _ = _staff(accounts, app)
    person_id = int(_register(staff).headers["Location"].rstrip("/").split("/")[-1])
    staff_phone = _login_of(app, user_id=staff_id)
    assert "已同意" in _agree(staff)
    employer, _ = people.employer()
    vacancy = post_vacancy(employer, title="食堂帮厨", skills="切配、健康证")
    employer.post(f"/employer/vacancies/{vacancy}/invite/{person_id}")
    (text,) = sent_sms(app, staff_phone)
    assert "服务站收到一条需转达给群众的投递邀请消息" in text
    assert "王" not in text and "食堂帮厨" not in text  # no name, nothing of the person
    # a worker of another station (who did not agree either) gets nothing
    assert sent_sms(app, _login_of(app, user_id=colleague_id)) == []


def test_who_may_change_text_settings(app, accounts, people):
    seeker, _ = people.seeker()
    page = seeker.get("/inbox/settings").get_data(as_text=True)
    assert "我的授权" in page  # people agree to texts there
    assert seeker.post("/inbox/settings/sms", data={"choice": "agree"}).status_code == 403
    admin = accounts.client_for("admin")
    assert admin.post("/inbox/settings/sms", data={"choice": "agree"}).status_code == 403
    employer, _ = people.employer()
    bad = employer.post(
        "/inbox/settings/sms",
        data=b"choice=%ED%A0%80",  # a lone surrogate, as a broken client sends it
        content_type="application/x-www-form-urlencoded",
        follow_redirects=True,
    )
    assert bad.status_code == 200 and "请选择同意或撤回" in bad.get_data(as_text=True)
