"""Street maps of the labour-market pages (pure core: stdlib only): each street of the district
drawn at its point with the level its figures reached (预警 / 关注 / 正常 on the warnings page,
紧缺 / 平衡 / 过剩 on the 供求 page), on the coverage map's projection and label placement. No
map tiles and no script: the server writes the SVG (the CSP allows neither).

Colour is never the only sign: each level has its own shape, shown in the legend; a street's
level is written beside its name where there is room, and always in its tooltip and in the
table beside the map."""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from jobhub.stations.coverage import (
    EARTH_RADIUS_M,
    Street,
    empty_svg,
    place_labels,
    projector,
    scale_bar,
    svg_open,
)


@dataclass(frozen=True)
class Level:
    """One level of a map: ``key`` names it in the SVG (``data-level``) and the stylesheet
    (``lvl-<key>``); ``named`` writes the level beside the street's name on the map."""

    key: str
    label: str
    shape: str  # circle | triangle | square | diamond | ring
    note: str = ""
    named: bool = True

    @property
    def icon(self) -> str:
        """The level's shape as a small picture for the legend beside the map."""
        return legend_icon(self)


@dataclass(frozen=True)
class StreetMark:
    """A street on the map: its level, the figures its tooltip gives, where a click leads."""

    street: Street
    level: str
    detail: str
    href: str | None = None


def shape(kind: str, x: float, y: float, r: float) -> str:
    """The SVG element of a level's shape centred on ``(x, y)``."""
    if kind == "triangle":
        h = round(r * 1.25, 1)
        return (
            f'<path d="M{x} {round(y - h, 1)} L{round(x + h, 1)} {round(y + r, 1)} '
            f'L{round(x - h, 1)} {round(y + r, 1)} Z"/>'
        )
    if kind == "square":
        return (
            f'<rect x="{round(x - r, 1)}" y="{round(y - r, 1)}" width="{2 * r}" height="{2 * r}"/>'
        )
    if kind == "diamond":
        d = round(r * 1.3, 1)
        return (
            f'<path d="M{x} {round(y - d, 1)} L{round(x + d, 1)} {y} L{x} {round(y + d, 1)} '
            f'L{round(x - d, 1)} {y} Z"/>'
        )
    return f'<circle cx="{x}" cy="{y}" r="{r}"/>'


def legend_icon(level: Level) -> str:
    """The level's shape as a small picture for the legend beside the map."""
    return (
        f'<svg class="legend-icon lvl-{escape(level.key)}" viewBox="0 0 24 24" aria-hidden="true">'
        f"{shape(level.shape, 12, 13, 7)}</svg>"
    )


def level_map(
    marks: list[StreetMark],
    levels: tuple[Level, ...],
    *,
    prefix: str,
    title: str,
    width: int = 560,  # narrower than the coverage map: its names stay legible on a phone
    margin_m: float = 1500,
) -> str:
    """The streets as shapes by level. ``levels`` come most important first: those streets are
    drawn larger, last (on top) and named first when space for names runs out. The picture is
    as tall as the district is (within 360 to 720 pixels), so a long district fills it."""
    if not marks:
        return empty_svg(width, 360)
    metres = math.pi * EARTH_RADIUS_M / 180  # a degree of latitude
    north_south = (max(m.street.lat for m in marks) - min(m.street.lat for m in marks)) * metres
    east_west = (max(m.street.lng for m in marks) - min(m.street.lng for m in marks)) * metres
    east_west *= math.cos(math.radians(marks[0].street.lat))
    aspect = (north_south + 2 * margin_m) / (east_west + 2 * margin_m)
    height = min(max(round(width * aspect), 360), 720)
    by_key = {lv.key: lv for lv in levels}
    rank = {lv.key: i for i, lv in enumerate(levels)}
    xy, scale = projector([(m.street.lat, m.street.lng) for m in marks], margin_m, width, height)
    counts = "，".join(f"{lv.label} {sum(m.level == lv.key for m in marks)} 个" for lv in levels)
    parts = [svg_open(width, height, prefix, title, f"{len(marks)} 个街道（乡镇）：{counts}。")]
    dots = [(*xy(m.street.lat, m.street.lng), 9 if rank[m.level] < 2 else 6) for m in marks]
    order = sorted(range(len(marks)), key=lambda i: (rank[marks[i].level], marks[i].street.code))

    def name(mark: StreetMark) -> str:
        level = by_key[mark.level]
        return f"{mark.street.name}·{level.label}" if level.named else mark.street.name

    labels = place_labels(
        [(*dots[i][:2], dots[i][2], name(marks[i])) for i in order], width, height
    )
    placed = dict(zip(order, labels, strict=True))
    for i in reversed(order):  # the most important drawn last, on top
        mark, (x, y, r), label = marks[i], dots[i], placed[i]
        level = by_key[mark.level]
        text = (
            f'<text x="{label[0]}" y="{label[1]}" text-anchor="{label[2]}">'
            f"{escape(name(mark))}</text>"
            if label
            else ""
        )
        group = (
            f'<g class="map-street lvl-{escape(level.key)}" data-code="{escape(mark.street.code)}" '
            f'data-level="{escape(level.key)}">{shape(level.shape, x, y, r)}{text}'
            f"<title>{escape(mark.street.name)}：{escape(level.label)}。{escape(mark.detail)}"
            "</title></g>"
        )
        if mark.href:
            group = f'<a href="{escape(mark.href)}">{group}</a>'
        parts.append(group)
    parts.append(scale_bar(scale, height))
    parts.append("</svg>")
    return "".join(parts)


WARNING_LEVELS = (
    Level("alert", "预警", "triangle", "至少一项指标达到预警阈值"),
    Level("watch", "关注", "square", "至少一项指标达到关注阈值"),
    Level("normal", "正常", "circle", "没有指标达到阈值", named=False),
)


def balance_levels(shortage: float, surplus: float, min_volume: int) -> tuple[Level, ...]:
    """The 供求 map's levels, with the profile's limits in their legend."""
    return (
        Level("shortage", "紧缺", "triangle", f"求人倍率 ≥ {shortage:g}，岗位多于求职"),
        Level("surplus", "过剩", "diamond", f"求人倍率 ≤ {surplus:g}，求职多于岗位"),
        Level("balanced", "基本平衡", "circle", "在两者之间", named=False),
        Level(
            "few", "人数过少", "ring", f"需求与求职合计不足 {min_volume} 人，不判断", named=False
        ),
    )
