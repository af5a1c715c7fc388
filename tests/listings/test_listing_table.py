"""The keyword candidates as arrays (``text_candidates``) are the rows ``text_hits`` lists, ties at
the last place included; the filter columns kept beside the index compare as the SQL does."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np

from jobhub.listings.table import ListingRow, ListingTable
from jobhub.matching.index import VacancyIndex
from jobhub.matching.models import VacancyProfile


def _index() -> VacancyIndex:
    titles = ["维修电工"] * 7 + ["电工学徒"] * 3 + ["收银员", "配电维修电工助理"]
    profiles = [
        VacancyProfile(id=f"v{i}", title=t, description="", kind="regular")
        for i, t in enumerate(titles, start=1)
    ]
    index = VacancyIndex.fit(profiles)
    index.remove("v3")
    index.upsert(VacancyProfile(id="v20", title="维修电工", description="", kind="regular"))
    return index


def test_candidates_are_the_hits_with_ties_cut_as_the_hits_cut_them():
    index = _index()
    for limit in (1, 2, 4, 5, 8, 50):
        hits = index.text_hits("维修电工", limit=limit)
        found = index.text_candidates("维修电工", limit=limit)
        got = {
            (block.ids[r], float(s))
            for block, rows, score in found
            for r, s in zip(rows.tolist(), score.tolist(), strict=True)
        }
        assert got == set(hits), limit
        assert len(hits) == min(limit, 11)  # v3 closed, v11 has no 维修/电工 word: 11 left
    # ties among the seven equal titles are cut by the key as text: v20 before v4
    assert [key for key, _ in index.text_hits("维修电工", limit=3)] == ["v1", "v2", "v20"]


def test_table_filters_as_the_search_does():
    table = ListingTable(
        [
            ListingRow(
                1,
                "regular",
                "330106007",
                "4-01-02-01",
                Decimal("180"),
                "day",
                datetime(2026, 11, 1, 8, tzinfo=UTC),
                date(2026, 12, 1),
            ),
            ListingRow(2, "traineeship", None, None, None, None, None, None),
            ListingRow(
                5,
                "regular",
                "330106005",
                "4-01-03-00",
                Decimal("3915"),
                "month",
                datetime(2026, 11, 20),
                None,
            ),
        ]
    )
    ids = np.array([1, 2, 5, 9, 4000])
    today = date(2026, 11, 30)

    def passing(**kw) -> list[int]:
        return ids[table.passing(ids, today=kw.pop("today", today), **kw)].tolist()

    assert passing() == [1, 2, 5]
    assert passing(today=date(2026, 12, 2)) == [2, 5]  # 1 ran out on 1 December
    assert passing(kind="regular") == [1, 5]
    assert passing(street="330106005") == [5] and passing(street="330106999") == []
    assert passing(occupation_prefix="4-01-") == [1, 5]
    assert passing(occupation_prefix="4-01-02-01") == [1]
    # 180 a day is 3915 a month exactly; no pay never passes a floor
    assert passing(min_pay=3915.0) == [1, 5] and passing(min_pay=3915.01) == []
    assert passing(since=datetime(2026, 11, 20, tzinfo=UTC)) == [5]
    table.drop(5)
    table.set(ListingRow(9, "regular", None, None, Decimal("1"), "hour", None, None))
    assert passing() == [1, 2, 9]
    assert table.newest_first(np.array([2, 9, 1])).tolist() == [1, 9, 2]
