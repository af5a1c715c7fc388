"""Talking about an application: the employer invites to an interview, the seeker accepts,
asks for another time or declines; a reviewed text thread; a station answers for a person it
registered without an account. Every route refuses someone else's application."""

from __future__ import annotations

from datetime import timedelta

from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Application
from jobhub.talks.models import ApplicationMessage, Interview
from tests.notices.test_inbox import _apply
from tests.seekers.helpers import post_vacancy
from tests.stations.test_counter import _register, _staff

WHEN = (today_in_china() + timedelta(days=3)).isoformat() + "T10:30"


def _invite(employer, aid, **extra):
    data = {
        "starts_at": WHEN,
        "place": "文三路 90 号 5 楼人事部",
        "contact_name": "李经理",
        "contact_phone": "0571-8888-1234",
        "notes": "请带简历",
    }
    data.update(extra)
    return employer.post(f"/employer/applications/{aid}/interviews", data=data)


def _interviews(app, aid) -> list[Interview]:
    with app.app_context():
        rows = db.session.scalars(db.select(Interview).where(Interview.application_id == aid))
        found = list(rows)
        for row in found:
            db.session.expunge(row)
        return found


def test_invite_accept_and_the_other_side_is_told(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer, title="仓库理货员")
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    bad = _invite(employer, aid, contact_phone="12345")
    assert bad.status_code == 302
    assert _interviews(app, aid) == []
    assert _invite(employer, aid, contact_phone="").status_code == 302
    [interview] = _interviews(app, aid)
    with app.app_context():
        assert db.session.get(Application, aid).status == "interview"
    page = seeker.get(f"/seeker/applications/{aid}").get_data(as_text=True)
    assert "文三路 90 号 5 楼人事部" in page and "10:30" in page and "李经理" in page
    assert "邀请您面试“仓库理货员”" in seeker.get("/inbox").get_data(as_text=True)
    seeker.post(f"/applications/{aid}/interviews/{interview.id}/reply", data={"answer": "accepted"})
    assert _interviews(app, aid)[0].status == "accepted"
    assert "面试邀请：接受" in employer.get("/inbox").get_data(as_text=True)
    # answered once: a second answer changes nothing
    seeker.post(f"/applications/{aid}/interviews/{interview.id}/reply", data={"answer": "declined"})
    assert _interviews(app, aid)[0].status == "accepted"


def test_bad_interview_input_is_named_and_changes_nothing(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    cases = [
        ({"starts_at": "2020-01-01T10:00"}, "面试时间应在今天到 90 天之内"),
        ({"starts_at": "明天"}, "面试时间格式应为"),
        ({"starts_at": WHEN[:-5] + "23:30"}, "07:00 到 21:00"),
        ({"place": ""}, "请填写面试地点"),
        ({"notes": "面试需交押金200元"}, "押金"),
        ({"contact_phone": "1" * 30}, "联系电话"),
        ({"starts_at": "99999999999-01-01T10:00"}, "面试时间格式应为"),
    ]
    for extra, message in cases:
        answer = _invite(employer, aid, **extra)
        assert answer.status_code in (302, 400)
        if answer.status_code == 302 and message:
            shown = employer.get(answer.headers["Location"]).get_data(as_text=True)
            assert message in shown, extra
    assert _interviews(app, aid) == []


def test_asking_for_another_time_needs_a_note(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    _invite(employer, aid)
    [iv] = _interviews(app, aid)
    answer = seeker.post(
        f"/applications/{aid}/interviews/{iv.id}/reply",
        data={"answer": "reschedule"},
        follow_redirects=True,
    )
    assert "希望改期时请写明方便的时间" in answer.get_data(as_text=True)
    assert _interviews(app, aid)[0].status == "proposed"
    seeker.post(
        f"/applications/{aid}/interviews/{iv.id}/reply",
        data={"answer": "reschedule", "note": "周四下午都可以"},
    )
    assert _interviews(app, aid)[0].status == "reschedule"
    assert "周四下午都可以" in employer.get(f"/employer/applications/{aid}").get_data(as_text=True)


def test_thread_refuses_fees_and_off_platform_contact(app, people):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    refused = employer.post(
        f"/applications/{aid}/messages",
        data={"body": "加微信 hr_zhang88 细聊"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "微信" in refused
    refused = employer.post(
        f"/applications/{aid}/messages",
        data={"body": "入职前需交服装费300元"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "服装费" in refused
    too_long = employer.post(
        f"/applications/{aid}/messages", data={"body": "好" * 301}, follow_redirects=True
    ).get_data(as_text=True)
    assert "最多 300 个字" in too_long
    employer.post(f"/applications/{aid}/messages", data={"body": "您好，周三上午方便来面试吗？"})
    seeker.post(f"/applications/{aid}/messages", data={"body": "可以的，谢谢。"})
    with app.app_context():
        bodies = db.session.scalars(
            db.select(ApplicationMessage.body)
            .where(ApplicationMessage.application_id == aid)
            .order_by(ApplicationMessage.id)
        ).all()
    assert bodies == ["您好，周三上午方便来面试吗？", "可以的，谢谢。"]
    page = seeker.get(f"/seeker/applications/{aid}").get_data(as_text=True)
    assert "周三上午方便来面试吗" in page and "可以的，谢谢。" in page


def test_nobody_talks_on_someone_elses_application(app, people, accounts):
    employer, _ = people.employer()
    vid = post_vacancy(employer)
    seeker, _ = people.seeker()
    aid = _apply(seeker, vid)
    _invite(employer, aid)
    [iv] = _interviews(app, aid)
    other_employer, _ = people.employer()
    other_seeker, _ = people.seeker("赵六")
    staff, _, _ = _staff(accounts, app)
    for client in (other_employer, other_seeker, staff):
        assert (
            client.post(f"/applications/{aid}/messages", data={"body": "你好"}).status_code == 404
        )
        assert client.post(
            f"/applications/{aid}/interviews/{iv.id}/reply", data={"answer": "declined"}
        ).status_code in (403, 404)
    assert (
        other_employer.post(
            f"/employer/applications/{aid}/interviews", data={"starts_at": WHEN}
        ).status_code
        == 404
    )
    assert seeker.post(f"/employer/applications/{aid}/interviews").status_code == 403
    assert (
        employer.post(
            f"/applications/{aid}/interviews/{iv.id}/reply", data={"answer": "accepted"}
        ).status_code
        == 403
    )
    assert seeker.post(f"/applications/{aid}/messages", data={"body": "x"}).status_code == 302
    assert (
        seeker.post(
            "/applications/99999999999999999999999/messages", data={"body": "x"}
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ApplicationMessage)) == 1
    assert _interviews(app, aid)[0].status == "proposed"


def test_station_answers_for_a_person_without_an_account(app, accounts, people):
    from jobhub.seekers import applications as apps
    from jobhub.seekers.models import Person

    staff, _, _ = _staff(accounts, app)
    person_page = _register(staff).headers["Location"]
    person_id = int(person_page.rstrip("/").split("/")[-1])
    employer, _ = people.employer()
    vid = post_vacancy(employer, title="食堂帮厨", skills="切配、健康证")
    with app.app_context():  # the staff applied for them at the counter
        application = apps.apply(db.session.get(Person, person_id), vid, "", actor=None)
        db.session.commit()
        aid = application.id
    _invite(employer, aid)
    [iv] = _interviews(app, aid)
    inbox = staff.get("/inbox").get_data(as_text=True)
    assert "王**：" in inbox and "邀请您面试“食堂帮厨”" in inbox
    page = staff.get(person_page).get_data(as_text=True)
    assert "文三路 90 号 5 楼人事部" in page and "代求职者" in page
    staff.post(f"/applications/{aid}/interviews/{iv.id}/reply", data={"answer": "accepted"})
    assert _interviews(app, aid)[0].status == "accepted"
    other_staff, _, _ = _staff(accounts, app)
    assert "食堂帮厨" not in other_staff.get("/inbox").get_data(as_text=True)
