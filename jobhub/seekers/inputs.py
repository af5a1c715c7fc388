"""Field parsing shared by the web forms and the JSON API of the seekers, employers and admin
areas: one validator, the same Chinese message naming the field in both places.

Parsers take the raw value (a form string or a JSON value) and either return the clean value or
add a message to an :class:`Errors` under the field's name. Nothing is changed on bad input:
callers check ``errors`` before touching any row.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from jobhub.numbers import plain_number
from jobhub.policy.bounds import DateBounds

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPLIT = re.compile(r"[,，、;；\n\r]+")


class InputError(ValueError):
    """Bad input: ``fields`` maps each field name to a Chinese message naming the field."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("；".join(f"{k}：{v}" for k, v in self.fields.items()))


class Conflict(Exception):
    """The action does not fit the object's current state (409); ``message`` is Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Errors:
    """Collects one message per field; ``raise_if_any()`` raises :class:`InputError`."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise InputError(self.fields)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def text(
    raw: Any,
    name: str,
    label: str,
    errors: Errors,
    *,
    required: bool = False,
    max_len: int = 200,
) -> str:
    if _blank(raw):
        if required:
            errors.add(name, f"请填写{label}")
        return ""
    if not isinstance(raw, str):
        errors.add(name, f"{label}应为文字")
        return ""
    value = raw.strip()
    if len(value) > max_len:
        errors.add(name, f"{label}最多 {max_len} 个字，现在是 {len(value)} 个")
        return ""
    return value


def integer(
    raw: Any, name: str, label: str, errors: Errors, *, low: int, high: int, required: bool = False
) -> int | None:
    if _blank(raw):
        if required:
            errors.add(name, f"请填写{label}")
        return None
    value: int | None = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d+\s*", raw):
        value = int(raw)
    if value is None or not low <= value <= high:
        errors.add(name, f"{label}应为 {low} 到 {high} 之间的整数")
        return None
    return value


def money(
    raw: Any,
    name: str,
    label: str,
    errors: Errors,
    *,
    high: float = 1_000_000,
    required: bool = False,
) -> Decimal | None:
    if _blank(raw):
        if required:
            errors.add(name, f"请填写{label}")
        return None
    message = f"{label}应为 0 到 {plain_number(high)} 之间的金额（元），最多两位小数"
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        errors.add(name, message)
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        errors.add(name, message)
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        errors.add(name, message)
        return None
    if not value.is_finite() or value < 0 or value > Decimal(str(high)):
        errors.add(name, message)
        return None
    if value != value.quantize(Decimal("0.01")):
        errors.add(name, message)
        return None
    return value


def number(
    raw: Any, name: str, label: str, errors: Errors, *, low: float, high: float
) -> float | None:
    if _blank(raw):
        return None
    try:
        if isinstance(raw, bool):
            raise ValueError
        value = float(raw)
    except (TypeError, ValueError):
        errors.add(name, f"{label}应为 {plain_number(low)} 到 {plain_number(high)} 之间的数字")
        return None
    if not math.isfinite(value) or not low <= value <= high:
        errors.add(name, f"{label}应为 {plain_number(low)} 到 {plain_number(high)} 之间的数字")
        return None
    return value


def day(
    raw: Any,
    name: str,
    label: str,
    errors: Errors,
    *,
    required: bool = False,
    not_after: date | None = None,
    not_before: date | None = None,
    bounds: DateBounds | None = None,
) -> date | None:
    """A date; ``bounds`` (from :mod:`jobhub.policy.bounds`) say what its ends mean, and the
    message names them ("失业登记日期不能早于本人年满16周岁之日（2006-05-01）")."""
    if isinstance(raw, date):
        value: date | None = raw
    elif _blank(raw):
        if required:
            errors.add(name, f"请填写{label}（格式 YYYY-MM-DD）")
        return None
    else:
        value = None
        if isinstance(raw, str) and _DATE.fullmatch(raw.strip()):
            try:
                value = date.fromisoformat(raw.strip())
            except ValueError:
                value = None
        if value is None:
            errors.add(name, f"{label}格式应为 YYYY-MM-DD，且须为有效日期")
            return None
    assert value is not None
    if not_after is not None and value > not_after:
        errors.add(name, f"{label}不能晚于 {not_after.isoformat()}")
        return None
    if not_before is not None and value < not_before:
        errors.add(name, f"{label}不能早于 {not_before.isoformat()}")
        return None
    message = bounds.violation(label, value) if bounds is not None else None
    if message:
        errors.add(name, message)
        return None
    return value


def choice(
    raw: Any,
    name: str,
    label: str,
    errors: Errors,
    options: Mapping[str, str] | Iterable[str],
    *,
    required: bool = False,
    default: str | None = None,
) -> str | None:
    allowed = dict(options) if isinstance(options, Mapping) else {o: o for o in options}
    if _blank(raw):
        if required and default is None:
            errors.add(name, f"请选择{label}")
        return default
    if not isinstance(raw, str) or raw not in allowed:
        # the labels a person sees in the list, never the codes behind them
        errors.add(name, f"{label}应为以下之一：{'、'.join(allowed.values())}")
        return None
    return raw


def decision(
    data: Mapping[str, Any],
    errors: Errors,
    options: Mapping[str, str],
    *,
    label: str,
    reason_label: str,
    reason_needed_for: Iterable[str] = (),
    reason_needed: str = "",
    max_len: int = 500,
) -> tuple[str | None, str]:
    """A decision (``decision``) and its reason (``reason``), the reason required for the
    decisions in ``reason_needed_for`` (every one when ``reason_needed_for`` is ``options``)
    with the message ``reason_needed``: what every review and answer form asks."""
    chosen = choice(data.get("decision"), "decision", label, errors, options, required=True)
    reason = text(data.get("reason"), "reason", reason_label, errors, max_len=max_len)
    if chosen in set(reason_needed_for) and not reason and "reason" not in errors.fields:
        errors.add("reason", reason_needed or f"请填写{reason_label}")
    return chosen, reason


def boolean(raw: Any, name: str, label: str, errors: Errors) -> bool:
    if raw is None or raw is False or raw == "":
        return False
    if raw is True:
        return True
    if isinstance(raw, str) and raw.lower() in {"y", "yes", "on", "true", "1"}:
        return True
    if isinstance(raw, str) and raw.lower() in {"n", "no", "off", "false", "0"}:
        return False
    errors.add(name, f"{label}应为是或否（true / false）")
    return False


def word_list(
    raw: Any,
    name: str,
    label: str,
    errors: Errors,
    *,
    max_items: int = 30,
    max_len: int = 40,
) -> list[str]:
    """A list from a JSON array or from text separated by commas, 、, semicolons or lines."""
    if _blank(raw):
        return []
    if isinstance(raw, str):
        items = [p.strip() for p in _SPLIT.split(raw)]
    elif isinstance(raw, list | tuple) and all(isinstance(p, str) for p in raw):
        items = [p.strip() for p in raw]
    else:
        errors.add(name, f"{label}应为文字列表")
        return []
    out: list[str] = []
    for item in items:
        if item and item not in out:
            out.append(item)
    if len(out) > max_items:
        errors.add(name, f"{label}最多 {max_items} 项")
        return []
    long = [i for i in out if len(i) > max_len]
    if long:
        errors.add(name, f"{label}每项最多 {max_len} 个字：“{long[0][:20]}…”太长")
        return []
    return out


def attach_errors(form: Any, fields: Mapping[str, str]) -> list[str]:
    """Put service errors next to the WTForms fields they name; return the messages naming no
    field of the form (the caller flashes them)."""
    loose: list[str] = []
    for name, message in fields.items():
        target = form._fields.get(name) if hasattr(form, "_fields") else None
        if target is not None:
            if isinstance(target.errors, tuple):
                target.errors = list(target.errors)
            target.errors.append(message)
        else:
            loose.append(message)
    return loose
