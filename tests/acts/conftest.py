"""The counter fixture of the acts tests: a station worker and walk-ins of their station."""

from __future__ import annotations

from datetime import date

import pytest

from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from tests.acts.helpers import staff_user
from tests.seekers.helpers import app, people  # noqa: F401  (fixtures shared with seekers)

TODAY = today_in_china()


@pytest.fixture
def counter(app, accounts):  # noqa: F811  (app: the fixture imported above)
    """(staff user id, a factory of walk-ins of the staff's station)."""
    staff_id, _ = accounts.create("station_staff")
    seq = iter(range(60, 99))

    def walk_in(age: int = 45, female: bool = False, **extra) -> Person:
        staff = staff_user(staff_id)
        birth = date(TODAY.year - age, 3, 3)
        person = Person(name="孙建国", registered_station_id=staff.station_id, **extra)
        person.id_number = make_id_number(birth, next(seq), female)
        person.birth_date, person.gender = birth, "female" if female else "male"
        db.session.add(person)
        db.session.flush()
        return person

    with app.app_context():
        yield staff_id, walk_in
