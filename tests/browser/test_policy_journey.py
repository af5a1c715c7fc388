"""A visitor uses the 政策计算器 without logging in and reads the answer with its basis."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_visitor_checks_a_flexible_worker_subsidy(live_app, page):
    page.goto(live_app.config["LIVE_URL"] + "/")
    page.get_by_role("link", name="政策计算器").click()
    page.get_by_label("出生日期").fill("1978-02-20")
    page.get_by_label("性别").select_option("female")
    page.get_by_label("就业状态").select_option("flexible")
    page.get_by_label("每月个人缴纳社保（元）").fill("900")
    page.get_by_label("城乡低保家庭成员").check()
    page.get_by_label("计算日期").fill("2026-11-22")
    page.get_by_role("button", name="计算").click()
    # 48: her term depends on 原50 or 原55, so without it nothing is granted on a guess
    page.locator("#result").wait_for()
    assert "需补充：退休类别" in page.inner_text("#result")
    page.get_by_label("退休类别").select_option("female_worker")
    page.get_by_role("button", name="计算").click()

    result = page.locator("#result")
    result.wait_for()
    text = result.inner_text()
    assert "需补充" not in text
    assert "法定退休日期：2029-09-20" in text
    assert "就业困难人员灵活就业社会保险补贴" in text
    assert "2026-11-01 至 2029-08-31，共 34 个月" in text
    assert "600.00 元" in text
    assert "财社〔2023〕181号" in text
    screenshot(page, "policy-calculator-desk")
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    # on a phone the answer starts on the first screen, above the (long) form
    assert result.bounding_box()["y"] < 844
    assert result.bounding_box()["y"] < page.locator("form.calculator").bounding_box()["y"]
    screenshot(page, "policy-calculator-phone")


def test_a_mistyped_date_is_explained_next_to_the_field(live_app, page):
    page.goto(live_app.config["LIVE_URL"] + "/policy/calculator")
    page.evaluate("document.getElementById('birth_date').type = 'text'")
    page.get_by_label("出生日期").fill("1978-02-30")
    page.get_by_label("性别").select_option("male")
    page.get_by_role("button", name="计算").click()
    assert "有效日期" in page.inner_text("#birth_date-error")
