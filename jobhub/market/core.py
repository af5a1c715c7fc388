"""Labour-market figures (pure core): periods, monthly-equivalent pay, percentiles with the
employer minimum, 求人倍率, and warning levels. No Flask, no database.

The definitions, stated wherever a figure is shown:

- **Offered pay** of a vacancy is the middle of its range (the minimum when no maximum is
  given), converted to a month: a day rate × ``days_per_month``, an hour rate × ``hours_per_day``
  × ``days_per_month`` (21.75 days and 8 hours: 劳社部发〔2008〕3号, 月计薪天数 21.75, 174 小时).
- **Percentiles** interpolate linearly between the two nearest ranks (Excel's PERCENTILE.INC,
  PostgreSQL's ``percentile_cont``): P50 of 1000, 2000, 3000, 4000 is 2500.
- **Suppression**: a cell with fewer distinct employers than the minimum shows no percentile
  (one employer's pay would be readable from it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

PERCENTILES = (10, 25, 50, 75, 90)
PERCENTILE_KEYS = tuple(f"p{p}" for p in PERCENTILES)
_QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter (``2026Q3``) or month (``2026-07``) in China's calendar."""

    start: date
    end: date  # the first day after the period
    label: str

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.label

    @property
    def title(self) -> str:
        """As a person reads it: 2026年第3季度, 2026年7月."""
        if self.is_quarter:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年{self.start.month}月"

    def previous(self) -> Period:
        step = 3 if self.is_quarter else 1
        month = self.start.month - step
        year = self.start.year
        if month < 1:
            month += 12
            year -= 1
        return (
            quarter_of(date(year, month, 1)) if self.is_quarter else month_of(date(year, month, 1))
        )

    def months(self) -> tuple[Period, ...]:
        """The months of a quarter (a month is its own)."""
        if not self.is_quarter:
            return (self,)
        return tuple(month_of(date(self.start.year, self.start.month + i, 1)) for i in range(3))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def quarter_of(day: date) -> Period:
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(start, _add_months(start, 3), f"{start.year}Q{(start.month - 1) // 3 + 1}")


def month_of(day: date) -> Period:
    start = date(day.year, day.month, 1)
    return Period(start, _add_months(start, 1), f"{start.year}-{start.month:02d}")


def parse_period(text: str, *, months: bool = False) -> Period:
    """``2026Q3`` (or ``2026-07`` when ``months``); ``ValueError`` with a Chinese message."""
    found = _QUARTER_RE.match(text or "")
    if found and 2000 <= int(found[1]) <= 2100:
        return quarter_of(date(int(found[1]), (int(found[2]) - 1) * 3 + 1, 1))
    found = _MONTH_RE.match(text or "") if months else None
    if found and 2000 <= int(found[1]) <= 2100:
        return month_of(date(int(found[1]), int(found[2]), 1))
    shape = "YYYYQn（如 2026Q3）或 YYYY-MM" if months else "YYYYQn（如 2026Q3）"
    raise ValueError(f"统计期应为 {shape}，年份在 2000–2100 之间")


def recent_quarters(last: Period, count: int) -> tuple[Period, ...]:
    """``count`` quarters ending with ``last``, oldest first."""
    out = [last]
    while len(out) < count:
        out.append(out[-1].previous())
    return tuple(reversed(out))


@dataclass(frozen=True)
class PayConversion:
    """How hour and day rates become a month (from the region profile, with its source)."""

    days_per_month: float = 21.75
    hours_per_day: float = 8.0
    source: str = "劳社部发〔2008〕3号：月计薪天数21.75天，折合174小时"

    def factor(self, unit: str) -> float:
        if unit == "day":
            return self.days_per_month
        if unit == "hour":
            return self.days_per_month * self.hours_per_day
        return 1.0

    def monthly(self, amount: float, unit: str) -> float:
        return amount * self.factor(unit)

    @property
    def statement(self) -> str:
        """The conversion as the pages state it."""
        hours = self.days_per_month * self.hours_per_day
        return (
            f"月薪当量：日薪 × {fmt(self.days_per_month)} 天；时薪 × {fmt(self.hours_per_day)} 小时 × "
            f"{fmt(self.days_per_month)} 天（{fmt(hours)} 小时）。依据：{self.source}"
        )


def fmt(value: float) -> str:
    """``21.75`` → ``"21.75"``, ``8.0`` → ``"8"``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def offered_pay(low: float | None, high: float | None) -> float | None:
    """The pay a vacancy offers: the middle of its range, its minimum without a maximum."""
    if low is None:
        return None
    if high is None or high < low:
        return float(low)
    return (float(low) + float(high)) / 2


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (PERCENTILE.INC); ``sorted_values`` ascending
    and not empty."""
    position = (len(sorted_values) - 1) * p / 100
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    share = position - below
    return sorted_values[below] + (sorted_values[above] - sorted_values[below]) * share


@dataclass(frozen=True)
class PaySample:
    """One vacancy (or hire) in a cell: its monthly-equivalent pay and its employer."""

    monthly: float
    employer_id: int


@dataclass(frozen=True)
class WageCell:
    """The percentiles of one occupation × area × period, or ``suppressed`` without them."""

    n_vacancies: int
    n_employers: int
    suppressed: bool
    percentiles: tuple[float, ...] | None  # in PERCENTILES order, yuan a month

    def as_dict(self) -> dict[str, float | None]:
        values = self.percentiles or (None,) * len(PERCENTILES)
        return {
            key: (round(v, 2) if v is not None else None)
            for key, v in zip(PERCENTILE_KEYS, values, strict=True)
        }


def summarise(samples: Iterable[PaySample], min_employers: int) -> WageCell:
    """Percentiles of a cell's pay, suppressed below ``min_employers`` distinct employers."""
    samples = list(samples)
    employers = len({s.employer_id for s in samples})
    if not samples or employers < min_employers:
        return WageCell(len(samples), employers, True, None)
    pay = sorted(s.monthly for s in samples)
    return WageCell(len(samples), employers, False, tuple(percentile(pay, p) for p in PERCENTILES))


# --- 求人倍率 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplyDemandRule:
    """Where an occupation counts as short or in surplus (region profile, dated, sourced)."""

    shortage_ratio: float = 1.5
    surplus_ratio: float = 0.5
    min_volume: int = 10
    source: str = ""


def demand_ratio(vacancies: int, seekers: int) -> float | None:
    """求人倍率 = 岗位需求人数 ÷ 求职人数; ``None`` with no seeker."""
    return vacancies / seekers if seekers else None


def balance(vacancies: int, seekers: int, rule: SupplyDemandRule) -> str | None:
    """``shortage`` (紧缺), ``surplus`` (过剩) or ``None``; too few people either way is ``None``.

    With demand and no seeker at all the occupation is short whatever the ratio."""
    if vacancies + seekers < rule.min_volume:
        return None
    ratio = demand_ratio(vacancies, seekers)
    if ratio is None or ratio >= rule.shortage_ratio:
        return "shortage"
    if ratio <= rule.surplus_ratio:
        return "surplus"
    return None


BALANCE_LABELS = {"shortage": "紧缺", "surplus": "过剩"}


def balance_level(vacancies: int, seekers: int, rule: SupplyDemandRule) -> str:
    """An area's place on the 供求 map: ``shortage``, ``surplus``, ``balanced`` (between the
    two), or ``few`` (too few people to say)."""
    if vacancies + seekers < rule.min_volume:
        return "few"
    return balance(vacancies, seekers, rule) or "balanced"


# --- warning levels ----------------------------------------------------------------------------

LEVELS = {"watch": "关注", "alert": "预警"}


def street_level(levels: Iterable[str | None]) -> str:
    """A street's level on the warnings map: the highest its indicators reached (``alert``,
    ``watch``), ``normal`` when none crossed."""
    found = set(levels)
    return "alert" if "alert" in found else "watch" if "watch" in found else "normal"


@dataclass(frozen=True)
class Threshold:
    """An indicator's two levels: ``above`` crosses at ≥, ``below`` at ≤ the value."""

    indicator: str
    direction: str  # above | below
    watch: float
    alert: float
    source: str
    effective_from: date | None = None
    effective_to: date | None = None
    origin: str = ""  # the title of the region profile the values came from

    def level(self, value: float | None) -> str | None:
        if value is None:
            return None
        if self.direction == "above":
            return "alert" if value >= self.alert else "watch" if value >= self.watch else None
        return "alert" if value <= self.alert else "watch" if value <= self.watch else None

    def crossed(self, level: str) -> float:
        return self.alert if level == "alert" else self.watch
