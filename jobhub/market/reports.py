"""The bureau's workbooks: 薪酬价位 in the layout bureaus publish (职业编码, 职业名称, 分位值),
and the quarterly 人力资源市场供求状况."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from io import BytesIO
from threading import Lock

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Font

from jobhub.exports import append_row
from jobhub.market.core import BALANCE_LABELS, PayConversion, Period
from jobhub.market.services import LEVELS, SOURCES, SupplyDemand, WageRow

WAGE_HEADERS = (
    "职业编码",
    "职业名称",
    "低位数（P10）",
    "较低位数（P25）",
    "中位数（P50）",
    "较高位数（P75）",
    "高位数（P90）",
    "样本数",
    "用人单位数",
    "说明",
)


WORKBOOKS_KEPT = 32
_KEPT = "jobhub.market.workbooks"
_LOCK = Lock()


def kept_workbook(key: Hashable, build: Callable[[], bytes]) -> bytes:
    """The workbook of ``key``, built once and kept in this process (the last
    ``WORKBOOKS_KEPT``). Writing a few thousand cells takes openpyxl 100 ms or more, and the
    figures change only when the refresh job runs: the key carries when they were computed,
    so the job's next run makes a new workbook."""
    kept: OrderedDict = current_app.extensions.setdefault(_KEPT, OrderedDict())
    with _LOCK:
        body = kept.get(key)
        if body is not None:
            kept.move_to_end(key)
            return body
    body = build()
    with _LOCK:
        kept[key] = body
        while len(kept) > WORKBOOKS_KEPT:
            kept.popitem(last=False)
    return body


def _money(value: float | None):
    return round(value) if value is not None else None


def _save(book: Workbook) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _heading(sheet, title: str, notes: list[str], headers) -> None:
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    for note in notes:
        append_row(sheet, [note])
    append_row(sheet, list(headers))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def wage_workbook(
    rows: list[WageRow],
    *,
    period: Period,
    area_name: str,
    level: int,
    source: str,
    conversion: PayConversion,
    min_employers: int,
) -> bytes:
    """One sheet: a row per occupation; suppressed rows keep their counts, never their pay."""
    book = Workbook()
    sheet = book.active
    sheet.title = "薪酬价位"
    _heading(
        sheet,
        f"{area_name}{period.title}人力资源市场薪酬价位（{LEVELS[level]}，{SOURCES[source]}）",
        [
            "单位：元/月（月薪当量）。每个岗位取薪资区间中点；" + conversion.statement,
            f"不同用人单位少于{min_employers}家的职业不公布分位值。",
        ],
        WAGE_HEADERS,
    )
    for row in rows:
        values = row.cell.percentiles or (None,) * 5
        append_row(
            sheet,
            [
                row.code,
                row.name,
                *(_money(v) for v in values),
                row.cell.n_vacancies,
                row.cell.n_employers,
                f"样本单位不足{min_employers}家，不公布" if row.cell.suppressed else None,
            ],
        )
    sheet.column_dimensions["B"].width = 28
    return _save(book)


SUPPLY_HEADERS = ("职业编码", "职业名称", "岗位需求人数", "求职人数", "求人倍率", "供求状况")


def _ratio(value: float | None):
    return round(value, 2) if value is not None else None


def supply_demand_workbook(
    report: SupplyDemand, months: list[SupplyDemand], area_name: str
) -> bytes:
    """Sheets: 总体 (the quarter and each month), 分职业 (the quarter by occupation)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "总体"
    _heading(
        sheet,
        f"{area_name}{report.period.title}人力资源市场供求状况",
        [
            "岗位需求人数：统计期内发布的岗位招聘人数之和；求职人数：统计期内登记、投递或到站求职且未登记就业的人数。",
            f"求人倍率 = 岗位需求人数 ÷ 求职人数；≥{report.rule.shortage_ratio:g} 为紧缺，"
            f"≤{report.rule.surplus_ratio:g} 为过剩（合计不足{report.rule.min_volume}人不判断）。"
            f"依据：{report.rule.source}",
        ],
        ("统计期", "岗位需求人数", "求职人数", "求人倍率"),
    )
    for item in [report, *months]:
        append_row(
            sheet,
            [item.period.title, item.total_vacancies, item.total_seekers, _ratio(item.ratio)],
        )
    detail = book.create_sheet("分职业")
    _heading(
        detail, f"{report.period.title}分职业供求（{LEVELS[report.level]}）", [], SUPPLY_HEADERS
    )
    for row in report.rows:
        append_row(
            detail,
            [
                row.code,
                row.name,
                row.vacancies,
                row.seekers,
                _ratio(row.ratio),
                BALANCE_LABELS.get(row.balance or "", ""),
            ],
        )
    detail.column_dimensions["B"].width = 28
    return _save(book)
