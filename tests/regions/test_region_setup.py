"""``flask region setup`` on the real database, the 区域设置 page, and the forms reading it."""

from __future__ import annotations

import pytest

from jobhub.extensions import db
from jobhub.regions.models import Street


def _streets(app, prefix: str) -> dict[str, Street]:
    with app.app_context():
        rows = db.session.scalars(db.select(Street).where(Street.code.startswith(prefix)))
        return {s.code: s for s in rows}


@pytest.mark.parametrize(
    ("code", "name", "count", "rural"),
    [
        # a city: every county's streets (开发区, 农场 ... are neither 乡镇 nor 街道)
        ("3301", "浙江省杭州市", 196, {True, False, None}),
        ("110101", "北京市东城区", 17, {False}),  # a county of a municipality
        ("330127", "浙江省杭州市淳安县", 23, {True}),  # rural: 乡 and 镇
    ],
)
def test_setup_loads_every_street_of_a_city_or_county(app, runner, code, name, count, rural):
    result = runner.invoke(args=["region", "setup", code])
    assert result.exit_code == 0, result.output
    assert f"{name}（{code}）：{count} 个乡镇/街道" in result.output
    streets = _streets(app, code)
    assert len(streets) == count
    assert {s.is_rural for s in streets.values()} == rural
    approximate = [s for s in streets.values() if s.point_source == "approximate"]
    # the demo's 12 西湖区 points were supplied before; every other street is approximate
    assert len(approximate) == count - (12 if code == "3301" else 0)


def test_a_rural_county_has_both_townships_and_towns(app, runner):
    runner.invoke(args=["region", "setup", "330127"])
    names = [s.name for s in _streets(app, "330127").values()]
    assert any(n.endswith("乡") for n in names) and any(n.endswith("镇") for n in names)


def test_setup_twice_changes_nothing(app, runner):
    first = runner.invoke(args=["region", "setup", "3301"])
    before = {
        code: (s.name, s.lat, s.lng, s.point_source, s.updated_at)
        for code, s in _streets(app, "3301").items()
    }
    second = runner.invoke(args=["region", "setup", "3301"])
    assert first.exit_code == second.exit_code == 0
    assert "新增 0，更新 0，未变 196" in second.output
    after = {
        code: (s.name, s.lat, s.lng, s.point_source, s.updated_at)
        for code, s in _streets(app, "3301").items()
    }
    assert after == before


def test_a_bad_code_is_named_in_chinese_and_nothing_is_written(app, runner):
    result = runner.invoke(args=["region", "setup", "339999"])
    assert result.exit_code != 0
    assert "区划代码“339999”不在 2023 年统计用区划代码中" in result.output
    assert len(_streets(app, "")) == 12  # the demo streets every test starts with


def test_points_file_in_gcj02_is_converted_and_kept_on_a_rerun(app, runner, tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("code,lat,lng\n110101001,39.915,116.404\n", encoding="utf-8")
    result = runner.invoke(
        args=["region", "setup", "110101", "--points", str(points), "--datum", "gcj02"]
    )
    assert result.exit_code == 0, result.output
    street = _streets(app, "110101001")["110101001"]
    assert (street.lat, street.lng) == pytest.approx((39.913596, 116.397756), abs=1e-6)
    assert street.point_source == "supplied"
    # a later run without the file keeps the bureau's point
    assert runner.invoke(args=["region", "setup", "110101"]).exit_code == 0
    again = _streets(app, "110101001")["110101001"]
    assert (again.lat, again.lng, again.point_source) == (street.lat, street.lng, "supplied")


def test_a_points_file_needs_its_datum_named(app, runner, tmp_path):
    points = tmp_path / "points.csv"
    points.write_text("code,lat,lng\n110101001,39.915,116.404\n", encoding="utf-8")
    result = runner.invoke(args=["region", "setup", "110101", "--points", str(points)])
    assert result.exit_code != 0 and "--datum" in result.output


def test_region_page_shows_the_count_and_marks_approximate_points(app, runner, accounts):
    runner.invoke(args=["region", "setup", "330127"])
    page = accounts.client_for("admin").get("/admin/region").get_data(as_text=True)
    assert '<strong id="street-count">35</strong>' in page
    assert "其中 23 个使用区县中心点" in page
    row = page.split('id="street-330127100"')[1].split("</tr>")[0]  # 千岛湖镇
    assert "千岛湖镇" in row and "近似位置" in row and "乡村" in row
    demo = page.split('id="street-330106005"')[1].split("</tr>")[0]  # 翠苑街道
    assert "局方提供" in demo and "近似位置" not in demo


def test_region_page_is_for_admins_only(accounts):
    for role in ("seeker", "employer", "station_staff"):
        assert accounts.client_for(role).get("/admin/region").status_code in (302, 403, 404)


def test_forms_offer_the_configured_streets(app, runner, accounts):
    employer = accounts.client_for("employer")
    assert "千岛湖镇" not in employer.get("/employer/organisation").get_data(as_text=True)
    runner.invoke(args=["region", "setup", "330127"])
    page = employer.get("/employer/organisation").get_data(as_text=True)
    assert 'value="330127100"' in page and "千岛湖镇" in page
    assert 'value="330106005"' in page  # the demo streets stay


def test_the_coverage_map_and_station_form_use_the_configured_streets(app, runner, accounts):
    runner.invoke(args=["region", "setup", "330127"])
    admin = accounts.client_for("admin")
    page = admin.get("/station/admin/stations").get_data(as_text=True)
    assert 'data-code="330127100"' in page and 'data-code="330106005"' in page
    form = admin.get("/station/admin/stations/new").get_data(as_text=True)
    assert 'value="330127100"' in form


def test_points_file_may_be_geojson_with_a_polygon_per_street(app, runner, tmp_path):
    import json

    square = [[116.40, 39.90], [116.42, 39.90], [116.42, 39.92], [116.40, 39.92], [116.40, 39.90]]
    feature = {
        "type": "Feature",
        "properties": {"code": "110101001"},
        "geometry": {"type": "Polygon", "coordinates": [square]},
    }
    points = tmp_path / "streets.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    result = runner.invoke(
        args=["region", "setup", "110101", "--points", str(points), "--datum", "wgs84"]
    )
    assert result.exit_code == 0, result.output
    street = _streets(app, "110101001")["110101001"]
    assert (street.lat, street.lng, street.point_source) == (39.91, 116.41, "supplied")
    assert "16 个使用区县中心点（近似位置）" in result.output
