"""The district's streets (乡镇/街道) with a representative point, for home and work locations.

Codes and names are the 2023 统计用区划代码 (shared/data/regions, WTFPL); the points are the
approximate street positions kept with the demo district (the reference data has none).
"""

from __future__ import annotations

from jobhub.demo import STREET, STREETS


def street_options() -> list[tuple[str, str]]:
    """``[(code, name), ...]`` for a select, in code order."""
    return [(code, name) for code, name, _lat, _lng, _rural in STREETS]


def street_name(code: str | None) -> str:
    return STREET[code][0] if code in STREET else ""


def street_point(code: str | None) -> tuple[float, float] | None:
    """The street's representative point (lat, lng), or ``None`` for an unknown code."""
    if code not in STREET:
        return None
    _name, lat, lng, _rural = STREET[code]
    return lat, lng
