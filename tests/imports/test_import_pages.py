"""名单导入 on the admin pages: upload, preview (masked, every error), confirm, 比对 by street
and station, the masked export, and a station worker's follow-up queue (own station only)."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from jobhub.extensions import db
from jobhub.imports.models import ImportBatch, ListedPerson
from jobhub.security.masking import mask_id_number
from jobhub.security.models import AuditEvent
from jobhub.stations.models import Station
from tests.imports.helpers import GRAD_A, GRAD_B, graduates_list

FULL_ID = re.compile(r"\d{17}[\dX]")


def _upload(client, path, source="education"):
    with path.open("rb") as handle:
        return client.post(
            "/admin/imports",
            data={"source": source, "file": (handle, path.name)},
            content_type="multipart/form-data",
        )


def _import(client, tmp_path):
    response = _upload(client, graduates_list(tmp_path / "毕业生.csv"))
    assert response.status_code == 302, response.data
    preview = response.headers["Location"]
    digest = preview.split("/preview/")[1].split("?")[0]
    done = client.post(
        f"/admin/imports/preview/{digest}/confirm",
        data={"source": "education", "name": "毕业生.csv"},
    )
    assert done.status_code == 302
    return preview, done.headers["Location"]


def test_preview_masks_ids_lists_every_error_and_writes_nothing(app, accounts, tmp_path):
    admin = accounts.client_for("admin")
    response = _upload(admin, graduates_list(tmp_path / "毕业生.csv"))
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "共 <strong>5</strong> 行，可导入 <strong>2</strong> 行" in page
    assert mask_id_number(GRAD_A) in page and "李明" in page
    assert not FULL_ID.search(page)  # no ID number in clear, not even a bad row's
    assert "第 4 行</td><td>身份证号</td><td>身份证号校验位不正确" in page
    assert "第 6 行</td><td>学历</td>" in page
    assert "本科" in page and "bachelor" not in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ListedPerson)) == 0
        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.purpose == "预览导入名单")
            )
            == 1
        )


def test_confirm_imports_and_the_batch_page_shows_the_comparison(app, accounts, tmp_path):
    admin = accounts.client_for("admin")
    _preview, batch_url = _import(admin, tmp_path)
    page = admin.get(batch_url).get_data(as_text=True)
    assert "新增 2" in page and "有误 3" in page
    areas = page.split('id="areas"')[1].split("</table>")[0]
    assert "翠苑街道" in areas and "北山街道" in areas
    assert "离校2年内未就业高校毕业生" in page and "未登记" in page
    assert mask_id_number(GRAD_B) in page and not FULL_ID.search(page)
    with app.app_context():
        batch = db.session.scalars(db.select(ImportBatch)).one()
        assert batch.importer.startswith("admin") or batch.importer_user_id is not None


def test_the_same_file_again_changes_nothing_from_the_page(app, accounts, tmp_path):
    admin = accounts.client_for("admin")
    _import(admin, tmp_path)
    again = _upload(admin, graduates_list(tmp_path / "again.csv")).headers["Location"]
    assert "再次导入不会改动任何数据" in admin.get(again).get_data(as_text=True)
    _import(admin, tmp_path)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ListedPerson)) == 2
        assert db.session.scalar(db.select(db.func.count()).select_from(ImportBatch)) == 1


def test_the_export_is_masked_and_audited(app, accounts, tmp_path):
    admin = accounts.client_for("admin")
    _preview, batch_url = _import(admin, tmp_path)
    response = admin.get(batch_url + "/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert mask_id_number(GRAD_A) in cells
    assert not any(FULL_ID.search(c) for c in cells)
    with app.app_context():
        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "export_people")
            )
            == 1
        )


@pytest.mark.parametrize("role", ["seeker", "employer", "station_staff"])
def test_only_the_bureau_opens_the_import_pages(app, accounts, tmp_path, role):
    admin = accounts.client_for("admin")
    preview, batch_url = _import(admin, tmp_path)
    other = accounts.client_for(role)
    for url in ("/admin/imports", preview, batch_url, batch_url + "/export.xlsx"):
        assert other.get(url).status_code in (302, 403, 404), url
    digest = preview.split("/preview/")[1].split("?")[0]
    assert other.post(
        f"/admin/imports/preview/{digest}/confirm", data={"source": "education"}
    ).status_code in (302, 403, 404)


def test_unknown_or_malformed_ids_are_404_not_500(accounts):
    admin = accounts.client_for("admin")
    for url in (
        "/admin/imports/99999999",
        "/admin/imports/99999999999999999999999",
        "/admin/imports/preview/" + "a" * 64 + "?source=education",
        "/admin/imports/preview/..%2f..%2fconfig.py?source=education",
        "/admin/imports/preview/" + "a" * 64 + "?source=nonsense",
    ):
        assert admin.get(url).status_code == 404, url


def test_a_bad_upload_is_named_in_chinese(accounts, tmp_path):
    admin = accounts.client_for("admin")
    bad = tmp_path / "list.xls"
    bad.write_bytes(b"not a workbook")
    page = _upload(admin, bad).get_data(as_text=True)
    assert "只接受 .xlsx 或 .csv 文件" in page
    fake = tmp_path / "list.xlsx"
    fake.write_bytes(b"not a workbook")
    response = _upload(admin, fake)
    assert "文件不是有效的 .xlsx 工作簿" in admin.get(response.headers["Location"]).get_data(
        as_text=True
    )
    missing = _upload(admin, graduates_list(tmp_path / "g.csv"), source="")
    assert "请选择名单来源" in missing.get_data(as_text=True)


def test_a_station_worker_sees_only_their_stations_listed_people(app, accounts, tmp_path):
    admin = accounts.client_for("admin")
    _import(admin, tmp_path)
    with app.app_context():
        # a second station on 北山街道 (330106002 is the demo's 北山街道)
        north = Station(
            name="北山驿站", address="北山路 1 号", street_code="330106002", lat=30.26, lng=120.15
        )
        db.session.add(north)
        db.session.commit()
        north_id = north.id
    cuiyuan = accounts.client_for("station_staff")  # its station is on 翠苑街道
    page = cuiyuan.get("/station/follow-ups").get_data(as_text=True)
    assert "李明" in page and "王芳" not in page  # 王芳 lives on 北山街道
    assert not FULL_ID.search(page)
    _uid, login = accounts.create("station_staff", station_id=north_id)
    client = app.test_client()
    accounts.login(client, login)
    page = client.get("/station/follow-ups").get_data(as_text=True)
    assert "王芳" in page and "李明" not in page


def test_listed_people_reach_the_station_to_do_list_and_the_1131_page(app, accounts, tmp_path):
    admin = accounts.client_for("admin")
    _import(admin, tmp_path)
    page = admin.get("/admin/graduates").get_data(as_text=True)
    assert "教育部门名单中还有 <strong>2</strong> 名毕业生尚未在平台登记" in page
    staff = accounts.client_for("station_staff")  # on 翠苑街道, the demo's only station
    home = staff.get("/station/").get_data(as_text=True)
    assert "部门名单中本站服务街道有" in home and "/station/follow-ups" in home


def test_a_list_larger_than_other_forms_may_be_uploaded(app, accounts, tmp_path):
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import stream_encode_multipart

    admin = accounts.client_for("admin")
    path = graduates_list(tmp_path / "big.csv")
    path.write_text(
        path.read_text(encoding="utf-8-sig") + "\n" * (3 * 1024 * 1024), encoding="utf-8-sig"
    )
    # the body encoded here: the test client leaves its own spooled body of this size open
    with path.open("rb") as handle:
        stream, _length, boundary = stream_encode_multipart(
            {"source": "education", "file": FileStorage(handle, filename="big.csv")}
        )
    with stream:
        body = stream.read()
    response = admin.post(
        "/admin/imports", data=body, content_type=f'multipart/form-data; boundary="{boundary}"'
    )
    assert response.status_code == 302  # above the 2 MB of every other form
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "共 <strong>5</strong> 行" in page


def test_the_uploaded_file_is_deleted_once_imported(app, accounts, tmp_path):
    from pathlib import Path

    admin = accounts.client_for("admin")
    _import(admin, tmp_path)
    assert list(Path(app.config["IMPORT_UPLOAD_DIR"]).iterdir()) == []


def test_someone_who_qualifies_and_has_not_applied_is_listed_until_they_apply(
    app, accounts, tmp_path
):
    from datetime import date

    from jobhub.seekers.models import Person, SubsidyApplication
    from tests.imports.helpers import GRAD_A

    admin = accounts.client_for("admin")
    _import(admin, tmp_path)
    with app.app_context():
        person = Person(name="李明", birth_date=date(2002, 3, 4), gender="male")
        person.id_number = GRAD_A
        db.session.add(person)
        db.session.commit()
        person_id = person.id
    batch = "/admin/imports/1?status=open"
    row = admin.get(batch).get_data(as_text=True).split('id="matches"')[1]
    mine = row.split("<td>李明</td>")[1].split("</tr>")[0]
    assert "已登记" in mine and "就业见习" in mine
    with app.app_context():
        db.session.add(SubsidyApplication(person_id=person_id, code="traineeship"))
        db.session.commit()
    row = admin.get(batch).get_data(as_text=True).split('id="matches"')[1]
    assert "李明" not in row
