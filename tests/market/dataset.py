"""A small labour market whose figures are computed by hand in the tests' docstrings.

2026Q3 (1 July – 30 September 2026, China time). Codes: X1 4-03-02-01 中式烹调师 and X2
4-03-02-02 中式面点师 (both 小类 4-03-02-00, 中类 4-03-00-00), X3 6-31-01-03 电工.
Streets: 330106005 翠苑街道 and 330106010 转塘街道 (county 330106).

X1 in 翠苑, monthly equivalents (21.75 days, 8 hours):
  org1 6000–8000/month → 7000 (published 1 July 00:30 China time = 30 June 16:30 UTC)
  org2 5000/month (no maximum) → 5000
  org3 200–300/day → 250 × 21.75 = 5437.5
  org4 30/hour → 30 × 8 × 21.75 = 5220
  org5 9000–11000/month → 10000, and 8000/month → 8000
  sorted 5000, 5220, 5437.5, 7000, 8000, 10000 (6 vacancies, 5 employers)
  P10 = 5000 + .5 × 220 = 5110; P25 = 5220 + .25 × 217.5 = 5274.375; P50 = 5437.5 + .5 × 1562.5
  = 6218.75; P75 = 7000 + .75 × 1000 = 7750; P90 = 8000 + .5 × 2000 = 9000.
Left out: org1 99999/month published 30 June 23:30 China time (Q2), a draft, a rejected one.
X2 in 转塘: org6 4000/month. X3 in 翠苑: orgs 7–10, 6000/month each (4 employers: suppressed).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from jobhub.demo import make_uscc
from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.seekers.models import Application, Person
from jobhub.stations.models import Household, Station

X1, X2, X3 = "4-03-02-01", "4-03-02-02", "6-31-01-03"
CUIYUAN, ZHUANTANG = "330106005", "330106010"
IN_Q3 = datetime(2026, 8, 1, 2, 0, tzinfo=UTC)


def build() -> dict[str, int]:
    orgs = []
    for i in range(1, 11):
        org = Organisation(name=f"样本单位{i}", uscc=make_uscc(500 + i), street_code=CUIYUAN)
        db.session.add(org)
        orgs.append(org)
    db.session.flush()

    def vacancy(
        org,
        code,
        lo,
        hi,
        unit="month",
        *,
        street=CUIYUAN,
        headcount=1,
        at=IN_Q3,
        status="published",
    ):
        v = Vacancy(
            organisation_id=orgs[org - 1].id,
            title="样本岗位",
            description="样本",
            work_location="样本地址",
            street_code=street,
            occupation_code=code,
            salary_min=lo,
            salary_max=hi,
            salary_unit=unit,
            headcount=headcount,
            status=status,
            published_at=at,
        )
        db.session.add(v)
        db.session.flush()
        return v

    first = vacancy(1, X1, 6000, 8000, headcount=2, at=datetime(2026, 6, 30, 16, 30, tzinfo=UTC))
    second = vacancy(2, X1, 5000, None)
    vacancy(3, X1, 200, 300, "day", headcount=3)
    vacancy(4, X1, 30, 30, "hour")
    vacancy(5, X1, 9000, 11000)
    vacancy(5, X1, 8000, 8000, status="closed")
    vacancy(1, X1, 99999, 99999, headcount=50, at=datetime(2026, 6, 30, 15, 30, tzinfo=UTC))
    vacancy(2, X1, 1, 1, headcount=50, status="draft", at=None)
    vacancy(3, X1, 1, 1, headcount=50, status="rejected")
    vacancy(6, X2, 4000, 4000, street=ZHUANTANG, headcount=2)
    for org in range(7, 11):
        vacancy(org, X3, 6000, 6000)

    created = datetime(2026, 8, 1, 1, 0, tzinfo=UTC)
    before = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)

    def person(name, codes, status, *, at=created, since=None, street=CUIYUAN):
        p = Person(
            name=name,
            desired_occupation_codes=codes,
            employment_status=status,
            employment_since=since,
            home_street_code=street,
            created_at=at,
        )
        db.session.add(p)
        db.session.flush()
        return p

    person("甲", [X1, X2], "unemployed", since=date(2026, 8, 3))
    person("乙", [X1], None)
    person("丙", [X3], "employed")
    applied = person("丁", [X1], "unemployed", at=before)
    person("戊", [X1], "unemployed", at=before)  # no activity in the quarter
    hired_employed = person("己", [X1], "employed", at=before)
    for who, vac, day in (
        (applied, first, date(2026, 8, 10)),
        (hired_employed, second, date(2026, 8, 12)),
    ):
        db.session.add(
            Application(
                vacancy_id=vac.id,
                person_id=who.id,
                status="hired",
                hired_on=day,
                created_at=datetime(2026, 8, 5, 3, 0, tzinfo=UTC),
            )
        )
    db.session.add(
        Station(name="翠苑样本驿站", address="样本路", street_code=CUIYUAN, lat=30.28, lng=120.12)
    )
    db.session.add(Household(label="样本户", street_code=ZHUANTANG, marked_on=date(2026, 7, 1)))
    db.session.flush()
    return {"org1": orgs[0].id}


def add_layoff(organisation_id: int, headcount: int, planned_on: date, street: str = CUIYUAN):
    """A layoff report as an employer of ``street`` files it (flushed)."""
    from jobhub.market.models import LayoffReport

    db.session.add(
        LayoffReport(
            organisation_id=organisation_id,
            headcount=headcount,
            planned_on=planned_on,
            reason="生产线外迁",
            street_code=street,
        )
    )
    db.session.flush()
