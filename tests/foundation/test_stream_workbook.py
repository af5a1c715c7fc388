"""The streamed Excel export: a spreadsheet program opens it, and text a person typed never
becomes a formula, however it begins."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from jobhub.exports import stream_workbook


def test_streamed_rows_open_as_typed_text_and_numbers():
    typed = ['=HYPERLINK("http://x","点我")', "+86 138", "-1+2", "@SUM(A1)", "a<b>&c"]
    rows = [[text, 7, None] for text in typed] * 300  # several batches of rows
    data = b"".join(stream_workbook("名单", ["姓名", "人数", "备注"], [20, 8, 8], rows, batch=250))
    sheet = load_workbook(BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["姓名", "人数", "备注"]
    assert sheet[1][0].font.bold
    body = list(sheet.iter_rows(min_row=2))
    assert len(body) == len(rows)
    assert [row[0].value for row in body[: len(typed)]] == typed
    assert all(row[0].data_type == "s" for row in body)  # never "f": no formula
    assert {row[1].value for row in body} == {7}
