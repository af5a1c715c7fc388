"""Pure core of list intake: which Chinese header is which field, and one row validated.

Stdlib and the ID validator only (no Flask, no database). ``check_row`` answers either a
``ListedRow`` (every field clean) or the first ``RowError`` of the row, naming the row number,
the column as the file wrote it and the reason in Chinese: a row is taken whole or not at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from jobhub.security.idcard import InvalidIdentifier, normalise_phone, parse_id_number
from jobhub.security.names import check_person_name

SOURCES = {
    "education": "教育部门（离校未就业高校毕业生）",
    "civil_affairs": "民政部门（低保人员）",
    "disabled_persons": "残联（持证残疾人）",
    "veterans": "退役军人事务部门（退役军人）",
    "stations": "服务站点",
}

# field -> the headers a department may use for it (after normalising spaces and brackets)
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码"),
    "phone": ("手机号", "手机号码", "联系电话", "手机"),
    "school": ("毕业院校", "毕业学校", "院校名称"),
    "major": ("专业", "所学专业", "专业名称"),
    "education": ("学历", "学历层次"),
    "graduation_date": ("毕业时间", "毕业日期"),
    "address": ("居住地址", "现居住地址", "户籍地址", "户籍所在地", "家庭住址"),
    "low_income_no": ("低保证号", "低保证编号"),
    "disability_no": ("残疾人证号", "残疾证号"),
    "discharge_date": ("退役时间", "退役日期"),
}

# What each source must carry besides 姓名 and 身份证号.
REQUIRED: dict[str, tuple[str, ...]] = {
    "education": ("school", "education", "graduation_date"),
    "civil_affairs": ("low_income_no",),
    "disabled_persons": ("disability_no",),
    "veterans": ("discharge_date",),
    "stations": (),
}

# The Chinese header shown for a field in messages (the first of its names).
LABELS = {f: names[0] for f, names in HEADERS.items()}

EDUCATION_VALUES = {
    "博士": "doctor",
    "博士研究生": "doctor",
    "硕士": "master",
    "硕士研究生": "master",
    "研究生": "master",
    "本科": "bachelor",
    "大学本科": "bachelor",
    "大专": "junior_college",
    "专科": "junior_college",
    "大学专科": "junior_college",
    "高职": "junior_college",
    "中专": "secondary_vocational",
    "中职": "secondary_vocational",
    "技校": "secondary_vocational",
    "高中": "senior_high",
    "初中": "junior_middle",
    "小学": "primary",
}

# 第二代残疾人证号: the 18-character ID number, then 类别 (1–7) and 等级 (1–4).
_DISABILITY_NO = re.compile(r"[0-9]{17}[0-9X][1-7][1-4]")
_TEXT_LIMIT = 200
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class HeaderError(ValueError):
    """The header row cannot be read for this source; the message is Chinese."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str  # the header as the file wrote it, or the field's label when missing
    reason: str


@dataclass(frozen=True)
class ListedRow:
    row: int
    id_number: str
    name: str
    phone: str | None
    birth_date: date
    gender: str
    address: str | None
    facts: dict[str, Any] = field(default_factory=dict)  # JSON-ready: dates as ISO strings


def _normal_header(raw: object) -> str:
    text = unicodedata.normalize("NFKC", str(raw or ""))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[(（][^)）]*[)）]|\*", "", text)  # 身份证号（必填）, *姓名


def map_headers(header: list[object], source: str) -> dict[str, tuple[int, str]]:
    """field -> (column index, header as written). ``HeaderError`` names missing columns,
    an unknown source, or a field given twice."""
    if source not in SOURCES:
        raise HeaderError(f"名单来源“{source}”不认识：应为 {'、'.join(SOURCES)}")
    by_name = {name: f for f, names in HEADERS.items() for name in names}
    found: dict[str, tuple[int, str]] = {}
    for index, raw in enumerate(header):
        f = by_name.get(_normal_header(raw))
        if f is None:
            continue
        if f in found:
            first = found[f][1]
            raise HeaderError(f"表头“{raw}”与“{first}”是同一项（{LABELS[f]}），请只保留一列")
        found[f] = (index, str(raw).strip())
    missing = [LABELS[f] for f in ("name", "id_number", *REQUIRED[source]) if f not in found]
    if missing:
        raise HeaderError(
            f"{SOURCES[source]}名单缺少列：{'、'.join(missing)}（第 1 行应为表头，如 姓名、身份证号）"
        )
    return found


class _Bad(ValueError):
    pass


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    if _SURROGATE.search(text):
        raise _Bad("含有无法识别的字符，请检查文件编码")
    if _CONTROL.search(text):
        raise _Bad("含有控制字符")
    if len(text) > _TEXT_LIMIT:
        raise _Bad(f"超过 {_TEXT_LIMIT} 个字")
    return text


def _id_number(value: object, today: date) -> tuple[str, date, str]:
    if isinstance(value, float) and value >= 1e15:  # Excel keeps 15 significant digits
        raise _Bad("身份证号被存成了数字，末几位已丢失：请把该列设为文本格式后重新导出")
    try:
        card = parse_id_number(_text(value), today=today)
    except InvalidIdentifier as exc:
        raise _Bad(str(exc)) from None
    return card.number, card.birth_date, card.gender


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})[-/.年](\d{1,2})月?()"),
    re.compile(r"(\d{4})(\d{2})()"),
)


def parse_list_date(value: object, today: date) -> date:
    """A date as departments write it: a spreadsheet date, 2025-06-30, 2025/6/30,
    2025年6月30日, 20250630, or a month (2025-06, 2025年6月, 202506: its first day)."""
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = _text(value)
        if not text:
            raise _Bad("不能为空")
        for pattern in _DATE_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                year, month, dd = match.groups()
                try:
                    day = date(int(year), int(month), int(dd or 1))
                except ValueError:
                    raise _Bad(f"“{text}”不是有效日期") from None
                break
        else:
            raise _Bad(f"“{text}”不是日期（应如 2025-06-30 或 2025年6月）")
    if day.year < 1950 or day > date(today.year + 1, 12, 31):
        raise _Bad(f"{day.isoformat()} 不在合理范围内")
    return day


def _check(f: str, value: object, today: date, id_number: str) -> Any:
    """The clean value of field ``f`` (``None`` for an empty optional cell)."""
    if f == "phone":
        text = _text(value)
        if not text:
            return None
        try:
            return normalise_phone(text)
        except InvalidIdentifier as exc:
            raise _Bad(str(exc)) from None
    if f == "education":
        text = _text(value)
        if text not in EDUCATION_VALUES:
            raise _Bad(f"“{text}”不是可识别的学历（如 本科、大专、硕士研究生）")
        return EDUCATION_VALUES[text]
    if f in ("graduation_date", "discharge_date"):
        return parse_list_date(value, today).isoformat()
    if f == "disability_no":
        text = _text(value).upper()
        if not _DISABILITY_NO.fullmatch(text):
            raise _Bad("应为 20 位：身份证号加残疾类别（1–7）和等级（1–4）")
        if text[:18] != id_number:
            raise _Bad("前 18 位与本行身份证号不一致")
        return text
    return _text(value) or None


def check_row(
    row_no: int, cells: list[object], columns: dict[str, tuple[int, str]], source: str, today: date
) -> ListedRow | RowError:
    """Validate one data row (``cells`` as read) against the mapped ``columns``."""

    def cell(f: str) -> object:
        index = columns[f][0]
        return cells[index] if index < len(cells) else None

    current = "id_number"
    try:
        number, birth, gender = _id_number(cell("id_number"), today)
        current = "name"
        try:
            name = check_person_name(_text(cell("name")))
        except InvalidIdentifier as exc:
            raise _Bad(str(exc)) from None
        values: dict[str, Any] = {}
        for f in columns:
            if f in ("id_number", "name"):
                continue
            current = f
            values[f] = _check(f, cell(f), today, number)
            if values[f] is None and f in REQUIRED[source]:
                raise _Bad("不能为空")
        if source == "veterans" and values["discharge_date"] < birth.isoformat():
            current = "discharge_date"
            raise _Bad("退役时间早于出生日期")
    except _Bad as exc:
        return RowError(row_no, columns[current][1], str(exc))
    phone = values.pop("phone", None)
    address = values.pop("address", None)
    facts = {k: v for k, v in values.items() if v is not None}
    return ListedRow(row_no, number, name, phone, birth, gender, address, facts)
