"""今日待办 on the station worker's home: 欠薪 to chase, work to record, pay due today, gigs
held for review, 1131 services owed; each line counted from the rows it stands for, newest
first; the same list from `flask stations due-today`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from jobhub.auth.models import User
from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.gigs.models import GigClaim
from jobhub.messaging import FileGateway
from jobhub.policy.dates import today_in_china
from tests.gigs import factory


def test_the_home_lists_what_is_due_with_true_counts(app, accounts, runner):
    user_id, login = accounts.create("station_staff")
    client = app.test_client()
    accounts.login(client, login)
    today = today_in_china()
    with app.app_context():
        station = db.session.get(User, user_id).station_id
        other = factory.station(name="别站").id
        unpaid = factory.gig(
            station,
            title="发传单",
            work_date=today - timedelta(days=3),
            status="completed",
            taken=2,
        )
        unrecorded = factory.gig(
            station,
            title="搬家",
            work_date=today - timedelta(days=1),
            status="in_progress",
            taken=2,
        )
        payday = factory.gig(
            station,
            title="洗碗",
            work_date=today - timedelta(days=2),
            settlement="on_completion",
            settle_by=today,
            status="completed",
        )
        factory.gig(station, title="高薪代购", status="pending_review")
        factory.gig(
            other,
            title="别站的欠薪",
            work_date=today - timedelta(days=3),
            status="completed",
            taken=1,
        )
        people = [factory.person(i, registered_station_id=station) for i in range(1, 6)]
        for p, (gig, status) in zip(
            people,
            [
                (unpaid, "completed"),
                (unpaid, "completed"),
                (unrecorded, "claimed"),
                (unrecorded, "checked_in"),
                (payday, "completed"),
            ],
            strict=True,
        ):
            db.session.add(GigClaim(gig_id=gig.id, person_id=p.id, status=status, amount_due=150))
        graduate = factory.person(
            9,
            registered_station_id=station,
            name="林毕业",
            birth=date(today.year - 23, 3, 1),
            female=True,
        )
        graduate.id_number = make_id_number(date(today.year - 23, 3, 1), 9, True)
        graduate.education = "bachelor"
        graduate.graduation_date = today - timedelta(days=150)
        graduate.employment_status = "unemployed"
        db.session.commit()

    page = client.get("/station/").get_data(as_text=True)
    section = page.split('id="due"', 1)[1].split("</section>", 1)[0]
    lines = re.findall(
        r'<span class="badge[^"]*">([^<]+)</span> <a href="[^"]+">([^<]+)</a>', section
    )
    by_label = {}
    for label, text in lines:
        by_label.setdefault(label, []).append(text)
    # 日结 pay was due on the work day: the worker who checked in yesterday is owed too; the
    # most overdue first
    assert by_label["追讨欠薪"] == [
        "发传单（杭州翠苑鲜厨餐饮管理有限公司）：2 人共 300 元，已逾期 3 天",
        "搬家（杭州翠苑鲜厨餐饮管理有限公司）：1 人共 150 元，已逾期 1 天",
    ]
    assert by_label["登记到岗或完工"] == [
        f"搬家（{(today - timedelta(days=1)):%m月%d日}）：2 人未登记完工或未到岗"
    ]
    assert by_label["今日应结算"] == ["洗碗（杭州翠苑鲜厨餐饮管理有限公司）：1 人今天应拿到报酬"]
    assert by_label["待审核零工"] == ["高薪代购（杭州翠苑鲜厨餐饮管理有限公司）等待审核"]
    assert [t for t in by_label["毕业生实名服务"] if t.startswith("林毕业")]
    assert "别站的欠薪" not in section
    assert f"今日待办（{len(lines)} 项）" in page
    # the most urgent kind first: 欠薪, then today's pay, then work to record, then review
    labels = list(dict.fromkeys(label for label, _ in lines))
    assert labels[:4] == ["追讨欠薪", "今日应结算", "登记到岗或完工", "待审核零工"]
    for label, texts_ in by_label.items():
        assert f'{label}<span class="muted">（共 {len(texts_)} 项）' in section
    assert "查看全部" not in section  # no kind has more than the page shows

    result = runner.invoke(args=["stations", "due-today", "--station", str(station)])
    assert result.exit_code == 0, result.output
    assert f"今日待办：{len(lines)} 项" in result.output
    assert "【追讨欠薪】发传单" in result.output and "/station/gigs/" in result.output

    # --- the same list goes out: an SMS to the station's workers, the full list by e-mail ----
    _, colleague = accounts.create("station_staff", station_id=station)
    _, elsewhere = accounts.create("station_staff", station_id=other)
    app.config["PUBLIC_URL"] = "https://jiuye.example.gov.cn/"
    result = runner.invoke(
        args=["stations", "send-due", "--station", str(station), "--email", "zhan@example.cn"]
    )
    assert result.exit_code == 0, result.output
    assert f"待办 {len(lines)} 项，短信 2 条，邮件 1 封" in result.output
    gateway = FileGateway(app.config)
    texts = {m.to: m.text for m in gateway.sent("sms")}
    assert set(texts) == {login, colleague}  # not the other station's worker
    counts = {label: len(texts_) for label, texts_ in by_label.items()}
    summary = texts[login]
    assert f"今日待办 {len(lines)} 项" in summary
    for label, n in counts.items():
        assert f"{label} {n} 项" in summary
    assert "https://jiuye.example.gov.cn/station/" in summary and "林毕业" not in summary
    (mail,) = gateway.sent("email")
    assert mail.to == "zhan@example.cn" and f"今日待办 {len(lines)} 项" in mail.subject
    for label, texts_ in by_label.items():
        assert f"【{label}】共 {len(texts_)} 项" in mail.text
        for text in texts_:
            assert text.replace("林毕业", "林**") in mail.text
    assert "林毕业" not in mail.text
    assert "https://jiuye.example.gov.cn/station/gigs/" in mail.text
    # a station with nothing due sends nothing; a bad address or station changes nothing
    # 别站's gig has no worked claims: nothing is due there, so its worker gets nothing
    quiet = runner.invoke(args=["stations", "send-due", "--station", str(other)])
    assert "别站：待办 0 项，短信 0 条，邮件 0 封" in quiet.output
    assert elsewhere not in {m.to for m in FileGateway(app.config).sent("sms")}
    bad = runner.invoke(args=["stations", "send-due", "--station", "99999999999999999999"])
    assert bad.exit_code != 0 and "没有这个站点" in bad.output
    bad_mail = runner.invoke(args=["stations", "send-due", "--email", "not an address"])
    assert bad_mail.exit_code != 0 and "邮箱格式不对" in bad_mail.output
    assert len(FileGateway(app.config).sent("email")) == 1
