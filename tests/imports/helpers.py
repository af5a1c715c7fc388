"""Small lists written for the import tests (valid IDs from the benchmark's generator)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from benchmarks.imports.generate import make_id

# Born 2002: within the graduate window's age; the codes are the demo district's.
GRAD_A = make_id(date(2002, 3, 4), 11)  # odd sequence: male
GRAD_B = make_id(date(2002, 5, 6), 22)  # even: female
LOW_INCOME = make_id(date(1980, 1, 2), 33)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


EDUCATION_HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "毕业院校",
    "专业",
    "学历",
    "毕业时间",
    "居住地址",
]


def graduates_list(path: Path, writer=write_csv, year: int | None = None) -> Path:
    """Two good graduates and three bad rows (check character, date, education)."""
    year = year or date.today().year
    bad_check = GRAD_A[:17] + ("0" if GRAD_A[17] != "0" else "1")
    return writer(
        path,
        EDUCATION_HEADER,
        [
            [
                "李明",
                GRAD_A,
                "13900001111",
                "浙江大学",
                "软件工程",
                "本科",
                f"{year}-06-30",
                "杭州市西湖区翠苑街道文三路 1 号",
            ],
            ["王芳", GRAD_B, "", "浙江工业大学", "会计", "大专", f"{year}年6月", "西湖区北山街道"],
            ["赵强", bad_check, "", "浙江大学", "数学", "本科", f"{year}-06-30", ""],
            [
                "钱多",
                make_id(date(2002, 1, 1), 44),
                "",
                "浙江大学",
                "数学",
                "本科",
                f"{year}-13-01",
                "",
            ],
            ["孙立", make_id(date(2002, 1, 1), 55), "", "浙江大学", "数学", "学士", "2025-06", ""],
        ],
    )
