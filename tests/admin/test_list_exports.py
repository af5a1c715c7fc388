"""The bureau's list exports: the 1131 list streamed like 政策找人 (masked, audited, typed text
stays text), and the background export with its progress page and a file only its owner can
download, for a day."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from jobhub.admin import list_exports
from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.lists import queries as stored
from jobhub.lists.models import ListExport
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person
from tests.admin.test_admin_pages import FLEXIBLE_GRADUATE


@pytest.fixture
def exports_dir(app, tmp_path):
    app.config["LIST_EXPORT_DIR"] = str(tmp_path / "exports")
    return tmp_path / "exports"


def _graduates(people, n: int) -> dict[int, str]:
    """``n`` recent graduates in flexible work (on both lists); person id → ID number."""
    out = {}
    for i in range(n):
        number = make_id_number(date(2002, 3, 14), 70 + i, True)
        name = "毕业生" + "甲乙丙丁戊己庚辛"[i]
        _client, pid = people.seeker(name, id_number=number, profile=FLEXIBLE_GRADUATE)
        out[pid] = number
    return out


def _rows(data: bytes) -> list[list]:
    sheet = load_workbook(BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def _actions(app, action: str) -> int:
    with app.app_context():
        return len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_the_graduates_list_streams_masked_audited_and_typed_text_stays_text(app, people, accounts):
    numbers = _graduates(people, 3)
    with app.app_context():
        first = min(numbers)
        db.session.get(Person, first).name = '=HYPERLINK("http://x")'
        db.session.commit()
        listed = [r.person.id for r in stored.graduates_page(limit=None).rows]
    admin = accounts.client_for("admin")
    response = admin.get("/admin/graduates.xlsx")
    assert response.status_code == 200 and response.is_streamed
    rows = _rows(response.data)
    assert len(rows) == len(listed) == 3
    text = " ".join(str(v) for row in rows for v in row)
    for number in numbers.values():
        assert number not in text and number[:6] + "********" + number[-4:] in text
    sheet = load_workbook(BytesIO(response.data)).active
    typed = next(
        c for row in sheet.iter_rows(min_row=2) for c in row if c.value and "HYPER" in str(c.value)
    )
    assert typed.data_type == "s" and typed.value == '=HYPERLINK("http://x")'
    assert "政策宣介（已服务次数）" in [c.value for c in sheet[1]]
    assert _actions(app, "export_graduates") == 1


def test_a_background_export_reports_progress_to_100_and_holds_exactly_the_list(
    app, people, accounts, exports_dir, monkeypatch
):
    numbers = _graduates(people, 5)
    monkeypatch.setattr(stored, "EXPORT_BATCH", 2)
    seen: list[int] = []
    real = list_exports.workbook

    def watched(kind, filters, progress=None):  # noqa: ANN001
        def told(rows: int) -> None:
            progress(rows)
            seen.append(db.session.scalar(select(ListExport.done)))  # as the page reads it

        return real(kind, filters, told if progress else None)

    monkeypatch.setattr(list_exports, "workbook", watched)
    admin = accounts.client_for("admin")
    started = admin.post("/admin/exports?kind=outreach&code=si_flexible_graduate")
    assert started.status_code == 302 and "/admin/exports/" in started.headers["Location"]
    page = admin.get(started.headers["Location"]).get_data(as_text=True)
    assert "已导出 5 / 共 5 人（100%）" in page and "下载 Excel" in page
    assert seen == [2, 4, 5]  # committed after each batch: the page refreshes on them
    with app.app_context():
        export = db.session.scalars(select(ListExport)).one()
        want = [r.person.id for r in stored.outreach_rows(code="si_flexible_graduate")]
        names = {pid: db.session.get(Person, pid).name for pid in want}
        folder = exports_dir / str(export.user_id)
    assert [p.name for p in folder.iterdir()] == [export.file_name]  # the owner's folder only
    download = admin.get(f"/admin/exports/{export.id}/file")
    assert download.status_code == 200
    rows = _rows(download.data)
    download.close()
    assert [r[1] for r in rows] == [names[pid] for pid in want] and len(rows) == 5
    text = " ".join(str(v) for row in rows for v in row)
    for number in numbers.values():
        assert number not in text and number[:6] + "********" + number[-4:] in text
    assert _actions(app, "export_policy_outreach") == 1
    assert _actions(app, "download_export") == 1


def test_only_the_owner_downloads_and_only_for_a_day(app, people, accounts, exports_dir):
    _graduates(people, 1)
    owner = accounts.client_for("admin")
    location = owner.post("/admin/exports?kind=graduates").headers["Location"]
    export_id = int(location.rstrip("/").split("/")[-1])
    other = accounts.client_for("admin")  # another bureau user
    assert other.get(location).status_code == 404
    assert other.get(f"{location}/file").status_code == 404
    mine = owner.get(f"{location}/file")
    assert mine.status_code == 200 and _rows(mine.data)
    mine.close()
    with app.app_context():
        export = db.session.get(ListExport, export_id)
        export.expires_at = export.finished_at - timedelta(minutes=1)
        db.session.commit()
        path = list_exports.export_dir(export.user_id) / export.file_name
    late = owner.get(f"{location}/file", follow_redirects=True).get_data(as_text=True)
    assert "已过期" in late
    owner.post("/admin/exports?kind=graduates")  # a new export sweeps the old file away
    assert not path.exists()
    bad = owner.post("/admin/exports?kind=people", follow_redirects=True)
    assert bad.status_code == 200 and "导出的名单（kind）不正确" in bad.get_data(as_text=True)


@pytest.mark.parametrize("role", ["station_staff", "employer"])
def test_station_staff_and_employers_may_not_export(app, people, accounts, exports_dir, role):
    _graduates(people, 1)
    owner = accounts.client_for("admin")
    location = owner.post("/admin/exports?kind=graduates").headers["Location"]
    client = accounts.client_for(role)
    for url in (
        "/admin/graduates.xlsx",
        "/admin/policy-outreach.xlsx",
        location,
        f"{location}/file",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post("/admin/exports?kind=graduates").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ListExport)) == 1


def test_both_list_pages_offer_both_exports_with_their_filters(app, people, accounts):
    _graduates(people, 1)
    admin = accounts.client_for("admin")
    owed = admin.get("/admin/graduates?missing=1").get_data(as_text=True)
    assert 'href="/admin/graduates.xlsx?missing=1"' in owed
    assert 'action="/admin/exports?kind=graduates&amp;missing=1"' in owed
    outreach = admin.get("/admin/policy-outreach?code=traineeship").get_data(as_text=True)
    assert 'action="/admin/exports?kind=outreach&amp;code=traineeship"' in outreach
