"""Streaming the rows of a list file (xlsx or csv): one row at a time, memory bounded."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jobhub.imports.lists import HeaderError

SUFFIXES = (".xlsx", ".csv")


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes: the same file is the same list, whatever its name."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def count_rows(path: Path) -> int | None:
    """Data rows in the file (for a progress bar), without reading it into memory; ``None``
    when a workbook does not record its size."""
    if path.suffix.lower() == ".csv":
        with path.open("rb") as handle:
            return max(
                sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1, 0
            )
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    try:
        rows = book.worksheets[0].max_row
    finally:
        book.close()
    return rows - 1 if rows else None


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or, as Excel in China saves CSV, GB18030."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    try:  # incremental: a character cut at the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


@contextmanager
def open_rows(path: Path) -> Iterator[Iterator[list[object]]]:
    """Yield an iterator over the rows (lists of cell values; the first is the header).
    ``HeaderError`` (Chinese) for a file that is neither a workbook nor a CSV."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        encoding = _csv_encoding(path)
        with path.open("r", encoding=encoding, newline="", errors="strict") as handle:
            yield _csv_rows(handle)
        return
    if suffix != ".xlsx":
        raise HeaderError("只接受 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）")
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise HeaderError("文件不是有效的 .xlsx 工作簿") from None
    try:
        sheet = book.worksheets[0]
        yield ([*row] for row in sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _csv_rows(handle: io.TextIOBase) -> Iterator[list[object]]:
    try:
        yield from csv.reader(handle)
    except UnicodeDecodeError:
        raise HeaderError("文件编码无法识别：请另存为 UTF-8 或 GB18030 编码的 CSV") from None
    except csv.Error as exc:
        raise HeaderError(f"CSV 格式有误：{exc}") from None
