"""The demo district's market history: two years of closed vacancies, hires, seekers and two
layoff reports, written for this project (no real posting), so that the 薪酬价位, 供求状况 and
预警 pages have something to show. Deterministic (a fixed seed)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from jobhub.employers.models import Organisation, Vacancy
from jobhub.extensions import db
from jobhub.market.core import month_of, quarter_of, recent_quarters
from jobhub.market.models import LayoffReport
from jobhub.market.refresh import refresh
from jobhub.market.warnings import compute_indicators
from jobhub.policy.dates import CHINA_TZ
from jobhub.seekers.models import Application, Person

# code, title, monthly base pay (yuan), unit it is usually paid by
OCCUPATIONS = (
    ("4-03-02-01", "中式烹调师", 6200, "month"),
    ("4-03-02-05", "餐厅服务员", 4300, "hour"),
    ("4-09-08-01", "保洁员", 3600, "day"),
    ("4-10-01-05", "养老护理员", 5200, "month"),
    ("6-31-01-03", "电工", 6800, "day"),
    ("2-02-10-03", "软件开发工程师", 13500, "month"),
)
EMPLOYERS = (
    ("杭州示例餐饮连锁有限公司", "330106005"),
    ("杭州示例物业服务有限公司", "330106010"),
    ("杭州示例康养服务有限公司", "330106009"),
    ("杭州示例机电安装有限公司", "330106110"),
    ("杭州示例软件有限公司", "330106007"),
    ("杭州示例酒店管理有限公司", "330106002"),
)
QUARTERS = 8
SEEKERS = 200


def _moment(day: date, rng: random.Random) -> datetime:
    local = datetime.combine(day, time(9 + rng.randrange(8)), CHINA_TZ)
    return local.astimezone(UTC)


def _day_in(start: date, end: date, rng: random.Random, last: date) -> date:
    span = (min(end, last + timedelta(days=1)) - start).days
    return start + timedelta(days=rng.randrange(max(span, 1)))


def _facts(rng: random.Random) -> dict:
    """A birth date and gender (with the 退休类别 a woman's rules need), so that the policy
    pages read these people as they read anyone."""
    female = rng.random() < 0.5
    return {
        "birth_date": date(1972 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28)),
        "gender": "female" if female else "male",
        "retirement_category": "female_worker" if female else None,
        # no college degree: the graduate rules need no graduation date
        "education": rng.choice(("junior_middle", "senior_high", "secondary_vocational")),
    }


def seed_market_history(today: date, organisations: list[Organisation], uscc) -> None:
    """Add the history (flushed); ``uscc(n)`` makes a valid 统一社会信用代码."""
    rng = random.Random(18)
    orgs = list(organisations)
    for i, (name, street) in enumerate(EMPLOYERS, start=1):
        org = Organisation(name=name, uscc=uscc(100 + i), street_code=street, size="medium")
        db.session.add(org)
        orgs.append(org)
    db.session.flush()

    hired_people = []
    for i in range(24):
        person = Person(name=f"示例就业者{i + 1:02d}", employment_status="employed", **_facts(rng))
        db.session.add(person)
        hired_people.append(person)
    db.session.flush()

    for q_index, quarter in enumerate(recent_quarters(quarter_of(today), QUARTERS)):
        growth = 1 + 0.012 * q_index
        for code, title, base, unit in OCCUPATIONS:
            for _ in range(8 + rng.randrange(6)):
                org = rng.choice(orgs)
                monthly = base * growth * rng.uniform(0.8, 1.3)
                paid_by = unit if rng.random() < 0.7 else "month"
                factor = {"month": 1, "day": 21.75, "hour": 174}[paid_by]
                low = round(monthly / factor, 0 if paid_by == "month" else 1)
                high = round(low * rng.uniform(1.0, 1.3), 0 if paid_by == "month" else 1)
                day = _day_in(quarter.start, quarter.end, rng, today)
                vacancy = Vacancy(
                    organisation_id=org.id,
                    title=title,
                    description=f"{title}（演示历史岗位，已结束招聘）",
                    work_location="杭州市西湖区",
                    street_code=org.street_code,
                    occupation_code=code,
                    headcount=1 + rng.randrange(4),
                    salary_min=low,
                    salary_max=high,
                    salary_unit=paid_by,
                    status="closed",
                    review_verdict="ok",
                    published_at=_moment(day, rng),
                )
                db.session.add(vacancy)
                db.session.flush()
                if rng.random() < 0.5:
                    db.session.add(
                        Application(
                            vacancy_id=vacancy.id,
                            person_id=rng.choice(hired_people).id,
                            status="hired",
                            hired_on=min(day + timedelta(days=10 + rng.randrange(20)), today),
                        )
                    )

    streets = sorted({street for _name, street in EMPLOYERS})
    for i in range(SEEKERS):
        registered = today - timedelta(days=rng.randrange(270))
        wants = rng.sample([c for c, *_ in OCCUPATIONS], k=1 + rng.randrange(2))
        db.session.add(
            Person(
                name=f"示例求职者{i + 1:02d}",
                employment_status="unemployed",
                employment_since=registered - timedelta(days=rng.randrange(20)),
                desired_occupation_codes=wants,
                home_street_code=rng.choice(streets),
                created_at=_moment(registered, rng),
                summary="演示：供求统计样本",
                **_facts(rng),
            )
        )

    month_end = month_of(today).end - timedelta(days=1)
    for org, headcount, planned_on, reason in (
        (orgs[-6], 35, min(today + timedelta(days=20), month_end), "门店整合，关闭两家门店"),
        (orgs[-3], 12, today - timedelta(days=40), "项目结束，部分安装工人合同到期不续"),
    ):
        db.session.add(
            LayoffReport(
                organisation_id=org.id,
                headcount=headcount,
                planned_on=planned_on,
                reason=reason,
                street_code=org.street_code,
            )
        )
    db.session.flush()

    refresh(recent_quarters(quarter_of(today), QUARTERS))
    month = month_of(today)
    months = [month]
    for _ in range(11):
        months.append(months[-1].previous())
    for period in reversed(months):
        compute_indicators(period)
