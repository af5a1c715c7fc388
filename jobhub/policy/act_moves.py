"""Who may change the state of an act (pure): one table of moves per act, and the sentence
that says why a move is refused. 失业登记 and 就业困难人员认定 (jobhub.policy.acts) keep their
states; this module says which party may take an act from which state to which, with which
reasons."""

from __future__ import annotations

from .acts import CERTIFICATION_STATUSES, REGISTRATION_STATUSES

# One table per act: (from, to) → the parties that may make that change, each with the reasons
# it may give (``None``: any reason of the act's lists). Every service that changes an act's
# state asks :func:`move_refusal`; no other code holds these rules.

STAFF, SEEKER, EMPLOYER, SYSTEM = "staff", "seeker", "employer", "system"
OWN_REQUEST = ("own_request",)
REGISTRATION_MOVES: dict[tuple[str | None, str], dict[str, tuple[str, ...] | None]] = {
    (None, "applied"): {STAFF: None, SEEKER: None},
    ("applied", "registered"): {STAFF: None},
    ("applied", "refused"): {STAFF: None},
    ("applied", "withdrawn"): {SEEKER: OWN_REQUEST},
    ("registered", "ended"): {
        STAFF: None,
        SEEKER: OWN_REQUEST,
        EMPLOYER: ("hired_platform",),
        SYSTEM: ("hired_platform",),
    },
}
CERTIFICATION_MOVES: dict[tuple[str | None, str], dict[str, tuple[str, ...] | None]] = {
    (None, "applied"): {STAFF: None, SEEKER: None},
    ("applied", "applied"): {STAFF: None},  # some categories decided, others still pending
    ("applied", "certified"): {STAFF: None},
    ("applied", "refused"): {STAFF: None},
    ("applied", "withdrawn"): {SEEKER: OWN_REQUEST},
    # reviewed and confirmed; one category ends (its evidence expired, or the person asked)
    ("certified", "certified"): {
        STAFF: ("reviewed",),
        SYSTEM: ("evidence_expired",),
        SEEKER: OWN_REQUEST,
    },
    ("certified", "ended"): {
        STAFF: ("review_failed",),
        SYSTEM: ("employed", "retired", "evidence_expired", "expired"),
        SEEKER: OWN_REQUEST,
    },
}
PARTIES = {
    "seeker": SEEKER,
    "employer": EMPLOYER,
    "station_staff": STAFF,
    "admin": STAFF,
    "system": SYSTEM,
}


def party_of(role: str) -> str:
    """The party of a user role (``"system"``: the daily job) in the tables of moves."""
    return PARTIES.get(role, role)


MOVE_WORDS = {
    "registered": "予以登记",
    "refused": "不予办理",
    "withdrawn": "撤回申请",
    "ended": "注销或退出",
    "certified": "认定或复核",
    "applied": "审核",
}


def move_refusal(
    kind: str, old: str | None, new: str, party: str, reason: str | None = None
) -> str | None:
    """Why ``party`` may not move a ``kind`` act ("registration" or "certification") from
    ``old`` to ``new`` with ``reason``, in words for the person at the screen; ``None`` when
    the move is allowed."""
    moves = REGISTRATION_MOVES if kind == "registration" else CERTIFICATION_MOVES
    statuses = REGISTRATION_STATUSES if kind == "registration" else CERTIFICATION_STATUSES
    name = "该失业登记" if kind == "registration" else "该就业困难人员认定"
    now = statuses.get(old or "", "未申请")
    parties = moves.get((old, new))
    if parties is None:
        return f"{name}现为“{now}”，不能{MOVE_WORDS.get(new, '办理')}。"
    if party not in parties:
        return f"{name}现为“{now}”，此项须由{'本人申请' if SEEKER in parties else '经办人员办理'}。"
    allowed = parties[party]
    if allowed is not None and reason not in allowed:
        return f"{name}不能以此原因{MOVE_WORDS.get(new, '办理')}。"
    return None
