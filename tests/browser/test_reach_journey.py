"""Issue 16 through a real Chromium: a visitor finds a vacancy by keyword; a seeker saves a job
alert, receives the day's digest in the inbox, applies from the public page; the employer
invites to an interview; the seeker accepts and the employer is told. Screenshots at phone and
desk widths."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobhub.demo import make_id_number
from jobhub.policy.dates import today_in_china
from tests.browser.test_seeker_employer_journeys import shoot
from tests.conftest import Accounts

pytestmark = pytest.mark.browser


def _login(page, base, login):
    page.goto(base + "/auth/login")
    page.get_by_label("手机号或账号").fill(login)
    page.get_by_label("密码").fill(Accounts.PASSWORD)
    page.get_by_role("button", name="登录").click()


def _vacancy(app, organisation_id: int) -> int:
    from jobhub import matchsvc
    from jobhub.db import now_utc
    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db

    with app.app_context():
        vacancy = Vacancy(
            organisation_id=organisation_id,
            title="数据分析助理",
            description="负责整理业务数据、制作周报，使用 Excel 和 Python 做基础分析。",
            kind="regular",
            headcount=2,
            work_location="杭州市西湖区古荡街道文三路 90 号",
            street_code="330106007",
            lat=30.284,
            lng=120.113,
            salary_min=6000,
            salary_max=8000,
            salary_unit="month",
            valid_until=today_in_china() + timedelta(days=60),
            skills=["Excel", "Python", "数据分析"],
            status="published",
            published_at=now_utc(),
        )
        db.session.add(vacancy)
        db.session.commit()
        matchsvc.rebuild_index()
        return vacancy.id


def test_alert_apply_invite_accept(live_app, page, browser, tmp_path):
    live_app.config["MATCHING_INDEX_DIR"] = str(tmp_path / "matching")
    base = live_app.config["LIVE_URL"]
    page.set_default_timeout(60000)  # a shared machine: a page may take a while under load
    accounts = Accounts(live_app)
    employer_id, employer_login = accounts.create("employer")
    from jobhub.auth.models import User
    from jobhub.extensions import db

    with live_app.app_context():
        org_id = db.session.get(User, employer_id).organisation_id
    vid = _vacancy(live_app, org_id)

    # --- a visitor finds it by keyword --------------------------------------------------------
    page.goto(base + "/")
    page.get_by_role("link", name="找工作").first.click()
    page.get_by_label("关键词").fill("数据分析")
    page.get_by_role("button", name="搜索").click()
    assert "共找到 1 个岗位" in page.inner_text("main")
    shoot(page, "public-search")
    page.get_by_role("link", name="数据分析助理").click()
    assert "登录后投递" in page.inner_text("main")
    shoot(page, "public-vacancy")

    # --- a seeker completes a profile and saves an alert ------------------------------------
    _, seeker_login = accounts.create("seeker")
    _login(page, base, seeker_login)
    page.wait_for_url("**/seeker/")
    page.goto(base + "/seeker/identity")
    page.get_by_label("姓名").fill("林晓雨")
    page.get_by_label("身份证号").fill(make_id_number(date(2001, 5, 12), 12, True))
    page.get_by_role("button", name="提交实名登记").click()
    page.get_by_label("最高学历").select_option("bachelor")
    page.get_by_label("目前就业状态").select_option("unemployed")
    page.get_by_label("技能和证书").fill("Excel、Python、数据分析")
    page.get_by_label("想找的工作").fill("数据分析")
    page.get_by_label("居住街道（乡镇）").select_option("330106005")
    page.get_by_role("button", name="保存资料").click()
    assert "资料已保存" in page.inner_text(".flashes")
    page.get_by_role("link", name="岗位提醒").click()
    page.get_by_label("有适合我的新岗位就提醒我（按我的求职资料）").check()
    page.get_by_role("button", name="保存提醒").click()
    assert "已保存提醒" in page.inner_text(".flashes")
    shoot(page, "seeker-alerts")

    # --- the daily job runs; the digest is in the inbox -------------------------------------
    result = live_app.test_cli_runner().invoke(args=["notices", "alerts"])
    assert "岗位提醒：1 人，1 个岗位" in result.output, result.output
    page.goto(base + "/seeker/")
    assert page.locator("header .unread").inner_text() == "1"
    page.get_by_role("link", name="站内消息").click()
    assert "数据分析助理" in page.inner_text("main")
    shoot(page, "seeker-inbox")

    # --- applies from the public page -------------------------------------------------------
    page.goto(f"{base}/vacancies/{vid}")
    page.get_by_role("link", name="去投递").click()
    page.get_by_role("button", name="投递", exact=True).click()
    assert "已投递" in page.inner_text(".flashes")
    application_url = page.url

    # --- the employer invites to an interview -----------------------------------------------
    other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    employer = other.new_page()
    employer.set_default_timeout(60000)
    _login(employer, base, employer_login)
    employer.wait_for_url("**/employer/")
    assert employer.locator("header .unread").inner_text() == "1"
    employer.get_by_role("link", name="站内消息").click()
    employer.get_by_role("link", name="“数据分析助理”收到新的投递").click()
    employer.get_by_label("面试时间（北京时间）").fill(
        (today_in_china() + timedelta(days=2)).isoformat() + "T10:00"
    )
    employer.get_by_label("面试地点").fill("文三路 90 号 5 楼")
    employer.get_by_label("联系人").fill("张经理")
    employer.get_by_role("button", name="发出面试邀请").click()
    assert "已发出面试邀请" in employer.inner_text(".flashes")
    shoot(employer, "employer-interview")

    # --- the seeker accepts; the employer is told -------------------------------------------
    page.goto(application_url)
    assert "文三路 90 号 5 楼" in page.inner_text("#talk")
    page.get_by_label("接受").check()
    page.get_by_role("button", name="提交回复").click()
    assert "已回复面试邀请" in page.inner_text(".flashes")
    assert "已接受" in page.inner_text("#talk")
    shoot(page, "seeker-interview")
    employer.goto(base + "/inbox")
    assert "面试邀请：接受" in employer.inner_text("main")
    other.close()
