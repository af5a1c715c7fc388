"""Journeys through a real Chromium: an employer posts a vacancy and fixes a rejected wording by
following the messages; a graduate registers, completes a profile, sees matches with reasons
and applies; the employer sees ranked candidates and hires; the seeker sees 录用 and the
subsidies the hire brought. Screenshots of the main pages at phone and desk widths."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobhub.demo import make_id_number, make_uscc
from jobhub.policy.dates import today_in_china
from tests.browser.conftest import fill_sms_code, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "Spring-Rain-2026"
PHONE, DESK = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def shoot(page, name: str) -> None:
    """The page at desk width, then at phone width (and back)."""
    page.set_viewport_size(DESK)
    screenshot(page, f"{name}-desk")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESK)


def login(page, base, phone):
    page.goto(base + "/auth/login")
    page.get_by_label("手机号或账号").fill(phone)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def logout(page):
    page.get_by_role("button", name="退出").click()


def test_post_fix_match_apply_hire_and_see_the_subsidies(live_app, page, tmp_path):
    live_app.config["MATCHING_INDEX_DIR"] = str(tmp_path / "matching")
    base = live_app.config["LIVE_URL"]
    today = today_in_china()

    # --- an employer registers and posts a vacancy; the review rejects a wording ------------
    page.goto(base + "/auth/register/employer")
    page.get_by_label("单位名称").fill("杭州西溪云数科技有限公司")
    page.get_by_label("统一社会信用代码").fill(make_uscc(777))
    page.get_by_label("联系人姓名").fill("张经理")
    fill_sms_code(page, live_app, "联系人手机号", "13912340001")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/auth/login")
    login(page, base, "13912340001")
    page.wait_for_url("**/employer/")

    page.get_by_role("link", name="单位信息", exact=True).click()
    page.get_by_label("所在街道（乡镇）").select_option("330106007")
    page.get_by_label("企业规模").select_option("small")
    page.get_by_role("button", name="保存单位信息").click()
    assert "单位信息已保存" in page.inner_text(".flashes")

    page.goto(base + "/employer/vacancies/new")
    page.get_by_label("岗位名称").fill("数据分析助理")
    page.get_by_label("岗位描述").fill(
        "负责整理业务数据、制作周报，使用 Excel 和 Python 做基础分析。仅限男性。提供五险一金。"
    )
    page.get_by_label("技能要求").fill("Excel、Python、数据分析")
    page.get_by_label("招聘人数").fill("2")
    page.get_by_label("工作地点", exact=True).fill("杭州市西湖区古荡街道文三路 90 号")
    page.get_by_label("工作地点所在街道（乡镇）").select_option("330106007")
    page.get_by_label("最低薪资（元）").fill("6000")
    page.get_by_label("最高薪资（元）").fill("8000")
    page.get_by_label("有效期至").fill((today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="提交审核并发布").click()
    assert "审核未通过，岗位没有保存" in page.inner_text("#review")
    assert page.locator(".posting-preview mark.finding").inner_text() == "仅限男性"
    shoot(page, "employer-vacancy-rejected")
    # Follow the message: take the words out and submit again.
    description = page.get_by_label("岗位描述")
    description.fill(description.input_value().replace("仅限男性。", ""))
    page.get_by_role("button", name="提交审核并发布").click()
    assert "审核通过，岗位已发布" in page.inner_text(".flashes")
    assert page.inner_text("#vacancy-status") == "招聘中"
    shoot(page, "employer-vacancy")
    logout(page)

    from jobhub import matchsvc

    with live_app.app_context():
        matchsvc.rebuild_index()

    # --- a graduate registers, completes the profile, sees matches and applies ---------------
    page.goto(base + "/auth/register")
    fill_sms_code(page, live_app, "手机号", "13912340002")
    page.get_by_label("称呼").fill("小林")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    login(page, base, "13912340002")
    page.wait_for_url("**/seeker/")
    page.get_by_role("link", name="去实名登记").click()
    page.get_by_label("姓名").fill("林晓雨")
    page.get_by_label("身份证号").fill(make_id_number(date(2003, 5, 12), 11, True))
    page.get_by_role("button", name="提交实名登记").click()
    assert "实名登记完成" in page.inner_text(".flashes")

    page.get_by_label("最高学历").select_option("bachelor")
    page.get_by_label("目前就业状态").select_option("unemployed")
    page.get_by_label("所学专业").fill("统计学")
    page.get_by_label("毕业（离校）日期").fill((today - timedelta(days=150)).isoformat())
    page.get_by_label("技能和证书").fill("Excel、Python、数据分析")
    page.get_by_label("想找的工作").fill("数据分析")
    page.get_by_label("居住街道（乡镇）").select_option("330106005")
    page.get_by_label("最远通勤距离（公里）").fill("10")
    page.get_by_role("button", name="保存资料").click()
    assert "资料已保存" in page.inner_text(".flashes")
    assert "离校2年内未就业高校毕业生" in page.inner_text("#groups")
    shoot(page, "seeker-profile")

    page.get_by_role("link", name="推荐岗位").click()
    card = page.locator("li.match").first
    assert "数据分析助理" in card.inner_text()
    assert "已具备" in card.inner_text() and "公里" in card.inner_text()
    shoot(page, "seeker-matches")
    card.get_by_role("button", name="一键投递").click()
    assert "已投递" in page.inner_text(".flashes")
    assert page.inner_text("#status") == "已投递"

    page.get_by_role("link", name="我能享受的政策").click()
    assert "离校2年内未就业高校毕业生" in page.inner_text("main")
    shoot(page, "seeker-policies")
    logout(page)

    # --- the employer sees ranked candidates and hires ----------------------------------------
    login(page, base, "13912340001")
    page.goto(base + "/employer/vacancies")
    page.get_by_role("link", name="候选人").click()
    first = page.locator("li.candidate").first
    assert "林晓雨" in first.inner_text()  # she applied, so her name is shown
    assert "离校2年内未就业高校毕业生" not in first.inner_text()  # never her status
    shoot(page, "employer-candidates")
    first.get_by_role("link", name="已投递").click()
    page.get_by_label("入职日期").fill(today.isoformat())
    page.get_by_label("劳动合同期限（月）").fill("24")
    page.get_by_label("单位每月为其缴纳的社保费（单位部分，元）").fill("1200")
    page.get_by_role("button", name="确认录用").click()
    assert page.inner_text("#status") == "录用"
    assert "bachelor" not in page.inner_text("main") and "本科" in page.inner_text("main")
    subsidies = page.inner_text("#hire-subsidies")
    assert "小微企业招用高校毕业生社会保险补贴" in subsidies and "可以申请" in subsidies
    assert "离校2年内未就业高校毕业生" not in subsidies  # what the hire brings, not who she is
    shoot(page, "employer-hire-subsidies")
    logout(page)

    # --- the seeker sees 录用 and what the hire brought ----------------------------------------
    login(page, base, "13912340002")
    page.get_by_role("link", name="我的申请").click()
    page.get_by_role("link", name="数据分析助理").click()
    assert page.inner_text("#status") == "录用"
    assert "小微企业招用高校毕业生社会保险补贴" in page.inner_text(".hired")
    shoot(page, "seeker-hired")
