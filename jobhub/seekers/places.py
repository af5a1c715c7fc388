"""The deployment's streets (乡镇/街道) with a representative point, for home and work locations.

Read from the ``streets`` table that ``flask --app wsgi region setup`` fills (codes and names of
the 2023 统计用区划代码; points WGS-84, supplied by the bureau or approximate). The table is
read once per app context (a request, a command): forms and lists ask for many names.
"""

from __future__ import annotations

from flask import g

from jobhub.extensions import db
from jobhub.regions.models import Street
from jobhub.stations.coverage import Street as CoverageStreet

_CACHE = "jobhub_streets"


def _streets() -> dict[str, CoverageStreet]:
    cached = g.get(_CACHE)
    if cached is None:
        rows = db.session.execute(
            db.select(Street.code, Street.name, Street.lat, Street.lng, Street.is_rural).order_by(
                Street.code
            )
        )
        # an unknown urban or rural kind counts as urban: the shorter 15-minute circle
        cached = {
            code: CoverageStreet(code, name, lat, lng, bool(rural))
            for code, name, lat, lng, rural in rows
        }
        setattr(g, _CACHE, cached)
    return cached


def forget_streets() -> None:
    """Read the table again on next use (after the region was set up in this context)."""
    g.pop(_CACHE, None)


def district_streets() -> tuple[CoverageStreet, ...]:
    """The configured streets in code order, for the coverage map and station forms."""
    return tuple(_streets().values())


def street_by_code(code: object) -> CoverageStreet | None:
    """The street of ``code``; ``None`` for an unknown code or anything not a string (API
    bodies may carry any JSON value)."""
    return _streets().get(code) if isinstance(code, str) else None


def street_options() -> list[tuple[str, str]]:
    """``[(code, name), ...]`` for a select, in code order."""
    return [(s.code, s.name) for s in _streets().values()]


def street_name(code: str | None) -> str:
    street = street_by_code(code)
    return street.name if street else ""


def street_point(code: str | None) -> tuple[float, float] | None:
    """The street's representative point (lat, lng), or ``None`` for an unknown code."""
    street = street_by_code(code)
    return (street.lat, street.lng) if street else None
