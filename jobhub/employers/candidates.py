"""Candidates for a vacancy, ranked by the matching service, with personal data masked until
the seeker applies to this vacancy or agreed to be shown to employers. An employer never sees
a person's key group or sensitive status: the subsidy a hire brings is shown on the
application, at the hire step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jobhub.employers.models import Vacancy
from jobhub.extensions import db
from jobhub.matching.explain import without_key_groups
from jobhub.security.masking import mask_name
from jobhub.seekers.models import Application, Invitation

LISTED = 100  # the most candidates listed for a vacancy
PAGE_SIZE = 20  # candidates a page shows
PAGES = LISTED // PAGE_SIZE


@dataclass(frozen=True)
class CandidateRow:
    person_id: int
    name: str  # masked (张**) unless visible
    visible: bool
    phone: str | None  # only when the seeker agreed to be shown (share_with_employers)
    score: float
    explanation: tuple[str, ...]
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    distance_km: float | None
    application_id: int | None
    application_status: str | None
    invited: bool


def candidate_rows(vacancy: Vacancy, start: int, stop: int) -> tuple[int, list[CandidateRow]]:
    """(how many candidates the vacancy has, the rows of places ``start`` to ``stop``): only
    the rows shown are read and explained."""
    from jobhub import matchsvc

    total, ranked = matchsvc.candidates_window(vacancy, start, stop, limit=LISTED)
    ids = [item.person.id for item in ranked]
    applied: dict[int, Application] = {}
    invited: set[int] = set()
    if ids:
        applied = {
            a.person_id: a
            for a in db.session.execute(
                db.select(Application).where(
                    Application.vacancy_id == vacancy.id,
                    Application.person_id.in_(ids),
                    Application.status != "withdrawn",
                )
            ).scalars()
        }
        invited = set(
            db.session.execute(
                db.select(Invitation.person_id).where(
                    Invitation.vacancy_id == vacancy.id, Invitation.person_id.in_(ids)
                )
            ).scalars()
        )
    rows = []
    for item in ranked:
        person, result = item.person, item.result
        application = applied.get(person.id)
        visible = application is not None or bool(person.share_with_employers)
        rows.append(
            CandidateRow(
                person_id=person.id,
                name=person.name if visible else mask_name(person.name),
                visible=visible,
                phone=person.phone if person.share_with_employers else None,
                score=float(result.score),
                explanation=without_key_groups(result.explanation),
                matched_skills=tuple(want for _have, want in result.matched_skills),
                missing_skills=tuple(result.missing_skills),
                distance_km=result.distance_km,
                application_id=application.id if application else None,
                application_status=application.status_label if application else None,
                invited=person.id in invited,
            )
        )
    return total, rows


def candidate_page(vacancy: Vacancy, page: int) -> tuple[int, list[CandidateRow]]:
    """(how many candidates in all, the rows of page ``page``, 1-based)."""
    start = (page - 1) * PAGE_SIZE
    return candidate_rows(vacancy, start, start + PAGE_SIZE)


def candidate_json(row: CandidateRow) -> dict[str, Any]:
    return {
        "person_id": row.person_id,
        "name": row.name,
        "visible": row.visible,
        "phone": row.phone,
        "score": round(row.score, 4),
        "explanation": list(row.explanation),
        "matched_skills": list(row.matched_skills),
        "missing_skills": list(row.missing_skills),
        "distance_km": row.distance_km,
        "application_id": row.application_id,
        "application_status": row.application_status,
        "invited": row.invited,
    }


def highlight(text: str, findings: list[dict[str, Any]]) -> list[tuple[str, dict | None]]:
    """Split a description into segments, each with the finding whose words it is (``None``
    for plain text), using the findings' start/end offsets; overlaps keep the first."""
    spans = sorted(
        (f for f in findings if f.get("start") is not None and f.get("end") is not None),
        key=lambda f: (f["start"], -f["end"]),
    )
    out: list[tuple[str, dict | None]] = []
    pos = 0
    for f in spans:
        start, end = max(f["start"], pos), min(f["end"], len(text))
        if start >= end:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], f))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out
