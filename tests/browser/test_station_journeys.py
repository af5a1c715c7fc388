"""Station journeys in a real browser: a walk-in registered by ID number sees their subsidies
and is dispatched to a nearby gig; the gig fills and the next dispatch says "已满"; an unpaid
gig shows as 欠薪 on the dashboard.

Counter count for a trained user (registration plus dispatch): screen 1 — type the 18-digit ID
number, press 下一步; screen 2 — type 5 fields (name, phone, trades, skills, expected pay),
choose 1 (home street), tick 2 (a status and the consent), press 保存; client page — read the
subsidies, press 派工. 6 typed fields, 1 choice, 2 ticks, 3 presses, no other page.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import certify_at_counter, pass_second_factor, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "Counter-Desk-2026"


def _seed(app) -> dict:
    from jobhub.auth.roles import Role
    from jobhub.auth.services import NewAccount, create_user
    from jobhub.extensions import db
    from jobhub.gigs.models import GigClaim
    from jobhub.policy.dates import today_in_china
    from tests.gigs import factory

    with app.app_context():
        station = factory.station(name="翠苑零工驿站")
        create_user(
            NewAccount("13700001111", PASSWORD, "李站长", Role.STATION_STAFF, station_id=station.id)
        )
        gig = factory.gig(station.id, capacity=1, title="宴会帮厨")
        past = today_in_china() - timedelta(days=2)
        unpaid = factory.gig(
            station.id,
            capacity=2,
            title="开业促销发传单",
            employer_name="杭州翠苑鲜厨餐饮管理有限公司",
            work_date=past,
            settle_by=past,
            start_time=time(9, 0),
            end_time=time(17, 0),
            pay_amount=180,
            pay_unit="day",
            status="closed",
            taken=1,
        )
        worker = factory.person(40, registered_station_id=station.id)
        db.session.add(
            GigClaim(gig_id=unpaid.id, person_id=worker.id, status="completed", amount_due=180)
        )
        db.session.commit()
        return {"gig": gig.id}


def _login(page, live_app):
    page.goto(live_app.config["LIVE_URL"] + "/auth/login")
    page.get_by_label("手机号或账号").fill("13700001111")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, live_app, "13700001111")
    page.wait_for_url("**/station/")


def _register(
    page, base, id_number, name, *, low_income=False, retirement=None, education=None, left=None
):
    from jobhub.demo import make_id_number  # noqa: F401  (documents where the numbers come from)

    page.goto(base + "/station/walk-in")
    page.get_by_label("身份证号").fill(id_number)
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("姓名").fill(name)
    page.get_by_label("手机号").fill("13912345678")
    page.get_by_label("工种").fill("厨工，保洁")
    page.get_by_label("技能和证书").fill("切配，健康证")
    page.get_by_label("期望报酬（元）").fill("200")
    page.get_by_label("居住街道（乡镇）").select_option(label="翠苑街道")
    # asked, not assumed: a blank would leave the status 待核实 and grant nothing
    page.get_by_label("就业状态", exact=True).select_option("unemployed")
    if retirement:  # asked only of a woman at an age where it decides
        page.get_by_label("退休类别").select_option(label=retirement)
    if education:  # asked only at an age where the graduate rules may apply
        page.get_by_label("学历").select_option(label=education)
        page.get_by_label("毕业时间").fill(left)
    if low_income:
        page.get_by_label("城乡低保家庭成员").check()
        page.get_by_label("已向本人说明以上身份信息的用途，本人同意记录").check()
    page.get_by_role("button", name="保存并查看可享政策").click()
    page.wait_for_url("**/station/people/*")


def test_walk_in_by_id_number_sees_subsidies_and_is_dispatched(live_app, page, browser):
    from jobhub.demo import make_id_number

    base = live_app.config["LIVE_URL"]
    _seed(live_app)
    _login(page, live_app)
    older = make_id_number(date(1978, 2, 20), 21, True)  # 48, 低保: 就业困难人员
    _register(
        page, base, older, "王秀兰", low_income=True, retirement="原法定退休年龄50周岁（女工人）"
    )
    certify_at_counter(page)  # a declaration grants nothing: 失业登记 and 认定 at the counter
    policy = page.inner_text("#policy")
    assert "就业困难人员" in policy and "可以享受" in policy
    assert "公益性岗位安置" in policy.split("暂不符合")[0]
    assert older not in page.content()  # the ID number shows masked only
    screenshot(page, "station-walk-in-policy")

    # a second client at the next desk has the same gig on screen
    second_desk = page.context.new_page()
    _register(second_desk, base, make_id_number(date(1988, 2, 2), 22, False), "周建军")
    assert "宴会帮厨" in second_desk.inner_text("#dispatch")

    dispatch = page.locator("#dispatch")
    assert "公里" in dispatch.inner_text() and "元/小时" in dispatch.inner_text()
    dispatch.get_by_role("button", name="派工").first.click()
    assert "已派工：宴会帮厨" in page.inner_text(".flashes")
    assert "已报名" in page.inner_text("#claims")

    # the gig had one place: the other desk's dispatch is told it is full
    second_desk.locator("#dispatch").get_by_role("button", name="派工").first.click()
    assert "已满" in second_desk.inner_text(".flashes")
    screenshot(second_desk, "station-dispatch-full")

    # large type for the counter screen
    page.get_by_role("button", name="大字模式").click()
    assert "large-type" in (page.get_attribute("body", "class") or "")


def test_a_graduate_is_recognised_at_the_counter(live_app, page):
    from jobhub.demo import make_id_number

    base = live_app.config["LIVE_URL"]
    _seed(live_app)
    _login(page, live_app)
    today = date.today()
    graduate = make_id_number(date(today.year - 23, 4, 2), 31, True)
    page.goto(base + "/station/walk-in")
    page.get_by_label("身份证号").fill(graduate)
    page.get_by_role("button", name="下一步").click()
    assert page.get_by_label("退休类别").count() == 0  # 23: the category decides nothing
    _register(page, base, graduate, "孙佳怡", education="大学本科", left=f"{today.year - 1}-06")
    policy = page.inner_text("#policy")
    assert "离校2年内未就业高校毕业生" in policy.split("暂不符合")[0]
    assert "需补充" not in policy


def test_unpaid_gig_shows_as_qianxin_on_the_dashboard(live_app, page):
    _seed(live_app)
    _login(page, live_app)
    page.get_by_role("link", name="驿站看板").first.click()
    unpaid = page.inner_text("#unpaid")
    assert "开业促销发传单" in unpaid and "欠薪" in unpaid
    assert "杭州翠苑鲜厨餐饮管理有限公司" in unpaid and "180.00 元" in unpaid
    screenshot(page, "station-dashboard-unpaid")


_CONTRAST = """
() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll("main button, main a, main .button")) {
    if (!el.offsetParent || !el.innerText.trim()) continue;
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3));
    const b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) out.push(`${el.innerText.trim()}: ${ratio.toFixed(2)}`);
  }
  return out;
}
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_every_button_and_link_can_be_read(live_app, browser, width):
    from jobhub.demo import make_id_number

    base = live_app.config["LIVE_URL"]
    _seed(live_app)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    _login(page, live_app)
    _register(page, base, make_id_number(date(1988, 2, 2), 23, False), "周建军")
    page.locator("#dispatch").get_by_role("button", name="派工").first.click()
    assert "取消报名" in page.inner_text("#claims")  # a button styled as a link
    assert "显示完整号码" in page.content()
    unreadable = page.evaluate(_CONTRAST)
    screenshot(page, f"station-client-buttons-{width}")
    context.close()
    assert unreadable == []  # text/background contrast of at least 3:1 (WCAG, large text)


def test_a_gig_sheet_and_the_calculator_print_without_the_site_around_them(live_app, page):
    """Printing keeps the record and drops the navigation, buttons and forms; the sheet says
    when it was printed (Beijing time) and by whom."""
    base = live_app.config["LIVE_URL"]
    ids = _seed(live_app)
    _login(page, live_app)
    page.goto(f"{base}/station/gigs/{ids['gig']}")
    assert page.get_by_role("button", name="打印零工单").is_visible()
    assert not page.get_by_text("打印于").is_visible()
    page.emulate_media(media="print")
    assert page.get_by_role("heading", name="宴会帮厨").is_visible()
    assert not page.get_by_role("button", name="打印零工单").is_visible()
    assert not page.locator("header.site").is_visible()
    stamp = page.get_by_text("打印于").inner_text()
    assert "北京时间" in stamp and "李站长" in stamp
    screenshot(page, "print-gig-sheet")
    assert page.pdf(format="A4")[:4] == b"%PDF"

    page.emulate_media(media="screen")
    page.goto(base + "/policy/calculator")
    page.get_by_label("出生日期").fill("1978-02-20")
    page.get_by_label("性别").select_option("female")
    page.get_by_role("button", name="计算").click()
    page.get_by_role("button", name="打印结果").wait_for()
    page.wait_for_load_state()  # the result page's stylesheet too: print rules live there
    page.emulate_media(media="print")
    expect(page.locator("#result")).to_be_visible()
    expect(page.locator("form").first).to_be_hidden()
    screenshot(page, "print-calculator")
