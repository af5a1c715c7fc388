"""Rebuild ``jobhub/occupations/data/places.txt``, the place names the title cleaner strips.

Source: the 2023 统计用区划代码 tables in ``../shared/data/regions`` (provinces, prefectures,
counties; github.com/modood/Administrative-divisions-of-China, WTFPL).  Streets are left out:
41k 乡镇/街道 names collide with ordinary words far too often.

Each division contributes its full name (``宝安区``) and, where at least two characters remain,
its short name without the administrative suffix (``宝安``, ``深圳``, ``延边``).  A name is
dropped when it occurs inside any occupation name or alias (taxonomy and the curated
``extra_aliases.csv``), so cleaning can never cut into a label the classifier knows, and when
it is in ``_COMMON_WORDS`` (short names that are everyday words in job titles).  A county-level
name is also dropped when it occurs in the 大典's definitions or tasks (公安, 路桥, 新建, 清水):
that text is occupational Chinese, so such a name is an ordinary word as often as a place.

Run from the repository root::

    .venv/bin/python benchmarks/occupations/build_places.py [path/to/shared/data/regions]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jobhub.occupations import taxonomy  # noqa: E402
from jobhub.occupations.labels import extra_aliases  # noqa: E402

DEFAULT_REGIONS = ROOT.parent / "shared" / "data" / "regions"
OUTPUT = ROOT / "jobhub" / "occupations" / "data" / "places.txt"

_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_PROVINCE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_MINORITY = re.compile(r"(?:[\u4e00-\u9fff]{1,5}?族)+自治(?:县|旗|州)$|自治(?:县|旗|州)$")
_DIVISION_SUFFIX = re.compile(r"(新区|林区|特区|地区|区|县|市|旗|盟|州)$")
# Short names that read as ordinary words in a job title; stripping them would lose meaning.
_COMMON_WORDS = set(
    """
    城区 郊区 矿区 新城 城中 市中 江南 江北 河西 河东 城东 城西 城南 城北 东区 西区
    南区 北区 中区 和平 平安 安全 新华 东方 长安 白云 高新 开发 工农 铁西 铁东 新市
    城关 中山 普陀 朝阳 红旗 胜利 前进 东风 向阳 光明 永安 太平 金山 青山 南山 东山
    西山 北山 龙门 永和 大同 通道 吉利 云安
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def _short(name: str) -> str:
    name = _MINORITY.sub("", name)
    return _DIVISION_SUFFIX.sub("", name)


def _names(regions: Path) -> tuple[set[str], set[str]]:
    """(all candidate names, the county-level ones)."""
    names: set[str] = set()
    counties: set[str] = set()

    def read(file: str) -> list[str]:
        with (regions / file).open(encoding="utf-8", newline="") as handle:
            return [row["name"].strip() for row in csv.DictReader(handle)]

    for name in read("provinces.csv"):
        names.add(name)
        names.add(_PROVINCE_SUFFIX.sub("", name))
    for file in ("cities.csv", "areas.csv"):
        for name in read(file):
            if name in _SKIP:
                continue
            names.update((name, _short(name)))
            if file == "areas.csv":
                counties.update((name, _short(name)))
    prefectures = names - counties
    return {n for n in names if len(n) >= 2}, {n for n in counties - prefectures if len(n) >= 2}


def _labels() -> list[str]:
    labels = []
    for occupation in taxonomy.all_occupations():
        labels.append(occupation.name)
        labels.extend(occupation.aliases)
    labels.extend(alias for _code, alias, _note in extra_aliases())
    return labels


def main(argv: list[str]) -> None:
    regions = Path(argv[1]) if len(argv) > 1 else DEFAULT_REGIONS
    candidates, counties = _names(regions)
    labels = "\n".join(_labels())
    prose = "\n".join(o.definition + " ".join(o.tasks) for o in taxonomy.all_occupations())
    kept = sorted(
        n
        for n in candidates
        if n not in _COMMON_WORDS and n not in labels and not (n in counties and n in prose)
    )
    header = (
        "# Place names stripped from job titles by jobhub.occupations.cleaning.\n"
        "# Built by benchmarks/occupations/build_places.py from 统计用区划代码 2023\n"
        "# (github.com/modood/Administrative-divisions-of-China, WTFPL); see ATTRIBUTION.md.\n"
    )
    OUTPUT.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    dropped = len(candidates) - len(kept)
    print(f"{len(kept)} place names written to {OUTPUT.relative_to(ROOT)} ({dropped} dropped)")


if __name__ == "__main__":
    main(sys.argv)
