"""The gig and claim state tables, every state × every action, against a matrix written out
by hand here (the specification), not read back from the code. "·" is a refusal, which must
come with a Chinese reason naming the state and the action."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from jobhub.gigs import states
from jobhub.gigs.states import GigTiming, Refused

GIG_MATRIX = """
state           approve  claim  fill  release  close   cancel     start        finish     expire
pending_review  open     ·      ·     ·        closed  cancelled  ·            ·          expired
open            ·        open   full  open     closed  cancelled  in_progress  ·          expired
full            ·        ·      ·     open     closed  cancelled  in_progress  ·          expired
closed          ·        ·      ·     closed   ·       cancelled  in_progress  ·          expired
in_progress     ·        ·      ·     ·        ·       ·          in_progress  completed  ·
completed       ·        ·      ·     ·        ·       ·          completed    ·          ·
expired         ·        ·      ·     ·        ·       ·          completed    ·          ·
cancelled       ·        ·      ·     ·        ·       ·          ·            ·          ·
rejected        ·        ·      ·     ·        ·       ·          ·            ·          ·
"""

CLAIM_MATRIX = """
state       cancel     check_in    no_show  complete   pay   nonpayment  overdue  rate
claimed     cancelled  checked_in  no_show  completed  ·     ·           ·        ·
checked_in  ·          ·           ·        completed  ·     ·           ·        ·
completed   ·          ·           ·        ·          paid  unpaid      unpaid   completed
paid        ·          ·           ·        ·          ·     ·           ·        paid
unpaid      ·          ·           ·        ·          paid  ·           ·        unpaid
cancelled   ·          ·           ·        ·          ·     ·           ·        ·
no_show     ·          ·           ·        ·          ·     ·           ·        ·
"""


def _cells(matrix: str) -> list[tuple[str, str, str | None]]:
    header, *rows = [line.split() for line in matrix.strip().splitlines()]
    return [
        (row[0], action, None if cell == "·" else cell)
        for row in rows
        for action, cell in zip(header[1:], row[1:], strict=True)
    ]


def test_the_matrices_cover_every_state_and_action_of_the_code():
    gig = _cells(GIG_MATRIX)
    assert {s for s, _, _ in gig} == set(states.GIG_STATES)
    assert {a for _, a, _ in gig} == set(states.GIG_ACTIONS)
    claim = _cells(CLAIM_MATRIX)
    assert {s for s, _, _ in claim} == set(states.CLAIM_STATES)
    assert {a for _, a, _ in claim} == set(states.CLAIM_ACTIONS)


@pytest.mark.parametrize(("state", "action", "expected"), _cells(GIG_MATRIX))
def test_every_gig_state_and_action(state, action, expected):
    if expected is not None:
        assert states.next_gig_state(state, action) == expected
        return
    with pytest.raises(Refused) as refused:
        states.next_gig_state(state, action)
    assert refused.value.message == (
        f"零工状态为「{states.GIG_STATES[state]}」，不能{states.GIG_ACTIONS[action]}"
    )


# A gig under way (started 09:00 today, Shanghai) and a clock at 10:00 Shanghai: only the
# claim's own state decides here; the gig-state and date rules are tested below.
TODAY = date(2026, 3, 10)
TIMING = GigTiming(TODAY, time(9), time(17))
TEN_AM = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(("state", "action", "expected"), _cells(CLAIM_MATRIX))
def test_every_claim_state_and_action(state, action, expected):
    gig_state = "full" if action == "cancel" else "in_progress"
    if expected is not None:
        assert states.next_claim_state(state, action, gig_state, TIMING, TEN_AM) == expected
        return
    with pytest.raises(Refused) as refused:
        states.next_claim_state(state, action, gig_state, TIMING, TEN_AM)
    assert refused.value.message == (
        f"报名状态为「{states.CLAIM_STATES[state]}」，不能{states.CLAIM_ACTIONS[action]}"
    )


# Which gig states let a claim action happen (absent: the claim's state is enough).
GIG_GATES = {
    "cancel": {"open", "full", "closed"},
    "check_in": {"open", "full", "closed", "in_progress", "completed", "expired"},
    "no_show": {"open", "full", "closed", "in_progress", "completed", "expired"},
    "complete": {"open", "full", "closed", "in_progress", "completed", "expired"},
}


@pytest.mark.parametrize("gig_state", sorted(states.GIG_STATES))
@pytest.mark.parametrize("action", sorted(GIG_GATES))
def test_claim_actions_wait_for_the_right_gig_state(gig_state, action):
    def run():
        return states.next_claim_state("claimed", action, gig_state, TIMING, TEN_AM)

    if gig_state in GIG_GATES[action]:
        assert run()
    else:
        with pytest.raises(Refused, match=f"零工状态为「{states.GIG_STATES[gig_state]}」"):
            run()


def _shanghai(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), states.CHINA_TZ)


def test_check_in_not_before_the_work_day_on_the_bureaus_clock():
    five_days_before = _shanghai(date(2026, 3, 5), 10)
    with pytest.raises(Refused, match="用工日期（2026-03-10）之前不能签到"):
        states.next_claim_state("claimed", "check_in", "full", TIMING, five_days_before)
    last_minute_before = _shanghai(date(2026, 3, 9), 23, 59)
    with pytest.raises(Refused):
        states.next_claim_state("claimed", "check_in", "full", TIMING, last_minute_before)
    # 16:00 UTC on the 9th is already 00:00 on the 10th in Shanghai
    midnight = datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert states.next_claim_state("claimed", "check_in", "full", TIMING, midnight) == "checked_in"


@pytest.mark.parametrize("action", ["complete", "no_show"])
def test_completion_and_absence_not_before_the_gig_starts(action):
    with pytest.raises(Refused, match="零工开始（2026-03-10 09:00）之前不能"):
        states.next_claim_state("claimed", action, "full", TIMING, _shanghai(TODAY, 8, 59))
    assert states.next_claim_state("claimed", action, "full", TIMING, _shanghai(TODAY, 9))


def test_a_claim_needs_an_open_gig_whose_day_has_not_passed():
    states.check_claimable("open", TIMING, _shanghai(TODAY, 23, 59))
    with pytest.raises(Refused, match="该零工已过用工日期"):
        states.check_claimable("open", TIMING, datetime(2026, 3, 10, 16, 0, tzinfo=UTC))
    with pytest.raises(Refused) as full:
        states.check_claimable("full", TIMING, _shanghai(TODAY, 8))
    assert (full.value.code, full.value.message) == ("gig_full", "已满")
    for state in set(states.GIG_STATES) - {"open", "full"}:
        with pytest.raises(Refused, match="不接受报名"):
            states.check_claimable(state, TIMING, _shanghai(TODAY, 8))
