"""Where a notification about the acts would be sent. The notifications area (issue 16) fills
these in; until then they do nothing, so deciding and the daily job never wait on a message."""

from __future__ import annotations


def certification_decided(certification_id: int) -> None:
    """A 就业困难人员认定 was decided (certified or refused): tell the person."""
    return None


def reviews_due(station_id: int | None, certification_ids: tuple[int, ...]) -> None:
    """认定 due for review today at a station: tell its staff."""
    return None
