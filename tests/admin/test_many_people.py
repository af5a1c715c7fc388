"""政策找人, its export and the 1131 list with 70,000 registered people: more than the 65,535
bound parameters PostgreSQL takes in one statement, so a list filtered by a parameter per
person answers 500 there."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from jobhub.extensions import db
from jobhub.seekers.models import Person
from tests.admin.test_admin_pages import FLEXIBLE_GRADUATE

pytestmark = pytest.mark.many_people

MANY = 70_000


def _register_many(app, n: int) -> None:
    """``n`` unemployed graduates of last June, inserted in batches (seconds, not minutes)."""
    now = datetime.now(UTC)
    row = {
        "birth_date": date(2003, 5, 1),
        "gender": "female",
        "education": "bachelor",
        "graduation_date": date(today_year() - 1, 6, 30),
        "employment_status": "unemployed",
        "summary": "",
        "work_history": "",
        "skills": [],
        "trades": [],
        "desired_titles": [],
        "desired_occupation_codes": [],
        "availability": {},
        "share_with_employers": False,
        "created_at": now,
        "updated_at": now,
    }
    with app.app_context():
        for start in range(0, n, 10_000):
            batch = [{**row, "name": f"毕业生{i}"} for i in range(start, min(n, start + 10_000))]
            db.session.execute(db.insert(Person), batch)
        db.session.commit()


def today_year() -> int:
    from jobhub.policy.dates import today_in_china

    return today_in_china().year


def test_outreach_export_and_graduates_work_for_70000_people(app, people, accounts):
    _seeker, pid = people.seeker("林晓雨", profile=FLEXIBLE_GRADUATE)
    admin = accounts.client_for("admin")
    admin.post(f"/admin/graduates/{pid}/services", data={"kind": "policy_briefing"})
    _register_many(app, MANY)
    # people loaded in bulk, beside the app, are evaluated by the nightly refresh
    from jobhub.lists.refresh import refresh_all

    with app.app_context():
        assert refresh_all(workers=0).people == MANY + 1

    page = admin.get("/admin/policy-outreach?code=si_flexible_graduate")
    assert page.status_code == 200
    assert "林晓雨" in page.get_data(as_text=True)

    export = admin.get("/admin/policy-outreach.xlsx?code=si_flexible_graduate")
    assert export.status_code == 200
    names = [
        row[1] for row in load_workbook(BytesIO(export.data)).active.iter_rows(values_only=True)
    ]
    assert names == ["姓名", "林晓雨"]

    from jobhub.admin.queries import graduates
    from jobhub.policy.dates import today_in_china

    with app.app_context():
        rows = graduates(today_in_china())
    assert len(rows) == MANY + 1
    mine = next(r for r in rows if r.person.id == pid)
    assert mine.counts["policy_briefing"] == 1
    from jobhub.lists.queries import graduates_page

    with app.app_context():
        page = graduates_page()
    assert page.total == MANY + 1 and len(page.rows) == 50
    listed = admin.get("/admin/graduates")
    assert listed.status_code == 200 and "超过 10000 人" in listed.get_data(as_text=True)
