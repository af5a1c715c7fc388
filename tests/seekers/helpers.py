"""Shared set-up for the seekers, employers and admin tests: people who register and fill in a
profile through the pages, employers who post through the pages, and a matching index in a
temporary directory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobhub.demo import make_id_number
from jobhub.policy.dates import today_in_china

TODAY = today_in_china()


def months_ago(n: int) -> date:
    return TODAY - timedelta(days=round(n * 30.44))


@pytest.fixture
def app(make_app, tmp_path):
    """The app with the matching index kept in this test's temporary directory."""
    return make_app(MATCHING_INDEX_DIR=str(tmp_path / "matching"))


class People:
    """Seekers and employers created through the real pages."""

    def __init__(self, app, accounts) -> None:
        self.app = app
        self.accounts = accounts
        self.seq = 40

    def seeker(
        self,
        name: str = "林晓雨",
        *,
        birth: date = date(2002, 3, 14),
        female: bool = True,
        profile: dict | None = None,
        id_number: str | None = None,
    ):
        """A logged-in seeker client with 实名 and a profile; returns (client, person_id)."""
        self.seq += 1
        client = self.app.test_client()
        _uid, login = self.accounts.create("seeker")
        assert self.accounts.login(client, login).status_code == 302
        number = id_number or make_id_number(birth, self.seq, female)
        response = client.post("/seeker/identity", data={"name": name, "id_number": number})
        assert response.status_code == 302, response.get_data(as_text=True)
        data = {
            "education": "bachelor",
            "employment_status": "unemployed",
            "skills": "Python、Excel、数据分析",
            "desired_titles": "数据分析",
            "home_street_code": "330106005",
            "max_distance_km": "15",
        }
        data.update(profile or {})
        response = client.post("/seeker/profile", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client, self.person_id(name, number)

    def person_id(self, name: str, number: str) -> int:
        from jobhub.seekers.models import find_person_by_id_number

        with self.app.app_context():
            return find_person_by_id_number(number).id

    def employer(self, *, size: str = "small", public: bool = False):
        """A logged-in employer client; returns (client, organisation_id)."""
        from jobhub.auth.models import User
        from jobhub.employers.models import Organisation
        from jobhub.extensions import db

        client = self.app.test_client()
        user_id, login = self.accounts.create("employer")
        with self.app.app_context():
            user = db.session.get(User, user_id)
            org = db.session.get(Organisation, user.organisation_id)
            org.size = size
            org.is_public_employer = public
            org.street_code = "330106007"
            org.lat, org.lng = 30.284, 120.113
            org_id = org.id
            db.session.commit()
        assert self.accounts.login(client, login).status_code == 302
        return client, org_id


def vacancy_form(**overrides) -> dict:
    data = {
        "title": "数据分析助理",
        "kind": "regular",
        "employment_type": "full_time",
        "description": "负责整理业务数据、制作周报和月报，使用 Excel 和 Python 做基础分析。提供五险一金。",
        "skills": "Excel、Python、数据分析",
        "headcount": "2",
        "work_location": "杭州市西湖区古荡街道文三路 90 号",
        "street_code": "330106007",
        "salary_min": "6000",
        "salary_max": "8000",
        "salary_unit": "month",
        "valid_until": (TODAY + timedelta(days=60)).isoformat(),
        "occupation_code": "",
        "justification": "",
    }
    data.update(overrides)
    return data


def post_vacancy(client, **overrides) -> int:
    """Post a vacancy through the page; returns its id (it must be saved)."""
    response = client.post("/employer/vacancies/new", data=vacancy_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def build_index(app) -> int:
    from jobhub import matchsvc

    with app.app_context():
        return matchsvc.rebuild_index()


@pytest.fixture
def people(app, accounts):
    return People(app, accounts)
