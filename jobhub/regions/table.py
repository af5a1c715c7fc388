"""The national table of areas (统计用区划代码 2023) and the points of a region's streets.

Pure core: stdlib only, frozen dataclasses out. The table is shipped in ``data/`` (see its
README for sources and licences) and read lazily. ``region_streets`` answers every street
(乡镇/街道) of a county (6 digits) or a city (4 digits) with a representative point in WGS-84:
the bureau's own point where it gave one, else the county's centroid, marked approximate.
"""

from __future__ import annotations

import csv
import functools
import gzip
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

SUPPLIED = "supplied"
APPROXIMATE = "approximate"
DATUMS = ("wgs84", "gcj02")

# A prefecture row named like this is a placeholder for the province's own counties
# (北京市 1101 市辖区, 重庆市 5002 县): the city is the province.
_PLACEHOLDER_CITIES = {"市辖区", "县"}


class RegionError(ValueError):
    """A region code or a points file that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class RegionStreet:
    code: str  # 9 digits
    name: str
    county_code: str
    county_name: str
    city_name: str
    lat: float  # WGS-84
    lng: float
    point_source: str  # SUPPLIED or APPROXIMATE
    is_rural: bool | None


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # e.g. 浙江省杭州市西湖区
    streets: tuple[RegionStreet, ...]


def is_rural(name: str) -> bool | None:
    """乡, 镇 and 苏木 are rural, 街道 urban; anything else (农场, 开发区, 林场 ...) unknown.

    By name suffix: the 2023 table has no urban-rural flag per street, and its 城乡分类代码
    are per village, not shipped here. The suffix is how the 区划 itself names the kind of unit.
    """
    if name.endswith("街道"):
        return False
    if name.endswith(("乡", "镇", "苏木")):
        return True
    return None


def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("jobhub.regions").joinpath("data", name)
    raw = path.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return list(csv.DictReader(raw.decode("utf-8").splitlines()))


@functools.cache
def _names(kind: str) -> dict[str, str]:
    return {row["code"]: row["name"] for row in _read_csv(f"{kind}.csv")}


@functools.cache
def _streets_by_county() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in _read_csv("streets.csv.gz"):
        out.setdefault(row["code"][:6], []).append((row["code"], row["name"]))
    return {county: tuple(rows) for county, rows in out.items()}


@functools.cache
def _centroids_gcj02() -> dict[str, tuple[float, float]]:
    return {
        row["code"]: (float(row["lat"]), float(row["lng"]))
        for row in _read_csv("centroids-gcj02.csv")
    }


def city_name(county_code: str) -> str:
    """The city (地级) a county belongs to, the province for 直辖市 (北京市, 重庆市 ...)."""
    name = _names("cities").get(county_code[:4], "")
    if name in _PLACEHOLDER_CITIES or not name:
        return _names("provinces").get(county_code[:2], "")
    return name


def _approximate_point(county_code: str) -> tuple[float, float]:
    """The county's centroid in WGS-84; the city's, then the province's, for a county newer
    than the centroid table (its codes are ~2017: 临平区, 钱塘区 ... are not in it)."""
    centroids = _centroids_gcj02()
    for code in (county_code, county_code[:4] + "00", county_code[:2] + "0000"):
        if code in centroids:
            return gcj02_to_wgs84(*centroids[code])
    raise RegionError(f"区划代码 {county_code} 没有可用的中心点")  # every province has one


def region_name(code: str) -> str:
    province = _names("provinces").get(code[:2], "")
    city = city_name(code[:4] + "00") if len(code) >= 4 else ""
    parts = [province, city if city != province else ""]
    if len(code) == 6:
        parts.append(_names("areas").get(code, ""))
    return "".join(parts)


def counties_of(code: str) -> tuple[str, ...]:
    """The county codes a region code covers; RegionError (Chinese, naming it) when none."""
    code = (code or "").strip()
    if len(code) == 6 and code.isdigit() and code in _names("areas"):
        counties: tuple[str, ...] = (code,)
    elif len(code) == 4 and code.isdigit() and code in _names("cities"):
        counties = tuple(c for c in _names("areas") if c.startswith(code))
    else:
        raise RegionError(
            f"区划代码“{code}”不在 2023 年统计用区划代码中：请填写县级（6 位，如 330106）"
            "或地级（4 位，如 3301）代码"
        )
    if not any(_streets_by_county().get(c) for c in counties):
        raise RegionError(f"区划代码“{code}”下没有乡镇或街道")
    return counties


def region_streets(code: str, points: Mapping[str, tuple[float, float]] | None = None) -> Region:
    """Every street of the county or city ``code`` with its point: from ``points`` (code ->
    WGS-84 (lat, lng)) when given there, else its county's centroid, marked approximate.
    A point for a street outside the region is an error, not silently dropped."""
    counties = counties_of(code)
    points = dict(points or {})
    out = []
    for county in counties:
        approx = None
        for street_code, name in _streets_by_county().get(county, ()):
            if street_code in points:
                (lat, lng), source = points.pop(street_code), SUPPLIED
            else:
                approx = approx or _approximate_point(county)
                (lat, lng), source = approx, APPROXIMATE
            out.append(
                RegionStreet(
                    code=street_code,
                    name=name,
                    county_code=county,
                    county_name=_names("areas")[county],
                    city_name=city_name(county),
                    lat=round(lat, 6),
                    lng=round(lng, 6),
                    point_source=source,
                    is_rural=is_rural(name),
                )
            )
    if points:
        stray = "、".join(sorted(points)[:5])
        raise RegionError(f"点位文件中的街道代码不在区划 {code} 内：{stray}")
    return Region(code=code.strip(), name=region_name(code.strip()), streets=tuple(out))


# GCJ-02 ("火星坐标", the datum of Chinese web maps) -------------------------------------------
_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the GCJ-02 algorithm uses it
_EE = 0.00669342162296594323


def _offset(lat: float, lng: float) -> tuple[float, float]:
    """The GCJ-02 shift (dlat, dlng) in degrees at a WGS-84 point (the published algorithm)."""
    x, y = lng - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    waves = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    dlat += waves + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    dlng += waves + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    dlng += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return dlat, dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """WGS-84 (lat, lng) of a GCJ-02 point by the standard one-step inverse: subtract the shift
    computed at the GCJ-02 point itself (off by a metre or two, well inside a street)."""
    dlat, dlng = _offset(lat, lng)
    return lat - dlat, lng - dlng


def _ring_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(signed area, centroid x, centroid y) of a closed ring of (x, y) = (lng, lat)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if abs(area) < 1e-18:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def _inside(x: float, y: float, rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd rule over the outer ring and its holes."""
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def representative_point(polygons: list[list[list[tuple[float, float]]]]) -> tuple[float, float]:
    """A point (lng, lat) for a street's (multi)polygon: the largest part's centroid when it
    lies inside it, else the middle of the widest stretch of that part on the centroid's
    latitude (a crescent-shaped street's centroid falls outside it)."""
    best = max(polygons, key=lambda rings: abs(_ring_centroid(rings[0])[0]))
    _area, cx, cy = _ring_centroid(best[0])
    if _inside(cx, cy, best):
        return cx, cy
    crossings = sorted(
        x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
        for ring in best
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
        if (y0 > cy) != (y1 > cy)
    )
    spans = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not spans:
        return cx, cy
    left, right = max(spans, key=lambda span: span[1] - span[0])
    return (left + right) / 2, cy


def _polygons(geometry: object, where: str) -> list[list[list[tuple[float, float]]]]:
    if not isinstance(geometry, dict):
        raise RegionError(f"{where} geometry：缺少几何图形")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    if kind not in ("Point", "Polygon", "MultiPolygon"):
        raise RegionError(f"{where} geometry：应为 Point、Polygon 或 MultiPolygon，而不是“{kind}”")
    try:
        if kind == "Point":
            return [[[(float(coords[0]), float(coords[1]))]]]
        parts = [coords] if kind == "Polygon" else list(coords)
        out = [
            [[(float(p[0]), float(p[1])) for p in ring[:-1] or ring] for ring in part]
            for part in parts
        ]
    except (TypeError, ValueError, IndexError, KeyError):
        raise RegionError(f"{where} geometry：坐标不是数字对 [lng, lat]") from None
    if not out or any(not part or len(part[0]) < 3 for part in out):
        raise RegionError(f"{where} geometry：多边形至少要有 3 个点")
    return out


def read_geojson_points(text: str, datum: str) -> dict[str, tuple[float, float]]:
    """Parse a GeoJSON FeatureCollection (one Point, Polygon or MultiPolygon per street, its
    9-digit code in ``properties.code``) into WGS-84 points by code: a polygon's
    representative point (``representative_point``). RegionError names the feature."""
    import json

    try:
        doc = json.loads(text)
    except ValueError:
        raise RegionError("点位文件不是有效的 GeoJSON") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise RegionError("点位文件应为 GeoJSON FeatureCollection（features 列表）")
    out: dict[str, tuple[float, float]] = {}
    for index, feature in enumerate(features, start=1):
        where = f"点位文件第 {index} 个要素"
        props = feature.get("properties") if isinstance(feature, dict) else None
        code = str((props or {}).get("code", "")).strip()
        if not (len(code) == 9 and code.isdigit()):
            raise RegionError(f"{where} properties.code：“{code}”不是 9 位街道代码")
        if code in out:
            raise RegionError(f"{where} properties.code：{code} 重复")
        polygons = _polygons(feature.get("geometry"), where)
        lng, lat = polygons[0][0][0] if len(polygons[0][0]) == 1 else representative_point(polygons)
        out[code] = _checked(lat, lng, where, datum)
    return out


def _checked(lat: float, lng: float, where: str, datum: str) -> tuple[float, float]:
    if not (math.isfinite(lat) and math.isfinite(lng) and 3 <= lat <= 54 and 73 <= lng <= 136):
        raise RegionError(f"{where} lat/lng：({lat}, {lng}) 不在中国境内")
    return gcj02_to_wgs84(lat, lng) if datum == "gcj02" else (lat, lng)


def read_points(lines: Iterable[str], datum: str) -> dict[str, tuple[float, float]]:
    """Parse a points file into WGS-84 points by code: CSV with columns code, lat, lng, or
    GeoJSON (``read_geojson_points``) when it starts with ``{``. RegionError names the row (or
    feature) and the column of the first mistake."""
    if datum not in DATUMS:
        raise RegionError(f"坐标系应为 wgs84 或 gcj02，而不是“{datum}”")
    text = lines if isinstance(lines, str) else "\n".join(x.rstrip("\r\n") for x in lines)
    if text.lstrip().startswith("{"):
        return read_geojson_points(text, datum)
    reader = csv.DictReader(text.splitlines())
    missing = {"code", "lat", "lng"} - {(f or "").strip() for f in reader.fieldnames or ()}
    if missing:
        raise RegionError(f"点位文件缺少列：{'、'.join(sorted(missing))}（应有 code, lat, lng）")
    out: dict[str, tuple[float, float]] = {}
    for row_no, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        code = row["code"]
        if not (len(code) == 9 and code.isdigit()):
            raise RegionError(f"点位文件第 {row_no} 行 code：“{code}”不是 9 位街道代码")
        try:
            lat, lng = float(row["lat"]), float(row["lng"])
        except ValueError:
            raise RegionError(f"点位文件第 {row_no} 行 lat/lng：不是数字") from None
        if code in out:
            raise RegionError(f"点位文件第 {row_no} 行 code：{code} 重复")
        out[code] = _checked(lat, lng, f"点位文件第 {row_no} 行", datum)
    return out
