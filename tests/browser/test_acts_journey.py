"""A walk-in's 失业登记 and 就业困难人员认定 at the counter in a real browser, at phone and desk
width: registered with a 《就业创业证》 number (shown masked), certified on 低保 evidence from an
imported list and on age, and the 公益性岗位 placement it opens, with the act as its basis.

Counter count after the walk-in screen (a trained user): registration — choose 3 (居住依据,
街道 prefilled, 办理结果), type 1 (证号), press 1; certification — tick 2 categories, type 1
(名单行号), press 1; decision — tick 2, press 1. All on the client page: no other screen.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.conftest import certify_at_counter, screenshot
from tests.browser.test_station_journeys import _login, _register, _seed
from tests.conftest import BACKENDS

pytestmark = pytest.mark.browser


@pytest.fixture(params=BACKENDS)
def live_backend(request) -> str:
    """This journey runs on PostgreSQL too when JOBHUB_TEST_POSTGRES_URL is set."""
    return request.param


_OVERFLOW = (
    "(() => { const a = document.querySelector('#acts'); return a.scrollWidth - a.clientWidth; })()"
)


@pytest.mark.parametrize("width", [390, 1280])
def test_walk_in_registered_and_certified_opens_the_placement(
    live_app, live_backend, browser, width
):
    from jobhub.demo import make_id_number

    base = live_app.config["LIVE_URL"]
    _seed(live_app)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, live_app)
    older = make_id_number(date(1978, 2, 20), 31, True)  # 48, 低保 declared
    _register(
        page, base, older, "王秀兰", low_income=True, retirement="原法定退休年龄50周岁（女工人）"
    )
    assert "待认定" in page.inner_text("#acts")
    assert "公益性岗位安置" not in page.inner_text("#policy").split("暂不符合")[0]
    certify_at_counter(page)
    acts = page.inner_text("#acts")
    assert "已登记失业" in acts and "330106******5678" in acts
    assert "3301060012345678" not in page.content()
    assert "居住证" in acts and "330106********3157，有效期至 2099-06-30" in acts
    assert "330106197802203157" not in page.content()
    assert "已认定" in page.inner_text("#certification-status")
    granted = page.inner_text("#policy").split("暂不符合")[0]
    assert "公益性岗位安置" in granted and "经就业困难人员认定（第1号" in granted
    assert "办理记录" in acts and "予以登记" in page.content()
    assert page.evaluate(_OVERFLOW) <= 0  # nothing wider than the screen
    screenshot(page, f"acts-counter-{live_backend}-{width}")
    page.get_by_role("button", name="大字模式").click()
    assert "large-type" in (page.get_attribute("body", "class") or "")
    assert page.evaluate(_OVERFLOW) <= 0
    screenshot(page, f"acts-counter-large-{live_backend}-{width}")
    context.close()
