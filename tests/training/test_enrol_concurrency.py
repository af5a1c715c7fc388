"""No over-booking of a course: many people enrol at once on real connections, as the gig
claims are tested (tests/gigs/test_claim_concurrency.py). On SQLite always and on PostgreSQL
when JOBHUB_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import threading

import pytest

from jobhub.extensions import db
from jobhub.seekers.inputs import Conflict
from jobhub.seekers.models import Person
from jobhub.training.enrolment import enrol
from jobhub.training.models import Course, Enrolment, TrainingInstitution
from tests.gigs import factory
from tests.training.helpers import training_course

PEOPLE = 24


def _race(app, course_id: int, people: list[int]) -> list[str]:
    barrier = threading.Barrier(len(people))
    outcomes = [""] * len(people)

    def run(i: int, person_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)  # before any query: no connection held waiting
                person = db.session.get(Person, person_id)
                enrol(course_id, person, actor=None)
                db.session.commit()
                outcomes[i] = "ok"
            except Conflict as exc:
                db.session.rollback()
                outcomes[i] = exc.message
            except Exception as exc:  # noqa: BLE001 - the test reports every other error
                db.session.rollback()
                outcomes[i] = f"error: {type(exc).__name__}: {exc}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _setup(app, capacity: int, people: int) -> tuple[int, list[int]]:
    from jobhub.demo import make_uscc

    with app.app_context():
        institution = TrainingInstitution(name="某培训学校", uscc=make_uscc(4321))
        db.session.add(institution)
        db.session.flush()
        course_id = training_course(institution.id, capacity=capacity).id
        ids = [factory.person(i + 1).id for i in range(people)]
        db.session.commit()
        return course_id, ids


@pytest.mark.parametrize("capacity", [1, 3, 10])
def test_concurrent_enrolments_take_exactly_the_places(app, capacity):
    course_id, people = _setup(app, capacity, PEOPLE)
    outcomes = _race(app, course_id, people)
    assert outcomes.count("ok") == capacity, sorted(set(outcomes))
    assert all(o in ("ok", "名额已满。") for o in outcomes), outcomes
    with app.app_context():
        course = db.session.get(Course, course_id)
        holders = db.session.scalars(
            db.select(Enrolment.person_id).where(
                Enrolment.course_id == course_id, Enrolment.active.is_(True)
            )
        ).all()
        assert course.taken == capacity == len(holders) == len(set(holders))
        winners = {p for p, o in zip(people, outcomes, strict=True) if o == "ok"}
        assert set(holders) == winners


def test_one_person_enrolling_twenty_times_at_once_holds_one_place(app):
    course_id, [person_id] = _setup(app, 10, 1)
    outcomes = _race(app, course_id, [person_id] * 20)
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "已报名该课程。"}
    with app.app_context():
        assert db.session.get(Course, course_id).taken == 1
