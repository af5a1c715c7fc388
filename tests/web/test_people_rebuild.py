"""The people index's rebuild reads the key groups from the stored evaluations (jobhub.lists)
and people in blocks; its rows are those made by evaluating every person (``peoplesvc.entry``),
also for people whose stored evaluation is missing, stale, of another day or of other rules."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update

from jobhub import peoplesvc
from jobhub.acts.models import DifficultyCertification, UnemploymentRegistration
from jobhub.extensions import db
from jobhub.lists.models import PolicySnapshot
from jobhub.policy.dates import today_in_china
from jobhub.seekers.models import Person
from tests.lists.test_stored_lists import _varied_people


def _acts(ids: list[int]) -> None:
    """失业登记 for one person in three (the young ones get the 就业见习 youth flag) and a
    认定 of 就业困难人员 (残疾) for one in five, committed (the change hook refreshes their rows)."""
    today = today_in_china()
    for i, pid in enumerate(ids):
        if i % 3 == 0:
            db.session.add(
                UnemploymentRegistration(
                    person_id=pid,
                    status="registered",
                    applied_via="counter",
                    residence="hukou",
                    registered_on=today - timedelta(days=40),
                )
            )
        if i % 5 == 0:
            db.session.add(
                DifficultyCertification(
                    person_id=pid,
                    status="certified",
                    applied_via="counter",
                    categories={"disabled": {"decision": "approved", "evidence": []}},
                    certified_on=today - timedelta(days=30),
                )
            )
    db.session.commit()


def _outdated(ids: list[int]) -> set[int]:
    """Change the facts of some people behind the change hook's back (so their stored rows are
    wrong) and make each row untrustworthy in one of the four ways: marked stale, missing, of
    another day, of other rules. Returns their ids."""
    chosen = ids[1:40:3]
    db.session.execute(
        update(Person)
        .where(Person.id.in_(chosen))
        .values(
            employment_status="unemployed",
            education="bachelor",
            graduation_date=today_in_china() - timedelta(days=100),
            birth_date=today_in_china() - timedelta(days=23 * 365),
        )
        .execution_options(synchronize_session=False)
    )
    ways = (
        {"stale": True},
        None,
        {"evaluated_on": today_in_china() - timedelta(days=1)},
        {"rules_version": "an earlier notice"},
    )
    for i, pid in enumerate(chosen):
        way = ways[i % len(ways)]
        row = PolicySnapshot.person_id == pid
        if way is None:
            db.session.execute(delete(PolicySnapshot).where(row))
        else:
            db.session.execute(update(PolicySnapshot).where(row).values(**way))
    db.session.commit()
    return set(chosen)


def _population(app) -> set[int]:
    """Varied people with acts and current stored rows, then some outdated (their ids)."""
    with app.app_context():
        ids = _varied_people(90)
        _acts(ids)
        app.config["POLICY_REFRESH_ON_CHANGE"] = False
        return _outdated(ids)


def test_the_rebuild_from_stored_evaluations_equals_evaluating_everyone(app, monkeypatch):
    outdated = _population(app)
    with app.app_context():
        today = today_in_china()
        evaluated = []
        real = peoplesvc.evaluate

        def counted(facts, as_of, profile):  # noqa: ANN001, ANN202
            evaluated.append(facts)
            return real(facts, as_of, profile)

        monkeypatch.setattr(peoplesvc, "evaluate", counted)
        fast = {e.seeker.id: e for block in peoplesvc._indexed_people() for e in block_of(block)}
        # only the people whose stored evaluation cannot be trusted were evaluated
        assert len(evaluated) == len(outdated)
        db.session.expunge_all()
        slow = {
            p.id: peoplesvc.entry(p, today)
            for p in db.session.scalars(select(Person).order_by(Person.id))
        }
    assert fast == slow
    # the population has what the key groups and the youth flag depend on
    groups = [set(e.seeker.key_groups) for e in slow.values()]
    for group in ("graduate_within_2y", "veteran", "employment_difficulty"):
        assert sum(group in g for g in groups) >= 3, group
    assert sum(e.seeker.registered_unemployed_youth for e in slow.values()) >= 2


def block_of(people):  # noqa: ANN001, ANN201
    return peoplesvc.entries_of(people, today_in_china())


def test_trusting_every_stored_row_would_list_other_key_groups(app, monkeypatch):
    """The comparison above can fail: with the stored rows taken whatever their state, the
    people changed behind the hook's back get their old key groups."""
    from jobhub.lists import queries

    outdated = _population(app)
    with app.app_context():
        today = today_in_china()
        monkeypatch.setattr(queries, "current_rows", lambda _day, _version: ())
        fast = {e.seeker.id: e for block in peoplesvc._indexed_people() for e in block_of(block)}
        db.session.expunge_all()
        slow = {p.id: peoplesvc.entry(p, today) for p in db.session.scalars(select(Person))}
    differ = {pid for pid in slow if fast[pid] != slow[pid]}
    assert differ and differ <= outdated
