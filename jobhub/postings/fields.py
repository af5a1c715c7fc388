"""Structured fields: parsing the request body and the missing_field checks."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from .model import FIELD_LABELS, SALARY_UNITS, STRUCTURED_FIELDS, Posting, ReviewContext
from .wages import FieldHit, format_yuan

MAX_TITLE = 100
MAX_DESCRIPTION = 5000
MAX_SHORT_TEXT = 200
MAX_HEADCOUNT = 100_000
MAX_SALARY = 10_000_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class PostingInputError(ValueError):
    """The request body cannot be read as a posting; the HTTP layer answers 422.

    ``fields`` maps each bad field to a Chinese message naming it; the key
    ``"_body"`` is used when the body is not a JSON object at all.
    """

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in fields.items()))
        self.fields = dict(fields)


def _text(
    data: dict[str, Any], key: str, limit: int, errors: dict[str, str], *, required: bool
) -> str | None:
    label = FIELD_LABELS[key]
    value = data.get(key)
    if value is None:
        if required:
            errors[key] = f"请填写{label}。"
        return None
    if not isinstance(value, str):
        errors[key] = f"{label}必须是文字。"
        return None
    if not value.strip():
        if required:
            errors[key] = f"请填写{label}。"
        return None
    if len(value) > limit:
        errors[key] = f"{label}不能超过{limit}个字（现为{len(value)}个字）。"
        return None
    return value


def _number(data: dict[str, Any], key: str, errors: dict[str, str]) -> float | None:
    label = FIELD_LABELS[key]
    value = data.get(key)
    if value is None:
        return None
    # bool is an int in Python; true/false is never a salary.
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors[key] = f"{label}必须是数字（单位：元）。"
        return None
    if not math.isfinite(value) or value < 0:
        errors[key] = f"{label}必须是不小于0的数字。"
        return None
    if value > MAX_SALARY:
        errors[key] = f"{label}不能超过{MAX_SALARY}元。"
        return None
    return float(value)


def parse_request(data: Any) -> Posting:
    """Read the JSON body of ``POST /api/v1/postings/check`` into a :class:`Posting`.

    ``title`` and ``description`` are required; every other field may be absent or
    ``null`` (the reviewer then reports ``missing_field``). Wrong types, a bad
    ``salary_unit``, a bad date, ``headcount`` below 1 and ``salary_min`` above
    ``salary_max`` raise :class:`PostingInputError` with one Chinese message per
    field, all at once. Unknown keys are ignored.
    """
    if not isinstance(data, dict):
        raise PostingInputError({"_body": "请求内容必须是 JSON 对象。"})
    errors: dict[str, str] = {}
    title = _text(data, "title", MAX_TITLE, errors, required=True)
    description = _text(data, "description", MAX_DESCRIPTION, errors, required=True)
    employer_name = _text(data, "employer_name", MAX_SHORT_TEXT, errors, required=False)
    work_location = _text(data, "work_location", MAX_SHORT_TEXT, errors, required=False)

    headcount: int | None = None
    raw_headcount = data.get("headcount")
    if raw_headcount is not None:
        if isinstance(raw_headcount, bool) or not isinstance(raw_headcount, int):
            errors["headcount"] = "招聘人数必须是整数。"
        elif not 1 <= raw_headcount <= MAX_HEADCOUNT:
            errors["headcount"] = f"招聘人数必须在1到{MAX_HEADCOUNT}之间。"
        else:
            headcount = raw_headcount

    salary_min = _number(data, "salary_min", errors)
    salary_max = _number(data, "salary_max", errors)
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        errors["salary_max"] = (
            f"最高薪资（{format_yuan(salary_max)}元）不能低于最低薪资（{format_yuan(salary_min)}元）。"
        )

    salary_unit = data.get("salary_unit")
    if salary_unit is not None and salary_unit not in SALARY_UNITS:
        errors["salary_unit"] = "薪资单位必须是 month（月）、day（天）或 hour（小时）之一。"
        salary_unit = None

    valid_until: date | None = None
    raw_valid = data.get("valid_until")
    if raw_valid is not None:
        if not isinstance(raw_valid, str) or not _ISO_DATE.fullmatch(raw_valid):
            errors["valid_until"] = "有效期格式应为 YYYY-MM-DD，例如 2025-12-31。"
        else:
            try:
                valid_until = date.fromisoformat(raw_valid)
            except ValueError:
                errors["valid_until"] = f"有效期 {raw_valid} 不是一个真实的日期。"

    if errors or title is None or description is None:
        raise PostingInputError(errors)
    return Posting(
        title=title,
        description=description,
        employer_name=employer_name,
        headcount=headcount,
        work_location=work_location,
        salary_min=salary_min,
        salary_max=salary_max,
        salary_unit=salary_unit,
        valid_until=valid_until,
    )


def check_fields(posting: Posting, context: ReviewContext) -> list[FieldHit]:
    """missing_field: a required field absent, a reversed pay range or an expired posting.

    Structured fields (employer, headcount, location, pay, unit, validity) are
    required because a publishable posting must state them; a blank title or
    description (possible when a Posting is built without :func:`parse_request`)
    is missing too. A reversed pay range (``salary_min > salary_max``) is reported
    on ``salary_max`` as rule ``salary_range_invalid``: it states no usable pay.
    ``valid_until`` before ``context.today`` is rule ``valid_until_expired``.
    Legal source: 人力资源市场暂行条例 §24; 网络招聘服务管理规定 §15; 人社厅发〔2025〕60号.
    """
    hits: list[FieldHit] = []
    for name in ("title", "description"):
        if not getattr(posting, name).strip():
            hits.append(FieldHit("missing_field", name, (("label", FIELD_LABELS[name]),)))
    for name in STRUCTURED_FIELDS:
        value = getattr(posting, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            hits.append(FieldHit("missing_field", name, (("label", FIELD_LABELS[name]),)))
    lo, hi = posting.salary_min, posting.salary_max
    if lo is not None and hi is not None and lo > hi:
        hits.append(
            FieldHit(
                "salary_range_invalid",
                "salary_max",
                (("salary_min", format_yuan(lo)), ("salary_max", format_yuan(hi))),
            )
        )
    if (
        context.today is not None
        and posting.valid_until is not None
        and posting.valid_until < context.today
    ):
        hits.append(
            FieldHit(
                "valid_until_expired",
                "valid_until",
                (("valid_until", posting.valid_until.isoformat()),),
            )
        )
    return hits
