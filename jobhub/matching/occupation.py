"""The occupation part: agreement of 职业分类大典 (CSCO 2022) codes 'D-DD-DD-DD'.

Same 细类 (whole code) > same 小类 (first three segments) > same 中类 (first two) > else 0.
A '00' segment means the code stops above that level (a 中类 code '4-10-00-00', or a 细类
placed directly under its 中类 such as '1-01-00-01'); such a code only shares that level with
itself, so '1-01-00-01' and '1-01-00-02' agree at 中类, not 小类.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

CODE_RE = re.compile(r"^\d-\d{2}-\d{2}-\d{2}$")


def is_valid_code(code: str) -> bool:
    return bool(CODE_RE.match(code))


@dataclass(frozen=True, slots=True)
class OccupationKeys:
    """The keys a code shares at each level (细类, 小类, 中类)."""

    unit: str
    minor: str
    middle: str


def occupation_keys(code: str) -> OccupationKeys:
    seg = code.split("-")
    minor = "-".join(seg[:3]) if seg[2] != "00" and seg[1] != "00" else code
    middle = "-".join(seg[:2]) if seg[1] != "00" else code
    return OccupationKeys(unit=code, minor=minor, middle=middle)


@dataclass(frozen=True, slots=True)
class OccupationAgreement:
    score: float
    level: str | None  # 'unit' | 'minor' | 'middle' | None
    seeker_code: str | None


def occupation_agreement(
    seeker_codes: Iterable[str],
    vacancy_code: str,
    *,
    unit: float,
    minor: float,
    middle: float,
) -> OccupationAgreement:
    """Best agreement between any desired code and the vacancy's code (profile [occupation])."""
    v = occupation_keys(vacancy_code)
    best = OccupationAgreement(0.0, None, None)
    for code in seeker_codes:
        s = occupation_keys(code)
        if s.unit == v.unit:
            found = OccupationAgreement(unit, "unit", code)
        elif s.minor == v.minor:
            found = OccupationAgreement(minor, "minor", code)
        elif s.middle == v.middle:
            found = OccupationAgreement(middle, "middle", code)
        else:
            continue
        if found.score > best.score:
            best = found
    return best
