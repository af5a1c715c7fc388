"""欠薪 rises at 00:00 Asia/Shanghai of the day after the pay date: the work day for 日结 (a
settle_by typed on a 日结 gig does not postpone it), the agreed settle_by for 完工结. The clock
is passed in, around midnight in Shanghai (16:00 UTC the evening before)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from jobhub.extensions import db
from jobhub.gigs.lifecycle import unpaid_gigs
from jobhub.gigs.models import GigClaim
from jobhub.policy.dates import CHINA_TZ
from tests.gigs import factory

DAY = date(2026, 3, 10)


def _shanghai(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=CHINA_TZ)


def _worked(gig, seq: int, status: str = "completed") -> GigClaim:
    claim = GigClaim(
        gig_id=gig.id,
        person_id=factory.person(seq).id,
        status=status,
        active=True,
        amount_due=150,
    )
    db.session.add(claim)
    db.session.flush()
    return claim


def test_daily_gig_unpaid_at_the_end_of_its_work_day_is_flagged_from_midnight(app):
    with app.app_context():
        station_id = factory.station().id
        gig = factory.gig(station_id, work_date=DAY, settlement="daily")
        _worked(gig, 1)
        db.session.commit()
        assert unpaid_gigs(station_id, now=_shanghai(DAY, 23, 59, 59)) == []
        [flag] = unpaid_gigs(station_id, now=_shanghai(DAY + timedelta(days=1), 0, 0))
        assert (flag.gig.id, flag.workers, flag.amount, flag.days_overdue) == (gig.id, 1, 150, 1)
        # the same instants in UTC (naive, as SQLite hands them back): 15:59:59 and 16:00
        assert unpaid_gigs(station_id, now=datetime(2026, 3, 10, 15, 59, 59)) == []
        assert len(unpaid_gigs(station_id, now=datetime(2026, 3, 10, 16, 0, tzinfo=UTC))) == 1


def test_a_settle_by_date_does_not_postpone_daily_pay(app):
    with app.app_context():
        station_id = factory.station().id
        gig = factory.gig(
            station_id, work_date=DAY, settlement="daily", settle_by=DAY + timedelta(days=7)
        )
        _worked(gig, 1)
        db.session.commit()
        [flag] = unpaid_gigs(station_id, now=_shanghai(DAY + timedelta(days=1), 0, 0))
        assert flag.days_overdue == 1


def test_workers_checked_in_but_never_recorded_as_done_are_owed_pay_too(app):
    with app.app_context():
        station_id = factory.station().id
        gig = factory.gig(station_id, work_date=DAY, settlement="daily")
        _worked(gig, 1, "checked_in")
        _worked(gig, 2, "completed")
        _worked(gig, 3, "no_show")  # did not come: owed nothing
        db.session.commit()
        [flag] = unpaid_gigs(station_id, now=_shanghai(DAY + timedelta(days=1), 8, 0))
        assert (flag.workers, flag.amount) == (2, 300)


def test_on_completion_gig_is_flagged_the_day_after_its_settle_by_date(app):
    with app.app_context():
        station_id = factory.station().id
        settle_by = DAY + timedelta(days=3)
        gig = factory.gig(
            station_id, work_date=DAY, settlement="on_completion", settle_by=settle_by
        )
        _worked(gig, 1)
        db.session.commit()
        assert unpaid_gigs(station_id, now=_shanghai(DAY + timedelta(days=1), 0, 0)) == []
        assert unpaid_gigs(station_id, now=_shanghai(settle_by, 23, 59, 59)) == []
        [flag] = unpaid_gigs(station_id, now=_shanghai(settle_by + timedelta(days=1), 0, 0))
        assert flag.days_overdue == 1
