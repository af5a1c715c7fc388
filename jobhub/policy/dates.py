"""Calendar arithmetic used by the rules: months, clamped anniversaries, completed ages.

The documents count in whole calendar months ("每4个月延迟1个月", "离校2年内", "最长不超过3年"),
so every term is handled as a *month index* (``year * 12 + month - 1``) and turned back into a
date only at the edges. An anniversary that does not exist (31 April, 29 February in a common
year) falls on the last day of that month, which is how the retirement contract is written
("same day of month, clamped to the month's end"); the same convention is used for ages so that
the engine never has two answers to "when does this person turn 40".
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta, timezone

# China has one time zone and no daylight saving time: a fixed offset needs no tz database.
CHINA_TZ = timezone(timedelta(hours=8), name="Asia/Shanghai")


def month_index(d: date) -> int:
    """The month of ``d`` as a single integer, so month spans are plain subtraction."""
    return d.year * 12 + d.month - 1


def month_first_day(index: int) -> date:
    """First day of the month ``index`` (see :func:`month_index`)."""
    return date(index // 12, index % 12 + 1, 1)


def month_last_day(index: int) -> date:
    """Last day of the month ``index`` (see :func:`month_index`)."""
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months, clamped to the end of the target month."""
    index = month_index(d) + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def completed_years(birth: date, on: date) -> int:
    """Age in completed years (周岁) on ``on``; negative-free, 0 before the first birthday."""
    years = on.year - birth.year
    if years > 0 and add_months(birth, 12 * years) > on:
        years -= 1
    return max(years, 0)


def parse_year_month(text: str) -> int:
    """``"1965-01"`` → month index. Raises ValueError on anything else."""
    year_text, sep, month_text = text.partition("-")
    if not sep or len(year_text) != 4 or len(month_text) != 2:
        raise ValueError(text)
    year, month = int(year_text), int(month_text)
    if not 1 <= month <= 12:
        raise ValueError(text)
    return year * 12 + month - 1


def zh_date(d: date) -> str:
    """``2026年6月30日``: how a caseworker writes a date."""
    return f"{d.year}年{d.month}月{d.day}日"


def zh_month(index: int) -> str:
    """``2026年6月`` for a month index."""
    return f"{index // 12}年{index % 12 + 1}月"


def zh_span(months: int) -> str:
    """``5年`` when whole years, else ``30个月``: the documents say 5年 and 3年."""
    if months > 0 and months % 12 == 0:
        return f"{months // 12}年"
    return f"{months}个月"


def today_in_china(now: datetime | None = None) -> date:
    """Today's date where the bureau is, not where the server clock happens to be (``now``, an
    aware instant or a naive UTC one, fixes the clock for jobs and tests)."""
    if now is None:
        return datetime.now(CHINA_TZ).date()
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(CHINA_TZ).date()


def in_china(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored instant (UTC; SQLite hands it back naive) as the bureau's clock shows it.
    The one way every page and export writes a time."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(CHINA_TZ).strftime(pattern)
