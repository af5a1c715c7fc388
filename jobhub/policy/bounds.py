"""The bounds a date has from what it means, read by every form and API that takes one.

A 失业登记 lies between the person's 16th birthday (法定劳动年龄, 劳动法 第十五条) and today; a
graduation between the youngest plausible age for the education and the end of the coming
毕业年度; the day of a gig being posted is not in the past and not more than a year ahead. A date
outside its bounds is refused with a message naming the field and the bound, so an impossible
date (2099-01-01, 1900-01-01) never reaches the rules that count months from it.

Pure: stdlib only. The web forms, the JSON API of seekers and stations and the policy API's
request parser all ask these functions, so the same date gets the same answer everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .dates import add_months
from .facts import EDUCATION_ZH, Education

WORKING_AGE_YEARS = 16

# The youngest completed age at which one plausibly finishes each level (the usual age less
# about three years, for early starters and skipped grades).
GRADUATION_MIN_AGE = {
    Education.NONE: 0,
    Education.PRIMARY: 10,
    Education.JUNIOR_MIDDLE: 13,
    Education.SENIOR_HIGH: 15,
    Education.SECONDARY_VOCATIONAL: 15,
    Education.JUNIOR_COLLEGE: 17,
    Education.BACHELOR: 18,
    Education.MASTER: 20,
    Education.DOCTOR: 22,
}
# A graduation may lie ahead within the 毕业年度 (the graduate rules count it).
GRADUATION_AHEAD = timedelta(days=366)
# How far ahead a gig or a vacancy may be posted.
POSTING_AHEAD = timedelta(days=366)
# 非全日制用工劳动报酬结算支付周期最长不得超过十五日 (劳动合同法 第七十二条): a gig's pay is due
# within 15 days of the work; a later "最迟结算日期" would keep unpaid work off the 欠薪 list.
SETTLEMENT_DAYS = 15


@dataclass(frozen=True)
class Bound:
    """One end of a date's range and what it is ("本人年满16周岁之日")."""

    day: date
    what: str = ""

    def text(self) -> str:
        return f"{self.what}（{self.day.isoformat()}）" if self.what else self.day.isoformat()


@dataclass(frozen=True)
class DateBounds:
    earliest: Bound | None = None
    latest: Bound | None = None

    def violation(self, label: str, value: date) -> str | None:
        """The Chinese message for ``value`` outside the bounds, naming field and bound."""
        if self.earliest is not None and value < self.earliest.day:
            return f"{label}不能早于{self.earliest.text()}"
        if self.latest is not None and value > self.latest.day:
            return f"{label}不能晚于{self.latest.text()}"
        return None


def sixteenth_birthday(birth: date) -> date:
    return add_months(birth, 12 * WORKING_AGE_YEARS)


def working_life(birth: date | None, today: date, *, today_what: str = "今天") -> DateBounds:
    """A date in the person's working life up to today: a 失业登记, the start of the current
    employment status, the first approval of a subsidy. Without a known birth date only the
    upper bound and a floor of 1950 apply."""
    if birth is not None:
        earliest = Bound(sixteenth_birthday(birth), f"本人年满{WORKING_AGE_YEARS}周岁之日")
    else:
        earliest = Bound(date(1950, 1, 1))
    return DateBounds(earliest, Bound(today, today_what))


def graduation(
    birth: date | None, education: Education | str | None, today: date, *, today_what: str = ""
) -> DateBounds:
    """A graduation (离校) date: not before the youngest plausible age for the education, not
    after the end of the coming 毕业年度."""
    latest = Bound(today + GRADUATION_AHEAD, today_what or "一年后")
    if birth is None:
        return DateBounds(Bound(date(1940, 1, 1)), latest)
    level = _education(education)
    if level is None:
        age, what = WORKING_AGE_YEARS - 4, "本人年满12周岁之日"
    else:
        age = GRADUATION_MIN_AGE[level]
        what = f"本人年满{age}周岁之日（{EDUCATION_ZH[level]}毕业的最小合理年龄）"
    return DateBounds(Bound(add_months(birth, 12 * age), what), latest)


def posting_day(today: date) -> DateBounds:
    """The day a gig takes place or a vacancy stays open until: from today to a year ahead."""
    return DateBounds(Bound(today, "今天"), Bound(today + POSTING_AHEAD, "一年后"))


def settlement_day(work_day: date) -> DateBounds:
    """The latest day a gig is to be paid: from the work day to 15 days after it."""
    return DateBounds(
        Bound(work_day, "用工日期"),
        Bound(
            work_day + timedelta(days=SETTLEMENT_DAYS),
            f"用工日期后{SETTLEMENT_DAYS}天（非全日制用工结算周期最长{SETTLEMENT_DAYS}日，"
            "劳动合同法第七十二条）",
        ),
    )


def _education(raw: Education | str | None) -> Education | None:
    if raw is None or isinstance(raw, Education):
        return raw
    try:
        return Education(raw)
    except ValueError:
        return None
