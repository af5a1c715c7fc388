"""The street maps of the warnings and 供求 pages show, street by street, the level a hand count
of ``dataset.py`` (plus a few rows added here) gives: the shape in the SVG, the row of the table
beside it and the hand count agree, and each street links to its own figures."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from jobhub.demo import STREETS
from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.market import maps, warnings
from jobhub.market.core import parse_period
from jobhub.market.refresh import refresh
from jobhub.seekers.models import Person
from jobhub.stations.coverage import Street
from jobhub.stations.models import Household
from tests.market.dataset import CUIYUAN, IN_Q3, X3, ZHUANTANG, add_layoff, build

XIXI, GUDANG = "330106004", "330106007"
SVG_STREET = re.compile(r'<g class="map-street lvl-(\w+)" data-code="(\d+)" data-level="(\w+)">')
TABLE_ROW = re.compile(r'<tr[^>]* data-code="(\d+)" data-level="(\w+)"')


def _levels_on(page: str, table_id: str) -> tuple[dict[str, str], dict[str, str]]:
    """(street → level) as the SVG draws it and as the table beside it says."""
    svg = page[page.index("<svg") : page.index("</svg>")]
    drawn = {}
    for css, code, level in SVG_STREET.findall(svg):
        assert css == level
        drawn[code] = level
    table = page[page.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    return drawn, dict(TABLE_ROW.findall(table))


@pytest.fixture
def admin(accounts):
    return accounts.client_for("admin")


def test_the_warnings_map_shows_each_streets_highest_level(app, admin):
    # August 2026 on dataset.py: 翠苑 has the 25-person layoff report added here (≥ 20: 关注),
    # 转塘 one 零就业家庭 open at month end (≥ 1: 关注), 西溪 three added here (≥ 3: 预警);
    # no other indicator of any street reaches a threshold (new unemployment 1, demand ratio and
    # month-on-month change not judged below 10 people), so every other street is 正常.
    with app.app_context():
        ids = build()
        add_layoff(ids["org1"], 25, date(2026, 8, 20))
        for i in range(3):
            db.session.add(
                Household(label=f"西溪户{i}", street_code=XIXI, marked_on=date(2026, 7, 1))
            )
        db.session.flush()
        warnings.compute_indicators(parse_period("2026-08", months=True))
        db.session.commit()
    expected = {code: "normal" for code, *_ in STREETS}
    expected.update({CUIYUAN: "watch", ZHUANTANG: "watch", XIXI: "alert"})

    page = admin.get("/market/warnings", query_string={"period": "2026-08"}).get_data(as_text=True)
    drawn, listed = _levels_on(page, "street-levels-table")
    assert drawn == listed == expected
    # the legend names each level with its count; a click leads to the street's indicators
    assert "预警</strong>（1 个）" in page and "关注</strong>（2 个）" in page
    assert "正常</strong>（9 个）" in page
    assert f'<a href="#street-{XIXI}"><g class="map-street lvl-alert"' in page
    row = page[page.index(f'id="street-{XIXI}"') :]
    row = row[: row.index("</tr>")]
    assert "西溪街道" in row and "预警" in row
    cuiyuan = page[page.index(f'id="street-{CUIYUAN}"') :]
    assert "25" in cuiyuan[: cuiyuan.index("</tr>")]


def test_the_supply_demand_map_shows_shortage_and_surplus_by_street(app, admin):
    # 2026Q3 on dataset.py: 翠苑 13 people wanted (2 + 1 + 3 + 1 + 1 + 1 of X1, 4 of X3) and 3
    # seekers (甲, 乙, 丁) → 4.33 ≥ 1.5 紧缺; 转塘 2 wanted, 0 seekers: fewer than 10, not judged.
    # Added here: 西溪 12 seekers and no vacancy → 0 ≤ 0.5 过剩; 古荡 6 wanted and 6 seekers
    # (电工) → 1.00 基本平衡. Every other street has nobody: not judged.
    with app.app_context():
        ids = build()
        for street, count in ((XIXI, 12), (GUDANG, 6)):
            for i in range(count):
                db.session.add(
                    Person(
                        name=f"求职{i}",
                        employment_status="unemployed",
                        home_street_code=street,
                        created_at=IN_Q3,
                    )
                )
        db.session.add(
            Vacancy(
                organisation_id=ids["org1"],
                title="古荡岗位",
                description="样本",
                work_location="样本地址",
                street_code=GUDANG,
                occupation_code=X3,
                headcount=6,
                status="published",
                published_at=datetime(2026, 8, 2, 2, 0, tzinfo=UTC),
            )
        )
        db.session.flush()
        refresh((parse_period("2026Q3"),))
        db.session.commit()
    expected = {code: "few" for code, *_ in STREETS}
    expected.update({CUIYUAN: "shortage", XIXI: "surplus", GUDANG: "balanced"})

    page = admin.get("/market/supply-demand", query_string={"period": "2026Q3"})
    page = page.get_data(as_text=True)
    drawn, listed = _levels_on(page, "street-ratio-table")
    assert drawn == listed == expected
    table = page[page.index('id="street-ratio-table"') :]
    cuiyuan = table[table.index(f'data-code="{CUIYUAN}"') :]
    cuiyuan = cuiyuan[: cuiyuan.index("</tr>")]
    assert ">13<" in cuiyuan and ">3<" in cuiyuan and "4.33" in cuiyuan and "紧缺" in cuiyuan
    assert "紧缺</strong>（1 个）" in page and "过剩</strong>（1 个）" in page
    # a street on the map opens the page for that street
    link = re.search(
        rf'<a href="([^"]+)"><g class="map-street lvl-surplus" data-code="{XIXI}"', page
    )
    assert link is not None
    street_page = admin.get(link[1].replace("&amp;", "&")).get_data(as_text=True)
    assert "西溪街道2026年第3季度人力资源市场供求状况" in street_page
    assert re.search(r"<strong>12</strong>求职人数", street_page)


def test_each_level_has_its_own_shape_and_the_names_are_escaped():
    streets = [
        Street("1", "<甲>", 30.28, 120.12, False),
        Street("2", "乙", 30.20, 120.10, False),
        Street("3", "丙", 30.25, 120.05, False),
    ]
    marks = [
        maps.StreetMark(streets[0], "alert", "规模性裁员报告预警", "/x?a=1&b=2"),
        maps.StreetMark(streets[1], "watch", "零就业家庭关注"),
        maps.StreetMark(streets[2], "normal", "没有指标达到阈值"),
    ]
    svg = maps.level_map(marks, maps.WARNING_LEVELS, prefix="t", title="图")
    groups = re.findall(r'data-level="(\w+)"><(\w+)', svg)
    assert dict(groups) == {"alert": "path", "watch": "rect", "normal": "circle"}
    assert "&lt;甲&gt;·预警" in svg and "<甲>" not in svg
    assert 'href="/x?a=1&amp;b=2"' in svg
    assert len({lv.shape for lv in maps.WARNING_LEVELS}) == len(maps.WARNING_LEVELS)
    levels = maps.balance_levels(1.5, 0.5, 10)
    assert len({lv.shape for lv in levels}) == len(levels)
