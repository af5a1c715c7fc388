"""Coverage of a district by station service circles, and its picture as an SVG map.

Pure core: stdlib only, frozen dataclasses in and out; the caller passes the streets (the
configured region's, ``seekers.places.district_streets``). A street counts as covered when its point lies inside at least one
station's circle ("城市15分钟、乡村5公里", 人社部发〔2024〕30号); streets outside every circle
are where a station is missing. The map is drawn here, on the server, from the street points:
no outside map tiles, no script (the CSP allows neither).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

EARTH_RADIUS_M = 6371008.8


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    lat: float
    lng: float
    rural: bool


@dataclass(frozen=True)
class Circle:
    """A station's service circle."""

    station_id: int
    name: str
    lat: float
    lng: float
    radius_m: int


@dataclass(frozen=True)
class StreetCoverage:
    street: Street
    covered_by: tuple[int, ...]  # station ids whose circle holds the street point
    nearest_station_id: int | None
    nearest_m: float | None

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)

    @property
    def explanation(self) -> str:
        if self.covered:
            return f"在 {len(self.covered_by)} 个站点的服务圈内"
        if self.nearest_m is None:
            return "区内尚无站点"
        return f"不在任何站点服务圈内，最近站点 {self.nearest_m / 1000:.1f} 公里"


@dataclass(frozen=True)
class Coverage:
    streets: tuple[StreetCoverage, ...]
    circles: tuple[Circle, ...]

    @property
    def uncovered(self) -> tuple[StreetCoverage, ...]:
        return tuple(s for s in self.streets if not s.covered)

    @property
    def share_covered(self) -> float:
        return (
            (len(self.streets) - len(self.uncovered)) / len(self.streets) if self.streets else 0.0
        )


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(a, 1.0)))


def coverage(circles: tuple[Circle, ...], streets: tuple[Street, ...]) -> Coverage:
    """Which streets lie inside which circles, and how far the uncovered ones are."""
    out = []
    for street in streets:
        dists = [(distance_m(street.lat, street.lng, c.lat, c.lng), c) for c in circles]
        inside = tuple(c.station_id for d, c in dists if d <= c.radius_m)
        nearest = min(dists, key=lambda dc: dc[0], default=None)
        out.append(
            StreetCoverage(
                street=street,
                covered_by=inside,
                nearest_station_id=nearest[1].station_id if nearest else None,
                nearest_m=nearest[0] if nearest else None,
            )
        )
    return Coverage(streets=tuple(out), circles=tuple(circles))


LABEL_PX = 13  # the map's label font size; a CJK character is about as wide as it is high


def label_box(x: float, y: float, anchor: str, text: str) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) a label drawn at baseline ``(x, y)`` covers."""
    width = LABEL_PX * len(text)
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return left, y - LABEL_PX, left + width, y + 3


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    points: list[tuple[float, float, float, str]], width: int, height: int
) -> list[tuple[float, float, str] | None]:
    """Where to write each point's name ``(x, y, text-anchor)``, or ``None`` when every place
    beside the point would cover another name, another point or leave the picture (the name
    is still in the point's tooltip and the list under the map). Points come in order of
    importance ``(x, y, radius, name)``; earlier ones get the first choice."""
    dots = [(x - r, y - r, x + r, y + r) for x, y, r, _ in points]
    taken: list[tuple[float, float, float, float]] = []
    out: list[tuple[float, float, str] | None] = []
    for x, y, r, name in points:
        choice = None
        for lx, ly, anchor in (
            (x + r + 3, y + 4, "start"),
            (x - r - 3, y + 4, "end"),
            (x, y - r - 4, "middle"),
            (x, y + r + LABEL_PX, "middle"),
        ):
            box = label_box(lx, ly, anchor, name)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlaps(box, other) for other in taken + dots):
                choice = (round(lx, 1), round(ly, 1), anchor)
                taken.append(box)
                break
        out.append(choice)
    return out


def projector(
    points: list[tuple[float, float]], reach_m: float, width: int, height: int
) -> tuple[Callable[[float, float], tuple[float, float]], float]:
    """The picture's ``xy(lat, lng)`` and its scale (pixels a metre) for points (lat, lng)
    with ``reach_m`` metres around them, the district centred. An equirectangular projection
    is exact enough at district scale (tens of km)."""
    lat0 = sum(p[0] for p in points) / len(points)
    m_per_deg_lat = math.pi * EARTH_RADIUS_M / 180
    m_per_deg_lng = m_per_deg_lat * math.cos(math.radians(lat0))
    xs = [p[1] * m_per_deg_lng for p in points]
    ys = [p[0] * m_per_deg_lat for p in points]
    min_x, max_x = min(xs) - reach_m, max(xs) + reach_m
    min_y, max_y = min(ys) - reach_m, max(ys) + reach_m
    scale = min(width / (max_x - min_x), height / (max_y - min_y))
    # centre the district in the picture (the limiting axis fills it, the other is padded)
    pad_x = (width - (max_x - min_x) * scale) / 2
    pad_y = (height - (max_y - min_y) * scale) / 2

    def xy(lat: float, lng: float) -> tuple[float, float]:
        x = pad_x + (lng * m_per_deg_lng - min_x) * scale
        y = pad_y + (max_y - lat * m_per_deg_lat) * scale
        return round(x, 1), round(y, 1)

    return xy, scale


def empty_svg(width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="无数据"></svg>'
    )


def svg_open(width: int, height: int, prefix: str, title: str, desc: str) -> str:
    """The map's opening tag, its title and description (read by screen readers), and its
    background; ``prefix`` keeps the ids apart from another map's."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="coverage-map" role="img" aria-labelledby="{prefix}-title {prefix}-desc">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(desc)}</desc>'
        f'<rect class="cov-bg" x="0" y="0" width="{width}" height="{height}"/>'
    )


def scale_bar(scale: float, height: int, metres: int = 2000) -> str:
    bar = round(metres * scale, 1)
    return (
        f'<g class="cov-scale"><line x1="16" y1="{height - 20}" x2="{16 + bar}" '
        f'y2="{height - 20}"/><text x="16" y="{height - 28}">{metres // 1000} 公里</text></g>'
    )


def svg_map(
    cov: Coverage,
    width: int = 720,
    height: int = 560,
    margin_m: float = 1500,
    marker: tuple[float, float, str] | None = None,
) -> str:
    """An SVG picture of the coverage: station circles to scale, covered streets as filled
    dots, uncovered streets as red rings with their names; ``marker`` (lat, lng, label) pins
    one place (a vacancy's workplace)."""
    points = [(s.street.lat, s.street.lng) for s in cov.streets] + [
        (c.lat, c.lng) for c in cov.circles
    ]
    if marker is not None:
        points.append((marker[0], marker[1]))
    if not points:
        return empty_svg(width, height)
    reach = max([c.radius_m for c in cov.circles] + [0]) + margin_m
    xy, scale = projector(points, reach, width, height)
    n_out = len(cov.uncovered)
    parts = [
        svg_open(
            width,
            height,
            "cov",
            "站点服务圈覆盖图",
            f"{len(cov.circles)} 个站点，{len(cov.streets)} 个街道（乡镇），"
            f"{n_out} 个不在任何站点服务圈内。",
        )
    ]
    for c in cov.circles:
        x, y = xy(c.lat, c.lng)
        r = round(c.radius_m * scale, 1)
        parts.append(
            f'<g class="cov-station"><circle class="cov-circle" cx="{x}" cy="{y}" r="{r}"/>'
            f'<rect class="cov-station-mark" x="{x - 4}" y="{y - 4}" width="8" height="8"/>'
            f"<title>{escape(c.name)}（半径 {c.radius_m} 米）</title></g>"
        )
    dots = [(*xy(s.street.lat, s.street.lng), 5 if s.covered else 8) for s in cov.streets]
    # uncovered streets are named first: their names matter most when space runs out
    order = sorted(range(len(dots)), key=lambda i: cov.streets[i].covered)
    labels = place_labels(
        [(*dots[i][:2], dots[i][2], cov.streets[i].street.name) for i in order], width, height
    )
    placed = dict(zip(order, labels, strict=True))
    for i, s in enumerate(cov.streets):
        x, y, r = dots[i]
        cls = "cov-street in" if s.covered else "cov-street out"
        label = placed[i]
        text = (
            f'<text x="{label[0]}" y="{label[1]}" text-anchor="{label[2]}">'
            f"{escape(s.street.name)}</text>"
            if label
            else ""
        )
        parts.append(
            f'<g class="{cls}" data-code="{escape(s.street.code)}">'
            f'<circle cx="{x}" cy="{y}" r="{r}"/>{text}'
            f"<title>{escape(s.street.name)}：{escape(s.explanation)}</title></g>"
        )
    if marker is not None:
        x, y = xy(marker[0], marker[1])
        parts.append(
            f'<g class="cov-marker"><path d="M{x} {y} l-7 -14 a8 8 0 1 1 14 0 z"/>'
            f"<title>{escape(marker[2])}</title></g>"
        )
    parts.append(scale_bar(scale, height))
    parts.append("</svg>")
    return "".join(parts)
