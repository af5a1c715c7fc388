"""JSON shapes of reviews and postings (for the HTTP layer and stored reviews)."""

from __future__ import annotations

from typing import Any

from .model import ALL_CODES, Finding, Posting, Review, verdict_for

FINDING_KEYS = ("code", "severity", "text", "start", "end", "message", "basis")


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """A finding as the API shows it: exactly the seven keys of the contract."""
    return {key: getattr(finding, key) for key in FINDING_KEYS}


def review_to_json(review: Review) -> dict[str, Any]:
    """The response body of ``POST /api/v1/postings/check``.

    Exactly ``{"verdict", "findings": [{"code", "severity", "text", "start", "end",
    "message", "basis"}]}``; ``start``/``end`` are ``null`` for title and field findings.
    """
    return {"verdict": review.verdict, "findings": [finding_to_json(f) for f in review.findings]}


def review_from_json(data: dict[str, Any]) -> Review:
    """Rebuild a :class:`Review` from :func:`review_to_json` output (e.g. a stored review).

    The JSON carries no ``field`` or ``rule``: ``field`` is restored as
    ``"description"`` when offsets are present, else ``text`` when it names a field,
    else ``"title"``; ``rule`` is restored as the code. The verdict is recomputed
    and must match the stored one.
    """
    findings: list[Finding] = []
    for row in data["findings"]:
        if set(row) != set(FINDING_KEYS):
            raise ValueError(f"finding keys {sorted(row)} differ from {list(FINDING_KEYS)}")
        if row["code"] not in ALL_CODES or row["severity"] not in ("reject", "warn"):
            raise ValueError(f"unknown code or severity: {row['code']!r}, {row['severity']!r}")
        if row["start"] is not None:
            field = "description"
        elif row["text"] in Posting.__dataclass_fields__:
            field = row["text"]
        else:
            field = "title"
        findings.append(
            Finding(
                code=row["code"],
                severity=row["severity"],
                text=row["text"],
                start=row["start"],
                end=row["end"],
                message=row["message"],
                basis=row["basis"],
                field=field,
                rule=row["code"],
            )
        )
    verdict = verdict_for(findings)
    if data["verdict"] != verdict:
        raise ValueError(
            f"stored verdict {data['verdict']!r} disagrees with its findings ({verdict!r})"
        )
    return Review(verdict=verdict, findings=tuple(findings))


def posting_to_json(posting: Posting) -> dict[str, Any]:
    """A posting as a request body: the inverse of :func:`jobhub.postings.parse_request`."""
    return {
        "title": posting.title,
        "description": posting.description,
        "employer_name": posting.employer_name,
        "headcount": posting.headcount,
        "work_location": posting.work_location,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "salary_unit": posting.salary_unit,
        "valid_until": posting.valid_until.isoformat() if posting.valid_until else None,
    }
