"""The life of a gig and of each claim on it, as two tables: (state, action) → next state.

Every action on a gig or a claim (web pages, the JSON API, the daily job) asks this module
first; a pair that is not in a table is refused with a Chinese reason and nothing changes.
The date rules sit here too, on the bureau's clock (Asia/Shanghai): nobody checks in before
the work day, nobody is recorded as done (or absent) before the gig starts, nobody claims a
gig whose day has passed.

Gig: 待审核 → 招募中 ⇄ 已满员 → (停止招募) → 进行中 → 已完工; unstarted gigs whose day has
passed become 已过期 (the daily job); any gig not yet started may be 已取消. Work recorded late
on an expired gig completes it (staff catch up on paper records the next morning).

Claim: 已报名 → 已到岗 → 已完工 → 已结清 / 欠薪 (reported by the worker, or overdue past the
pay date), with 已取消 and 未到岗 as the ways out before work.

Pure: stdlib only, no Flask, no database (house style), so the tables are tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from jobhub.policy.dates import CHINA_TZ

GIG_STATES = {
    "pending_review": "待审核",
    "open": "招募中",
    "full": "已满员",
    "closed": "停止招募",
    "in_progress": "进行中",
    "completed": "已完工",
    "expired": "已过期",
    "cancelled": "已取消",
    "rejected": "未通过审核",
}

GIG_ACTIONS = {
    "approve": "审核通过",
    "claim": "报名",
    "fill": "报满",
    "release": "释放名额",
    "close": "停止招募",
    "cancel": "取消",
    "start": "开工",
    "finish": "完工",
    "expire": "过期",
}

_NOT_STARTED = ("open", "full", "closed")

GIG_TABLE: dict[tuple[str, str], str] = {
    ("pending_review", "approve"): "open",
    ("pending_review", "close"): "closed",
    ("pending_review", "cancel"): "cancelled",
    ("pending_review", "expire"): "expired",
    ("open", "claim"): "open",
    ("open", "fill"): "full",
    ("open", "release"): "open",
    ("full", "release"): "open",
    ("closed", "release"): "closed",
    ("in_progress", "start"): "in_progress",
    ("in_progress", "finish"): "completed",
    ("completed", "start"): "completed",
    ("expired", "start"): "completed",
    **{(s, "close"): "closed" for s in ("open", "full")},
    **{(s, "cancel"): "cancelled" for s in _NOT_STARTED},
    **{(s, "start"): "in_progress" for s in _NOT_STARTED},
    **{(s, "expire"): "expired" for s in _NOT_STARTED},
}

CLAIM_STATES = {
    "claimed": "已报名",
    "checked_in": "已到岗",
    "completed": "已完工",
    "paid": "已结清",
    "unpaid": "欠薪",
    "cancelled": "已取消",
    "no_show": "未到岗",
}

CLAIM_ACTIONS = {
    "cancel": "取消报名",
    "check_in": "签到",
    "no_show": "记为未到岗",
    "complete": "记完工",
    "pay": "登记支付",
    "nonpayment": "反映欠薪",
    "overdue": "记为欠薪",
    "rate": "评价",
}

CLAIM_TABLE: dict[tuple[str, str], str] = {
    ("claimed", "cancel"): "cancelled",
    ("claimed", "check_in"): "checked_in",
    ("claimed", "no_show"): "no_show",
    ("claimed", "complete"): "completed",
    ("checked_in", "complete"): "completed",
    ("completed", "pay"): "paid",
    ("unpaid", "pay"): "paid",
    ("completed", "nonpayment"): "unpaid",
    ("completed", "overdue"): "unpaid",
    ("completed", "rate"): "completed",
    ("paid", "rate"): "paid",
    ("unpaid", "rate"): "unpaid",
}

# The gig states in which a claim action may happen (absent: any state).
_RECORDING = frozenset({*_NOT_STARTED, "in_progress", "completed", "expired"})
CLAIM_ACTION_GIG_STATES: dict[str, frozenset[str]] = {
    "cancel": frozenset(_NOT_STARTED),
    "check_in": _RECORDING,
    "no_show": _RECORDING,
    "complete": _RECORDING,
}

# Gigs anyone may look at (the rest: their employer, their station, and people with a claim).
PUBLIC_GIG_STATES = frozenset({*_NOT_STARTED, "in_progress", "completed", "expired"})

# A claim in these states holds a place (the partial unique index's ``active``).
HOLDING_CLAIM_STATES = frozenset(CLAIM_STATES) - {"cancelled"}
# Work was done: pay is owed until paid.
WORKED_CLAIM_STATES = ("checked_in", "completed", "unpaid")
# Work recorded as done (ratings, waiting time since the last gig).
DONE_CLAIM_STATES = ("completed", "paid", "unpaid")


class Refused(Exception):
    """The table (or a date rule) refuses the action; ``message`` is shown as it is."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class GigTiming:
    work_date: date
    start_time: time
    end_time: time

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.work_date, self.start_time, CHINA_TZ)


def local(now: datetime) -> datetime:
    """An instant (aware, or naive UTC as stored) on the bureau's clock."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(CHINA_TZ)


def gig_label(state: str) -> str:
    return GIG_STATES.get(state, "状态未知")


def claim_label(state: str) -> str:
    return CLAIM_STATES.get(state, "状态未知")


def next_gig_state(state: str, action: str) -> str:
    """Where ``action`` takes a gig in ``state``, or ``Refused``."""
    target = GIG_TABLE.get((state, action))
    if target is None:
        raise Refused(f"零工状态为「{gig_label(state)}」，不能{GIG_ACTIONS[action]}", "gig_state")
    return target


def sources(table: dict[tuple[str, str], str], action: str) -> dict[str, str]:
    """{state: next state} for one action: what a conditional SQL update may change."""
    return {state: target for (state, act), target in table.items() if act == action}


def next_claim_state(
    state: str, action: str, gig_state: str, timing: GigTiming, now: datetime
) -> str:
    """Where ``action`` takes a claim in ``state`` on a gig in ``gig_state`` at ``now``, or
    ``Refused`` with the reason: the claim's state, then the gig's, then the clock."""
    target = CLAIM_TABLE.get((state, action))
    if target is None:
        raise Refused(
            f"报名状态为「{claim_label(state)}」，不能{CLAIM_ACTIONS[action]}", "claim_state"
        )
    allowed = CLAIM_ACTION_GIG_STATES.get(action)
    if allowed is not None and gig_state not in allowed:
        raise Refused(
            f"零工状态为「{gig_label(gig_state)}」，不能{CLAIM_ACTIONS[action]}", "gig_state"
        )
    clock = local(now)
    if action == "check_in" and clock.date() < timing.work_date:
        raise Refused(f"用工日期（{timing.work_date}）之前不能签到", "too_early")
    if action in ("complete", "no_show") and clock < timing.starts_at:
        raise Refused(
            f"零工开始（{timing.work_date} {timing.start_time:%H:%M}）之前不能"
            f"{CLAIM_ACTIONS[action]}",
            "too_early",
        )
    return target


def check_claimable(gig_state: str, timing: GigTiming, now: datetime) -> None:
    """A new claim needs a gig taking claims whose work day has not passed."""
    if (gig_state, "claim") not in GIG_TABLE:
        if gig_state == "full":
            raise Refused("已满", "gig_full")
        raise Refused(f"零工状态为「{gig_label(gig_state)}」，不接受报名", "gig_not_open")
    if local(now).date() > timing.work_date:
        raise Refused("该零工已过用工日期", "gig_past")


def is_past(timing: GigTiming, today: date) -> bool:
    """The work day is over (the daily job's question)."""
    return timing.work_date < today
