"""What the acts panel shows for one person (the counter, the bureau's page, the seeker's own
page): the live and past acts with their logs, and the choices of each form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from jobhub.acts import queries, services
from jobhub.acts.models import ACT_CHANNELS
from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.policy.acts import (
    CATEGORY_DECISIONS,
    CATEGORY_REFUSALS,
    CERTIFICATION_ENDS,
    COMPUTED_EVIDENCE,
    EVIDENCE_LABELS,
    REGISTRATION_ENDS,
    REGISTRATION_REFUSALS,
    RESIDENCE_EVIDENCE,
    RESIDENCE_LABELS,
    category_label,
    evidence_kinds,
    residence_evidence_kinds,
)
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile
from jobhub.security.masking import mask_reference
from jobhub.seekers.identity import SENSITIVE_STATUSES
from jobhub.seekers.models import Person
from jobhub.seekers.places import street_name, street_options

EVENT_WORDS = {
    "applied": "申请",
    "registered": "予以登记",
    "refused": "不予办理",
    "ended": "注销/退出",
    "certified": "认定",
    "withdrawn": "撤回申请",
}
# The same reason code reads differently on each act (own_request: 注销 or 退出).
REGISTRATION_WORDS = {**REGISTRATION_REFUSALS, **REGISTRATION_ENDS}
CERTIFICATION_WORDS = {**CATEGORY_REFUSALS, **CERTIFICATION_ENDS, "reviewed": "复核继续符合"}


def _actors(events) -> dict[int, str]:  # noqa: ANN001
    ids = {e.actor_user_id for e in events if e.actor_user_id}
    if not ids:
        return {}
    rows = db.session.execute(db.select(User.id, User.display_name).where(User.id.in_(ids)))
    return dict(rows.all())


def event_rows(events) -> list[dict[str, Any]]:  # noqa: ANN001
    names = _actors(events)
    return [
        {
            "at": e.at,
            "who": "每日自动核查" if e.actor_role == "system" else names.get(e.actor_user_id, "—"),
            "what": EVENT_WORDS.get(e.to_status, e.to_status)
            if e.from_status != e.to_status
            else "审核",
            "why": "本人申请"
            if e.to_status == "withdrawn"
            else (REGISTRATION_WORDS if e.registration_id else CERTIFICATION_WORDS).get(
                e.reason_code or "", ""
            ),
            "note": e.note or "",
        }
        for e in events
    ]


def category_rows(categories: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for code, entry in (categories or {}).items():
        evidence = [
            {
                "kind": EVIDENCE_LABELS.get(e.get("kind") or "", "—"),
                "reference": mask_reference(e.get("reference")),
                "valid_until": e.get("valid_until"),
                "source": e.get("source") or "",
            }
            for e in entry.get("evidence", [])
        ]
        rows.append(
            {
                "code": code,
                "name": category_label(code),
                "decision": entry.get("decision"),
                "decision_label": CATEGORY_DECISIONS.get(entry.get("decision"), ""),
                "reason": CATEGORY_REFUSALS.get(entry.get("reason") or "", "")
                or CERTIFICATION_ENDS.get(entry.get("end_reason") or "", ""),
                "note": entry.get("note") or "",
                "evidence": evidence,
            }
        )
    return rows


def evidence_choices(on: date) -> list[dict[str, Any]]:
    """Each category of the profile with the evidence that can prove it."""
    profile = region_profile()
    out = []
    for code, name in services.category_choices(on).items():
        kinds = evidence_kinds(code, on, profile)
        out.append(
            {
                "code": code,
                "name": name,
                "kinds": [(k, EVIDENCE_LABELS[k]) for k in kinds],
                "computed": all(k in COMPUTED_EVIDENCE for k in kinds),
            }
        )
    return out


def _residence_kinds(on: date) -> tuple[str, ...]:
    profile = region_profile()
    if "residence" not in profile.value("unemployment_registration.residence", on):
        return ()
    return residence_evidence_kinds(on, profile)


def panel_context(
    person: Person,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
    *,
    own: bool = False,
) -> dict[str, Any]:
    today = today_in_china()
    registrations = queries.registrations_of(person.id) if person.id else []
    certifications = queries.certifications_of(person.id) if person.id else []
    live_reg = next((r for r in registrations if r.status in queries.LIVE_REGISTRATION), None)
    live_cert = next((c for c in certifications if c.status in queries.LIVE_CERTIFICATION), None)
    suggested = (
        services.suggested_refusals(live_reg)
        if live_reg is not None and live_reg.status == "applied" and not own
        else []
    )
    return {
        "acts": {
            "own": own,
            "today": today,
            "registration": live_reg,
            "registrations": registrations,
            "certification": live_cert,
            "certifications": certifications,
            "events": {
                **{("r", r.id): event_rows(r.events) for r in registrations},
                **{("c", c.id): event_rows(c.events) for c in certifications},
            },
            "categories": {c.id: category_rows(c.categories) for c in certifications},
            "suggested": suggested,
            "errors": dict(errors or {}),
            "values": values or {},
            "residences": RESIDENCE_LABELS,
            "residence_evidence": RESIDENCE_EVIDENCE,
            # empty before 常住地 registration was allowed (no rule in force: nothing to ask)
            "residence_kinds": _residence_kinds(today),
            "streets": street_options(),
            "street_name": street_name,
            "refusals": REGISTRATION_REFUSALS,
            "ends": REGISTRATION_ENDS,
            "category_refusals": CATEGORY_REFUSALS,
            "certification_ends": CERTIFICATION_ENDS,
            "channels": ACT_CHANNELS,
            "choices": evidence_choices(today),
            # declarations an act replaces: shown as 待认定 until staff decide
            "declared": [
                label
                for code, (label, _purpose) in SENSITIVE_STATUSES.items()
                if code != "is_veteran" and code in (person.sensitive or {})
            ],
        }
    }
