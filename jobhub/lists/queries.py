"""The lists read from the stored evaluations, a page at a time in person order.

A page is one range read of the tag index ``(tag, [station_id,] person_id) > after``, limited to
the page size plus one (to know whether a next page exists): no OFFSET, so the last page of a
million-person list costs what the first does. The rows on the page are then read by primary
key (the people, their stored detail, decrypted for those 50 only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import aliased

from jobhub.extensions import db
from jobhub.lists.models import PolicySnapshot, PolicySnapshotTag
from jobhub.lists.rows import (
    CLEAR_GROUPS,
    GRADUATES,
    GRADUATES_OWED,
    GRADUATES_PENDING,
    OUTREACH,
    PENDING,
    code_tag,
    group_tag,
    push_due,
    service_counts,
)
from jobhub.seekers.models import Person
from jobhub.stations.models import ServiceRecord

PAGE_SIZE = 50
# a page counts its list up to this many (a count is a read of every entry: past this, the page
# says "more than"; the export and the API count exactly)
COUNT_SHOWN = 10_000
# the 退役军人 filter reads detail (encrypted) of this many listed people at a time
_SCAN_BATCH = 500


def current_rows(as_of: date, version: str) -> tuple:
    """The conditions of a stored evaluation that holds on ``as_of``: made that day, under the
    rules ``version`` (``rows.rules_version``), and not marked stale since."""
    return (
        PolicySnapshot.stale.is_(False),
        PolicySnapshot.evaluated_on == as_of,
        PolicySnapshot.rules_version == version,
    )


def stored_key_groups(person_ids: list[int], as_of: date, version: str) -> dict[int, tuple]:
    """The key groups (codes, in the engine's order) of the people ``person_ids`` as their
    stored evaluation says, for those whose row holds on ``as_of`` under the rules ``version``
    (:func:`current_rows`) and has an evaluation; the others are not in the answer (the caller
    evaluates them). One query; the detail is decrypted here."""
    rows = db.session.execute(
        select(PolicySnapshot.person_id, PolicySnapshot.detail).where(
            PolicySnapshot.person_id.in_(person_ids), *current_rows(as_of, version)
        )
    )
    return {
        pid: tuple(code for code, _name in detail["groups"])
        for pid, detail in rows
        if detail and "groups" in detail
    }


@dataclass(frozen=True)
class StoredSubsidy:
    """A subsidy as the stored row keeps it (what the lists show of a ``SubsidyResult``)."""

    code: str
    start: date | None
    end: date | None
    monthly_amount_cap: Decimal | None


@dataclass(frozen=True)
class Page:
    rows: list
    after: int | None  # the key of the next page (the last person id of this one), or None
    total: int | None  # people on the list with these filters (None: not counted)


def _ids(
    tag: str,
    *,
    station_id: int | None = None,
    also: tuple[str, ...] = (),
    after: int | None = None,
    limit: int | None = None,
) -> Select:
    query = select(PolicySnapshotTag.person_id).where(PolicySnapshotTag.tag == tag)
    if station_id is not None:
        query = query.where(PolicySnapshotTag.station_id == station_id)
    for other in also:
        second = aliased(PolicySnapshotTag)
        query = query.where(
            exists().where(second.tag == other, second.person_id == PolicySnapshotTag.person_id)
        )
    if after is not None:
        query = query.where(PolicySnapshotTag.person_id > after)
    query = query.order_by(PolicySnapshotTag.person_id)
    return query.limit(limit) if limit is not None else query


def _count(
    tag: str,
    *,
    station_id: int | None = None,
    also: tuple[str, ...] = (),
    up_to: int | None = None,
) -> int:
    query = _ids(tag, station_id=station_id, also=also).order_by(None)
    inner = (query.limit(up_to + 1) if up_to is not None else query).subquery()
    return int(db.session.scalar(select(func.count()).select_from(inner)) or 0)


def _people_and_details(ids: list[int]) -> list[tuple[Person, dict[str, Any]]]:
    rows = db.session.execute(
        select(Person, PolicySnapshot.detail)
        .join(PolicySnapshot, PolicySnapshot.person_id == Person.id)
        .where(Person.id.in_(ids))
        .order_by(Person.id)
    ).all()
    return [(person, detail or {}) for person, detail in rows]


def _subsidies(detail: dict[str, Any], code: str | None = None) -> tuple[StoredSubsidy, ...]:
    return tuple(
        StoredSubsidy(
            s["code"],
            date.fromisoformat(s["start"]) if s.get("start") else None,
            date.fromisoformat(s["end"]) if s.get("end") else None,
            Decimal(s["cap"]) if s.get("cap") is not None else None,
        )
        for s in detail.get("subsidies", ())
        if code is None or s["code"] == code
    )


def _page(rows: list, limit: int, key) -> tuple[list, int | None]:
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, key(rows[-1])
    return rows, None


def _outreach_filter(
    group: str | None, code: str | None
) -> tuple[str, tuple[str, ...], str | None]:
    """The tag read in order, the tags also required, and a key group kept only encrypted."""
    # a code tag is written only beside list:outreach (rows.snapshot_row): reading it alone
    # is the same list, without a probe of the outreach tag per person
    tag, also = (code_tag(code), ()) if code else (OUTREACH, ())
    hidden_group = group if group and group not in CLEAR_GROUPS else None
    if group and not hidden_group:
        also = (*also, group_tag(group))
    return tag, also, hidden_group


def outreach_page(
    *,
    group: str | None = None,
    station_id: int | None = None,
    code: str | None = None,
    after: int | None = None,
    limit: int = PAGE_SIZE,
    count: bool = True,
    count_up_to: int | None = None,
) -> Page:
    """A page of 政策找人 (``OutreachRow``, subsidies as :class:`StoredSubsidy`) from the
    stored rows, after person id ``after``. A key group that a tag may name is one index read;
    退役军人 (kept only encrypted) is found by reading the listed people's detail in batches."""
    from jobhub.admin.queries import OutreachRow

    tag, also, hidden_group = _outreach_filter(group, code)
    found: list = []
    cursor = after
    while len(found) <= limit:
        batch = limit + 1 if not hidden_group else _SCAN_BATCH
        ids = list(
            db.session.execute(
                _ids(tag, station_id=station_id, also=also, after=cursor, limit=batch)
            ).scalars()
        )
        for person, detail in _people_and_details(ids):
            groups = tuple((c, n) for c, n in detail.get("groups", ()))
            if hidden_group and hidden_group not in {c for c, _n in groups}:
                continue
            found.append(OutreachRow(person, groups, _subsidies(detail, code)))
        if len(ids) < batch or not ids:
            break
        cursor = ids[-1]
    rows, next_after = _page(found, limit, lambda r: r.person.id)
    total = None
    if count and not hidden_group:
        total = _count(tag, station_id=station_id, also=also, up_to=count_up_to)
    return Page(rows, next_after, total)


def outreach_total(
    *, group: str | None = None, station_id: int | None = None, code: str | None = None
) -> int | None:
    """How many people 政策找人 lists with these filters (None for 退役军人: not counted)."""
    tag, also, hidden_group = _outreach_filter(group, code)
    return None if hidden_group else _count(tag, station_id=station_id, also=also)


EXPORT_BATCH = 500


def pages(read_page, /, **filters: Any) -> Iterator[list]:  # noqa: ANN001 - a *_page function
    """The rows of a whole list, ``EXPORT_BATCH`` at a time (``read_page`` is
    :func:`outreach_page` or :func:`graduates_page`, walked by its keyset without counting)."""
    after = None
    while True:
        page = read_page(**filters, after=after, limit=EXPORT_BATCH, count=False)
        if page.rows:
            yield page.rows
        if page.after is None:
            return
        after = page.after


def outreach_rows(
    *, group: str | None = None, station_id: int | None = None, code: str | None = None
) -> Iterator:
    """Every row of 政策找人 with these filters, read a page at a time."""
    for rows in pages(outreach_page, group=group, station_id=station_id, code=code):
        yield from rows


def _graduate_rows(people: list[Person]):
    from jobhub.admin.queries import GraduateRow

    records: dict[int, list[ServiceRecord]] = {p.id: [] for p in people}
    if people:
        for record in db.session.execute(
            select(ServiceRecord)
            .where(ServiceRecord.person_id.in_(list(records)))
            .order_by(ServiceRecord.at, ServiceRecord.id)
        ).scalars():
            records[record.person_id].append(record)
    out = []
    for person in people:
        mine = records[person.id]
        counts, missing = service_counts(r.kind for r in mine)
        out.append(GraduateRow(person, counts, missing, tuple(mine)))
    return out


def _people(ids: list[int]) -> list[Person]:
    return list(
        db.session.execute(select(Person).where(Person.id.in_(ids)).order_by(Person.id)).scalars()
    )


def graduates_page(
    *,
    missing_only: bool = False,
    station_id: int | None = None,
    after: int | None = None,
    limit: int | None = PAGE_SIZE,
    count: bool = True,
    count_up_to: int | None = None,
) -> Page:
    """A page of the 1131 list (``GraduateRow``) from the stored rows (``limit`` None: all)."""
    tag = GRADUATES_OWED if missing_only else GRADUATES
    ids = list(
        db.session.execute(
            _ids(
                tag,
                station_id=station_id,
                after=after,
                limit=limit + 1 if limit is not None else None,
            )
        ).scalars()
    )
    rows = _graduate_rows(_people(ids))
    if limit is None:
        return Page(rows, None, len(rows))
    rows, next_after = _page(rows, limit, lambda r: r.person.id)
    total = _count(tag, station_id=station_id, up_to=count_up_to) if count else None
    return Page(rows, next_after, total)


def graduates_total(*, missing_only: bool = False, station_id: int | None = None) -> int:
    """How many people the 1131 list holds with these filters."""
    return _count(GRADUATES_OWED if missing_only else GRADUATES, station_id=station_id)


def outreach_pending_page(*, station_id: int | None = None, limit: int = PAGE_SIZE) -> Page:
    """需补充信息 of 政策找人 (``PendingRow``, the first ``limit``) from the stored rows."""
    from jobhub.admin.queries import PendingRow
    from jobhub.seekers.subsidies import subsidy_name

    ids = list(db.session.execute(_ids(PENDING, station_id=station_id, limit=limit)).scalars())
    rows = [
        PendingRow(person, tuple(sorted({subsidy_name(c) for c in detail.get("would", ())})))
        for person, detail in _people_and_details(ids)
    ]
    return Page(rows, None, _count(PENDING, station_id=station_id, up_to=COUNT_SHOWN))


def graduates_pending_page(*, limit: int = PAGE_SIZE) -> Page:
    """需补充信息 of the 1131 list from the stored rows (the first ``limit``)."""
    from jobhub.admin.queries import PendingRow

    ids = list(db.session.execute(_ids(GRADUATES_PENDING, limit=limit)).scalars())
    rows = [PendingRow(p, ("离校2年内未就业高校毕业生",)) for p in _people(ids)]
    return Page(rows, None, _count(GRADUATES_PENDING, up_to=COUNT_SHOWN))


def push_candidates(batch: int = 1000) -> Iterator[Select]:
    """政策推送: id subqueries of the people whose stored row holds support or a key-group
    service, in person order. No clear tag says so (on someone with no other tag it would name
    a 退役军人): the stored rows are read ``batch`` at a time, in person-id blocks, and their
    encrypted ``detail`` decides (:func:`jobhub.lists.rows.push_due`)."""
    after = None
    while True:
        query = select(PolicySnapshot.person_id, PolicySnapshot.detail)
        if after is not None:
            query = query.where(PolicySnapshot.person_id > after)
        rows = db.session.execute(query.order_by(PolicySnapshot.person_id).limit(batch)).all()
        if not rows:
            return
        due = [pid for pid, detail in rows if push_due(detail or {})]
        if due:
            yield select(Person.id).where(Person.id.in_(due))
        if len(rows) < batch:
            return
        after = rows[-1][0]
