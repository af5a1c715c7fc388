"""A gig after it is posted: approve, stop, cancel, check-in, completion, pay, 欠薪, ratings,
the daily job that expires past gigs, and the 欠薪 list.

Every step asks ``jobhub.gigs.states`` first and changes nothing when refused (a
``ClaimConflict``, 409, with the Chinese reason). Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import case, func

from jobhub.auth.models import User
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.gigs import states
from jobhub.gigs.models import PAY_METHODS, Gig, GigClaim
from jobhub.gigs.services import GigError, refuse_unless, reindex
from jobhub.notices import events as notices
from jobhub.policy.dates import today_in_china
from jobhub.security import audit

# --- the gig ----------------------------------------------------------------------------


def _move_gig(gig: Gig, action: str) -> None:
    gig.status = refuse_unless(lambda: states.next_gig_state(gig.status, action))


def approve_gig(gig: Gig, staff: User) -> None:
    """Station staff publish a gig that waited on review warnings."""
    _move_gig(gig, "approve")
    audit.record(staff, "approve_gig", "gigs", gig.id, "零工审核通过")
    db.session.flush()
    reindex(gig)


def close_gig(gig: Gig, actor: User) -> None:
    """Stop taking claims (the places already claimed stay)."""
    _move_gig(gig, "close")
    audit.record(actor, "close_gig", "gigs", gig.id, "停止招募")
    db.session.flush()
    reindex(gig)


def cancel_gig(gig: Gig, actor: User) -> None:
    """Call the gig off before it starts: every place is given back (claims become history)."""
    _move_gig(gig, "cancel")
    for claim in gig.claims:
        if claim.active:
            claim.status, claim.active, claim.cancelled_at = "cancelled", False, now_utc()
    gig.taken = 0
    audit.record(actor, "cancel_gig", "gigs", gig.id, "取消零工")
    db.session.flush()
    reindex(gig)


# The gig actions of the pages and the API: (service, confirmation). Employers may stop or
# cancel their own gigs; station staff may also approve.
GIG_STEPS = {
    "approve": (approve_gig, "已发布"),
    "close": (close_gig, "已停止招募"),
    "cancel": (cancel_gig, "已取消零工，名额已全部释放"),
}
EMPLOYER_GIG_STEPS = ("close", "cancel")


def _start(gig: Gig) -> None:
    """Work was recorded: the gig is under way (or, recorded late, done)."""
    gig.status = states.next_gig_state(gig.status, "start")


@dataclass(frozen=True)
class DailyResult:
    expired: int
    completed: int
    overdue: int


def run_daily(now: datetime | None = None) -> DailyResult:
    """The daily job (``flask gigs daily``): gigs whose work day has passed (Asia/Shanghai) end
    — 进行中 → 已完工, not started → 已过期 — and completed claims past their pay date become 欠薪.
    Running it twice the same day changes nothing the second time."""
    today = today_in_china(now)
    expired = completed = 0
    ending = [*states.sources(states.GIG_TABLE, "expire"), "in_progress"]
    past = db.session.execute(
        db.select(Gig).where(Gig.status.in_(ending), Gig.work_date < today).order_by(Gig.id)
    ).scalars()
    for gig in past:
        if gig.status == "in_progress":
            gig.status = states.next_gig_state(gig.status, "finish")
            completed += 1
        else:
            gig.status = states.next_gig_state(gig.status, "expire")
            expired += 1
        reindex(gig)
    overdue_claims = db.session.execute(
        db.select(GigClaim)
        .join(Gig, Gig.id == GigClaim.gig_id)
        .where(GigClaim.status == "completed", GigClaim.paid_at.is_(None), _pay_due() < today)
    ).scalars()
    overdue = 0
    for claim in overdue_claims:
        claim.status = states.CLAIM_TABLE[(claim.status, "overdue")]
        overdue += 1
    db.session.flush()
    return DailyResult(expired, completed, overdue)


# --- a claim after the gig --------------------------------------------------------------


def _step(claim: GigClaim, action: str, now: datetime) -> str:
    gig = claim.gig
    return refuse_unless(
        lambda: states.next_claim_state(claim.status, action, gig.status, gig.timing, now)
    )


def check_in(claim: GigClaim, actor: User | None, *, now: datetime | None = None) -> None:
    now = now or now_utc()
    claim.status = _step(claim, "check_in", now)
    claim.checked_in_at = now
    _start(claim.gig)
    db.session.flush()


def mark_no_show(claim: GigClaim, actor: User | None, *, now: datetime | None = None) -> None:
    claim.status = _step(claim, "no_show", now or now_utc())
    db.session.flush()


def complete(
    claim: GigClaim,
    actor: User | None,
    amount_due: float | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Record the work as done; the amount owed defaults to the gig's pay for one worker."""
    now = now or now_utc()
    target = _step(claim, "complete", now)
    if amount_due is not None and amount_due <= 0:
        raise GigError("应付金额应大于 0", "bad_amount", "amount_due")
    claim.status = target
    claim.checked_in_at = claim.checked_in_at or now
    claim.completed_at = now
    if amount_due is not None:
        claim.amount_due = Decimal(str(amount_due))
    _start(claim.gig)
    db.session.flush()


def settle(
    claim: GigClaim, actor: User | None, amount: float, method: str, paid_at: datetime | None = None
) -> None:
    """Record the pay: amount, time and method (现金, 转账, 微信, 支付宝)."""
    target = _step(claim, "pay", now_utc())
    if method not in PAY_METHODS:
        raise GigError("支付方式应为：" + "、".join(PAY_METHODS.values()), "bad_method", "method")
    if not 0 < amount <= 100000:
        raise GigError("支付金额应在 0.01 到 100000 元之间", "bad_amount", "amount")
    claim.status = target
    claim.paid_amount = Decimal(str(amount))
    claim.paid_at = paid_at or now_utc()
    claim.pay_method = method
    audit.record(actor, "settle_claim", "gig_claims", claim.id, "登记零工报酬支付")
    db.session.flush()
    notices.gig_paid(claim)


def report_nonpayment(claim: GigClaim, actor: User | None, note: str = "") -> None:
    """The worker (or staff for them) reports that the pay did not come (权益维护)."""
    claim.status = _step(claim, "nonpayment", now_utc())
    claim.nonpayment_reported_at = now_utc()
    claim.nonpayment_note = (note or "").strip()[:1000] or "未收到报酬"
    audit.record(actor, "report_nonpayment", "gig_claims", claim.id, "反映欠薪")
    db.session.flush()


def rate(claim: GigClaim, actor: User | None, side: str, stars: int, comment: str = "") -> None:
    """Ratings both ways, 1–5 with an optional comment: ``side`` is "worker" (the worker rates
    the employer) or "employer" (the employer, or staff for a caller, rates the worker)."""
    _step(claim, "rate", now_utc())
    if not 1 <= int(stars) <= 5:
        raise GigError("评分应为 1 到 5", "bad_rating", "stars")
    if side not in ("worker", "employer"):
        raise GigError("评价方不正确", "bad_side", "side")
    comment = (comment or "").strip()[:200] or None
    if side == "worker":
        claim.worker_rating, claim.worker_comment = int(stars), comment
    else:
        claim.employer_rating, claim.employer_comment = int(stars), comment
    db.session.flush()


# --- 欠薪 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnpaidGig:
    """A gig past its pay date with work done and no payment recorded (欠薪)."""

    gig: Gig
    employer_name: str
    workers: int
    amount: float
    days_overdue: int
    reported: int


def _pay_due():  # noqa: ANN202 - a SQL expression of Gig.pay_due
    return case(
        (Gig.settlement == "daily", Gig.work_date),
        else_=func.coalesce(Gig.settle_by, Gig.work_date),
    )


def unpaid_gigs(
    station_id: int | None, today: date | None = None, *, now: datetime | None = None
) -> list[UnpaidGig]:
    """欠薪: gigs of a station (all stations for ``None``) past their pay date (``Gig.pay_due``:
    the work day for 日结, else the agreed settle_by) with worked claims and no payment recorded,
    most overdue first. The flag rises at 00:00 Asia/Shanghai of the day after the pay date;
    ``now`` (or ``today``, a China date) fixes the clock."""
    today = today or today_in_china(now)
    query = (
        db.select(Gig, GigClaim)
        .join(GigClaim, GigClaim.gig_id == Gig.id)
        .where(
            GigClaim.status.in_(states.WORKED_CLAIM_STATES),
            GigClaim.paid_at.is_(None),
            _pay_due() < today,
        )
        .order_by(Gig.id, GigClaim.id)
    )
    if station_id is not None:
        query = query.where(Gig.station_id == station_id)
    grouped: dict[int, list[GigClaim]] = {}
    gigs: dict[int, Gig] = {}
    for gig, claim in db.session.execute(query).all():
        gigs[gig.id] = gig
        grouped.setdefault(gig.id, []).append(claim)
    out = [
        UnpaidGig(
            gig=gigs[gig_id],
            employer_name=gigs[gig_id].employer_name,
            workers=len(claims),
            amount=round(sum(float(c.amount_due or 0) for c in claims), 2),
            days_overdue=(today - gigs[gig_id].pay_due).days,
            reported=sum(1 for c in claims if c.nonpayment_reported_at),
        )
        for gig_id, claims in grouped.items()
    ]
    out.sort(key=lambda u: (-u.days_overdue, u.gig.id))
    return out
