"""Courses and institutions for the training tests: made in the database where the test is
not about how they were made, through the pages where it is."""

from __future__ import annotations

from datetime import timedelta

from jobhub.extensions import db
from jobhub.policy.dates import today_in_china


def training_course(institution_id: int, **overrides):
    """A published course on the 补贴培训目录 (flushed, not committed)."""
    from jobhub.training.models import Course

    values = {
        "title": "SQL 数据库应用（中级）",
        "description": "理论与实操结合。",
        "occupation_code": "4-04-05-04",
        "skills": ["sql"],
        "level": "intermediate",
        "hours": 64,
        "starts_on": today_in_china() + timedelta(days=14),
        "ends_on": today_in_china() + timedelta(days=44),
        "street_code": "330106005",
        "place": "翠苑街道文三路 88 号",
        "lat": 30.287,
        "lng": 120.125,
        "fee": 1800,
        "capacity": 30,
        "taken": 0,
        "subsidised": True,
        "status": "published",
    }
    values.update(overrides)
    course = Course(institution_id=institution_id, **values)
    db.session.add(course)
    db.session.flush()
    return course


def course_form(**overrides) -> dict:
    today = today_in_china()
    data = {
        "title": "SQL 数据库应用（中级）",
        "occupation_code": "4-04-05-04",
        "skills": "SQL",
        "level": "intermediate",
        "hours": "64",
        "starts_on": (today + timedelta(days=14)).isoformat(),
        "ends_on": (today + timedelta(days=44)).isoformat(),
        "street_code": "330106005",
        "place": "翠苑街道文三路 88 号",
        "fee": "1800",
        "capacity": "30",
        "description": "理论与实操结合，结业参加职业技能等级认定。",
    }
    data.update(overrides)
    return data
