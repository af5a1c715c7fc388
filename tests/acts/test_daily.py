"""The daily job (`flask acts daily`, on the job queue's inline runner here) on the days
around each boundary: it ends a 认定 when its basis goes, once, and lists reviews due at the
person's station."""

from __future__ import annotations

from datetime import timedelta

from jobhub.acts.models import ActEvent, DifficultyCertification
from jobhub.extensions import db
from jobhub.ops.worker import JOBS
from jobhub.policy.dates import add_months
from jobhub.seekers.policy import evaluate_person
from tests.acts.conftest import TODAY
from tests.acts.helpers import DISABLED, LOW_INCOME, backdate, certify, register_unemployed

DAY = timedelta(days=1)


def _daily(app, on) -> str:
    out = app.test_cli_runner().invoke(args=["acts", "daily", "--date", on.isoformat()])
    assert out.exit_code == 0, out.output
    return out.output


def _cert(cert_id):
    db.session.expire_all()
    return db.session.get(DifficultyCertification, cert_id)


def test_found_work_ends_the_certification_the_day_after_six_months(app, counter):
    staff_id, walk_in = counter
    from tests.acts.helpers import staff_user

    staff = staff_user(staff_id)
    person = walk_in(employment_status="unemployed")
    registration = register_unemployed(person, staff)
    cert = certify(person, staff, DISABLED)
    from jobhub.acts import services

    services.end_registration(registration, "employment_registration", actor=staff)
    db.session.commit()
    limit = add_months(TODAY, 6)
    assert "已完成" in _daily(app, limit)
    assert _cert(cert.id).status == "certified"
    _daily(app, limit + DAY)
    ended = _cert(cert.id)
    assert (ended.status, ended.end_reason, ended.ended_on) == ("ended", "employed", limit + DAY)
    last = ended.events[-1]
    assert (last.actor_role, last.actor_user_id, last.to_status) == ("system", None, "ended")
    assert "6个月" in last.note
    count = db.session.scalar(db.select(db.func.count(ActEvent.id)))
    _daily(app, limit + DAY)  # twice: nothing more
    assert db.session.scalar(db.select(db.func.count(ActEvent.id))) == count
    assert not evaluate_person(ended.person, limit + 2 * DAY).difficulty_categories
    assert evaluate_person(ended.person, limit).difficulty_categories  # it stood until then


def test_a_new_registration_keeps_the_certification(app, counter):
    staff_id, walk_in = counter
    from jobhub.acts import services
    from tests.acts.helpers import staff_user

    staff = staff_user(staff_id)
    person = walk_in(employment_status="unemployed")
    services.end_registration(register_unemployed(person, staff), "own_request", actor=staff)
    cert = certify(person, staff, DISABLED)
    db.session.commit()
    _daily(app, add_months(TODAY, 7))  # asked to end: that is not work
    assert _cert(cert.id).status == "certified"


def test_expired_evidence_ends_its_category_then_the_certification(app, counter):
    staff_id, walk_in = counter
    from tests.acts.helpers import staff_user

    staff = staff_user(staff_id)
    person = walk_in(age=52)
    until = TODAY + timedelta(days=30)
    evidence = {
        "low_income": {**LOW_INCOME["low_income"], "valid_until": until.isoformat()},
        "disabled": {**DISABLED["disabled"], "valid_until": (until + 10 * DAY).isoformat()},
    }
    cert = certify(person, staff, evidence)
    db.session.commit()
    _daily(app, until)
    assert {c: e["decision"] for c, e in _cert(cert.id).categories.items()} == {
        "low_income": "approved",
        "disabled": "approved",
    }
    _daily(app, until + DAY)
    partly = _cert(cert.id)
    assert partly.status == "certified"
    assert partly.categories["low_income"]["decision"] == "ended"
    held = {c.code for c in evaluate_person(partly.person, until + DAY).difficulty_categories}
    assert held == {"disabled"}
    _daily(app, until + 11 * DAY)
    assert (_cert(cert.id).status, _cert(cert.id).end_reason) == ("ended", "evidence_expired")


def test_reaching_the_retirement_date_ends_it(app, counter):
    staff_id, walk_in = counter
    from jobhub.policy import load_profile
    from jobhub.policy.retirement import evaluate_retirement
    from jobhub.seekers.policy import person_facts
    from tests.acts.helpers import staff_user

    person = walk_in(age=62)
    cert = certify(person, staff_user(staff_id), DISABLED)
    db.session.commit()
    retires = evaluate_retirement(person_facts(person), load_profile("default"), TODAY).date
    _daily(app, retires - DAY)
    assert _cert(cert.id).status == "certified"
    _daily(app, retires)
    assert _cert(cert.id).end_reason == "retired"


def test_reviews_due_are_listed_at_the_persons_station_from_the_review_date(app, counter):
    staff_id, walk_in = counter
    from jobhub.stations.due import due_today
    from tests.acts.helpers import staff_user

    staff = staff_user(staff_id)
    cert = certify(walk_in(), staff, DISABLED)
    backdate(cert, 365 - 1)  # review tomorrow
    db.session.commit()
    with app.test_request_context():
        assert not [i for i in due_today(staff.station_id, TODAY) if i.kind == "act_review"]
        backdate(_cert(cert.id), 1)
        [item] = [i for i in due_today(staff.station_id, TODAY) if i.kind == "act_review"]
    assert "孙建国" in item.text and "复核" in item.text and "孙**" in item.message_text
    notified = []
    from jobhub.acts import notify

    original = notify.reviews_due
    notify.reviews_due = lambda station, ids: notified.append((station, ids))
    try:
        _daily(app, TODAY)
    finally:
        notify.reviews_due = original
    assert notified == [(staff.station_id, (cert.id,))]


def test_the_worker_runs_it_every_night_and_at_start():
    job = next(j for j in JOBS if j.name == "acts-daily")
    assert job.command == ("acts", "daily") and job.at_start


def test_a_bad_date_is_refused_in_chinese(app):
    out = app.test_cli_runner().invoke(args=["acts", "daily", "--date", "明天"])
    assert out.exit_code != 0 and "日期应为 YYYY-MM-DD" in out.output
