"""What the public search filters and sorts a keyword's candidates by, kept in memory beside the
matching index: one slot per vacancy id in numpy arrays (kind, street, occupation, the top of
the pay range per month, published and valid-until), for the published vacancies only.

The matching service keeps it current with the index (``matchsvc``: the rows changed since its
last look, and this process's own writes), so a keyword search filters, counts and orders its
few thousand candidates on these arrays and asks the database for one page of rows by primary
key. Validity runs out by date, not by a write: it is compared with the day of the query.

Pure: no database or Flask here (``matchsvc`` reads the rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np

# 21.75 paid days a month and 8 hours a day, as the search compares pay; another or no unit
# counts as per month (the SQL of the newest-first list does the same)
PER_MONTH = {"month": Decimal(1), "day": Decimal("21.75"), "hour": Decimal("21.75") * 8}
_NEVER = np.iinfo(np.int64).min // 2  # no published_at: fails every "since", sorts last
_NO_END = np.iinfo(np.int32).max  # no valid_until: valid every day


@dataclass(frozen=True, slots=True)
class ListingRow:
    """The columns of one published vacancy the search filters on."""

    id: int
    kind: str
    street_code: str | None
    occupation_code: str | None
    salary_max: Decimal | float | None
    salary_unit: str | None
    published_at: datetime | None
    valid_until: date | None


def monthly_top(amount: Decimal | float | None, unit: str | None) -> float:
    """The top of the pay range per month (NaN without one): exact in decimal, then a float."""
    if amount is None:
        return float("nan")
    return float(Decimal(str(amount)) * PER_MONTH.get(unit or "", Decimal(1)))


def micros(moment: datetime) -> int:
    """A moment as microseconds since 1970 (naive moments are UTC, as the database keeps them)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class _Codes:
    """Strings as small ints; 0 is "none"."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def id(self, value: str | None) -> int:
        if not value:
            return 0
        return self.ids.setdefault(value, len(self.ids) + 1)

    def table(self, test) -> np.ndarray:  # noqa: ANN001 - str -> bool
        """A lookup of every id to whether its string passes ``test`` (none never does)."""
        out = np.zeros(len(self.ids) + 1, dtype=bool)
        for value, i in self.ids.items():
            out[i] = test(value)
        return out


class ListingTable:
    """The filter columns of published vacancies by id. Not thread-safe on its own: the matching
    service changes and reads it under the index's lock."""

    def __init__(self, rows: Iterable[ListingRow] = ()) -> None:
        self.kinds, self.streets, self.occupations = _Codes(), _Codes(), _Codes()
        self._alloc(0)
        for row in rows:
            self.set(row)

    def _alloc(self, size: int) -> None:
        self.live = np.zeros(size, dtype=bool)
        self.kind = np.zeros(size, dtype=np.int16)
        self.street = np.zeros(size, dtype=np.int32)
        self.occupation = np.zeros(size, dtype=np.int32)
        self.pay_top = np.full(size, np.nan)
        self.published = np.full(size, _NEVER, dtype=np.int64)
        self.valid_until = np.full(size, _NO_END, dtype=np.int32)

    def _grow(self, vacancy_id: int) -> None:
        size = len(self.live)
        if vacancy_id < size:
            return
        old = {name: getattr(self, name) for name in self._COLUMNS}
        self._alloc(max(vacancy_id + 1, 2 * size, 1024))
        for name, values in old.items():
            getattr(self, name)[:size] = values

    _COLUMNS = ("live", "kind", "street", "occupation", "pay_top", "published", "valid_until")

    def __len__(self) -> int:
        return int(self.live.sum())

    def set(self, row: ListingRow) -> None:
        """Add or replace a published vacancy."""
        i = row.id
        self._grow(i)
        self.live[i] = True
        self.kind[i] = self.kinds.id(row.kind)
        self.street[i] = self.streets.id(row.street_code)
        self.occupation[i] = self.occupations.id(row.occupation_code)
        self.pay_top[i] = monthly_top(row.salary_max, row.salary_unit)
        self.published[i] = _NEVER if row.published_at is None else micros(row.published_at)
        self.valid_until[i] = _NO_END if row.valid_until is None else row.valid_until.toordinal()

    def drop(self, vacancy_id: int) -> None:
        """A vacancy no longer published (closed, paused, taken back)."""
        if 0 <= vacancy_id < len(self.live):
            self.live[vacancy_id] = False

    def passing(
        self,
        ids: np.ndarray,
        *,
        today: date,
        kind: str | None = None,
        street: str | None = None,
        occupation_prefix: str | None = None,
        min_pay: float | None = None,
        since: datetime | None = None,
    ) -> np.ndarray:
        """Which of ``ids`` are published, valid on ``today`` and pass the filters (a mask).
        ``occupation_prefix`` ends with '-' for every code under it, else is one exact code."""
        ids = np.asarray(ids, dtype=np.int64)
        ok = ids < len(self.live)
        ids = np.where(ok, ids, 0)
        ok &= self.live[ids] & (self.valid_until[ids] >= today.toordinal())
        if kind is not None:
            ok &= self.kind[ids] == self.kinds.ids.get(kind, -1)
        if street is not None:
            ok &= self.street[ids] == self.streets.ids.get(street, -1)
        if occupation_prefix is not None:
            prefix = occupation_prefix
            wanted = self.occupations.table(
                (lambda c: c.startswith(prefix))
                if prefix.endswith("-")
                else (lambda c: c == prefix)
            )
            ok &= wanted[self.occupation[ids]]
        if min_pay is not None:
            ok &= self.pay_top[ids] >= min_pay
        if since is not None:
            ok &= self.published[ids] >= micros(since)
        return ok

    def newest_first(self, ids: np.ndarray) -> np.ndarray:
        """``ids`` ordered by publication, newest first, then by id, highest first."""
        ids = np.asarray(ids, dtype=np.int64)
        return ids[np.lexsort((-ids, -self.published[ids]))]
