"""The dashboard's 等待最久的求职者 with more clients than the old 500 it looked at."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from jobhub.extensions import db
from jobhub.seekers.models import Person
from tests.stations.test_counter import _staff


def _client_rows(station_id: int, names_and_days: list[tuple[str, int, str]]) -> list[dict]:
    now = datetime.now(UTC)
    return [
        {
            "name": name,
            "employment_status": status,
            "registered_station_id": station_id,
            "summary": "",
            "work_history": "",
            "skills": [],
            "trades": ["保洁"],
            "desired_titles": [],
            "desired_occupation_codes": [],
            "availability": {},
            "share_with_employers": False,
            "created_at": now - timedelta(days=days),
            "updated_at": now,
        }
        for name, days, status in names_and_days
    ]


def test_longest_waiting_are_found_among_600_clients(app, accounts):
    client, _, station_id = _staff(accounts, app)
    recent = [(f"新客户{i}", 3, "unemployed") for i in range(600)]
    # Registered last, waiting longest; one of them has a job and is not waiting.
    oldest = [
        ("周有工", 900, "employed"),
        ("陈二百", 200, "flexible"),
        ("李四百", 400, "unemployed"),
        ("王三百", 300, "unemployed"),
    ]
    with app.app_context():
        db.session.execute(db.insert(Person), _client_rows(station_id, recent + oldest))
        db.session.commit()

    page = client.get("/station/dashboard").get_data(as_text=True)
    section = page.split('id="waiting-h"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r">([^<>]+)</a></td><td[^>]*>[^<]*</td><td data-label=\"等待天数\">(\d+)</td>", section
    )
    assert rows[:3] == [("李四百", "400"), ("王三百", "300"), ("陈二百", "200")]
    assert len(rows) == 10 and all(days == "3" for _name, days in rows[3:])
    assert "周有工" not in section
