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


class _Sink:
    """A write-only file for ``zipfile`` that hands its bytes over as they are written."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.written = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.written += len(data)
        return len(data)

    def tell(self) -> int:
        return self.written

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out, self.chunks = b"".join(self.chunks), []
        return out


_MARK = "@@JOBHUB-ROWS@@"


def _cell(ref: str, value: Any) -> str:
    from xml.sax.saxutils import escape

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, bool) or value is None:
        value = "" if value is None else str(value)
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    # an inline string is text to Excel whatever it starts with (= + - @ make no formula)
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def stream_workbook(
    title: str,
    header: list[str],
    widths: Iterable[float],
    rows: Iterable[Iterable[Any]],
    batch: int = 500,
) -> Iterable[bytes]:
    """An .xlsx of one sheet written while ``rows`` are read: the bytes of every ``batch``
    rows leave at once, so memory stays the same however long the list (openpyxl's write-only
    mode still holds the sheet in a file until it saves). The frame (styles, the bold header,
    the column widths) is openpyxl's own; the rows are inline strings and numbers."""
    import zipfile
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    frame = Workbook(write_only=True)
    sheet = frame.create_sheet(title)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    bold = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    sheet.append([_MARK])
    buffer = BytesIO()
    frame.save(buffer)
    template = zipfile.ZipFile(buffer)
    sheet_name = next(n for n in template.namelist() if n.startswith("xl/worksheets/"))
    xml = template.read(sheet_name).decode()
    mark_row = xml.index('<row r="2"')
    head, tail = xml[:mark_row], xml[xml.index("</row>", mark_row) + len("</row>") :]

    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as out:
        for name in template.namelist():
            if name != sheet_name:
                out.writestr(name, template.read(name))
        yield sink.take()
        with out.open(sheet_name, "w", force_zip64=True) as member:
            member.write(head.encode())
            number = 1
            pending: list[str] = []
            for values in rows:
                number += 1
                cells = "".join(
                    _cell(f"{get_column_letter(c)}{number}", v)
                    for c, v in enumerate(values, start=1)
                )
                pending.append(f'<row r="{number}">{cells}</row>')
                if len(pending) >= batch:
                    member.write("".join(pending).encode())
                    pending = []
                    yield sink.take()
            member.write(("".join(pending) + tail).encode())
    yield sink.take()
