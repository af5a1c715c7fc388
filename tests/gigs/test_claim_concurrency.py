"""No over-booking: many people claim the same gig at once, on real connections.

Each claimant is a thread with its own app context, so its own session and its own database
connection, started together behind a barrier. Run on SQLite always and on PostgreSQL when
JOBHUB_TEST_POSTGRES_URL is set (see tests/conftest.py).
"""

from __future__ import annotations

import threading
from datetime import time

import pytest

from jobhub.extensions import db
from jobhub.gigs.models import Gig, GigClaim
from jobhub.gigs.services import FULL_MESSAGE, GigError, claim_gig
from tests.gigs import factory

CLAIMANTS = 24


def _race(app, jobs: list[tuple[int, int]]) -> list[str]:
    """Run ``claim_gig(gig_id, person_id)`` for every job at the same moment; return each
    outcome: "ok", the Chinese refusal, or "error: ..." for anything unexpected."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = [""] * len(jobs)

    def run(i: int, gig_id: int, person_id: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                claim_gig(gig_id, person_id, None)
                db.session.commit()
                outcomes[i] = "ok"
            except GigError as exc:
                db.session.rollback()
                outcomes[i] = exc.message
            except Exception as exc:  # noqa: BLE001 - the test reports every other error
                db.session.rollback()
                outcomes[i] = f"error: {type(exc).__name__}: {exc}"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, g, p)) for i, (g, p) in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def _people(app, n: int, start: int = 1) -> list[int]:
    with app.app_context():
        ids = [factory.person(start + i).id for i in range(n)]
        db.session.commit()
        return ids


@pytest.mark.parametrize("capacity", [1, 3, 10])
def test_concurrent_claimants_get_exactly_the_places(app, capacity):
    with app.app_context():
        gig_id = factory.gig(factory.station().id, capacity=capacity).id
        db.session.commit()
    people = _people(app, CLAIMANTS)

    outcomes = _race(app, [(gig_id, p) for p in people])

    assert outcomes.count("ok") == capacity
    assert all(o in ("ok", FULL_MESSAGE) for o in outcomes), outcomes
    with app.app_context():
        gig = db.session.get(Gig, gig_id)
        claims = db.session.execute(db.select(GigClaim).where(GigClaim.gig_id == gig_id)).scalars()
        holders = [c.person_id for c in claims if c.active]
        assert gig.taken == capacity
        assert len(holders) == capacity == len(set(holders))
        # the winners are exactly the people told "ok"
        winners = {p for p, o in zip(people, outcomes, strict=True) if o == "ok"}
        assert set(holders) == winners


def test_fewer_claimants_than_places_all_get_one(app):
    with app.app_context():
        gig_id = factory.gig(factory.station().id, capacity=30).id
        db.session.commit()
    people = _people(app, CLAIMANTS)
    outcomes = _race(app, [(gig_id, p) for p in people])
    assert outcomes == ["ok"] * CLAIMANTS
    with app.app_context():
        assert db.session.get(Gig, gig_id).taken == CLAIMANTS


def test_one_person_racing_for_the_same_gig_holds_one_place(app):
    with app.app_context():
        gig_id = factory.gig(factory.station().id, capacity=10).id
        db.session.commit()
    [person_id] = _people(app, 1)
    outcomes = _race(app, [(gig_id, person_id)] * 20)
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "此人已报名该零工"}
    with app.app_context():
        assert db.session.get(Gig, gig_id).taken == 1


def test_one_person_racing_for_overlapping_gigs_gets_one(app):
    """Twenty gigs on the same day whose hours intersect pairwise: the same person claims all
    at once; the per-person lock lets exactly one through."""
    with app.app_context():
        station_id = factory.station().id
        gig_ids = [
            factory.gig(
                station_id,
                capacity=5,
                title=f"帮工{i}",
                start_time=time(8 + i % 4, 0),
                end_time=time(13 + i % 4, 0),
            ).id
            for i in range(20)
        ]
        db.session.commit()
    [person_id] = _people(app, 1)
    outcomes = _race(app, [(g, person_id) for g in gig_ids])
    assert outcomes.count("ok") == 1, outcomes
    assert all(o == "ok" or o.startswith("时间冲突") for o in outcomes), outcomes
    with app.app_context():
        assert db.session.scalar(db.select(db.func.sum(Gig.taken))) == 1


def test_cancel_frees_a_place_for_the_next_claimant(app):
    from jobhub.gigs.services import cancel_claim

    with app.app_context():
        gig_id = factory.gig(factory.station().id, capacity=1).id
        db.session.commit()
    first, second = _people(app, 2)
    with app.app_context():
        claim = claim_gig(gig_id, first, None)
        db.session.commit()
        with pytest.raises(GigError, match=FULL_MESSAGE):
            claim_gig(gig_id, second, None)
        db.session.rollback()
        cancel_claim(db.session.get(GigClaim, claim.id), None)
        db.session.commit()
        assert db.session.get(Gig, gig_id).taken == 0
        claim_gig(gig_id, second, None)
        db.session.commit()
        assert db.session.get(Gig, gig_id).taken == 1


def test_cancelling_twice_at_once_frees_one_place(app):
    from jobhub.gigs.services import cancel_claim

    with app.app_context():
        gig_id = factory.gig(factory.station().id, capacity=3).id
        db.session.commit()
    people = _people(app, 2)
    with app.app_context():
        claim_id = claim_gig(gig_id, people[0], None).id
        claim_gig(gig_id, people[1], None)
        db.session.commit()

    barrier = threading.Barrier(10)
    results: list[str] = []

    def run() -> None:
        with app.app_context():
            barrier.wait(timeout=30)
            try:
                cancel_claim(db.session.get(GigClaim, claim_id), None)
                db.session.commit()
                results.append("ok")
            except GigError as exc:
                db.session.rollback()
                results.append(exc.message)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results.count("ok") == 1
    with app.app_context():
        assert db.session.get(Gig, gig_id).taken == 1
