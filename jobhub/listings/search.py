"""Public vacancy search: what an anonymous visitor may find, and how it is ranked.

Only published vacancies (which passed posting review) whose validity has not run out, and
open gigs still to come with a place left. Nothing about people and nothing sensitive is read.

A keyword is matched by the matching engine's fitted text model (``VacancyIndex.text_hits``:
the same words and character bigrams, weighed as the engine weighs them), never by a SQL
``LIKE``; the structured filters are applied to the best-scoring rows only, on the columns kept
beside the index (``listings.table``), which also count and order them, and the database reads
the one page of rows by primary key. Without a keyword the database lists the newest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy import Row, and_, case, func, literal, or_, select

from jobhub.db import MAX_ROW_ID, now_utc
from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.listings.table import PER_MONTH, ListingTable
from jobhub.occupations import taxonomy
from jobhub.policy.dates import today_in_china
from jobhub.seekers import inputs
from jobhub.seekers.places import street_by_code, street_name

KINDS = {
    "regular": "普通岗位",
    "gig": "零工",
    "public_welfare": "公益性岗位",
    "traineeship": "就业见习岗位",
}
SORTS = {"relevance": "按相关度", "date": "按发布时间"}
QUERY_MAX = 50
DAYS_MAX = 365
PAY_MAX = 1_000_000
# A keyword ranks at most this many rows before the structured filters (a visitor reads the
# first pages; the total says how many of these pass the filters).
CANDIDATES = 5_000
# Without a keyword, the total is counted up to this many (a visitor pages through the newest;
# deeper pages than this are not served).
COUNT_CAP = 10_000

_PER_MONTH = {unit: float(factor) for unit, factor in PER_MONTH.items()}


class SearchUnavailable(RuntimeError):
    """The keyword index has not been built (``flask --app wsgi matching rebuild``)."""


@dataclass(frozen=True)
class ListingQuery:
    q: str = ""
    street: str | None = None
    occupation: str | None = None
    kind: str | None = None
    min_pay: Decimal | None = None
    days: int | None = None
    sort: str = "relevance"

    @property
    def by_relevance(self) -> bool:
        return bool(self.q) and self.sort == "relevance"


@dataclass(frozen=True)
class Listing:
    """One search result, as the page and the API show it."""

    id: int
    title: str
    employer: str
    street_code: str | None
    street_name: str
    kind: str
    salary_min: float | None
    salary_max: float | None
    salary_unit: str
    published_at: datetime | None
    place: str

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, "")


def _occupation_prefix(code: str) -> str:
    """'4-10-00-00' → '4-10-' (every code under that 中类); a 细类 stands for itself."""
    parts = code.split("-")
    kept = []
    for part in parts:
        if part.strip("0") == "" and kept:
            break
        kept.append(part)
    return code if len(kept) == len(parts) else "-".join(kept) + "-"


def parse_query(args: Mapping[str, Any]) -> ListingQuery:
    """The visitor's search, checked; ``InputError`` names each bad field in Chinese."""
    errors = inputs.Errors()
    q = inputs.text(args.get("q"), "q", "关键词", errors, max_len=QUERY_MAX)
    street = inputs.text(args.get("street"), "street", "街道", errors, max_len=12) or None
    if street and street_by_code(street) is None:
        errors.add("street", "街道不在本平台服务的区域内，请从列表中选择")
    occupation = inputs.text(args.get("occupation"), "occupation", "职业类别", errors, max_len=12)
    if occupation:
        try:
            taxonomy.get(occupation)
        except KeyError:
            errors.add("occupation", "职业类别应为职业分类大典中的编码，如 4-10-00-00")
    kind = inputs.choice(args.get("kind"), "kind", "岗位类型", errors, KINDS)
    min_pay = inputs.money(args.get("min_pay"), "min_pay", "最低月薪", errors, high=PAY_MAX)
    days = inputs.integer(args.get("days"), "days", "发布天数", errors, low=1, high=DAYS_MAX)
    sort = inputs.choice(args.get("sort"), "sort", "排序", errors, SORTS, default="relevance")
    errors.raise_if_any()
    return ListingQuery(
        q=q,
        street=street,
        occupation=occupation or None,
        kind=kind,
        min_pay=min_pay,
        days=days,
        sort=sort or "relevance",
    )


def _monthly_top(amount, unit):  # noqa: ANN001, ANN202 - SQL expressions
    return amount * case(
        (unit == "day", _PER_MONTH["day"]), (unit == "hour", _PER_MONTH["hour"]), else_=1.0
    )


def _shared_filters(query: ListingQuery, since: datetime | None, street, code, top, unit, stamp):  # noqa: ANN001 - columns
    """Street, occupation, pay floor and date: the same for vacancies and gigs."""
    where = []
    if query.street:
        where.append(street == query.street)
    if query.occupation:
        prefix = _occupation_prefix(query.occupation)
        if prefix.endswith("-"):
            where.append(code.startswith(prefix, autoescape=True))
        else:
            where.append(code == prefix)
    if query.min_pay is not None:
        where.append(_monthly_top(top, unit) >= float(query.min_pay))
    if since is not None:
        where.append(stamp >= since)
    return where


def _vacancy_filters(query: ListingQuery, today: date, since: datetime | None) -> list:
    v = Vacancy
    where = [v.status == "published", or_(v.valid_until.is_(None), v.valid_until >= today)]
    if query.kind:
        where.append(v.kind == query.kind)
    return where + _shared_filters(
        query, since, v.street_code, v.occupation_code, v.salary_max, v.salary_unit, v.published_at
    )


def _gig_filters(query: ListingQuery, today: date, since: datetime | None) -> list:
    g = Gig
    where = [g.status == "open", g.work_date >= today, g.taken < g.capacity]
    return where + _shared_filters(
        query, since, g.street_code, g.occupation_code, g.pay_amount, g.pay_unit, g.created_at
    )


def _kinds(query: ListingQuery) -> tuple[str, ...]:
    return (query.kind,) if query.kind else ("regular", "public_welfare", "traineeship")


def _hits(query: ListingQuery) -> list[tuple[str, float]]:
    from jobhub import matchsvc

    try:
        return matchsvc.text_hits(query.q, kinds=_kinds(query), limit=CANDIDATES)
    except matchsvc.MatchIndexMissing as exc:
        raise SearchUnavailable(str(exc)) from exc


def _keyword_vacancies(
    query: ListingQuery, today: date, since: datetime | None, start: int, per_page: int
) -> tuple[list[int], int]:
    """One page of ids and the total of a keyword search among vacancies: the keyword's
    candidates are filtered, counted and ordered on the columns kept beside the index
    (listings.table), so only the page's ids go to the database."""
    from jobhub import matchsvc

    def choose(ids: np.ndarray, scores: np.ndarray, table: ListingTable) -> tuple[list[int], int]:
        ok = table.passing(
            ids,
            today=today,
            kind=query.kind,
            street=query.street,
            occupation_prefix=_occupation_prefix(query.occupation) if query.occupation else None,
            min_pay=None if query.min_pay is None else float(query.min_pay),
            since=since,
        )
        ids, scores = ids[ok], scores[ok]
        by_score = ids[np.lexsort((ids, -scores))] if query.by_relevance else None
        ordered = table.newest_first(ids) if by_score is None else by_score
        return ordered[start : start + per_page].tolist(), len(ids)

    try:
        return matchsvc.public_candidates(
            query.q, kinds=_kinds(query), limit=CANDIDATES, choose=choose
        )
    except matchsvc.MatchIndexMissing as exc:
        raise SearchUnavailable(str(exc)) from exc


def search(
    query: ListingQuery, page: int, per_page: int, now: datetime | None = None
) -> tuple[list[Listing], int]:
    """One page of results and how many there are in all. ``SearchUnavailable`` when a
    keyword is given and the index has not been built."""
    now = now or now_utc()
    today = today_in_china(now)
    since = now - timedelta(days=query.days) if query.days else None
    gigs = query.kind == "gig"
    pk, stamp = (Gig.id, Gig.created_at) if gigs else (Vacancy.id, Vacancy.published_at)
    where = _gig_filters(query, today, since) if gigs else _vacancy_filters(query, today, since)
    start = (page - 1) * per_page
    if query.q and not gigs:
        ids, total = _keyword_vacancies(query, today, since, start, per_page)
        # the page is read back with the filters: a row another process closed a moment ago
        # (before the index looked at it again) is left out
        return _vacancy_listings(ids, where), total
    if query.q:
        scores = {
            int(key[1:]): score
            for key, score in _hits(query)
            if isinstance(key, str) and key.startswith("g")
        }
        if not scores:
            return [], 0
        # The candidates are read by primary key alone and the filters computed on those rows
        # (with the filters in the WHERE, SQLite plans the query on the status index).
        passed = and_(*where).label("passed")
        rows = [
            (row_id, at)
            for row_id, at, ok in db.session.execute(
                select(pk, stamp, passed).where(pk.in_(list(scores)))
            ).all()
            if ok
        ]
        if query.by_relevance:
            rows.sort(key=lambda r: (-scores[r[0]], r[0]))
        else:
            rows.sort(key=lambda r: (r[1] or datetime.min, r[0]), reverse=True)
        total = len(rows)
        ids = [r[0] for r in rows[start : start + per_page]]
    else:
        # counted up to COUNT_CAP: an exact count of a million rows costs more than the page
        capped = select(pk).where(*where).limit(COUNT_CAP).subquery()
        total = db.session.scalar(select(func.count()).select_from(capped)) or 0
        if start >= COUNT_CAP:
            return [], total
        ids = list(
            db.session.scalars(
                select(pk)
                .where(*where)
                .order_by(stamp.desc(), pk.desc())
                .limit(per_page)
                .offset(start)
            )
        )
    return (_gig_listings(ids) if gigs else _vacancy_listings(ids)), total


def _vacancy_listings(ids: list[int], where: list | None = None) -> list[Listing]:
    if not ids:
        return []
    # the filters as a column, not in the WHERE: SQLite would plan on the status index; only
    # the columns shown (not the description)
    passed = (and_(*where) if where else literal(True)).label("passed")
    v = Vacancy
    shown = (v.id, v.title, v.street_code, v.kind, v.salary_min, v.salary_max, v.salary_unit)
    rows = {
        row.id: (row, row.employer)
        for row in db.session.execute(
            select(*shown, v.published_at, v.work_location, Organisation.name.label("employer"))
            .add_columns(passed)
            .join(Organisation, Organisation.id == v.organisation_id)
            .where(v.id.in_(ids))
        )
        if row.passed
    }
    return [vacancy_listing(*rows[i]) for i in ids if i in rows]


def vacancy_listing(v: Vacancy | Row, employer: str) -> Listing:
    """A vacancy (or a row of its shown columns) as a search result."""
    return Listing(
        id=v.id,
        title=v.title,
        employer=employer,
        street_code=v.street_code,
        street_name=street_name(v.street_code),
        kind=v.kind,
        salary_min=None if v.salary_min is None else float(v.salary_min),
        salary_max=None if v.salary_max is None else float(v.salary_max),
        salary_unit=v.salary_unit,
        published_at=v.published_at,
        place=v.work_location,
    )


def _gig_listings(ids: list[int]) -> list[Listing]:
    if not ids:
        return []
    rows = {g.id: g for g in db.session.scalars(select(Gig).where(Gig.id.in_(ids)))}
    return [
        Listing(
            id=g.id,
            title=g.title,
            employer=g.employer_name,
            street_code=g.street_code,
            street_name=street_name(g.street_code),
            kind="gig",
            salary_min=float(g.pay_amount),
            salary_max=float(g.pay_amount),
            salary_unit=g.pay_unit,
            published_at=g.created_at,
            place=g.address,
        )
        for g in (rows[i] for i in ids if i in rows)
    ]


def public_vacancy(vacancy_id: int) -> tuple[Vacancy, str] | None:
    """A vacancy a visitor may read (published, still valid), with its employer's name."""
    if not 1 <= vacancy_id <= MAX_ROW_ID:
        return None
    found = db.session.execute(
        select(Vacancy, Organisation.name)
        .join(Organisation, Organisation.id == Vacancy.organisation_id)
        .where(Vacancy.id == vacancy_id, *_vacancy_filters(ListingQuery(), today_in_china(), None))
    ).first()
    return (found[0], found[1]) if found else None
