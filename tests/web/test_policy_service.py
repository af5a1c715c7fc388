"""The policy engine on stored people: the demo district has someone in every key group."""

from datetime import date

from jobhub.extensions import db
from jobhub.seekers.models import Person
from jobhub.seekers.policy import evaluate_person


def test_demo_people_cover_every_key_group(app, runner):
    runner.invoke(args=["jobhub", "seed-demo"])
    with app.app_context():
        groups, missing = set(), {}
        for person in db.session.scalars(db.select(Person)):
            # today: the demo is dated from the day it is seeded
            evaluation = evaluate_person(person)
            groups |= {g.code for g in evaluation.key_groups}
            if evaluation.missing:
                missing[person.name] = evaluation.missing
    assert groups >= {"graduate_within_2y", "veteran", "employment_difficulty"}
    assert missing == {}  # the demo's people have said what the rules need


def test_declared_statuses_reach_the_engine_as_pending_and_withdrawal_removes_them(app):
    with app.app_context():
        person = Person(
            name="测试",
            birth_date=date(1990, 1, 1),
            gender="male",
            employment_status="unemployed",
            sensitive={"disabled": {"value": True, "consented_at": "2026-11-01"}},
        )
        db.session.add(person)
        db.session.commit()
        evaluation = evaluate_person(person, date(2026, 11, 22))
        assert evaluation.difficulty_categories == ()  # a declaration grants nothing
        pending = {c.code for c in evaluation.category_checks if c.pending}
        assert pending == {"disabled"}
        person.sensitive = None  # consent withdrawn: the status is erased
        db.session.commit()
        evaluation = evaluate_person(person, date(2026, 11, 22))
        assert not any(c.pending for c in evaluation.category_checks)


def test_a_person_without_birth_date_is_not_evaluated(app):
    with app.app_context():
        assert evaluate_person(Person(name="未实名")) is None
