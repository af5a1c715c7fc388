"""Every date a person types has bounds from its meaning, on every page and API that takes it:
an impossible date (2099-01-01, 1900-01-01) is refused with a message naming the field and the
bound, and nothing is saved (issue 21 item 1). Amounts of money likewise: negative, past the
cent or past a plausible bound is refused naming the field (item 2's class)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person

BIRTH = date(2002, 3, 14)  # the helpers' seeker: 16 on 2018-03-14, 18 on 2020-03-14
TODAY = today_in_china()
WALK_IN = make_id_number(date(1990, 5, 6), 77, False)  # 16 on 2006-05-06


def _gig(**values):
    body = {
        "title": "搬家装卸",
        "trade": "搬运工",
        "address": "文二路 1 号",
        "street_code": "330106005",
        "start_time": "09:00",
        "end_time": "12:00",
        "pay_amount": "300",
        "pay_unit": "day",
        "capacity": "2",
        "settlement": "daily",
    }
    return {**body, **values}


# (who, method, path, how the body is sent, body, field, the bound named in the message)
CASES = [
    ("seeker", "post", "/seeker/profile", "form",
     {"graduation_date": "1900-01-01", "education": "bachelor"},
     "graduation_date", "毕业（离校）日期不能早于本人年满18周岁之日（大学本科毕业的最小合理年龄）（2020-03-14）"),
    ("seeker", "post", "/seeker/profile", "form",
     {"graduation_date": "2099-01-01", "education": "bachelor"},
     "graduation_date", "毕业（离校）日期不能晚于一年后"),
    ("seeker", "post", "/seeker/profile", "form", {"employment_since": "2099-01-01"},
     "employment_since", f"当前状态开始日期不能晚于今天（{TODAY.isoformat()}）"),
    ("seeker", "put", "/api/v1/seekers/me/profile", "json", {"graduation_date": "1900-01-01"},
     "graduation_date", "毕业（离校）日期不能早于本人年满18周岁之日"),
    ("seeker", "put", "/api/v1/seekers/me/profile", "json", {"employment_since": "2010-01-01"},
     "employment_since", "当前状态开始日期不能早于本人年满16周岁之日（2018-03-14）"),
    ("seeker", "post", "/seeker/sensitive/unemployment_registered_since", "form",
     {"action": "set", "consent": "y", "since": "1900-01-01"},
     "since", "失业登记日期不能早于本人年满16周岁之日（2018-03-14）"),
    ("seeker", "put", "/api/v1/seekers/me/sensitive/unemployment_registered_since", "json",
     {"consent": True, "since": "2099-01-01"},
     "since", f"失业登记日期不能晚于今天（{TODAY.isoformat()}）"),
    ("staff", "post", "/station/walk-in", "form",
     {"step": "register", "id_number": WALK_IN, "name": "周丽", "consent": "y",
      "unemployment_registered_since": "2099-01-01"},
     "unemployment_registered_since", f"失业登记日期不能晚于今天（{TODAY.isoformat()}）"),
    ("staff", "post", "/api/v1/stations/walk-ins", "json",
     {"id_number": WALK_IN, "name": "周丽", "consent": True,
      "unemployment_registered_since": "1900-01-01"},
     "unemployment_registered_since", "失业登记日期不能早于本人年满16周岁之日（2006-05-06）"),
    ("staff", "post", "/station/gigs/new", "form", _gig(work_date="2099-01-01"),
     "work_date", "用工日期不能晚于一年后"),
    ("staff", "post", "/api/v1/gigs/new", "json",
     {**_gig(work_date="1900-01-01"), "pay_amount": 300, "capacity": 2},
     "work_date", f"用工日期不能早于今天（{TODAY.isoformat()}）"),
    ("staff", "post", "/api/v1/gigs/new", "json",
     {**_gig(work_date=TODAY.isoformat(), settle_by="2099-01-01"), "pay_amount": 300, "capacity": 2},
     "settle_by", f"最迟结算日期不能晚于用工日期后15天（非全日制用工结算周期最长15日，劳动合同法第七十二条）（{(TODAY + timedelta(days=15)).isoformat()}）"),
    ("anyone", "post", "/api/v1/policy/evaluate", "json",
     {"as_of": "2026-01-05", "person": {"birth_date": "2002-03-14", "gender": "female",
      "employment_status": "unemployed", "unemployment_registered_since": "2017-01-01"}},
     "person.unemployment_registered_since", "失业登记日期不能早于本人年满16周岁之日（2018-03-14）"),
    ("anyone", "post", "/api/v1/policy/evaluate", "json",
     {"as_of": "2026-01-05", "person": {"birth_date": "2002-03-14", "gender": "female",
      "education": "master", "graduation_date": "2019-06-30"}},
     "person.graduation_date", "毕业（离校）日期不能早于本人年满20周岁之日（硕士研究生毕业"),
]  # fmt: skip


MONEY = "应为 0 到 {} 之间的金额（元），最多两位小数"
MONEY_CASES = [
    ("seeker", "post", "/seeker/profile", "form", {"expected_pay": "-5", "expected_pay_unit": "day"},
     "expected_pay", "期望薪资" + MONEY.format(200000)),
    ("seeker", "put", "/api/v1/seekers/me/profile", "json",
     {"expected_pay": 1.234, "expected_pay_unit": "day"}, "expected_pay", "期望薪资" + MONEY.format(200000)),
    ("seeker", "put", "/api/v1/seekers/me/profile", "json", {"monthly_contribution": 1e9},
     "monthly_contribution", "每月个人缴纳社保费" + MONEY.format(100000)),
    ("staff", "post", "/station/walk-in", "form",
     {"step": "register", "id_number": WALK_IN, "name": "周丽", "expected_pay": "-5"},
     "expected_pay", "期望报酬" + MONEY.format(100000)),
    ("staff", "post", "/api/v1/stations/walk-ins", "json",
     {"id_number": WALK_IN, "name": "周丽", "expected_pay": 150.555},
     "expected_pay", "期望报酬" + MONEY.format(100000)),
    ("staff", "post", "/station/gigs/new", "form",
     _gig(work_date=(TODAY + timedelta(days=1)).isoformat(), pay_amount="300.125"),
     "pay_amount", "报酬最多保留两位小数"),
    ("staff", "post", "/api/v1/gigs/new", "json",
     {**_gig(work_date=(TODAY + timedelta(days=1)).isoformat()), "pay_amount": -300, "capacity": 2},
     "pay_amount", "报酬应在 0.01 到 100000 元之间"),
    ("employer", "post", "/api/v1/employers/vacancies", "json",
     {"salary_min": -1, "salary_max": 8000, "salary_unit": "month"},
     "salary_min", "最低薪资" + MONEY.format(10000000)),
    ("anyone", "post", "/api/v1/policy/evaluate", "json",
     {"person": {"birth_date": "1990-01-01", "gender": "male", "monthly_contribution": 1.234}},
     "person.monthly_contribution", "每月个人缴费应为不小于0的金额（元），最多保留两位小数"),
]  # fmt: skip


def _saved(app) -> tuple:
    with app.app_context():
        people = db.session.execute(db.select(Person).order_by(Person.id)).scalars().all()
        state = [
            (p.id, p.graduation_date, p.employment_since, sorted((p.sensitive or {}).keys()))
            for p in people
        ]
        gigs = db.session.execute(db.text("SELECT count(*) FROM gigs")).scalar()
        visits = db.session.execute(db.text("SELECT count(*) FROM station_visits")).scalar()
        vacancies = db.session.execute(db.text("SELECT count(*) FROM vacancies")).scalar()
    return state, gigs, visits, vacancies


@pytest.mark.parametrize(
    "who,method,path,kind,body,field,message",
    CASES + MONEY_CASES,
    ids=[f"{c[2]}:{c[5]}" for c in CASES + MONEY_CASES],
)
def test_an_impossible_date_or_amount_is_refused_naming_field_and_bound(
    app, people, accounts, who, method, path, kind, body, field, message
):
    if who == "seeker":
        client, _ = people.seeker(birth=BIRTH)
    elif who == "staff":
        client = accounts.client_for("station_staff")
    elif who == "employer":
        client, _ = people.employer()
    else:
        client = app.test_client()
    before = _saved(app)
    send = getattr(client, method)
    if kind == "json":
        answer = send(path, json=body)
        assert answer.status_code == 422, answer.get_data(as_text=True)
        assert message in answer.get_json()["error"]["fields"][field]
    else:
        answer = send(path, data=body, follow_redirects=True)
        assert answer.status_code == 200
        assert message in answer.get_data(as_text=True)
    assert _saved(app) == before


def test_dates_within_their_bounds_are_taken(app, people):
    client, pid = people.seeker(birth=BIRTH)
    since = (TODAY - timedelta(days=400)).isoformat()
    answer = client.put(
        "/api/v1/seekers/me/sensitive/unemployment_registered_since",
        json={"consent": True, "since": since},
    )
    assert answer.status_code == 200, json.dumps(answer.get_json(), ensure_ascii=False)
    saved = client.put("/api/v1/seekers/me/profile", json={"graduation_date": "2024-06-30"})
    assert saved.status_code == 200
    with app.app_context():
        assert db.session.get(Person, pid).graduation_date == date(2024, 6, 30)
