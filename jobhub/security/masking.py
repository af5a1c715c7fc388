"""Masking for pages and exports: what is shown when the full value is not needed."""

from __future__ import annotations

import re

# a run of digits (with an ID number's X) long enough to identify someone: an ID number, a
# 残疾人证号 (the ID number and two digits), a card or certificate number
_NUMBER = re.compile(r"[0-9][0-9Xx]{7,}")


def mask_id_number(value: str | None) -> str:
    """身份证号 → first 6 and last 4 (``110101********1234``)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """Mobile number → first 3 and last 4 (``138****5678``)."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """Personal name → surname and stars (``张**``), for lists seen by employers."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def mask_reference(value: str | None) -> str:
    """Free text that may carry a number (an evidence reference such as 残疾人证 33010619…42):
    each long number masked as an ID number is, the words kept (``低保名单第17行``)."""
    if not value:
        return ""
    return _NUMBER.sub(lambda m: mask_id_number(m.group(0)), value)
