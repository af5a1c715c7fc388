"""The coverage map's names do not cover each other (they overlapped in the old map): each
street's name is written beside its dot where it fits, uncovered streets first."""

from __future__ import annotations

import re

from jobhub.demo import STREETS
from jobhub.stations.coverage import (
    Circle,
    Street,
    coverage,
    label_box,
    place_labels,
    svg_map,
)

# the demo district's streets, as region setup stores them
DEMO = tuple(Street(code, name, lat, lng, rural) for code, name, lat, lng, rural in STREETS)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_crowded_names_never_cover_each_other_or_a_dot():
    # six streets within a few pixels of each other, and one far away
    points = [(300 + 6 * i, 200 + 4 * i, 5, f"街道{i}号") for i in range(6)]
    points.append((600, 400, 8, "双浦镇"))
    labels = place_labels(points, 720, 560)
    assert labels[0] is not None and labels[-1] is not None  # the first has first choice
    boxes = [label_box(*lab, points[i][3]) for i, lab in enumerate(labels) if lab]
    dots = [(x - r, y - r, x + r, y + r) for x, y, r, _ in points]
    for i, box in enumerate(boxes):
        assert all(not _overlap(box, other) for other in boxes[i + 1 :])
        assert all(not _overlap(box, dot) for dot in dots)
        assert box[0] >= 0 and box[2] <= 720 and box[1] >= 0 and box[3] <= 560
    assert None in labels  # not every name fits in such a crowd: some stay in the tooltip


def test_the_district_map_names_every_uncovered_street_without_overlaps():
    cuiyuan = next(s for s in DEMO if s.name == "翠苑街道")
    cov = coverage((Circle(1, "翠苑零工驿站", cuiyuan.lat, cuiyuan.lng, 1000),), DEMO)
    svg = svg_map(cov)
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)">([^<]+)</text>', svg)
    boxes = [label_box(float(x), float(y), anchor, name) for x, y, anchor, name in texts]
    for i, box in enumerate(boxes):
        assert all(not _overlap(box, other) for other in boxes[i + 1 :]), texts[i]
    named = {name for *_, name in texts}
    assert {s.street.name for s in cov.uncovered} <= named
    # each street is still named in its tooltip, labelled or not
    assert all(f"<title>{s.street.name}：" in svg for s in cov.streets)
