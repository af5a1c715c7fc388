"""A visitor looks up an occupation's pay on a phone: the vendored Chart.js draws under the
strict CSP (no error, no violation), the figures sit in a table beside each chart."""

from __future__ import annotations

from jobhub.extensions import db
from jobhub.market.core import parse_period
from jobhub.market.refresh import refresh
from tests.browser.conftest import screenshot
from tests.market.dataset import CUIYUAN, X1, build


def test_a_visitor_reads_the_wage_distribution_and_trend_on_a_phone(live_app, browser):
    with live_app.app_context():
        build()
        refresh((parse_period("2026Q3"),))
        db.session.commit()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    # a failed load is reported by its response below (the browser's own favicon request is no
    # page's doing); any other console error, a CSP violation included, is a problem
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
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
