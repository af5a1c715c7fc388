"""The database reads behind the labour-market figures: each one indexed SQL statement that
filters and aggregates in the database (SQLite and PostgreSQL alike) and hands back only the
columns the figures need."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import and_, func, or_, select, union_all

from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.market.models import LayoffReport
from jobhub.policy.dates import CHINA_TZ
from jobhub.regions.models import Street
from jobhub.seekers.models import Application, Person
from jobhub.stations.models import Household, StationVisit

# A vacancy counts from the moment it was published, whatever became of it later.
WAS_PUBLISHED = ("published", "paused", "closed")
# Not a seeker: a person recorded in work (their record says so today).
NOT_SEEKING = ("employed", "self_employed")


def instant(day: date) -> datetime:
    """Midnight in China on ``day``, as the UTC instant stored timestamps compare with."""
    return datetime(day.year, day.month, day.day, tzinfo=CHINA_TZ).astimezone(UTC)


def code_range(column, code: str | None):
    """Rows whose 大典 code is ``code`` (a 细类) or lies under it (a 小类 ``4-10-03-00`` or a
    中类 ``4-10-00-00``): a range on the index, not a LIKE."""
    if code is None:
        return column.is_not(None)
    prefix = occupation_prefix(code)
    if prefix == code:
        return column == code
    return and_(column >= prefix, column < prefix[:-1] + ".")  # "." sorts right after "-"


def occupation_prefix(code: str) -> str:
    """``4-10-03-01`` → itself; ``4-10-03-00`` → ``4-10-03-``; ``4-10-00-00`` → ``4-10-``.
    A 细类 that is its own 小类 (``2-06-03-00``) is matched as the 小类, which is the same set."""
    parts = code.split("-")
    while len(parts) > 1 and parts[-1] == "00":
        parts.pop()
    return code if len(parts) == 4 else "-".join(parts) + "-"


def area_range(column, area: str | None):
    """Rows in a county (6 digits) or street (9 digits), by the street code's prefix."""
    if not area:
        return column.is_not(None)
    return and_(column >= area, column < area + ":")  # ":" sorts right after "9"


def published_in(start: date, end: date, area: str | None, code: str | None) -> tuple:
    """The vacancies published in [start, end) (China time) in the area, of the code or any."""
    return (
        code_range(Vacancy.occupation_code, code),
        Vacancy.published_at >= instant(start),
        Vacancy.published_at < instant(end),
        Vacancy.status.in_(WAS_PUBLISHED),
        area_range(Vacancy.street_code, area),
    )


def _pay_columns(when):
    """What a wage figure reads of a vacancy: its pay, its employer, the date it counts on and
    its code."""
    return select(
        Vacancy.salary_min,
        Vacancy.salary_max,
        Vacancy.salary_unit,
        Vacancy.organisation_id,
        when,
        Vacancy.occupation_code,
        Vacancy.street_code,
    )


def vacancy_pay(code: str | None, area: str | None, start: date, end: date):
    """(salary_min, salary_max, unit, employer, published_at) of the vacancies published in
    [start, end) with pay stated."""
    return db.session.execute(
        _pay_columns(Vacancy.published_at).where(
            *published_in(start, end, area, code), Vacancy.salary_min.is_not(None)
        )
    ).all()


def hire_pay(code: str | None, area: str | None, start: date, end: date):
    """The same columns for hires recorded in [start, end): the hired vacancy's offered pay,
    dated by the hire."""
    return db.session.execute(
        _pay_columns(Application.hired_on)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(
            Application.status == "hired",
            Application.hired_on >= start,
            Application.hired_on < end,
            code_range(Vacancy.occupation_code, code),
            Vacancy.salary_min.is_not(None),
            area_range(Vacancy.street_code, area),
        )
    ).all()


def demand_rows(start: date, end: date, area: str | None):
    """(occupation_code, street_code, headcount) summed in the database per code and street."""
    return db.session.execute(
        select(Vacancy.occupation_code, Vacancy.street_code, func.sum(Vacancy.headcount))
        .where(*published_in(start, end, area, None))
        .group_by(Vacancy.occupation_code, Vacancy.street_code)
    ).all()


def seeker_activity(start: date, end: date, area: str | None):
    """(person, instant, desired codes, home street) for each sign of a person seeking work in
    [start, end): registering, applying, coming to a station; people recorded in work left
    out. One indexed statement for a quarter; the caller buckets the instants by month."""
    since, until = instant(start), instant(end)
    acts = union_all(
        select(Person.id.label("person_id"), Person.created_at.label("at")).where(
            Person.created_at >= since, Person.created_at < until
        ),
        select(Application.person_id, Application.created_at).where(
            Application.created_at >= since, Application.created_at < until
        ),
        select(StationVisit.person_id, StationVisit.at).where(
            StationVisit.at >= since, StationVisit.at < until
        ),
    ).subquery()
    return db.session.execute(
        select(
            acts.c.person_id, acts.c.at, Person.desired_occupation_codes, Person.home_street_code
        )
        .join(Person, Person.id == acts.c.person_id)
        .where(
            or_(Person.employment_status.is_(None), Person.employment_status.not_in(NOT_SEEKING)),
            area_range(Person.home_street_code, area),
        )
    ).all()


def new_unemployed_by_street(start: date, end: date) -> dict[str, int]:
    """People recorded unemployed since a day in [start, end), per home street."""
    rows = db.session.execute(
        select(Person.home_street_code, func.count())
        .where(
            Person.employment_status == "unemployed",
            Person.employment_since >= start,
            Person.employment_since < end,
            Person.home_street_code.is_not(None),
        )
        .group_by(Person.home_street_code)
    )
    return {street: n for street, n in rows}


def layoffs_by_street(start: date, end: date) -> dict[str, int]:
    """Headcount of the layoffs planned in [start, end), per street of the employer."""
    rows = db.session.execute(
        select(LayoffReport.street_code, func.sum(LayoffReport.headcount))
        .where(
            LayoffReport.planned_on >= start,
            LayoffReport.planned_on < end,
            LayoffReport.street_code.is_not(None),
        )
        .group_by(LayoffReport.street_code)
    )
    return {street: int(n) for street, n in rows}


def open_households_by_street(month_end: date) -> dict[str, int]:
    """零就业家庭 still open at the end of the month (marked before it, not closed by then)."""
    rows = db.session.execute(
        select(Household.street_code, func.count())
        .where(
            Household.marked_on < month_end,
            or_(Household.closed_on.is_(None), Household.closed_on >= month_end),
            Household.street_code.is_not(None),
        )
        .group_by(Household.street_code)
    )
    return {street: n for street, n in rows}


def areas() -> list[tuple[str, str, str]]:
    """(code, name, kind) of every county and street of the configured region."""
    streets = db.session.execute(
        select(Street.code, Street.name, Street.county_code, Street.county_name).order_by(
            Street.code
        )
    ).all()
    counties: dict[str, str] = {}
    for _code, _name, county, county_name in streets:
        counties.setdefault(county, county_name)
    return [(c, n, "county") for c, n in counties.items()] + [
        (code, name, "street") for code, name, _c, _n in streets
    ]
