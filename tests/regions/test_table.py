"""The national table and the points file, without Flask or a database."""

from __future__ import annotations

import pytest

from jobhub.regions.table import (
    RegionError,
    counties_of,
    gcj02_to_wgs84,
    is_rural,
    read_points,
    region_streets,
)


def test_gcj02_to_wgs84_matches_the_published_reference_value():
    # coordtransform's documented example: gcj02towgs84(116.404, 39.915)
    lat, lng = gcj02_to_wgs84(39.915, 116.404)
    assert lat == pytest.approx(39.91359571849836, abs=1e-9)
    assert lng == pytest.approx(116.39775550083061, abs=1e-9)


def test_rural_is_read_from_the_name():
    assert is_rural("三墩镇") is True and is_rural("王阜乡") is True
    assert is_rural("锡林浩特苏木") is True
    assert is_rural("北山街道") is False
    assert is_rural("某某农场") is None


@pytest.mark.parametrize("code", ["", "3301x", "12345", "999999", "9999", "330106002"])
def test_a_code_outside_the_table_is_named_in_the_error(code):
    with pytest.raises(RegionError, match=f"区划代码“{code}”"):
        counties_of(code)


def test_a_city_covers_its_counties_and_a_new_county_falls_back_to_the_city_centre():
    assert "330106" in counties_of("3301") and "330127" in counties_of("3301")
    linping = region_streets("330113")  # made in 2021, not in the ~2017 centroid table
    assert linping.name == "浙江省杭州市临平区"
    assert {s.point_source for s in linping.streets} == {"approximate"}
    assert all(29.5 < s.lat < 31 and 119.5 < s.lng < 121 for s in linping.streets)


def test_a_municipality_is_its_own_city():
    street = region_streets("110101").streets[0]
    assert (street.city_name, street.county_name) == ("北京市", "东城区")


def test_a_point_outside_the_region_is_refused():
    with pytest.raises(RegionError, match="110101001"):
        region_streets("330106", {"110101001": (39.9, 116.4)})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,lat\n330106002,30.2\n", "缺少列：lng"),
        ("code,lat,lng\n33010600,30.2,120.1\n", "第 2 行 code"),
        ("code,lat,lng\n330106002,北纬,120.1\n", "第 2 行 lat/lng：不是数字"),
        ("code,lat,lng\n330106002,120.1,30.2\n", "第 2 行 lat/lng"),
        ("code,lat,lng\n330106002,30.2,120.1\n330106002,30.2,120.1\n", "第 3 行 code"),
    ],
)
def test_a_bad_points_file_names_the_row_and_column(text, message):
    with pytest.raises(RegionError, match=message):
        read_points(text.splitlines(), "wgs84")


def test_points_in_gcj02_are_converted_and_wgs84_kept():
    lines = ["code,lat,lng", "330106002,39.915,116.404"]
    assert read_points(lines, "wgs84") == {"330106002": (39.915, 116.404)}
    lat, lng = read_points(lines, "gcj02")["330106002"]
    assert (lat, lng) == pytest.approx((39.91359571849836, 116.39775550083061))
    with pytest.raises(RegionError, match="坐标系"):
        read_points(lines, "bd09")


def _feature(code, geometry):
    return {"type": "Feature", "properties": {"code": code}, "geometry": geometry}


def _geojson(*features) -> str:
    import json

    return json.dumps({"type": "FeatureCollection", "features": list(features)})


SQUARE = [[120.10, 30.20], [120.14, 30.20], [120.14, 30.24], [120.10, 30.24], [120.10, 30.20]]
# a C shape opening to the east: its centroid falls in the gap, outside the street
C_SHAPE = [
    [120.0, 30.0], [120.3, 30.0], [120.3, 30.1], [120.1, 30.1], [120.1, 30.2],
    [120.3, 30.2], [120.3, 30.3], [120.0, 30.3], [120.0, 30.0],
]  # fmt: skip


def test_geojson_polygons_give_a_point_inside_each_street():
    from jobhub.regions.table import _inside, read_points

    text = _geojson(
        _feature("330106002", {"type": "Polygon", "coordinates": [SQUARE]}),
        _feature("330106003", {"type": "MultiPolygon", "coordinates": [[C_SHAPE], [SQUARE]]}),
        _feature("330106004", {"type": "Point", "coordinates": [120.12, 30.25]}),
    )
    points = read_points(text, "wgs84")
    assert points["330106002"] == pytest.approx((30.22, 120.12))  # the square's centroid
    assert points["330106004"] == (30.25, 120.12)
    lat, lng = points["330106003"]  # the larger part, the C, and a point inside it
    ring = [tuple(p) for p in C_SHAPE[:-1]]
    assert _inside(lng, lat, [ring])


def test_geojson_in_gcj02_is_converted():
    from jobhub.regions.table import gcj02_to_wgs84, read_points

    text = _geojson(_feature("330106002", {"type": "Polygon", "coordinates": [SQUARE]}))
    lat, lng = read_points(text, "gcj02")["330106002"]
    assert (lat, lng) == pytest.approx(gcj02_to_wgs84(30.22, 120.12))


@pytest.mark.parametrize(
    ("feature", "message"),
    [
        (
            _feature("3301060", {"type": "Point", "coordinates": [120.1, 30.2]}),
            "第 1 个要素 properties.code",
        ),
        (_feature("330106002", {"type": "LineString", "coordinates": []}), "应为 Point、Polygon"),
        (_feature("330106002", {"type": "Polygon", "coordinates": [[["a", 1]]]}), "不是数字对"),
        (_feature("330106002", {"type": "Point", "coordinates": [30.2, 120.1]}), "不在中国境内"),
        (_feature("330106002", None), "缺少几何图形"),
    ],
)
def test_a_bad_geojson_names_the_feature(feature, message):
    from jobhub.regions.table import read_points

    with pytest.raises(RegionError, match=message):
        read_points(_geojson(feature), "wgs84")
