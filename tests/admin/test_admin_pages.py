"""The bureau's pages: 政策找人 with its export, audited reveals, the graduates' 1131 list."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person
from tests.seekers.helpers import months_ago

FLEXIBLE_GRADUATE = {
    "employment_status": "flexible",
    "employment_since": months_ago(3).isoformat(),
    "graduation_date": months_ago(5).isoformat(),
    "monthly_contribution": "900",
}


def _audit(app, action):
    with app.app_context():
        return (
            db.session.execute(db.select(AuditEvent).where(AuditEvent.action == action))
            .scalars()
            .all()
        )


def test_outreach_lists_who_qualifies_and_has_not_applied(app, people, accounts):
    number = make_id_number(date(2002, 3, 14), 61, True)
    seeker, pid = people.seeker("林晓雨", id_number=number, profile=FLEXIBLE_GRADUATE)
    people.seeker(
        "陈国强", birth=date(1972, 11, 9), female=False, profile={"education": "junior_middle"}
    )
    admin = accounts.client_for("admin")
    page = admin.get("/admin/policy-outreach").get_data(as_text=True)
    assert "林晓雨" in page and "高校毕业生灵活就业社会保险补贴" in page
    assert number not in page and number[:6] + "********" + number[-4:] in page
    veterans = admin.get("/admin/policy-outreach?group=veteran").get_data(as_text=True)
    assert "林晓雨" not in veterans
    seeker.post("/seeker/policies", data={"code": "si_flexible_graduate"})
    after = admin.get("/admin/policy-outreach?code=si_flexible_graduate").get_data(as_text=True)
    assert "林晓雨" not in after


def test_export_is_masked_and_audited(app, people, accounts):
    number = make_id_number(date(2002, 3, 14), 62, True)
    people.seeker("林晓雨", id_number=number, profile=FLEXIBLE_GRADUATE)
    admin = accounts.client_for("admin")
    response = admin.get("/admin/policy-outreach.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.data)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "林晓雨" in cells
    assert number not in " ".join(cells)
    assert number[:6] + "********" + number[-4:] in cells
    assert len(_audit(app, "export_policy_outreach")) == 1


def test_revealing_an_id_number_needs_a_purpose_and_is_audited(app, people, accounts):
    number = make_id_number(date(2002, 3, 14), 63, True)
    _seeker, pid = people.seeker("林晓雨", id_number=number)
    admin = accounts.client_for("admin")
    assert number not in admin.get(f"/admin/people/{pid}").get_data(as_text=True)
    refused = admin.post(
        f"/admin/people/{pid}/reveal", data={"field": "id_number"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "请选择查看目的" in refused and number not in refused
    assert _audit(app, "view_unmasked") == []
    shown = admin.post(
        f"/admin/people/{pid}/reveal", data={"field": "id_number", "purpose": "verify_identity"}
    ).get_data(as_text=True)
    assert number in shown
    events = _audit(app, "view_unmasked")
    assert len(events) == 1 and events[0].subject_id == pid and events[0].field == "id_number"


def test_graduates_list_counts_services_until_complete(app, people, accounts):
    _seeker, pid = people.seeker("林晓雨", profile={"graduation_date": months_ago(5).isoformat()})
    people.seeker(
        "周建军", birth=date(1990, 8, 3), female=False, profile={"education": "senior_high"}
    )
    admin = accounts.client_for("admin")
    page = admin.get("/admin/graduates?missing=1").get_data(as_text=True)
    assert "林晓雨" in page and "周建军" not in page
    assert "岗位推荐（还差 3 次）" in page
    bad = admin.post(
        f"/admin/graduates/{pid}/services", data={"kind": "massage"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "服务类型应为以下之一" in bad
    for kind in [
        "policy_briefing",
        "career_guidance",
        "job_referral",
        "job_referral",
        "job_referral",
        "traineeship_offer",
    ]:
        admin.post(f"/admin/graduates/{pid}/services", data={"kind": kind, "note": "电话沟通"})
    assert f"/admin/people/{pid}" not in admin.get("/admin/graduates?missing=1").get_data(
        as_text=True
    )
    assert "已完成" in admin.get("/admin/graduates").get_data(as_text=True)


def test_the_graduate_list_follows_the_calendar(app, people):
    from jobhub.admin.queries import graduates

    people.seeker("林晓雨", profile={"graduation_date": date(2025, 6, 30).isoformat()})
    with app.app_context():
        inside = graduates(date(2026, 6, 1))
        later = graduates(date(2027, 7, 15))
    assert [r.person.name for r in inside] == ["林晓雨"] and later == []


def test_each_service_count_says_what_it_counts_on_a_phone(app, people, accounts):
    """At phone width the 1131 table's cells stack: each count carries its column's label."""
    import re

    people.seeker("林晓雨", profile={"graduation_date": months_ago(5).isoformat()})
    page = accounts.client_for("admin").get("/admin/graduates").get_data(as_text=True)
    row = page.split("林晓雨", 1)[1].split("</tr>", 1)[0]
    counts = re.findall(r'<td data-label="([^"]+)">(\d+)', row)
    assert [label for label, _ in counts] == [
        "政策宣介（1）",
        "职业指导（1）",
        "岗位推荐（3）",
        "培训或见习机会（1）",
    ]
    assert 'data-label="还缺"' in row


def test_the_station_filter_lists_every_station_escaped_and_keeps_the_choice(app, people, accounts):
    from jobhub.stations.models import Station

    seeker, pid = people.seeker("林晓雨", profile=FLEXIBLE_GRADUATE)
    with app.app_context():
        mine = Station(
            name="<b>东站</b>", address="西湖区", street_code="330106005", lat=30.2, lng=120.1
        )
        other = Station(name="西站", address="西湖区", street_code="330106005", lat=30.2, lng=120.1)
        db.session.add_all([mine, other])
        db.session.flush()
        mine_id, other_id = mine.id, other.id
        db.session.get(Person, pid).registered_station_id = mine_id
        db.session.commit()
    admin = accounts.client_for("admin")
    page = admin.get(f"/admin/policy-outreach?station_id={mine_id}").get_data(as_text=True)
    assert f'<option value="{mine_id}" selected>&lt;b&gt;东站&lt;/b&gt;</option>' in page
    assert f'<option value="{other_id}">西站</option>' in page and "<b>东站" not in page
    assert "林晓雨" in page
    elsewhere = admin.get(f"/admin/policy-outreach?station_id={other_id}").get_data(as_text=True)
    assert "林晓雨" not in elsewhere and f'<option value="{other_id}" selected>' in elsewhere
