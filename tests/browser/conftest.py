"""A live JobHub on a free local port, and a real Chromium driven by Playwright."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pyotp
import pytest
from werkzeug.serving import make_server

from tests.conftest import base_config, remove_index_dir, sms_code, totp_code

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_backend() -> str:
    """SQLite for every journey; a module that runs on PostgreSQL as well overrides this with
    a fixture parametrised over ``tests.conftest.BACKENDS``."""
    return "sqlite"


@pytest.fixture
def live_app(live_backend, request):
    """The app on a fresh migrated database (SQLite, or the per-run PostgreSQL database with
    its app role, as the other PostgreSQL tests use), served by a real HTTP server in a
    thread."""
    from jobhub import create_app
    from jobhub.extensions import db

    source = "sqlite_template" if live_backend == "sqlite" else "postgres_database"
    url = request.getfixturevalue(source).fresh()
    app = create_app({**base_config(url), "WTF_CSRF_ENABLED": True, "TESTING": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()
    remove_index_dir(app)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fill_sms_code(page, app, phone_label: str, phone: str) -> None:
    """Type the phone, press 获取短信验证码, and type the code the text brought."""
    page.get_by_label(phone_label, exact=True).fill(phone)
    page.get_by_role("button", name="获取短信验证码").click()
    page.get_by_text("验证码已经发出").wait_for()
    page.get_by_label("短信验证码").fill(sms_code(app, phone))


def pass_second_factor(page, app, login: str) -> None:
    """Staff and admins after their password: on the first login bind an authenticator app
    (typing the secret the page shows, as into the app) and keep the recovery codes; later,
    give the app's current code."""
    page.wait_for_url(re.compile(r".*/auth/(totp-setup|second-factor)"))
    secrets = app.config.setdefault("TEST_TOTP_SECRETS", {})
    if "/auth/totp-setup" in page.url:
        assert page.locator(".qr svg").is_visible()
        secrets[login] = page.inner_text("code.secret").replace(" ", "")
        page.get_by_label("动态验证码", exact=True).fill(pyotp.TOTP(secrets[login]).now())
        page.get_by_role("button", name="完成绑定").click()
        page.locator(".recovery-codes li").first.wait_for()  # the answer may come slowly
        assert page.locator(".recovery-codes li").count() == 10
        page.get_by_role("link", name="我已保存，继续").click()
    else:
        page.get_by_label("动态验证码或恢复码").fill(totp_code(app, login, secrets[login]))
        page.get_by_role("button", name="验证并登录").click()


def certify_at_counter(page) -> None:
    """Register the client on screen unemployed and certify 低保 and 4050 (the journey)."""
    acts = page.locator("#acts")
    acts.get_by_label("居住依据").select_option(label="常住地（居住证或居住登记）")
    acts.get_by_label("常住地证明").select_option(label="居住证")
    acts.get_by_label("居住证明编号").fill("330106197802203157")
    acts.get_by_label("居住证明有效期至").fill("2099-06-30")
    acts.get_by_label("办理结果").select_option(label="予以登记")
    acts.get_by_label("《就业创业证》编号").fill("3301060012345678")
    acts.get_by_role("button", name="办理失业登记").click()
    assert "失业登记已办理" in page.inner_text(".flashes")
    acts.get_by_label("城乡低保家庭成员").check()
    acts.get_by_label("大龄（“4050”）人员").check()
    acts.locator("#evidence_low_income_reference").fill("区民政局低保名单2026-11第12行")
    acts.get_by_role("button", name="受理认定申请").click()
    assert "已受理就业困难人员认定申请" in page.inner_text(".flashes")
    acts.locator('input[name="low_income_decision"][value="approved"]').check()
    acts.locator('input[name="older_worker_decision"][value="approved"]').check()
    acts.get_by_role("button", name="保存审核结果").click()
    assert "审核结果已保存" in page.inner_text(".flashes")
