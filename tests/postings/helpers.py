"""Shared builders for the posting-review tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from jobhub.postings import Posting, Review, ReviewContext, review

COMPLETE: dict[str, Any] = {
    "employer_name": "华宇精密制造有限公司",
    "headcount": 3,
    "work_location": "北京市大兴区经开区科创路18号",
    "salary_min": 6000.0,
    "salary_max": 8000.0,
    "salary_unit": "month",
    "valid_until": date(2027, 6, 30),
}


def posting(description: str = "负责产品组装。", title: str = "普工", **fields: Any) -> Posting:
    """A posting with every structured field filled, so only the text is under test."""
    values = {**COMPLETE, **fields}
    return Posting(title=title, description=description, **values)


def check(
    description: str = "负责产品组装。",
    title: str = "普工",
    context: ReviewContext | None = None,
    **fields: Any,
) -> Review:
    """Review a complete posting with the given text."""
    return review(posting(description, title, **fields), context)


def codes(description: str, title: str = "普工", **fields: Any) -> set[str]:
    """The finding codes of a complete posting with the given text."""
    return {f.code for f in check(description, title, **fields).findings}
