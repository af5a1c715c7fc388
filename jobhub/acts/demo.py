"""The demo's acts: what the demo district's people were registered and certified as, dated in
the past the way staff would have done it, so the demo shows subsidies granted through acts
(and one online application waiting, one 认定 due for review today)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from jobhub.acts.models import DifficultyCertification, UnemploymentRegistration
from jobhub.acts.services import log_event
from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.policy import load_profile
from jobhub.policy.acts import certification_terms
from jobhub.policy.dates import CHINA_TZ

# name: (registered days ago or None, {category: evidence}, certified days ago)
_ACTS = {
    "周建军": (90, {}, None),
    "陈国强": (
        400,
        {
            "land_expropriated": {
                "kind": "imported_list",
                "reference": "征地安置人员名单第3批",
                "source": "区自然资源局 2025-10",
            },
            "older_worker": {"kind": "id_number", "reference": ""},
        },
        30,
    ),
    "赵敏": (
        200,
        {"disabled": {"kind": "disability_card", "reference": "33010619850401002X42"}},
        365,
    ),
    "王秀兰": (
        None,
        {
            "low_income": {
                "kind": "imported_list",
                "reference": "低保名单第17行",
                "source": "区民政局 2026-11",
            },
            "older_worker": {"kind": "id_number", "reference": ""},
        },
        120,
    ),
}


def _event(act, staff, at: date, old: str | None, new: str) -> None:
    moment = datetime.combine(at, time(10, 0), CHINA_TZ)
    log_event(act, staff, old, new, at=moment)


def seed_acts(today: date, station_id: int, staff, people, profile_name: str) -> None:
    """Registrations and 认定 for the demo people in ``_ACTS``; 林晓雨 has applied online."""
    profile = load_profile(profile_name)
    by_name = {p.name: p for p in people}
    for name, (registered_ago, evidence, certified_ago) in _ACTS.items():
        person = by_name[name]
        if registered_ago is not None:
            on = today - timedelta(days=registered_ago)
            reg = UnemploymentRegistration(
                person_id=person.id,
                station_id=station_id,
                status="registered",
                applied_via="counter",
                residence="hukou",
                residence_street_code=person.home_street_code,
                registered_on=on,
                certificate_number=f"330106{on:%y}{person.id:08d}",  # area, year, sequence
            )
            db.session.add(reg)
            _event(reg, staff, on, None, "applied")
            _event(reg, staff, on, "applied", "registered")
        if evidence:
            on = today - timedelta(days=certified_ago)
            terms = certification_terms(on, profile)
            categories = {
                code: {
                    "decision": "approved",
                    "evidence": [{"valid_until": None, "source": None, **given}],
                    "reason": None,
                    "note": "",
                    "decided_by": staff.id,
                    "decided_at": on.isoformat(),
                    "ended_on": None,
                }
                for code, given in evidence.items()
            }
            cert = DifficultyCertification(
                person_id=person.id,
                station_id=station_id,
                status="certified",
                applied_via="counter",
                categories=categories,
                certified_on=on,
                valid_until=terms.valid_until,
                # 赵敏's first yearly review falls today: the station lists it
                review_on=today if certified_ago == 365 else terms.review_on,
            )
            db.session.add(cert)
            _event(cert, staff, on, None, "applied")
            _event(cert, staff, on, "applied", "certified")
    waiting = UnemploymentRegistration(
        person_id=by_name["林晓雨"].id,
        station_id=station_id,
        status="applied",
        applied_via="online",
        residence="residence",
        residence_street_code="330106005",
        residence_evidence="residence_permit",
        residence_evidence_number="3301062025000123",
        residence_evidence_until=today + timedelta(days=300),
    )
    db.session.add(waiting)
    db.session.flush()
    seeker = db.session.get(User, by_name["林晓雨"].user_id)
    log_event(waiting, seeker, None, "applied")
