"""Small builders for gig and station tests (real rows through the models)."""

from __future__ import annotations

from datetime import date, time, timedelta

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.gigs.models import Gig
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from jobhub.stations.models import Station


def station(**extra) -> Station:
    values = dict(
        name="测试驿站",
        address="翠苑街道文二西路 3 号",
        street_code="330106005",
        lat=30.287,
        lng=120.125,
    )
    values.update(extra)
    s = Station(**values)
    db.session.add(s)
    db.session.flush()
    return s


def gig(station_id: int | None, capacity: int = 3, **extra) -> Gig:
    values = dict(
        station_id=station_id,
        employer_name="杭州翠苑鲜厨餐饮管理有限公司",
        title="宴会帮厨",
        trade="厨工",
        skills=["切配"],
        work_date=today_in_china() + timedelta(days=1),
        start_time=time(9, 0),
        end_time=time(14, 0),
        address="翠苑街道学院路 28 号",
        street_code="330106005",
        lat=30.288,
        lng=120.126,
        pay_amount=30,
        pay_unit="hour",
        capacity=capacity,
        taken=0,
        settlement="daily",
        status="open",
    )
    values.update(extra)
    g = Gig(**values)
    db.session.add(g)
    db.session.flush()
    return g


def person(seq: int, **extra) -> Person:
    birth = extra.pop("birth", date(1975, 3, 1) + timedelta(days=seq * 37))
    female = extra.pop("female", seq % 2 == 0)
    values = dict(
        name=extra.pop("name", f"工人{seq}"),
        birth_date=birth,
        gender="female" if female else "male",
        employment_status="unemployed",
        home_street_code="330106005",
        lat=30.287,
        lng=120.125,
        max_distance_km=10,
        skills=["切配"],
        trades=["厨工"],
        desired_titles=["厨工"],
    )
    values.update(extra)
    p = Person(**values)
    p.id_number = make_id_number(birth, seq, female)
    db.session.add(p)
    db.session.flush()
    return p
