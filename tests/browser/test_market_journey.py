"""A visitor looks up an occupation's pay on a phone: the vendored Chart.js draws under the
strict CSP (no error, no violation), the figures sit in a table beside each chart. The bureau
reads the warnings map on a phone and opens a street's indicators from it."""

from __future__ import annotations

from jobhub.extensions import db
from jobhub.market.core import parse_period
from jobhub.market.refresh import refresh
from tests.browser.conftest import pass_second_factor, screenshot
from tests.market.dataset import CUIYUAN, X1, add_layoff, build


def _problems(page) -> list[str]:
    """What goes wrong on the page: a console error (a CSP violation included) or a script
    error. A failed load is left to the caller's response check (the browser's own favicon
    request is no page's doing)."""
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_a_visitor_reads_the_wage_distribution_and_trend_on_a_phone(live_app, browser):
    with live_app.app_context():
        build()
        refresh((parse_period("2026Q3"),))
        db.session.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    problems = _problems(page)
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.goto(live_app.config["LIVE_URL"] + "/market/wages")
    page.get_by_label("职业（名称或编码）").fill("中式烹调")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="中式烹调师").click()
    page.locator("select[name=area]").select_option(CUIYUAN)
    page.locator("select[name=period]").select_option("2026Q3")
    page.get_by_role("button", name="查询").click()
    page.locator("#wage-distribution-table").wait_for()
    assert X1 in page.url
    # Chart.js drew both charts: it sizes each canvas to its box
    for chart in ("#wage-distribution", "#wage-trend"):
        width = page.eval_on_selector(chart, "c => c.width")
        assert width > 200, chart
        assert page.evaluate(f"Chart.getChart(document.querySelector('{chart}')) !== undefined")
    median = page.locator('#wage-distribution-table td[data-key="p50"]').inner_text()
    assert median == "6,219"
    # nothing wider than the phone: the tables keep their columns inside the page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "market-wages-390")
    assert problems == []
    context.close()


def test_the_bureau_reads_the_warnings_map_on_a_phone_and_opens_a_street(live_app, browser):
    from datetime import date

    from jobhub.auth.roles import Role
    from jobhub.auth.services import NewAccount, create_user
    from jobhub.market import warnings

    password = "Bureau-Map-2026"
    with live_app.app_context():
        ids = build()
        add_layoff(ids["org1"], 25, date(2026, 8, 20))  # ≥ 20 in 翠苑: 关注
        warnings.compute_indicators(parse_period("2026-08", months=True))
        create_user(NewAccount("mapadmin", password, "王科长", Role.ADMIN))
        db.session.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = _problems(page)
    page.goto(live_app.config["LIVE_URL"] + "/auth/login")
    page.get_by_label("手机号或账号").fill("mapadmin")
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, live_app, "mapadmin")
    page.goto(live_app.config["LIVE_URL"] + "/market/warnings?period=2026-08")
    street = page.locator(f'.street-map g[data-code="{CUIYUAN}"]')
    assert street.get_attribute("data-level") == "watch"
    box = street.bounding_box()
    assert box is not None and box["width"] > 4 and box["height"] > 4  # drawn, not hidden
    street.click()
    page.wait_for_url(f"**#street-{CUIYUAN}")
    row = page.locator(f"#street-{CUIYUAN}")
    assert row.is_visible() and "关注" in row.inner_text() and "25" in row.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "market-warnings-map-390")
    assert problems == []
    context.close()
