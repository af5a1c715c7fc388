"""The pure core of list intake: headers, one row, dates; and reading CSV in GB18030."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from jobhub.imports.lists import HeaderError, ListedRow, RowError, check_row, map_headers
from jobhub.imports.reading import open_rows
from tests.imports.helpers import GRAD_A

TODAY = date(2026, 12, 5)
HEADER = ["*姓名", "身份证号码（必填）", "联系电话", "残疾人证号", "现居住地址"]


def _row(*cells):
    columns = map_headers(HEADER, "disabled_persons")
    return check_row(7, list(cells), columns, "disabled_persons", TODAY)


def test_headers_are_matched_by_their_chinese_names_and_variants():
    columns = map_headers(HEADER, "disabled_persons")
    assert {f: i for f, (i, _h) in columns.items()} == {
        "name": 0,
        "id_number": 1,
        "phone": 2,
        "disability_no": 3,
        "address": 4,
    }


def test_a_field_given_twice_or_an_unknown_source_is_refused():
    with pytest.raises(HeaderError, match="同一项"):
        map_headers(["姓名", "身份证号", "户籍地址", "居住地址"], "stations")
    with pytest.raises(HeaderError, match="名单来源"):
        map_headers(["姓名", "身份证号"], "police")


def test_a_good_row_is_read_whole():
    row = _row(" 李明 ", GRAD_A.lower(), "139 0000 1111", GRAD_A + "12", "翠苑街道")
    assert isinstance(row, ListedRow)
    assert (row.name, row.id_number, row.phone) == ("李明", GRAD_A, "13900001111")
    assert row.facts == {"disability_no": GRAD_A + "12"}


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        (("李明", 3.30106200203041e17, "", GRAD_A + "12"), "身份证号码（必填）", "存成了数字"),
        (("李明", float("nan"), "", GRAD_A + "12"), "身份证号码（必填）", "身份证号"),
        (("李明", GRAD_A, "", GRAD_A + "92"), "残疾人证号", "类别（1–7）"),
        (("李明", GRAD_A, "", "110101199001011234" + "12"), "残疾人证号", "不一致"),
        (("李\ud800明", GRAD_A, "", GRAD_A + "12"), "*姓名", "无法识别的字符"),
        (("李明", GRAD_A, "1" * 400, GRAD_A + "12"), "联系电话", "超过 200 个字"),
        (("李明", GRAD_A, "", GRAD_A + "12", "路\x00"), "现居住地址", "控制字符"),
        (("李明", GRAD_A, "", ""), "残疾人证号", "应为 20 位"),
        (("", GRAD_A, "", GRAD_A + "12"), "*姓名", "请填写姓名"),
        (("李明",), "身份证号码（必填）", "请填写身份证号"),
    ],
)
def test_a_bad_row_names_its_row_column_and_reason(cells, column, reason):
    error = _row(*cells)
    assert isinstance(error, RowError)
    assert (error.row, error.column) == (7, column)
    assert reason in error.reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-30", date(2025, 6, 30)),
        ("2025/6/30", date(2025, 6, 30)),
        ("2025年6月30日", date(2025, 6, 30)),
        ("20250630", date(2025, 6, 30)),
        ("2025-06", date(2025, 6, 1)),
        ("2025年6月", date(2025, 6, 1)),
        (datetime(2025, 6, 30, 0, 0), date(2025, 6, 30)),
    ],
)
def test_dates_as_departments_write_them(value, expected):
    columns = map_headers(["姓名", "身份证号", "退役时间"], "veterans")
    row = check_row(2, ["李明", GRAD_A, value], columns, "veterans", TODAY)
    assert isinstance(row, ListedRow) and row.facts["discharge_date"] == expected.isoformat()


@pytest.mark.parametrize("value", ["2025-02-30", "明年", "1e309", "2099-01-01", "1900-01-01"])
def test_a_bad_date_is_refused(value):
    columns = map_headers(["姓名", "身份证号", "退役时间"], "veterans")
    row = check_row(2, ["李明", GRAD_A, value], columns, "veterans", TODAY)
    assert isinstance(row, RowError) and row.column == "退役时间"


def test_a_csv_saved_by_excel_in_gb18030_is_read(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(("姓名,身份证号\n李明," + GRAD_A + "\n").encode("gb18030"))
    with open_rows(path) as rows:
        assert list(rows) == [["姓名", "身份证号"], ["李明", GRAD_A]]
