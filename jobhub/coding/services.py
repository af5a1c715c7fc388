"""Coding titles with the classifier and the corrections people made.

When an employer, a seeker or a staff member keeps a code other than the classifier's best for
a title, the pair (normalised title, code) is recorded with who chose it. Once
``OCCUPATION_CORRECTION_QUORUM`` distinct users (3 by default) chose the same code for the same
title, or an admin accepted it, it is the first suggestion for that title at once, in every
process (each suggestion reads the accepted corrections; nothing is refitted). An admin may
also reject a correction; every decision is audited.

A title's key is what the classifier compares: the title cleaned of pay, perks, places and
brackets, then normalised (``急招普工 包吃住`` and ``普工`` share one key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import IntegrityError

from jobhub import occupations
from jobhub.coding.models import OccupationCorrection, OccupationCorrectionVote
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.occupations import Candidate
from jobhub.occupations.classifier import CONFIDENT_SCORE
from jobhub.occupations.labels import canon
from jobhub.security import audit

KEY_LENGTH = 200


def title_key(title: str) -> str:
    """The normalised form corrections are kept under ("" for a title with no words)."""
    if not isinstance(title, str):
        return ""
    return canon(occupations.clean_title(title).text)[:KEY_LENGTH]


@dataclass(frozen=True)
class Accepted:
    code: str
    votes: int
    by_admin: bool


def accepted_for(keys: Sequence[str]) -> dict[str, Accepted]:
    """The accepted correction of each key that has one (one query)."""
    wanted = sorted({k for k in keys if k})
    if not wanted:
        return {}
    rows = db.session.execute(
        db.select(OccupationCorrection, db.func.count(OccupationCorrectionVote.id))
        .outerjoin(OccupationCorrectionVote)
        .where(
            OccupationCorrection.title_key.in_(wanted), OccupationCorrection.status == "accepted"
        )
        .group_by(OccupationCorrection.id)
    ).all()
    return {c.title_key: Accepted(c.code, int(n), c.decided_by_id is not None) for c, n in rows}


def _corrected(found: Accepted, title: str) -> Candidate:
    if found.by_admin:
        why = "管理员已确认：这个岗位名称属于此职业"
    else:
        why = f"已有 {found.votes} 位用户把这个岗位名称更正为此职业"
    return Candidate(
        code=found.code,
        name=occupations.get(found.code).name,
        score=1.0,
        matched_label=title,
        label_source="correction",
        match="corrected",
        explanation=why,
    )


def suggest_many(
    titles: Sequence[str], top: int = 5, descriptions: Sequence[str | None] | None = None
) -> list[list[Candidate]]:
    """Ranked 细类 per title: an accepted correction first, then the classifier's (which reads
    each title's description, when given, for industry hints)."""
    ranked = occupations.classify_many(titles, top, descriptions)
    keys = [title_key(t) for t in titles]
    accepted = accepted_for(keys)
    out = []
    for title, key, candidates in zip(titles, keys, ranked, strict=True):
        found = accepted.get(key)
        if found is None:
            out.append(candidates)
            continue
        rest = [c for c in candidates if c.code != found.code]
        out.append([_corrected(found, title), *rest][:top])
    return out


def suggest(title: str, top: int = 5, description: str = "") -> list[Candidate]:
    return suggest_many([title], top, [description])[0]


def confident_code(title: str, description: str = "") -> str | None:
    """The first suggestion's code when it can be trusted without asking (an accepted
    correction, or the classifier at ``CONFIDENT_SCORE`` or more); ``None`` means unknown, and
    the form asks the person to choose."""
    first = suggest(title, top=1, description=description)
    return first[0].code if first and first[0].score >= CONFIDENT_SCORE else None


def _quorum() -> int:
    return max(1, int(current_app.config["OCCUPATION_CORRECTION_QUORUM"]))


def _correction(key: str, title: str, code: str, suggested: str | None) -> OccupationCorrection:
    """The correction row of (key, code), made if new; two users making it at once both land
    on the one row (the unique constraint decides, the loser reads the winner's)."""
    where = (OccupationCorrection.title_key == key, OccupationCorrection.code == code)
    row = db.session.execute(db.select(OccupationCorrection).where(*where)).scalar_one_or_none()
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = OccupationCorrection(
                title_key=key, title=title.strip()[:KEY_LENGTH], code=code, suggested_code=suggested
            )
            db.session.add(row)
    except IntegrityError:
        row = db.session.execute(db.select(OccupationCorrection).where(*where)).scalar_one()
    return row


def _accept(row: OccupationCorrection, actor, why: str) -> None:
    """Make ``row`` the title's accepted code; an earlier accepted one for the title yields."""
    others = db.session.execute(
        db.select(OccupationCorrection).where(
            OccupationCorrection.title_key == row.title_key,
            OccupationCorrection.status == "accepted",
            OccupationCorrection.id != row.id,
        )
    ).scalars()
    for other in others:
        other.status = "superseded"
    row.status = "accepted"
    row.decided_at = now_utc()
    audit.record(actor, "accept_occupation_correction", "occupation_corrections", row.id, why)


def record_choice(
    title: str, code: str | None, actor, description: str = ""
) -> OccupationCorrection | None:
    """Note that ``actor`` kept ``code`` for ``title``. Nothing is noted when the code is the
    one already suggested first (the classifier's, reading the same description the person's
    form did, or an accepted correction's)."""
    key = title_key(title)
    if not key or not code or actor is None or getattr(actor, "id", None) is None:
        return None
    found = occupations.classify(title, top=1, description=description)
    suggested = found[0].code if found else None
    accepted = accepted_for([key]).get(key)
    if code == (accepted.code if accepted else suggested):
        return None  # the first suggestion: nothing to learn
    row = _correction(key, title, code, suggested)
    if row.status == "rejected":
        return row  # an admin said no; more votes do not bring it back
    voted = db.session.execute(
        db.select(OccupationCorrectionVote).where(
            OccupationCorrectionVote.correction_id == row.id,
            OccupationCorrectionVote.user_id == actor.id,
        )
    ).scalar_one_or_none()
    if voted is None:
        try:
            with db.session.begin_nested():
                db.session.add(
                    OccupationCorrectionVote(
                        correction_id=row.id, user_id=actor.id, role=str(actor.role)
                    )
                )
        except IntegrityError:
            pass  # the same user, twice at once: one vote
    votes = db.session.scalar(
        db.select(db.func.count())
        .select_from(OccupationCorrectionVote)
        .where(OccupationCorrectionVote.correction_id == row.id)
    )
    if row.status == "pending" and votes >= _quorum():
        _accept(row, actor, f"{votes} 位用户作出相同更正，自动生效：{row.title} → {row.code}")
    return row


def decide(row: OccupationCorrection, accept: bool, admin) -> None:
    """An admin accepts or rejects a correction (audited)."""
    row.decided_by_id = admin.id
    if accept:
        _accept(row, admin, f"管理员确认：{row.title} → {row.code}")
        return
    row.status = "rejected"
    row.decided_at = now_utc()
    audit.record(
        admin,
        "reject_occupation_correction",
        "occupation_corrections",
        row.id,
        f"管理员驳回：{row.title} → {row.code}",
    )


@dataclass(frozen=True)
class Listed:
    row: OccupationCorrection
    votes: int
    roles: dict[str, int]
    name: str
    suggested_name: str


def occupation_name(code: str | None) -> str:
    """The 职业分类大典 name of a code ("" for none, the code itself when the 大典 has none)."""
    if not code:
        return ""
    try:
        return occupations.get(code).name
    except KeyError:
        return code


def listed(status: str, limit: int = 100) -> list[Listed]:
    """Corrections in ``status``, most voted first, for the admin page."""
    rows = db.session.execute(
        db.select(OccupationCorrection)
        .where(OccupationCorrection.status == status)
        .order_by(OccupationCorrection.created_at.desc())
        .limit(limit)
    ).scalars()
    out = []
    for row in rows:
        roles: dict[str, int] = {}
        for vote in row.votes:
            roles[vote.role] = roles.get(vote.role, 0) + 1
        out.append(
            Listed(
                row,
                len(row.votes),
                roles,
                occupation_name(row.code),
                occupation_name(row.suggested_code),
            )
        )
    out.sort(key=lambda item: -item.votes)
    return out
