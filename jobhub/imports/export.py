"""The 比对 follow-up list as a workbook: ID numbers and phones masked, the export audited."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from jobhub.exports import append_row
from jobhub.imports import compare
from jobhub.imports.lists import SOURCES
from jobhub.policy.groups import group_label
from jobhub.security import audit
from jobhub.security.masking import mask_id_number, mask_phone
from jobhub.seekers.places import street_name
from jobhub.seekers.subsidies import subsidy_name

HEADER = [
    "序号",
    "姓名",
    "身份证号（脱敏）",
    "手机号（脱敏）",
    "名单来源",
    "街道",
    "平台登记",
    "重点群体",
    "可享受未申请的政策",
]


def matches_workbook(rows: list[compare.ListedMatch], *, actor, purpose: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "名单比对"
    append_row(sheet, HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for start in range(0, len(rows), 1000):
        chunk = rows[start : start + 1000]
        numbers = compare.id_numbers([r.listed_id for r in chunk])
        for i, row in enumerate(chunk, start=start + 1):
            number, phone = numbers.get(row.listed_id, ("", None))
            append_row(
                sheet,
                [
                    i,
                    row.name,
                    mask_id_number(number),
                    mask_phone(phone),
                    SOURCES.get(row.source, row.source),
                    street_name(row.street_code) or "未能识别",
                    "已登记" if row.person_id else "未登记",
                    "、".join(group_label(g) for g in row.groups),
                    "、".join(subsidy_name(c) for c in row.open_subsidies),
                ],
            )
    audit.record(actor, "export_people", "listed_people", None, purpose)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
