"""Workbooks that leave the platform: every cell a person typed stays text.

Excel runs a cell that starts with = + - @ (or a tab or carriage return before one) as a
formula: a service note "=HYPERLINK(...)" would open a link in the bureau's Excel (OWASP, CSV
and formula injection). Rows are appended through `append_row`, which keeps such strings as
literal text (an inline string with Excel's quote prefix) instead of escaping what people wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append a row; strings that a spreadsheet would read as a formula stay text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.lstrip(" ").startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
