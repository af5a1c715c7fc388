"""A person registers as a job seeker, logs out, logs in again and lands on their home page."""

import pytest

from tests.browser.conftest import fill_sms_code, screenshot

pytestmark = pytest.mark.browser


def test_seeker_registers_logs_out_and_logs_back_in(live_app, page):
    base = live_app.config["LIVE_URL"]
    page.goto(base + "/")
    page.get_by_role("link", name="我要找工作").click()

    fill_sms_code(page, live_app, "手机号", "13912340000")
    page.get_by_label("称呼").fill("小陈")
    page.get_by_label("密码", exact=True).fill("Spring-Rain-2026")
    page.get_by_label("确认密码").fill("Spring-Rain-2026")
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/auth/login")
    assert "注册申请已处理" in page.inner_text(".flashes")

    page.get_by_label("手机号或账号").fill("13912340000")
    page.get_by_label("密码").fill("Spring-Rain-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/seeker/")
    assert "您好，小陈" in page.inner_text("h1")
    screenshot(page, "seeker-home-desk")

    page.get_by_role("button", name="退出").click()
    page.wait_for_url(base + "/")
    assert "您已安全退出" in page.inner_text(".flashes")
    page.goto(base + "/seeker/")
    page.wait_for_url("**/auth/login**")

    page.get_by_label("手机号或账号").fill("13912340000")
    page.get_by_label("密码").fill("Spring-Rain-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/seeker/")
    assert page.get_by_role("button", name="退出").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "seeker-home-phone")


def test_field_errors_sit_next_to_their_fields(live_app, page):
    page.goto(live_app.config["LIVE_URL"] + "/auth/register")
    page.get_by_label("手机号").fill("123")
    page.get_by_role("button", name="注册").click()
    phone = page.get_by_label("手机号")
    assert phone.get_attribute("aria-invalid") == "true"
    described = phone.get_attribute("aria-describedby")
    assert "11 位" in page.inner_text(f"#{described.split()[-1]}")


def test_an_integrator_reads_the_api_document_in_the_browser(live_app, page):
    """接口文档 draws every operation from assets the app serves itself (no CDN)."""
    base = live_app.config["LIVE_URL"]
    outside = []
    page.on("request", lambda r: r.url.startswith(base) or outside.append(r.url))
    errors = []
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    page.goto(base + "/api/v1/docs")
    page.get_by_text("/api/v1/gigs/{gig_id}/claims").first.wait_for()
    assert page.get_by_text("JobHub 公共就业服务平台 API").first.is_visible()
    page.get_by_text("/api/v1/gigs/{gig_id}/claims").first.click()
    page.get_by_text("已满，或时间冲突").first.wait_for()  # the documented 409 is readable
    screenshot(page, "api-docs-desk")
    assert outside == [] and errors == []
