"""规模性失业风险监测预警: indicators per street and month, their levels from the region
profile's thresholds, computed by a daily job into ``market_indicators`` and read by the
bureau's warnings page."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select

from jobhub.extensions import db
from jobhub.market import queries
from jobhub.market.core import Period, Threshold, month_of, street_level
from jobhub.market.models import MarketIndicator
from jobhub.policy.dates import today_in_china
from jobhub.policy.profile_schema import WARNING_INDICATORS
from jobhub.policy.profiles import RuleNotInForce
from jobhub.regions.models import Street
from jobhub.regions.services import region_profile
from jobhub.stations.models import Station

INDICATORS = {
    "new_unemployment": ("新增失业登记", "人"),
    "layoffs": ("规模性裁员报告", "人"),
    "benefit_claims": ("失业保险金申领", "人"),
    "vacancies": ("新发布岗位需求", "人"),
    "vacancies_change": ("岗位需求环比", "%"),
    "demand_ratio": ("求人倍率", ""),
    "zero_employment_open": ("零就业家庭（月末未清零）", "户"),
}
# Below this many people the ratio and the month-on-month change say nothing.
MIN_BASE = 10
TREND_MONTHS = 12


def thresholds(on: date) -> dict[str, Threshold]:
    """The thresholds in force on ``on`` in the deployment's region profile (the bureau's own
    file in ``REGION_PROFILE_DIR`` when it keeps one, else the shipped one it names), each with
    its source, its dates and the profile it came from."""
    profile = region_profile()
    titles = {}
    level = profile
    while level is not None:
        titles[level.name] = level.title
        level = level.parent
    out = {}
    for name in WARNING_INDICATORS:
        try:
            version = profile.param(f"warning.{name}", on)
        except RuleNotInForce:
            continue
        value = version.value
        out[name] = Threshold(
            name,
            value["direction"],
            value["watch"],
            value["alert"],
            version.source,
            version.effective_from,
            version.effective_to,
            titles.get(version.profile, version.profile),
        )
    return out


def _demand(start: date, end: date) -> dict[str, int]:
    demand: dict[str, int] = defaultdict(int)
    for _code, street, headcount in queries.demand_rows(start, end, None):
        demand[street] += int(headcount or 0)
    return demand


def comparison_window(month: Period, today: date) -> tuple[date, date]:
    """The days of the month before that the month-on-month change compares with: all of it
    for a finished month, the same number of days for the month in progress (the first five
    days of December against the first five of November, not the whole of it)."""
    previous = month.previous()
    days = (min(month.end, today + timedelta(days=1)) - month.start).days
    return previous.start, min(previous.end, previous.start + timedelta(days=max(days, 0)))


def _per_street(month: Period) -> dict[str, dict[str, float | None]]:
    demand = _demand(month.start, month.end)
    before = _demand(*comparison_window(month, today_in_china()))
    people = {
        person: street
        for person, _at, _codes, street in queries.seeker_activity(month.start, month.end, None)
    }
    seekers = Counter(people.values())
    unemployed = queries.new_unemployed_by_street(month.start, month.end)
    layoffs = queries.layoffs_by_street(month.start, month.end)
    households = queries.open_households_by_street(month.end)
    values: dict[str, dict[str, float | None]] = {}
    for street in db.session.scalars(select(Street.code)):
        change = None
        if before.get(street, 0) >= MIN_BASE:
            change = round((demand.get(street, 0) - before[street]) / before[street] * 100, 1)
        ratio = None
        if seekers.get(street, 0) >= MIN_BASE:
            ratio = round(demand.get(street, 0) / seekers[street], 2)
        values[street] = {
            "new_unemployment": unemployed.get(street, 0),
            "layoffs": layoffs.get(street, 0),
            "benefit_claims": None,  # the platform holds no unemployment-insurance claims
            "vacancies": demand.get(street, 0),
            "vacancies_change": change,
            "demand_ratio": ratio,
            "zero_employment_open": households.get(street, 0),
        }
    return values


def compute_indicators(month: Period) -> int:
    """Replace the month's indicators with freshly computed ones (flushed); returns how many
    crossed a threshold. Running it twice leaves the same rows."""
    limits = thresholds(month.start)
    db.session.execute(delete(MarketIndicator).where(MarketIndicator.month == month.start))
    crossed = 0
    for street, values in _per_street(month).items():
        for name, value in values.items():
            limit = limits.get(name)
            level = limit.level(value) if limit is not None else None
            crossed += level is not None
            db.session.add(
                MarketIndicator(
                    month=month.start, street_code=street, indicator=name, value=value, level=level
                )
            )
    db.session.flush()
    return crossed


def months_to_compute(today: date | None = None) -> tuple[Period, Period]:
    """The daily job's months: this one so far, and the last (late records land in it)."""
    this = month_of(today or today_in_china())
    return this.previous(), this


@dataclass(frozen=True)
class Crossed:
    street_code: str
    street_name: str
    indicator: str
    label: str
    unit: str
    value: float
    level: str
    threshold: float
    source: str
    stations: tuple[str, ...]


@dataclass(frozen=True)
class StreetIndicators:
    """One street's indicators of the month and the highest level they reached."""

    code: str
    name: str
    level: str  # alert | watch | normal
    values: dict[str, tuple[float | None, str | None]]  # indicator → (value, level)
    stations: tuple[str, ...]


@dataclass(frozen=True)
class WarningsView:
    month: Period
    computed_at: object | None
    crossed: tuple[Crossed, ...]
    thresholds: dict[str, Threshold]
    trend: tuple[tuple[Period, int, int], ...]  # month, 关注, 预警
    totals: dict[str, float | None]  # indicator → region total (ratio: None)
    streets: tuple[StreetIndicators, ...]  # in code order; empty when not computed


def warnings_view(month: Period) -> WarningsView:
    """What the warnings page shows for a month: the crossed indicators (预警 first) with the
    stations of each street, and the count of crossings per level over the last months."""
    limits = thresholds(month.start)
    rows = db.session.scalars(
        select(MarketIndicator).where(MarketIndicator.month == month.start)
    ).all()
    streets = dict(db.session.execute(select(Street.code, Street.name)).all())
    stations: dict[str, list[str]] = defaultdict(list)
    for name, street in db.session.execute(select(Station.name, Station.street_code)):
        stations[street].append(name)
    crossed = []
    totals: dict[str, float | None] = {}
    values: dict[str, dict[str, tuple[float | None, str | None]]] = defaultdict(dict)
    for row in rows:
        counted = row.level if row.indicator in limits else None
        values[row.street_code][row.indicator] = (row.value, counted)
        if row.indicator in ("new_unemployment", "layoffs", "vacancies", "zero_employment_open"):
            totals[row.indicator] = (totals.get(row.indicator) or 0) + (row.value or 0)
        if row.level is None or row.indicator not in limits:
            continue
        label, unit = INDICATORS[row.indicator]
        limit = limits[row.indicator]
        crossed.append(
            Crossed(
                row.street_code,
                streets.get(row.street_code, row.street_code),
                row.indicator,
                label,
                unit,
                row.value,
                row.level,
                limit.crossed(row.level),
                limit.source,
                tuple(sorted(stations.get(row.street_code, []))),
            )
        )
    crossed.sort(key=lambda c: (c.level != "alert", c.street_code, c.indicator))
    months = [month]
    while len(months) < TREND_MONTHS:
        months.append(months[-1].previous())
    months.reverse()
    counts = Counter(
        (m, level)
        for m, level in db.session.execute(
            select(MarketIndicator.month, MarketIndicator.level).where(
                MarketIndicator.month >= months[0].start,
                MarketIndicator.month <= month.start,
                MarketIndicator.level.is_not(None),
            )
        )
    )
    trend = tuple((m, counts[(m.start, "watch")], counts[(m.start, "alert")]) for m in months)
    computed_at = max((r.computed_at for r in rows), default=None)
    by_street = tuple(
        StreetIndicators(
            code,
            streets.get(code, code),
            street_level(level for _v, level in found.values()),
            found,
            tuple(sorted(stations.get(code, []))),
        )
        for code, found in sorted(values.items())
    )
    return WarningsView(month, computed_at, tuple(crossed), limits, trend, totals, by_street)
