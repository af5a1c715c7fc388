"""The deployment's streets (乡镇/街道) with a representative point, for home and work locations.

Read from the ``streets`` table that ``flask --app wsgi region setup`` fills (codes and names of
the 2023 统计用区划代码; points WGS-84, supplied by the bureau or approximate). The table is
read once per app context (a request, a command): forms and lists ask for many names.
"""

from __future__ import annotations

from flask import g

from jobhub.extensions import db
from jobhub.regions.models import Street

_CACHE = "jobhub_streets"


def _streets() -> dict[str, tuple[str, float, float]]:
    cached = g.get(_CACHE)
    if cached is None:
        rows = db.session.execute(
            db.select(Street.code, Street.name, Street.lat, Street.lng).order_by(Street.code)
        )
        cached = {code: (name, lat, lng) for code, name, lat, lng in rows}
        setattr(g, _CACHE, cached)
    return cached


def forget_streets() -> None:
    """Read the table again on next use (after the region was set up in this context)."""
    g.pop(_CACHE, None)


def street_options() -> list[tuple[str, str]]:
    """``[(code, name), ...]`` for a select, in code order."""
    return [(code, name) for code, (name, _lat, _lng) in _streets().items()]


def street_name(code: str | None) -> str:
    street = _streets().get(code or "")
    return street[0] if street else ""


def street_point(code: str | None) -> tuple[float, float] | None:
    """The street's representative point (lat, lng), or ``None`` for an unknown code."""
    street = _streets().get(code or "")
    return (street[1], street[2]) if street else None
