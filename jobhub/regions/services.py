"""Set up the deployment's region and read its streets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import current_app

from jobhub.extensions import db
from jobhub.policy.profiles import Profile
from jobhub.regions.models import Street
from jobhub.regions.table import APPROXIMATE, Region, region_streets
from jobhub.seekers.places import forget_streets

_FIELDS = (
    "name",
    "county_code",
    "county_name",
    "city_name",
    "lat",
    "lng",
    "point_source",
    "is_rural",
)


@dataclass(frozen=True)
class SetupResult:
    region: Region
    added: int
    updated: int
    unchanged: int
    approximate: int  # streets left on their county centroid after this run


def setup_region(code: str, points: Mapping[str, tuple[float, float]] | None = None) -> SetupResult:
    """Load every street of the county or city ``code`` into ``streets`` (upsert by code):
    running it again with the same input changes nothing. ``points`` (code -> WGS-84 lat, lng)
    replace a street's point; a street without one keeps the point it has, and a new one gets
    its county centroid, marked approximate (a re-run without the file never throws away the
    bureau's points). Raises ``RegionError`` (Chinese) for a bad code or a stray point."""
    region = region_streets(code, points)
    existing = {
        s.code: s
        for s in db.session.scalars(
            db.select(Street).where(Street.code.in_([s.code for s in region.streets]))
        )
    }
    added = updated = approximate = 0
    for street in region.streets:
        values = {f: getattr(street, f) for f in _FIELDS}
        row = existing.get(street.code)
        if street.point_source == APPROXIMATE and row is not None:
            approximate += row.point_source == APPROXIMATE
        else:
            approximate += street.point_source == APPROXIMATE
        if row is None:
            db.session.add(Street(code=street.code, **values))
            added += 1
            continue
        if street.point_source == APPROXIMATE and row.point_source != APPROXIMATE:
            for key in ("lat", "lng", "point_source"):
                values[key] = getattr(row, key)
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(row, key, value)
            updated += 1
    db.session.flush()
    forget_streets()
    unchanged = len(region.streets) - added - updated
    return SetupResult(region, added, updated, unchanged, approximate)


def configured_streets() -> list[Street]:
    """The configured streets in code order."""
    return list(db.session.scalars(db.select(Street).order_by(Street.code)))


def region_city_names() -> list[str]:
    """The cities (地级, the province for a 直辖市) of the configured streets, most streets first."""
    rows = db.session.execute(
        db.select(Street.city_name, db.func.count())
        .group_by(Street.city_name)
        .order_by(db.func.count().desc(), Street.city_name)
    )
    return [name for name, _count in rows]


def region_profile() -> Profile:
    """The policy engine's region profile of this deployment (``REGION_PROFILE``, from
    ``REGION_PROFILE_DIR`` when the bureau keeps its own), loaded and checked at start."""
    return current_app.extensions["jobhub.region_profile"]


def minimum_wage_region() -> str | None:
    """The minimum-wage profile (postings/wages.toml) for posting review, gigs and subsidies:
    ``MINIMUM_WAGE_REGION`` when set, else the profile of the configured streets' city (the
    one with most streets, when they span several). A configured city without a profile answers its own name,
    which no profile has, so no standard applies rather than another city's; with no region
    set up, ``None`` (wages.toml's default profile)."""
    from jobhub.postings.data import wage_parameters

    explicit = current_app.config.get("MINIMUM_WAGE_REGION")
    if explicit:
        return explicit
    cities = region_city_names()
    if not cities:
        return None
    return wage_parameters().region_for_city(cities[0]) or cities[0]
