"""The refresh job: 薪酬价位 and 供求 of whole quarters computed from the stored rows into
``wage_cells`` and ``supply_demand_cells``, every occupation group and area at once (one pass
over a quarter's rows), so that the pages, the API and the posting check read figures instead
of computing them per request. ``flask --app wsgi market refresh`` runs it (the worker at 02:00
for this quarter and the last); running it twice leaves the same rows."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from datetime import date

from sqlalchemy import delete, insert

from jobhub.db import as_utc
from jobhub.extensions import db
from jobhub.market import queries
from jobhub.market.core import PaySample, Period, offered_pay, summarise
from jobhub.market.models import SupplyDemandFigure, WageFigure
from jobhub.market.services import SOURCES, group_code, pay_conversion

LEVELS = (2, 3, 4)
ALL = ""  # the area code of the whole region


def areas_of(street: str | None) -> tuple[str, ...]:
    """The areas a street's row counts in: the region, its county, the street."""
    return (ALL, street[:6], street) if street else (ALL,)


def refresh_wages(quarter: Period) -> int:
    """Replace the quarter's wage cells (flushed); returns how many were written."""
    conversion = pay_conversion(quarter.start)
    db.session.execute(delete(WageFigure).where(WageFigure.period == quarter.label))
    written = 0
    for source in SOURCES:
        fetch = queries.hire_pay if source == "hires" else queries.vacancy_pay
        cells: dict[tuple[str, int, str], list[PaySample]] = defaultdict(list)
        for low, high, unit, employer, _when, code, street in fetch(
            None, None, quarter.start, quarter.end
        ):
            pay = offered_pay(float(low), float(high) if high is not None else None)
            if pay is None:
                continue
            sample = PaySample(conversion.monthly(pay, unit), employer)
            for level in LEVELS:
                group = group_code(code, level)
                if group is not None:
                    for area in areas_of(street):
                        cells[(group, level, area)].append(sample)
        rows = []
        for (code, level, area), samples in cells.items():
            cell = summarise(samples, 1)  # stored whole; suppressed when read
            rows.append(
                {
                    "period": quarter.label,
                    "source": source,
                    "area_code": area,
                    "occupation_code": code,
                    "level": level,
                    "n_vacancies": cell.n_vacancies,
                    "n_employers": cell.n_employers,
                    **dict(zip(("p10", "p25", "p50", "p75", "p90"), cell.percentiles, strict=True)),
                }
            )
        if rows:
            db.session.execute(insert(WageFigure), rows)
        written += len(rows)
    db.session.flush()
    return written


def refresh_supply_demand(quarter: Period) -> int:
    """Replace the quarter's and its months' 供求 cells (flushed); returns how many."""
    months = quarter.months()
    labels = [quarter.label, *(m.label for m in months)]
    db.session.execute(delete(SupplyDemandFigure).where(SupplyDemandFigure.period.in_(labels)))
    vacancies: dict[tuple[str, str, int, str], int] = defaultdict(int)
    for month in months:
        for code, street, headcount in queries.demand_rows(month.start, month.end, None):
            for area in areas_of(street):
                for period in (quarter.label, month.label):
                    vacancies[(period, area, 0, "")] += int(headcount or 0)
                    for level in LEVELS:
                        group = group_code(code, level)
                        if group is not None:
                            vacancies[(period, area, level, group)] += int(headcount or 0)
    people: dict[tuple[str, str], dict[int, list]] = defaultdict(dict)
    starts = [queries.instant(m.start) for m in months]
    for person_id, at, codes, street in queries.seeker_activity(quarter.start, quarter.end, None):
        index = bisect_right(starts, as_utc(at)) - 1
        month = months[index] if index >= 0 else None
        for area in areas_of(street):
            people[(quarter.label, area)][person_id] = codes
            if month is not None:
                people[(month.label, area)][person_id] = codes
    seekers: dict[tuple[str, str, int, str], int] = defaultdict(int)
    for (period, area), chosen in people.items():
        seekers[(period, area, 0, "")] = len(chosen)
        for codes in chosen.values():
            for level in LEVELS:
                groups = {group_code(c, level) for c in codes or [] if isinstance(c, str)}
                for group in groups - {None}:
                    seekers[(period, area, level, group)] += 1
    rows = [
        {
            "period": period,
            "area_code": area,
            "level": level,
            "occupation_code": code,
            "vacancies": vacancies.get(key, 0),
            "seekers": seekers.get(key, 0),
        }
        for key in set(vacancies) | set(seekers)
        for period, area, level, code in [key]
    ]
    if rows:
        db.session.execute(insert(SupplyDemandFigure), rows)
    db.session.flush()
    return len(rows)


def refresh(quarters: tuple[Period, ...]) -> tuple[int, int]:
    wages = sum(refresh_wages(q) for q in quarters)
    supply = sum(refresh_supply_demand(q) for q in quarters)
    return wages, supply


def quarters_to_refresh(today: date) -> tuple[Period, Period]:
    from jobhub.market.core import quarter_of

    this = quarter_of(today)
    return this.previous(), this
