"""薪酬价位 and 求人倍率 from stored rows: the one computation behind the public page, the API,
the bureau's workbooks and the posting wage check."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app

from jobhub.coding.services import occupation_name
from jobhub.market import queries
from jobhub.market.core import (
    PayConversion,
    PaySample,
    Period,
    SupplyDemandRule,
    WageCell,
    balance,
    demand_ratio,
    offered_pay,
    quarter_of,
    summarise,
)
from jobhub.occupations import taxonomy
from jobhub.policy.dates import today_in_china
from jobhub.policy.profiles import load_profile

SOURCES = {"vacancies": "发布岗位", "hires": "录用记录"}
LEVELS = {2: "中类", 3: "小类", 4: "细类"}
_CODE_RE = re.compile(r"^\d-\d\d-\d\d-\d\d$")


def _profile():
    return load_profile(current_app.config["REGION_PROFILE"])


def pay_conversion(on: date | None = None) -> PayConversion:
    """The region profile's hours and days per month, with its source."""
    version = _profile().param("market.pay_conversion", on or today_in_china())
    value = version.value
    return PayConversion(value["days_per_month"], value["hours_per_day"], version.source)


def supply_demand_rule(on: date | None = None) -> SupplyDemandRule:
    version = _profile().param("market.supply_demand", on or today_in_china())
    value = version.value
    return SupplyDemandRule(
        value["shortage_ratio"], value["surplus_ratio"], int(value["min_volume"]), version.source
    )


def min_employers() -> int:
    return int(current_app.config["MARKET_MIN_EMPLOYERS"])


def check_occupation(code: str) -> str:
    """A 大典 code of a 中类, 小类 or 细类; ``ValueError`` with the reason in Chinese."""
    if not _CODE_RE.match(code or ""):
        raise ValueError(
            "职业编码应为《职业分类大典》编码，如 4-10-03-01（细类）或 4-10-00-00（中类）"
        )
    try:
        occupation = taxonomy.get(code)
    except KeyError:
        raise ValueError(f"《职业分类大典（2022年版）》中没有编码 {code}") from None
    if occupation.level < 2:
        raise ValueError("请选择中类、小类或细类（大类范围过宽）")
    return code


def area_names() -> dict[str, str]:
    """Code → name of every county and street of the configured region."""
    return {code: name for code, name, _kind in queries.areas()}


def check_area(area: str) -> str:
    if area not in area_names():
        raise ValueError("地区应为本平台所辖区县（6位）或乡镇街道（9位）的统计用区划代码")
    return area


# --- 薪酬价位 -----------------------------------------------------------------------------------


def _rows(source: str, code: str | None, area: str | None, start: date, end: date):
    if source == "hires":
        return queries.hire_pay(code, area, start, end)
    return queries.vacancy_pay(code, area, start, end)


def _samples(rows, conversion: PayConversion) -> list[PaySample]:
    out = []
    for low, high, unit, employer, _when, _code in rows:
        pay = offered_pay(
            float(low) if low is not None else None, float(high) if high is not None else None
        )
        if pay is not None:
            out.append(PaySample(conversion.monthly(pay, unit), employer))
    return out


def wage_cell(
    occupation: str, area: str | None, period: Period, source: str = "vacancies"
) -> WageCell:
    """P10…P90 of the monthly-equivalent offered pay of one occupation (with everything under
    it), area and quarter; suppressed below the employer minimum."""
    rows = _rows(source, occupation, area, period.start, period.end)
    return summarise(_samples(rows, pay_conversion(period.start)), min_employers())


def wage_trend(
    occupation: str, area: str | None, periods: tuple[Period, ...], source: str = "vacancies"
) -> list[tuple[Period, WageCell]]:
    """One cell per period, read with one statement over the whole span."""
    rows = _rows(source, occupation, area, periods[0].start, periods[-1].end)
    conversion = pay_conversion(periods[-1].start)
    by_period: dict[Period, list] = defaultdict(list)
    for row in rows:
        when = row[4]
        day = when if isinstance(when, date) and not hasattr(when, "hour") else _china_day(when)
        by_period[quarter_of(day)].append(row)
    limit = min_employers()
    return [(p, summarise(_samples(by_period.get(p, []), conversion), limit)) for p in periods]


def _china_day(moment) -> date:
    from jobhub.db import as_utc
    from jobhub.policy.dates import CHINA_TZ

    return as_utc(moment).astimezone(CHINA_TZ).date()


def group_code(code: str, level: int) -> str | None:
    """The code's 中类 (2), 小类 (3) or 细类 (4), or ``None`` for a code not of the 大典's shape."""
    if not _CODE_RE.match(code or ""):
        return None
    if level == 4:
        return code
    parts = code.split("-")[:level] + ["00"] * (4 - level)
    return "-".join(parts)


@dataclass(frozen=True)
class WageRow:
    code: str
    name: str
    cell: WageCell


def wage_table(
    level: int, area: str | None, period: Period, source: str = "vacancies"
) -> list[WageRow]:
    """Every occupation of a level with pay in the period: the bureau's published table."""
    rows = _rows(source, None, area, period.start, period.end)
    groups: dict[str, list] = defaultdict(list)
    for row in rows:
        code = group_code(row[5], level)
        if code is not None:
            groups[code].append(row)
    conversion, limit = pay_conversion(period.start), min_employers()
    return [
        WageRow(code, occupation_name(code), summarise(_samples(groups[code], conversion), limit))
        for code in sorted(groups)
    ]


def latest_quarter() -> Period:
    return quarter_of(today_in_china())


# --- 求人倍率 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplyDemandRow:
    code: str
    name: str
    vacancies: int
    seekers: int
    ratio: float | None
    balance: str | None


@dataclass(frozen=True)
class SupplyDemand:
    period: Period
    area: str | None
    level: int
    total_vacancies: int
    total_seekers: int
    rows: tuple[SupplyDemandRow, ...]
    rule: SupplyDemandRule

    @property
    def ratio(self) -> float | None:
        return demand_ratio(self.total_vacancies, self.total_seekers)

    def of(self, kind: str) -> list[SupplyDemandRow]:
        return [r for r in self.rows if r.balance == kind]


def supply_demand(period: Period, area: str | None, level: int = 2) -> SupplyDemand:
    """岗位需求人数 (headcount of the vacancies published in the period) over 求职人数 (people
    seeking work in it), per occupation group; a person counts once in each group they want
    and once in the totals."""
    demand: dict[str, int] = defaultdict(int)
    total_vacancies = 0
    for code, _street, headcount in queries.demand_rows(period.start, period.end, area):
        total_vacancies += int(headcount or 0)
        group = group_code(code, level)
        if group is not None:
            demand[group] += int(headcount or 0)
    supply: dict[str, int] = defaultdict(int)
    seekers = queries.seeker_rows(period.start, period.end, area)
    for codes, _street in seekers:
        for group in {group_code(c, level) for c in codes or [] if isinstance(c, str)} - {None}:
            supply[group] += 1
    rule = supply_demand_rule(period.start)
    rows = tuple(
        SupplyDemandRow(
            code,
            occupation_name(code),
            demand.get(code, 0),
            supply.get(code, 0),
            demand_ratio(demand.get(code, 0), supply.get(code, 0)),
            balance(demand.get(code, 0), supply.get(code, 0), rule),
        )
        for code in sorted(set(demand) | set(supply))
    )
    return SupplyDemand(period, area, level, total_vacancies, len(seekers), rows, rule)


def monthly_supply_demand(periods: Iterable[Period], area: str | None) -> list[SupplyDemand]:
    return [supply_demand(p, area) for p in periods]
