"""Stations and coverage, 零就业家庭, the dashboard export (masked only), service records."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from jobhub.demo import STREETS
from jobhub.extensions import db
from jobhub.stations.coverage import Circle, Street, coverage, svg_map
from jobhub.stations.models import Household, ServiceRecord, StationVisit
from jobhub.stations.services import record_service
from tests.gigs import factory

# the demo district's streets, as region setup stores them
DEMO = tuple(Street(code, name, lat, lng, rural) for code, name, lat, lng, rural in STREETS)


def test_coverage_puts_streets_inside_and_outside_the_circles():
    cuiyuan = next(s for s in DEMO if s.name == "翠苑街道")
    # 古荡's point is 0.012° of longitude and 0.003° of latitude away: about 1.2 km.
    one = coverage((Circle(1, "翠苑零工驿站", cuiyuan.lat, cuiyuan.lng, 1000),), DEMO)
    assert {s.street.name for s in one.streets if s.covered} == {"翠苑街道"}
    gudang = next(s for s in one.streets if s.street.name == "古荡街道")
    assert "最近站点 1.2 公里" in gudang.explanation
    wider = coverage((Circle(1, "翠苑零工驿站", cuiyuan.lat, cuiyuan.lng, 1500),), DEMO)
    assert {s.street.name for s in wider.streets if s.covered} == {"翠苑街道", "古荡街道"}
    svg = svg_map(one)
    assert svg.count('class="cov-street out"') == len(DEMO) - 1
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    # a 5 km rural circle from 双浦 reaches 转塘 (about 4.5 km north) as well
    shuangpu = next(s for s in DEMO if s.name == "双浦镇")
    rural = coverage((Circle(2, "双浦镇零工驿站", shuangpu.lat, shuangpu.lng, 5000),), DEMO)
    assert {s.street.name for s in rural.streets if s.covered} == {"双浦镇", "转塘街道"}


def test_admin_creates_a_station_with_the_default_radius_and_sees_the_map(app, accounts):
    admin = accounts.client_for("admin")
    response = admin.post(
        "/station/admin/stations/new",
        data={
            "name": "文新零工驿站",
            "kind": "gig_station",
            "address": "文新街道 1 号",
            "street_code": "330106013",
            "lat": "30.29",
            "lng": "120.10",
            "opening_hours": "8:00–18:00",
        },
    )
    assert response.status_code == 302
    api = admin.get("/api/v1/stations?per_page=100").get_json()["items"]
    assert [(s["name"], s["service_radius_m"]) for s in api] == [("文新零工驿站", 1200)]
    page = admin.get("/station/admin/stations").text
    assert "<svg" in page and "文新街道" in page and "不在任何服务圈内" in page
    bad = admin.post("/api/v1/stations/new", json={"name": "x", "lat": 200})
    assert bad.status_code == 422 and {"lat", "lng", "address"} <= set(
        bad.get_json()["error"]["fields"]
    )


def test_zero_employment_household_stays_listed_until_a_member_works(app, accounts):
    from jobhub.auth.models import User

    client = app.test_client()
    user_id, login = accounts.create("station_staff")
    accounts.login(client, login)
    with app.app_context():
        station_id = db.session.get(User, user_id).station_id
        members = [factory.person(i, registered_station_id=station_id) for i in (1, 2)]
        numbers = [p.id_number for p in members]
        member_ids = [p.id for p in members]
        db.session.commit()
    no_consent = client.post("/station/households", data={"members": "\n".join(numbers)})
    assert "同意" in no_consent.text
    client.post(
        "/station/households",
        data={"label": "工人家", "members": "\n".join(numbers), "consent": "y"},
    )
    with app.app_context():
        household = db.session.execute(db.select(Household)).scalar_one()
        household.marked_on -= timedelta(days=40)
        db.session.commit()
        household_id = household.id
    page = client.get("/station/households").text
    assert "工人家" in page and "40 天" in page
    client.post(f"/station/households/{household_id}/employed", data={"person_id": member_ids[1]})
    assert 'class="days-open"' not in client.get("/station/households").text
    with app.app_context():
        household = db.session.get(Household, household_id)
        assert household.closed_on is not None and household.employed_person_id == member_ids[1]


def test_export_holds_masked_ids_and_phones_only(app, accounts):
    from jobhub.auth.models import User

    client = app.test_client()
    user_id, login = accounts.create("station_staff")
    accounts.login(client, login)
    with app.app_context():
        staff = db.session.get(User, user_id)
        person = factory.person(5, registered_station_id=staff.station_id)
        person.phone = "13911112222"
        db.session.add(StationVisit(person_id=person.id, station_id=staff.station_id))
        record_service(person, "career_guidance", staff, "简历指导")
        number = person.id_number
        db.session.commit()
    response = client.get("/station/dashboard/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.data))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert number not in cells and "13911112222" not in cells
    assert f"{number[:6]}********{number[-4:]}" in cells and "139****2222" in cells
    assert "职业指导" in cells


def test_record_service_refuses_unknown_kinds(app):
    import pytest

    from jobhub.stations.services import StationError

    with app.app_context():
        person = factory.person(1)
        with pytest.raises(StationError):
            record_service(person, "haircut", None)
        record_service(person, "traineeship_offer", None, station_id=None)
        assert db.session.execute(db.select(ServiceRecord.kind)).scalars().all() == [
            "traineeship_offer"
        ]


def test_text_a_spreadsheet_would_run_as_a_formula_is_exported_as_text(app, accounts):
    from zipfile import ZipFile

    from jobhub.auth.models import User

    client = app.test_client()
    user_id, login = accounts.create("station_staff")
    accounts.login(client, login)
    planted = '=HYPERLINK("http://evil.example/x","点此领取补贴")'
    with app.app_context():
        staff = db.session.get(User, user_id)
        person = factory.person(6, registered_station_id=staff.station_id)
        db.session.add(StationVisit(person_id=person.id, station_id=staff.station_id))
        record_service(person, "career_guidance", staff, planted)
        record_service(person, "career_guidance", staff, "@SUM(1+1)")
        db.session.commit()
    data = client.get("/station/dashboard/export.xlsx").data
    with ZipFile(BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml  # no cell of any sheet is a formula
    book = load_workbook(BytesIO(data))
    values = [c.value for row in book["服务记录"].iter_rows() for c in row]
    assert planted in values and "@SUM(1+1)" in values  # what was written, shown as written
