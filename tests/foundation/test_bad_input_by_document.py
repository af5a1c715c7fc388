"""A valid request to each of the API's main writes, with one field at a time spoiled by a value
no column can hold: text of 100,000 characters, a NUL byte, integers hundreds of digits long,
1e400. The answer is a 4xx that names that field in Chinese, and nothing is saved, on SQLite and on PostgreSQL (where over-long text and NUL bytes are
database errors when they get that far)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from tests.gigs.test_gig_flow import GIG as GIG_FLOW_BODY
from tests.seekers.helpers import vacancy_form

LONG = "长" * 100_000
IN_TWO_DAYS = (today_in_china() + timedelta(days=2)).isoformat()

GIG = {**GIG_FLOW_BODY, "work_date": IN_TWO_DAYS}  # the gig tests' valid body, on a valid day
WALK_IN = {
    "id_number": make_id_number(date(1990, 8, 3), 12, False),
    "name": "周建军",
    "phone": "13900001111",
    "trades": ["电工"],
    "days": [0, 1, 2],
    "start": "08:00",
    "end": "18:00",
    "home_street_code": "330106010",
    "expected_pay": 200,
}
VACANCY = {
    **vacancy_form(),
    "skills": ["Excel", "Python"],
    "headcount": 2,
    "salary_min": 6000,
    "salary_max": 8000,
}
STATION = {
    "name": "测试驿站",
    "kind": "gig_station",
    "address": "文二路 1 号",
    "street_code": "330106005",
    "lat": 30.28,
    "lng": 120.12,
    "opening_hours": "9:00-17:00",
}
PROFILE = {
    "skills": ["Excel"],
    "desired_titles": ["数据分析"],
    "expected_pay": 6000,
    "expected_pay_unit": "month",
    "max_distance_km": 10,
}

# (role, method, path, valid body, the table a refused request must leave as it was)
WRITES = [
    ("station_staff", "POST", "/api/v1/gigs/new", GIG, "gigs"),
    ("station_staff", "POST", "/api/v1/stations/walk-ins", WALK_IN, "people"),
    ("employer", "POST", "/api/v1/employers/vacancies", VACANCY, "vacancies"),
    ("admin", "POST", "/api/v1/stations/new", STATION, "stations"),
    ("seeker", "PUT", "/api/v1/seekers/me/profile", PROFILE, None),
]


def _spoiled(body: dict):
    for name, value in body.items():
        if isinstance(value, str):
            yield name, "long", LONG
            yield name, "nul", value[:1] + "\x00" + value[1:]
        elif isinstance(value, list) and value and isinstance(value[0], str):
            yield name, "long", [LONG]
            yield name, "nul", ["a\x00b"]
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield name, "huge", 10**300
            yield name, "1e400", "1e400"


def _count(table: str | None) -> int | None:
    if table is None:
        return None
    return db.session.execute(db.text(f"SELECT count(*) FROM {table}")).scalar()


@pytest.mark.parametrize(("role", "method", "path", "body", "table"), WRITES, ids=lambda v: str(v))
def test_one_spoiled_field_is_refused_by_name_and_nothing_is_saved(
    app, accounts, role, method, path, body, table
):
    client = accounts.client_for(role)
    if role == "seeker":
        identity = {"id_number": make_id_number(date(1998, 3, 1), 21, True), "name": "林晓"}
        assert client.post("/api/v1/seekers/me/identity", json=identity).status_code == 201
    problems = []
    for name, kind, value in _spoiled(body):
        with app.app_context():
            before = _count(table)
        raw = json.dumps({**body, name: value}, ensure_ascii=False)
        answer = client.open(path, method=method, data=raw, content_type="application/json")
        with app.app_context():
            after = _count(table)
        where = f"{method} {path} {name}={kind}"
        if answer.status_code not in (400, 422):
            problems.append(f"{where}: {answer.status_code}")
            continue
        fields = answer.get_json()["error"]["fields"]
        named = [f for f in fields if f == name or f.startswith((f"{name}.", f"{name}["))]
        if not named:
            problems.append(f"{where}: fields {sorted(fields)} do not name it")
        elif kind in ("huge", "1e400") and "应" not in fields[named[0]]:
            problems.append(f"{where}: {fields[named[0]]!r} does not say what is allowed")
        if after != before:
            problems.append(f"{where}: saved")
    assert problems == [], "\n".join(problems)
    # the same body unspoiled is taken: each refusal above was the spoiled field's
    assert client.open(path, method=method, json=body).status_code in (200, 201)


@pytest.mark.parametrize("raw", ["1e400", "1" + "0" * 300, "1e400_as_number"])
def test_pay_too_large_is_called_too_large(accounts, raw):
    client = accounts.client_for("station_staff")
    body = json.dumps({**GIG, "pay_amount": "PAY"}).replace(
        '"PAY"', "1e400" if raw == "1e400_as_number" else raw
    )
    answer = client.post("/api/v1/gigs/new", data=body, content_type="application/json")
    assert answer.status_code == 422
    message = answer.get_json()["error"]["fields"]["pay_amount"]
    assert "大于 0" not in message and (
        "过大" in message or "不超过" in message or "之间" in message
    )
