"""From a skill gap to a granted subsidy in a real Chromium, on the demo district: the demo
seeker sees a nearby subsidised course for a skill her vacancies ask for, enrols; the demo
institution confirms, records attendance and completion with the certificate; the seeker sees
the skill verified and claims the training subsidy; the bureau grants it. Screenshots of each
page at phone (390 px) and desk widths."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jobhub.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from jobhub.policy.dates import today_in_china
from tests.browser.conftest import pass_second_factor, screenshot

pytestmark = pytest.mark.browser

PHONE, DESK = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def shoot(page, name: str) -> None:
    """The page at desk width, then at phone width (no sideways scrolling), and back."""
    page.set_viewport_size(DESK)
    screenshot(page, f"{name}-desk")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{name}: {width} px wide at 390 px"
    page.set_viewport_size(DESK)


def login(page, base, account):
    page.goto(base + "/auth/login")
    page.get_by_label("手机号或账号").fill(account)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def logout(page):
    page.get_by_role("button", name="退出", exact=True).click()


def test_skill_gap_to_course_to_granted_subsidy(live_app, page, tmp_path):
    from jobhub import matchsvc
    from jobhub.demo import seed_demo
    from jobhub.extensions import db
    from jobhub.training.models import Course

    live_app.config["MATCHING_INDEX_DIR"] = str(tmp_path / "matching")
    live_app.config.setdefault("TEST_TOTP_SECRETS", {})["admin"] = DEMO_TOTP_SECRET
    with live_app.app_context():
        seed_demo()
        db.session.commit()
        matchsvc.rebuild_index()
    base = live_app.config["LIVE_URL"]

    # --- the seeker sees a course for a skill her best vacancies ask for -----------------
    login(page, base, "13800000001")
    page.get_by_role("link", name="推荐岗位").first.click()
    suggestions = page.locator("section", has_text="可以学的课程")
    text = suggestions.inner_text()
    assert "SQL 数据库应用（中级）" in text
    assert "教授“SQL”" in text and "公里" in text
    assert "职业培训补贴1500.00元（培训费1800.00元）" in text
    shoot(page, "training-matches")
    suggestions.get_by_role("link", name="SQL 数据库应用（中级）").click()
    assert "可以享受 职业培训补贴：1500.00 元" in page.inner_text("main")
    shoot(page, "training-course")
    page.get_by_role("button", name="报名参加").click()
    assert "已报名，等待培训机构确认" in page.inner_text(".flashes")
    assert "已报名，待机构确认" in page.inner_text("main")
    logout(page)

    # --- the institution confirms; the course runs; it records attendance and completion --
    login(page, base, "13800000004")
    page.get_by_role("link", name="SQL 数据库应用（中级）").click()
    page.get_by_label("处理结果").select_option("confirm")
    page.get_by_role("button", name="提交").click()
    assert "已确认参训" in page.inner_text("main")
    with live_app.app_context():  # the weeks of the course pass
        course = db.session.scalar(db.select(Course).where(Course.title.like("SQL%")))
        course.starts_on = today_in_china() - timedelta(days=40)
        course.ends_on = today_in_china() - timedelta(days=1)
        db.session.commit()
    page.reload()
    page.get_by_label("已出勤学时（累计）").fill("64")
    page.get_by_role("button", name="登记出勤").click()
    page.get_by_label("证书编号").fill("S000033010600123")
    page.get_by_label("证书等级").select_option("intermediate")
    page.get_by_role("button", name="登记结业").click()
    main = page.inner_text("main")
    assert "已结业" in main and "S000033010600123" in main
    shoot(page, "training-roster")
    logout(page)

    # --- the seeker sees the skill verified and claims the subsidy ------------------------
    login(page, base, "13800000001")
    page.get_by_role("link", name="技能培训").first.click()
    assert "已认证技能" in page.inner_text("main") and "SQL" in page.inner_text("main")
    page.get_by_role("button", name="申请职业培训补贴").click()
    assert "培训补贴申请已提交" in page.inner_text(".flashes")
    assert "已提交，待审核" in page.inner_text("main")
    shoot(page, "training-mine")
    logout(page)

    # --- the bureau grants it -------------------------------------------------------------
    login(page, base, "admin")
    pass_second_factor(page, live_app, "admin")
    page.goto(base + "/admin/subsidies")
    card = page.locator("section", has_text="职业培训补贴")
    assert "S000033010600123" in card.inner_text() and "1500.00" in card.inner_text()
    shoot(page, "training-subsidy-queue")
    card.get_by_label("审核结果").select_option("approved")
    card.get_by_role("button", name="提交").click()
    page.goto(base + "/training/admin/outcomes")
    assert "SQL 数据库应用（中级）" in page.inner_text("main")
    shoot(page, "training-outcomes")
    logout(page)

    login(page, base, "13800000001")
    page.goto(base + "/training/mine")
    assert "已核定" in page.inner_text("main")
