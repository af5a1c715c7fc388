"""名单导入 in a real browser, at phone (390 px) and desk width: the bureau uploads a list,
reads the preview (IDs masked, every bad row named), confirms, and reads the 比对; no page
scrolls sideways."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import pass_second_factor, screenshot
from tests.imports.helpers import graduates_list

pytestmark = pytest.mark.browser

PASSWORD = "Bureau-Desk-2026-xh"
WIDE = "document.documentElement.scrollWidth > window.innerWidth + 1"


@pytest.mark.parametrize("width", [390, 1280])
def test_the_bureau_imports_a_list_and_reads_the_comparison(live_app, browser, tmp_path, width):
    from jobhub.auth.roles import Role
    from jobhub.auth.services import NewAccount, create_user
    from jobhub.extensions import db

    with live_app.app_context():
        create_user(NewAccount("bureau", PASSWORD, "王科长", Role.ADMIN))
        db.session.commit()
    base = live_app.config["LIVE_URL"]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(base + "/auth/login")
    page.get_by_label("手机号或账号").fill("bureau")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, live_app, "bureau")

    page.goto(base + "/admin/imports")
    page.get_by_label("名单来源").select_option("education")
    page.get_by_label("名单文件（.xlsx 或 .csv）").set_input_files(
        str(graduates_list(tmp_path / "毕业生名单.csv"))
    )
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url(re.compile(r".*/admin/imports/preview/"))
    assert "可导入 2 行" in page.inner_text("#preview-summary")
    assert "校验位不正确" in page.inner_text("#preview-errors")
    assert not re.search(r"\d{17}[\dX]", page.inner_text("main"))
    assert not page.evaluate(WIDE)
    screenshot(page, f"import-preview-{width}")

    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(re.compile(r".*/admin/imports/\d+$"))
    assert "离校2年内未就业高校毕业生" in page.inner_text("#matches")
    assert "翠苑街道" in page.inner_text("#areas")
    assert not page.evaluate(WIDE)
    screenshot(page, f"import-comparison-{width}")
    context.close()
