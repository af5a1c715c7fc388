"""Nothing a person can type or send makes a 5xx: ids past 64 bits in any path, text no
database can store (lone surrogates, NUL) in any JSON field, numbers that are not numbers
(sNaN, inf) in any number field, JSON nested beyond reason. Each answer names the field in
Chinese and changes nothing."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from jobhub.access import PUBLIC, SIGNED_IN, rule_for
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china

ROLES = ("seeker", "employer", "station_staff", "admin")
TOMORROW = (today_in_china() + timedelta(days=1)).isoformat()
HUGE = ("2147483648", "18446744073709551616", "9223372036854775808", "1" + "0" * 40)


@pytest.mark.parametrize("role", ROLES)
def test_no_path_id_past_64_bits_reaches_the_database(app, accounts, role):
    client = accounts.client_for(role)
    problems = []
    for rule in app.url_map.iter_rules():
        if "<int:" not in rule.rule:
            continue
        allowed = rule_for(app, rule.endpoint) or frozenset()
        if not (PUBLIC in allowed or SIGNED_IN in allowed or role in allowed):
            continue
        for huge in HUGE:
            path = re.sub(r"<int:[^>]+>", huge, rule.rule)
            path = re.sub(r"<[^>]+>", "cancel", path)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                status = client.open(path, method=method, json={}).status_code
                if status != 404:
                    problems.append(f"{method} {path}: {status}")
    assert problems == [], "\n".join(problems)


def _api_writes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.methods & {"POST", "PUT"}:
            yield rule


@pytest.mark.parametrize("bad", ["\ud800", "半个\udfff表情", "a\x00b"])
def test_text_no_database_can_store_is_refused_with_the_field_named(app, accounts, bad):
    client = accounts.client_for("station_staff")
    body = {
        "title": bad,
        "description": "搬运",
        "skills": ["搬运"],
        "address": "文二路 1 号",
        "nested": {"note": bad},
    }
    answer = client.post("/api/v1/gigs/new", json=body)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert set(error["fields"]) == {"title", "nested.note"}  # every such field, by name
    assert "无法识别的字符" in error["fields"]["title"]
    problems = []
    for rule in _api_writes(app):
        path = re.sub(r"<int:[^>]+>", "1", rule.rule)
        path = re.sub(r"<[^>]+>", "cancel", path)
        for method in sorted(rule.methods & {"POST", "PUT"}):
            response = client.open(path, method=method, json={"name": "张三", "note": bad})
            if response.status_code >= 500:
                problems.append(f"{method} {path}: {response.status_code}")
    assert problems == [], "\n".join(problems)
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM gigs")).scalar() == 0


def test_json_nested_beyond_reason_is_refused(client):
    deep = "[" * 5000 + "]" * 5000
    response = client.post("/api/v1/policy/evaluate", data=deep, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套层级过深" in json.dumps(response.get_json(), ensure_ascii=False)


def _gig_form(**values: str) -> dict[str, str]:
    form = {
        "title": "搬家装卸",
        "trade": "搬运工",
        "work_date": TOMORROW,
        "start_time": "09:00",
        "end_time": "12:00",
        "address": "文二路 1 号",
        "pay_amount": "200",
        "pay_unit": "day",
        "capacity": "2",
        "settlement": "daily",
    }
    return {**form, **values}


@pytest.mark.parametrize("bad", ["sNaN", "NaN", "inf", "-Infinity", "1e400", "一百", "1,000"])
def test_a_number_field_refuses_what_is_not_a_finite_number(app, accounts, bad):
    staff = accounts.client_for("station_staff")
    page = staff.post("/station/gigs/new", data=_gig_form(pay_amount=bad))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "报酬（元）应为数字" in text or "报酬应在 0.01 到 100000 元之间" in text
    admin = accounts.client_for("admin")
    station = {"name": "测试站", "kind": "station", "address": "文二路 1 号", "lat": bad}
    answer = admin.post("/station/admin/stations/new", data={**station, "lng": "120.1"})
    assert answer.status_code in (200, 404)
    if answer.status_code == 200:
        text = answer.get_data(as_text=True)
        assert "纬度应为数字" in text or "纬度应在 -90 到 90 之间" in text
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM gigs")).scalar() == 0


def test_capacity_zero_is_out_of_range_not_missing(app, accounts):
    staff = accounts.client_for("station_staff")
    text = staff.post("/station/gigs/new", data=_gig_form(capacity="0")).get_data(as_text=True)
    assert "名额应在 1 到 500 之间" in text and "请填写名额" not in text


@pytest.mark.parametrize("raw", ["18446744073709551616", "١٢", "12abc", "-1", ""])
def test_ids_posted_in_forms_are_ids_or_a_clear_refusal(app, accounts, raw):
    from jobhub.auth.models import User
    from tests.gigs import factory

    user_id, login = accounts.create("station_staff")
    client = app.test_client()
    accounts.login(client, login)
    with app.app_context():
        station = db.session.get(User, user_id).station_id
        person = factory.person(1, registered_station_id=station)
        gig = factory.gig(station)
        db.session.commit()
        person_id, gig_id = person.id, gig.id
    answers = [
        client.post(f"/station/people/{person_id}/dispatch", data={"gig_id": raw}),
        client.post(f"/station/gigs/{gig_id}/dispatch", data={"person_id": raw}),
    ]
    assert [a.status_code for a in answers] == [400, 400]
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM gig_claims")).scalar() == 0


def test_messages_and_form_values_speak_no_codes_and_no_exponents():
    from jobhub.numbers import plain_number
    from jobhub.seekers.inputs import Errors, choice, number

    errors = Errors()
    number("abc", "min_pay", "最低月薪", errors, low=0, high=1e6)
    choice("x", "kind", "岗位类型", errors, {"regular": "普通岗位", "traineeship": "就业见习"})
    messages = " ".join(errors.fields.values())
    assert "1000000" in messages and "e+" not in messages
    assert "普通岗位、就业见习" in messages and "regular" not in messages
    assert [plain_number(x) for x in (1e6, 1e7, 0.5, 12.25, 2490.0)] == [
        "1000000",
        "10000000",
        "0.5",
        "12.25",
        "2490",
    ]


def test_a_gig_description_has_a_length_limit_on_every_path(app, accounts):
    staff = accounts.client_for("station_staff")
    body = {
        "title": "搬家装卸",
        "trade": "搬运工",
        "employer_name": "某搬家公司",
        "description": "搬" * 10000,
        "address": "文二路 1 号",
        "street_code": "330106005",
        "work_date": TOMORROW,
        "start_time": "09:00",
        "end_time": "12:00",
        "pay_amount": 200,
        "pay_unit": "day",
        "capacity": 2,
        "settlement": "daily",
    }
    answer = staff.post("/api/v1/gigs/new", json=body)
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["description"] == "工作内容最多 2000 个字"
    huge = staff.post("/api/v1/gigs/new", json={**body, "description": "搬运", "pay_amount": 1e300})
    assert huge.get_json()["error"]["fields"]["pay_amount"] == "报酬应在 0.01 到 100000 元之间"
    with app.app_context():
        assert db.session.execute(db.text("SELECT count(*) FROM gigs")).scalar() == 0


@pytest.mark.parametrize("bad", ["\ud800", "1" + "0" * 400, "NaN", "<script>", "１２３４５６"])
def test_the_account_forms_refuse_bad_codes_and_phones_and_change_nothing(app, accounts, bad):
    """Registration, 找回密码 and the second factor: whatever is typed, no 5xx, the field named,
    no account made, no text sent, nobody signed in."""
    from urllib.parse import urlencode

    from jobhub.auth.models import User
    from jobhub.messaging import FileGateway

    def post(client, path, fields, **kwargs):
        # as a browser sends it: a lone surrogate arrives as the bytes of no character
        body = urlencode(fields, errors="surrogatepass")
        return client.post(
            path, data=body, content_type="application/x-www-form-urlencoded", **kwargs
        )

    client = app.test_client()
    password = "Sunny-Day-2026"
    forms = {
        "/auth/register": {"display_name": "小林", "password": password, "confirm": password},
        "/auth/register/employer": {
            "organisation_name": "某公司",
            "uscc": "91330106MA2000001X",
            "display_name": "王经理",
            "password": password,
            "confirm": password,
        },
        "/auth/reset": {"password": password, "confirm": password},
    }
    for path, data in forms.items():
        sent = post(client, path, {**data, "phone": bad, "send_code": "1"})
        assert sent.status_code == 200 and "手机号" in sent.get_data(as_text=True), path
        coded = post(client, path, {**data, "phone": "13912340000", "code": bad})
        assert coded.status_code == 200, path
        assert "短信验证码" in coded.get_data(as_text=True), path
    _, login = accounts.create("station_staff")
    client.post("/auth/login", data={"login": login, "password": accounts.PASSWORD})
    for path in ("/auth/second-factor", "/auth/totp-setup"):
        answer = post(client, path, {"code": bad}, follow_redirects=True)
        assert answer.status_code == 200 and "验证码" in answer.get_data(as_text=True), path
    assert client.get("/auth/password").status_code == 302  # still not signed in
    admin = accounts.client_for("admin")
    assert post(admin, "/auth/two-factor", {"code": bad}).status_code == 200
    assert admin.post(f"/admin/jobs/{'x' * 500}/retry").status_code == 302
    status = urlencode({"status": bad}, errors="surrogatepass")
    page = admin.get(f"/admin/occupation-corrections?{status}")
    assert page.status_code == 200 and "待确认" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2
    assert FileGateway(app.config).sent("sms") == []
