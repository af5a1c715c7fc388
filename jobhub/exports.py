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
    """Append a row; strings that a spreadsheet would read as a formula stay text.

    Only those cells are looked up again, by the row ``append`` just wrote: reading
    ``sheet[sheet.max_row]`` scans every cell of the sheet, which made a workbook of a few
    hundred rows take half a second."""
    values = list(values)
    sheet.append(values)
    row = sheet._current_row  # the row append wrote (openpyxl keeps it for the next append)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True
