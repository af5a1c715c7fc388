"""薪酬价位 and 求人倍率 from stored rows: the one computation behind the public page, the API,
the bureau's workbooks and the posting wage check."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select

from jobhub.coding.services import occupation_name
from jobhub.extensions import db
from jobhub.market import queries
from jobhub.market.core import (
    PayConversion,
    Period,
    SupplyDemandRule,
    WageCell,
    balance,
    balance_level,
    demand_ratio,
    quarter_of,
)
from jobhub.market.models import SupplyDemandFigure, WageFigure
from jobhub.occupations import taxonomy
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile

SOURCES = {"vacancies": "发布岗位", "hires": "录用记录"}
LEVELS = {2: "中类", 3: "小类", 4: "细类"}
_CODE_RE = re.compile(r"^\d-\d\d-\d\d-\d\d$")


def _profile():
    """The deployment's region profile: the bureau's own file when it keeps one."""
    return region_profile()


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


def _wage_cell(figure: WageFigure | None) -> WageCell:
    """A stored cell as the public sees it: suppressed below the employer minimum."""
    if figure is None:
        return WageCell(0, 0, True, None)
    if figure.n_employers < min_employers():
        return WageCell(figure.n_vacancies, figure.n_employers, True, None)
    values = (figure.p10, figure.p25, figure.p50, figure.p75, figure.p90)
    return WageCell(figure.n_vacancies, figure.n_employers, False, values)


def _figures(source: str, area: str | None, *where):
    return db.session.scalars(
        select(WageFigure)
        .where(WageFigure.source == source, WageFigure.area_code == (area or ""), *where)
        .order_by(WageFigure.level)
    )


def wage_cell(
    occupation: str, area: str | None, period: Period, source: str = "vacancies"
) -> WageCell:
    """P10…P90 of the monthly-equivalent offered pay of one occupation (with everything under
    it), area (``None``: the whole region) and quarter, as the refresh job computed them;
    suppressed below the employer minimum."""
    found = list(
        _figures(
            source,
            area,
            WageFigure.period == period.label,
            WageFigure.occupation_code == occupation,
        )
    )
    return _wage_cell(found[-1] if found else None)


def wage_trend(
    occupation: str, area: str | None, periods: tuple[Period, ...], source: str = "vacancies"
) -> list[tuple[Period, WageCell]]:
    """One cell per quarter, read with one statement."""
    found = {
        f.period: f
        for f in _figures(
            source,
            area,
            WageFigure.period.in_([p.label for p in periods]),
            WageFigure.occupation_code == occupation,
        )
    }
    return [(p, _wage_cell(found.get(p.label))) for p in periods]


def figures_computed_at(period: Period):
    """When the refresh job last computed the quarter's figures (``None``: never)."""
    return db.session.scalar(
        select(func.max(WageFigure.computed_at)).where(WageFigure.period == period.label)
    )


@lru_cache(maxsize=8192)
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
    """Every occupation of a level with pay in the quarter: the bureau's published table."""
    figures = _figures(source, area, WageFigure.period == period.label, WageFigure.level == level)
    rows = [
        WageRow(f.occupation_code, occupation_name(f.occupation_code), _wage_cell(f))
        for f in figures
    ]
    return sorted(rows, key=lambda r: r.code)


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


def supply_demand(
    period: Period, area: str | None, level: int = 2
) -> tuple[SupplyDemand, list[SupplyDemand]]:
    """岗位需求人数 (headcount of the vacancies published in the period) over 求职人数 (people
    seeking work in it) per occupation group, as the refresh job counted them: the period's
    report and one per month of it. A person counts once in each group they want and once in
    the total."""
    rule = supply_demand_rule(period.start)
    periods = (period, *period.months()) if period.is_quarter else (period,)
    found: dict[str, list[SupplyDemandFigure]] = defaultdict(list)
    for figure in db.session.scalars(
        select(SupplyDemandFigure).where(
            SupplyDemandFigure.period.in_([p.label for p in periods]),
            SupplyDemandFigure.area_code == (area or ""),
            SupplyDemandFigure.level.in_((0, level)),
        )
    ):
        found[figure.period].append(figure)

    def report(p: Period) -> SupplyDemand:
        figures = found.get(p.label, [])
        total = next((f for f in figures if f.level == 0), None)
        rows = tuple(
            SupplyDemandRow(
                f.occupation_code,
                occupation_name(f.occupation_code),
                f.vacancies,
                f.seekers,
                demand_ratio(f.vacancies, f.seekers),
                balance(f.vacancies, f.seekers, rule),
            )
            for f in sorted(figures, key=lambda f: f.occupation_code)
            if f.level == level
        )
        vacancies, seekers = (total.vacancies, total.seekers) if total else (0, 0)
        return SupplyDemand(p, area, level, vacancies, seekers, rows, rule)

    reports = [report(p) for p in periods]
    return reports[0], reports[1:] or reports


@dataclass(frozen=True)
class StreetBalance:
    code: str
    name: str
    vacancies: int
    seekers: int
    ratio: float | None
    level: str  # shortage | surplus | balanced | few


def supply_demand_by_street(period: Period) -> list[StreetBalance]:
    """求人倍率 of every street of the region in the period, in code order (a street without a
    figure has no vacancy and no seeker), for the 供求 map and its table."""
    rule = supply_demand_rule(period.start)
    names = {code: name for code, name, kind in queries.areas() if kind == "street"}
    found = {
        code: (vacancies, seekers)
        for code, vacancies, seekers in db.session.execute(
            select(
                SupplyDemandFigure.area_code,
                SupplyDemandFigure.vacancies,
                SupplyDemandFigure.seekers,
            ).where(
                SupplyDemandFigure.period == period.label,
                SupplyDemandFigure.level == 0,
                SupplyDemandFigure.area_code.in_(list(names)),
            )
        )
    }
    out = []
    for code, name in names.items():
        vacancies, seekers = found.get(code, (0, 0))
        out.append(
            StreetBalance(
                code,
                name,
                vacancies,
                seekers,
                demand_ratio(vacancies, seekers),
                balance_level(vacancies, seekers, rule),
            )
        )
    return out
