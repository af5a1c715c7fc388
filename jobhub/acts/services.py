"""Applying for, deciding and ending the acts. Services add and flush; the calling view (or
the daily job) commits once. Every change of state writes an :class:`ActEvent` (who, when,
from, to, why) and an audit row."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError

from jobhub.acts import notify
from jobhub.acts.models import ActEvent, DifficultyCertification, UnemploymentRegistration
from jobhub.acts.queries import LIVE_CERTIFICATION, LIVE_REGISTRATION, acts_of, live_registration
from jobhub.auth.roles import Role
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.policy import evaluate
from jobhub.policy.act_moves import move_refusal, party_of
from jobhub.policy.acts import (
    CATEGORY_REFUSALS,
    COMPUTED_EVIDENCE,
    EMPLOYMENT_ENDS,
    EVIDENCE_LABELS,
    REGISTRATION_ENDS,
    REGISTRATION_REFUSALS,
    RESIDENCE_EVIDENCE,
    RESIDENCE_LABELS,
    CertifiedCategory,
    LiveCertification,
    category_label,
    certificate_problem,
    certification_terms,
    check_registration,
    evidence_kinds,
    lapse,
    next_review,
    residence_evidence_kinds,
)
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile
from jobhub.security import audit
from jobhub.security.idcard import InvalidIdentifier, normalise_id_number, parse_id_number
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Conflict, Errors, InputError
from jobhub.seekers.models import Person
from jobhub.seekers.places import street_by_code
from jobhub.seekers.policy import person_facts


def _profile():
    return region_profile()


def _role(actor) -> str:
    if actor is None:
        return "system"
    role = getattr(actor, "role", None)
    return str(getattr(role, "value", role) or "system")


def _kind(act) -> str:
    return "registration" if isinstance(act, UnemploymentRegistration) else "certification"


CHANGED = "办理状态刚刚发生变化，请刷新页面查看最新结果。"


def _allowed(act, new: str, actor, reason: str | None = None) -> str:
    """The act's state, when the table of moves lets ``actor`` take it to ``new``; else a
    conflict saying why."""
    refusal = move_refusal(_kind(act), act.status, new, party_of(_role(actor)), reason)
    if refusal:
        raise Conflict(refusal)
    return act.status


def _claim(act, new: str, actor, reason: str | None = None) -> str:
    """Check a change of ``act``'s state against the act's table of moves and take it: one
    conditional UPDATE from the state this request read, so that of two requests moving the
    same act at once (staff deciding, the person withdrawing) exactly one wins and the other is
    told the act has changed. The act is then read again, so what follows starts from the row
    as it now is. Returns the state it left."""
    old = _allowed(act, new, actor, reason)
    model = type(act)
    taken = db.session.execute(
        db.update(model)
        .where(model.id == act.id, model.status == old)
        .values(status=new)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        raise Conflict(CHANGED)
    db.session.refresh(act)
    return old


def log_event(
    act,
    actor,
    old: str | None,
    new: str,
    reason: str | None = None,
    note: str = "",
    *,
    at: datetime | None = None,
) -> ActEvent:
    """Write one change of state of ``act`` (``actor`` ``None``: the daily job)."""
    event = ActEvent(
        at=at or now_utc(),
        actor_user_id=getattr(actor, "id", None),
        actor_role=_role(actor),
        from_status=old,
        to_status=new,
        reason_code=reason,
        note=note or None,
    )
    if isinstance(act, UnemploymentRegistration):
        event.registration = act
    else:
        event.certification = act
    db.session.add(event)
    # the person's key groups follow the acts: marking the row changed tells every worker's
    # people index (jobhub/peoplesvc.py) to re-evaluate them, here and through its poll
    person = db.session.get(Person, act.person_id) if act.person_id is not None else None
    if person is not None:
        person.updated_at = now_utc()
    return event


def _insert_live(act) -> None:
    """Add a new live act; a second live one for the person (two clicks, two counters) is a
    conflict, and the first stays as it was. The partial unique index decides a race; the
    failed transaction is rolled back whole (no savepoint: pysqlite would commit what came
    before one), which the calling view does on a conflict anyway."""
    model = type(act)
    live = LIVE_REGISTRATION if model is UnemploymentRegistration else LIVE_CERTIFICATION
    taken = db.session.execute(
        db.select(model.id).where(model.person_id == act.person_id, model.status.in_(live))
    ).first()
    if taken is not None:
        raise Conflict(TAKEN)
    db.session.add(act)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(TAKEN) from None


TAKEN = "本人已有正在办理或有效的同类事项，请在本页查看。"


def _station_of(actor, person: Person, street_code: str | None = None) -> int | None:
    """The station that handles the act: the worker's own; for an online application the
    person's station, else the station of the street they live in, which from then on serves
    them (it must see them to decide)."""
    if getattr(actor, "station_id", None):
        return actor.station_id
    if person.registered_station_id is None and street_code:
        from jobhub.stations.models import Station

        person.registered_station_id = db.session.scalar(
            db.select(Station.id).where(Station.street_code == street_code).order_by(Station.id)
        )
    return person.registered_station_id


# --- 失业登记 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationInput:
    residence: str
    street_code: str
    # 常住地 only: the 居住证 (or residence registration), its number and validity
    evidence: str | None = None
    evidence_number: str | None = None
    evidence_until: date | None = None


_EVIDENCE_NUMBER = re.compile(r"[0-9A-Z]{6,30}")


def _residence_evidence(data: Mapping[str, Any], errors: Errors, on: date) -> dict[str, Any]:
    """The proof of 常住地 the region accepts: its kind, number and the date it is valid until
    (not before ``on``: an expired 居住证 proves nothing)."""
    kinds = residence_evidence_kinds(on, _profile())
    kind = inputs.choice(
        data.get("residence_evidence") or (kinds[0] if len(kinds) == 1 else None),
        "residence_evidence",
        "常住地证明",
        errors,
        {k: RESIDENCE_EVIDENCE[k] for k in kinds},
        required=True,
    )
    label = RESIDENCE_EVIDENCE.get(kind or "", "居住证明")
    number = inputs.text(
        data.get("residence_evidence_number"),
        "residence_evidence_number",
        f"{label}编号",
        errors,
        required=True,
        max_len=30,
    )
    if number:
        number = normalise_id_number(number)
        if not _EVIDENCE_NUMBER.fullmatch(number):
            errors.add("residence_evidence_number", f"{label}编号应为6到30位数字或字母")
    until = inputs.day(
        data.get("residence_evidence_until"),
        "residence_evidence_until",
        f"{label}有效期至",
        errors,
        required=True,
        not_before=on,
    )
    return {"evidence": kind, "evidence_number": number, "evidence_until": until}


def parse_registration(data: Mapping[str, Any]) -> RegistrationInput:
    errors = Errors()
    residence = inputs.choice(
        data.get("residence"), "residence", "居住依据", errors, RESIDENCE_LABELS, required=True
    )
    street = inputs.text(
        data.get("residence_street_code"),
        "residence_street_code",
        "居住街道",
        errors,
        required=True,
        max_len=12,
    )
    if street and street_by_code(street) is None:
        errors.add("residence_street_code", "居住街道应为本地区的街道（乡镇）")
    evidence = (
        _residence_evidence(data, errors, today_in_china()) if residence == "residence" else {}
    )
    errors.raise_if_any()
    return RegistrationInput(residence or "", street, **evidence)


def apply_registration(
    person: Person, data: Mapping[str, Any], *, actor, via: str
) -> UnemploymentRegistration:
    """The person applies for 失业登记 (online, or staff take the application at the counter)."""
    if person.birth_date is None:
        raise Conflict("请先完成实名登记。")
    parsed = parse_registration(data)
    registration = UnemploymentRegistration(
        person_id=person.id,
        station_id=_station_of(actor, person, parsed.street_code),
        status="applied",
        applied_via=via,
        residence=parsed.residence,
        residence_street_code=parsed.street_code,
        residence_evidence=parsed.evidence,
        residence_evidence_number=parsed.evidence_number,
        residence_evidence_until=parsed.evidence_until,
    )
    _insert_live(registration)
    said = RESIDENCE_LABELS[parsed.residence]
    if parsed.evidence and parsed.evidence_until:
        said += (
            f"：{RESIDENCE_EVIDENCE[parsed.evidence]}有效期至{parsed.evidence_until.isoformat()}"
        )
    log_event(registration, actor, None, "applied", note=said)
    audit.record(
        actor, "apply_registration", "unemployment_registrations", registration.id, "申请失业登记"
    )
    db.session.flush()
    return registration


def registration_check(registration: UnemploymentRegistration, on: date):
    person = registration.person
    others = db.session.scalar(
        db.select(db.func.count(UnemploymentRegistration.id)).where(
            UnemploymentRegistration.person_id == person.id,
            UnemploymentRegistration.status == "registered",
            UnemploymentRegistration.id != registration.id,
        )
    )
    return check_registration(
        person_facts(person, on=on, acts=acts_of(None, on)),
        on,
        _profile(),
        residence=registration.residence,
        in_region=street_by_code(registration.residence_street_code) is not None,
        already_registered=bool(others),
        residence_evidence_until=registration.residence_evidence_until,
    )


def decide_registration(
    registration: UnemploymentRegistration, data: Mapping[str, Any], *, actor
) -> UnemploymentRegistration:
    """Staff register (with the 《就业创业证》 number) or refuse (with a reason of
    REGISTRATION_REFUSALS). The rules' checks refuse registering a person they rule out."""
    errors = Errors()
    decision = inputs.choice(
        data.get("decision"),
        "decision",
        "办理结果",
        errors,
        {"registered": "予以登记", "refused": "不予登记"},
        required=True,
    )
    note = inputs.text(data.get("note"), "note", "说明", errors, max_len=300)
    number = reason = None
    if decision == "registered":
        number = inputs.text(
            data.get("certificate_number"),
            "certificate_number",
            "《就业创业证》编号",
            errors,
            required=True,
            max_len=30,
        )
        if number:
            number = normalise_id_number(number)
            problem = certificate_problem(
                number,
                today_in_china(),
                _profile(),
                own_id_number=registration.person.id_number,
                is_id_number=_is_id_number(number),
            )
            if problem:
                errors.add("certificate_number", problem)
    elif decision == "refused":
        reason = inputs.choice(
            data.get("reason"),
            "reason",
            "不予登记原因",
            errors,
            REGISTRATION_REFUSALS,
            required=True,
        )
    errors.raise_if_any()
    _allowed(registration, decision or "", actor, reason)
    today = today_in_china()
    if decision == "registered":
        check = registration_check(registration, today)
        if not check.ok:
            said = "；".join(f"{REGISTRATION_REFUSALS[c]}：{t}" for c, t in check.refusals)
            raise InputError({"decision": f"不能予以登记：{said}"})
    old = _claim(registration, decision or "", actor, reason)
    if decision == "registered":
        registration.registered_on = today
        registration.certificate_number = number
    else:
        registration.refusal_code = reason
    log_event(registration, actor, old, registration.status, reason, note)
    audit.record(
        actor,
        "decide_registration",
        "unemployment_registrations",
        registration.id,
        "予以失业登记"
        if decision == "registered"
        else f"不予登记：{REGISTRATION_REFUSALS[reason or '']}",
    )
    db.session.flush()
    return registration


def _is_id_number(number: str) -> bool:
    try:
        parse_id_number(number)
    except InvalidIdentifier:
        return False
    return True


def suggested_refusals(registration: UnemploymentRegistration) -> list[tuple[str, str]]:
    """What the rules find against registering now (shown to staff before they decide)."""
    return list(registration_check(registration, today_in_china()).refusals)


def end_registration(
    registration: UnemploymentRegistration,
    reason: Any,
    *,
    actor,
    note: Any = "",
    on: date | None = None,
) -> UnemploymentRegistration:
    """注销: the person was hired through the platform, registered employment, or asked."""
    errors = Errors()
    code = inputs.choice(reason, "reason", "注销原因", errors, REGISTRATION_ENDS, required=True)
    text = inputs.text(note, "note", "说明", errors, max_len=300)
    errors.raise_if_any()
    old = _claim(registration, "ended", actor, code)
    registration.ended_on = on or today_in_china()
    registration.end_reason = code
    log_event(registration, actor, old, "ended", code, text)
    audit.record(
        actor,
        "end_registration",
        "unemployment_registrations",
        registration.id,
        f"注销失业登记：{REGISTRATION_ENDS[code or '']}",
    )
    db.session.flush()
    return registration


def end_on_hire(person: Person, hired_on: date, *, actor) -> None:
    """A hire through the platform ends the person's registration on the hire date."""
    registration = live_registration(person.id)
    if registration is not None and registration.status == "registered":
        end_registration(registration, "hired_platform", actor=actor, on=hired_on)


# --- 就业困难人员认定 -------------------------------------------------------------------------


def category_choices(on: date | None = None) -> dict[str, str]:
    on = on or today_in_china()
    return {c: category_label(c) for c in _profile().value("difficulty.categories", on)}


def parse_certification(data: Mapping[str, Any], on: date) -> dict[str, Any]:
    """``{"categories": [...], "evidence": {code: {"kind", "reference", "valid_until"}}}`` →
    the stored categories, each with the evidence it names; every bad field named."""
    profile = _profile()
    errors = Errors()
    raw = data.get("categories")
    choices = category_choices(on)
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        errors.add("categories", "请至少选择一个申请认定的类别")
        raw = []
    evidence = data.get("evidence") or {}
    if not isinstance(evidence, Mapping):
        errors.add("evidence", "证明应为按类别填写的对象")
        evidence = {}
    out: dict[str, Any] = {}
    for code in raw:
        if not isinstance(code, str) or code not in choices:
            errors.add("categories", "申请类别应为以下之一：" + "、".join(choices.values()))
            continue
        kinds = evidence_kinds(code, on, profile)
        given = evidence.get(code) or {}
        if not isinstance(given, Mapping):
            given = {}
        field = f"evidence_{code}"
        label = category_label(code)
        kind = inputs.choice(
            given.get("kind") or (kinds[0] if len(kinds) == 1 else None),
            f"{field}_kind",
            f"{label}的证明类型",
            errors,
            {k: EVIDENCE_LABELS[k] for k in kinds},
            required=True,
        )
        reference = inputs.text(
            given.get("reference"),
            f"{field}_reference",
            f"{label}的证明编号或说明",
            errors,
            required=kind not in COMPUTED_EVIDENCE and kind is not None,
            max_len=60,
        )
        until = inputs.day(
            given.get("valid_until"),
            f"{field}_valid_until",
            f"{label}的证明有效期至",
            errors,
            not_before=on,
        )
        source = inputs.text(given.get("source"), f"{field}_source", "名单来源", errors, max_len=80)
        out[code] = {
            "decision": "pending",
            "evidence": [
                {
                    "kind": kind,
                    "reference": reference,
                    "valid_until": until.isoformat() if until else None,
                    "source": source or None,
                }
            ],
            "reason": None,
            "note": "",
            "decided_by": None,
            "decided_at": None,
            "ended_on": None,
        }
    errors.raise_if_any()
    return out


def apply_certification(
    person: Person, data: Mapping[str, Any], *, actor, via: str
) -> DifficultyCertification:
    """Apply for 就业困难人员认定 naming categories of the region profile, each with evidence."""
    if person.birth_date is None:
        raise Conflict("请先完成实名登记。")
    categories = parse_certification(data, today_in_china())
    certification = DifficultyCertification(
        person_id=person.id,
        station_id=_station_of(actor, person, person.home_street_code),
        status="applied",
        applied_via=via,
        categories=categories,
    )
    _insert_live(certification)
    names = "、".join(category_label(c) for c in categories)
    log_event(certification, actor, None, "applied", note=f"申请类别：{names}")
    audit.record(
        actor,
        "apply_certification",
        "difficulty_certifications",
        certification.id,
        "申请就业困难人员认定",
    )
    db.session.flush()
    return certification


def _condition_fails(person: Person, code: str, on: date) -> str | None:
    """For evidence the platform computes (age, registration months): why the category does
    not hold today, or ``None`` when it does."""
    facts = person_facts(person, on=on)
    evaluation = evaluate(facts, on, _profile())
    found = next((f for f in evaluation.category_checks if f.code == code), None)
    if found is None or found.holds or found.pending:
        return None
    return "；".join(found.reasons)


def _in_open_household(person_id: int) -> bool:
    from jobhub.stations.models import Household, HouseholdMember

    return (
        db.session.execute(
            db.select(HouseholdMember.id)
            .join(Household, Household.id == HouseholdMember.household_id)
            .where(HouseholdMember.person_id == person_id, Household.closed_on.is_(None))
        ).first()
        is not None
    )


def decide_categories(
    certification: DifficultyCertification, data: Mapping[str, Any], *, actor
) -> DifficultyCertification:
    """Staff decide each pending category: ``{code: {"decision": "approved"|"refused",
    "reason": a CATEGORY_REFUSALS key (refused), "note": …}}``. When none is left pending the
    认定 is made (certified, with validity and review date from the profile) if any category
    was approved, else refused."""
    _claim(certification, "applied", actor)
    today = today_in_china()
    errors = Errors()
    categories = {k: dict(v) for k, v in (certification.categories or {}).items()}
    decided = []
    for code, entry in categories.items():
        if entry.get("decision") != "pending":
            continue
        given = data.get(code)
        if not isinstance(given, Mapping):
            continue
        label = category_label(code)
        decision = inputs.choice(
            given.get("decision"),
            f"{code}_decision",
            f"{label}的审核结果",
            errors,
            {"approved": "认定", "refused": "不予认定"},
        )
        if decision is None:
            continue
        note = inputs.text(given.get("note"), f"{code}_note", f"{label}的说明", errors, max_len=300)
        reason = None
        if decision == "refused":
            reason = inputs.choice(
                given.get("reason"),
                f"{code}_reason",
                f"{label}不予认定的原因",
                errors,
                CATEGORY_REFUSALS,
                required=True,
            )
        else:
            kinds = {e.get("kind") for e in entry.get("evidence", [])}
            if kinds & set(COMPUTED_EVIDENCE):
                failure = _condition_fails(certification.person, code, today)
                if failure:
                    errors.add(f"{code}_decision", f"{label}不能认定：{failure}")
            elif "household_record" in kinds and not _in_open_household(certification.person_id):
                errors.add(f"{code}_decision", f"{label}不能认定：本人不在服务站登记的零就业家庭中")
            elif not any(e.get("reference") for e in entry.get("evidence", [])):
                errors.add(f"{code}_decision", f"{label}不能认定：没有登记证明编号或说明")
        entry.update(
            decision=decision,
            reason=reason,
            note=note,
            decided_by=getattr(actor, "id", None),
            decided_at=now_utc().isoformat(),
        )
        decided.append((code, decision, reason, note))
    if not decided and not errors.fields:
        errors.add("decision", "请对至少一个类别作出认定或不予认定")
    errors.raise_if_any()
    certification.categories = categories
    for code, decision, reason, note in decided:
        said = "认定" if decision == "approved" else f"不予认定（{CATEGORY_REFUSALS[reason]}）"
        log_event(
            certification,
            actor,
            "applied",
            "applied",
            reason,
            f"{category_label(code)}：{said}{'；' + note if note else ''}",
        )
    if all(e["decision"] != "pending" for e in categories.values()):
        approved = [c for c, e in categories.items() if e["decision"] == "approved"]
        _claim(certification, "certified" if approved else "refused", actor)
        certification.categories = categories
        if approved:
            terms = certification_terms(today, _profile())
            certification.certified_on = today
            certification.valid_until = terms.valid_until
            certification.review_on = terms.review_on
        log_event(certification, actor, "applied", certification.status)
        db.session.flush()
        notify.certification_decided(certification.id)
    audit.record(
        actor,
        "decide_certification",
        "difficulty_certifications",
        certification.id,
        f"审核{len(decided)}个类别",
    )
    db.session.flush()
    return certification


def end_certification(
    certification: DifficultyCertification,
    reason: str,
    *,
    actor,
    note: str = "",
    on: date | None = None,
) -> DifficultyCertification:
    old = _claim(certification, "ended", actor, reason)
    on = on or today_in_china()
    certification.ended_on = on
    certification.end_reason = reason
    categories = {k: dict(v) for k, v in (certification.categories or {}).items()}
    for entry in categories.values():
        if entry.get("decision") == "approved":
            entry.update(decision="ended", ended_on=on.isoformat())
    certification.categories = categories
    log_event(certification, actor, old, "ended", reason, note)
    audit.record(
        actor,
        "end_certification",
        "difficulty_certifications",
        certification.id,
        "就业困难人员认定退出",
    )
    db.session.flush()
    return certification


def review_certification(
    certification: DifficultyCertification, data: Mapping[str, Any], *, actor
) -> DifficultyCertification:
    """复核: still qualifies (the next review date from the profile) or no longer does (ends)."""
    errors = Errors()
    outcome = inputs.choice(
        data.get("outcome"),
        "outcome",
        "复核结果",
        errors,
        {"confirmed": "继续符合", "review_failed": "不再符合，退出认定"},
        required=True,
    )
    note = inputs.text(data.get("note"), "note", "复核说明", errors, max_len=300)
    if outcome == "review_failed" and not note:
        errors.add("note", "不再符合时请写明原因，本人会看到")
    errors.raise_if_any()
    if outcome == "review_failed":
        return end_certification(certification, "review_failed", actor=actor, note=note)
    _claim(certification, "certified", actor, "reviewed")
    today = today_in_china()
    assert certification.valid_until is not None
    certification.review_on = next_review(today, certification.valid_until, _profile())
    log_event(certification, actor, "certified", "certified", "reviewed", note or "复核继续符合")
    audit.record(
        actor, "review_certification", "difficulty_certifications", certification.id, "复核认定"
    )
    db.session.flush()
    return certification


# --- the person's own requests ---------------------------------------------------------------


def _own_note(note: Any) -> str:
    errors = Errors()
    text = inputs.text(note, "note", "说明", errors, max_len=300)
    errors.raise_if_any()
    return text


def withdraw_application(act, *, actor, note: Any = ""):
    """The person withdraws their own 失业登记 or 认定 application before staff decide it.
    Categories still pending are marked withdrawn; a staff decision taken at the same moment
    and the withdrawal never both stand (see :func:`_claim`)."""
    text = _own_note(note)
    old = _claim(act, "withdrawn", actor, "own_request")
    what = "失业登记" if isinstance(act, UnemploymentRegistration) else "就业困难人员认定"
    if isinstance(act, DifficultyCertification):
        categories = {k: dict(v) for k, v in (act.categories or {}).items()}
        for entry in categories.values():
            if entry.get("decision") == "pending":
                entry["decision"] = "withdrawn"
        act.categories = categories
    log_event(act, actor, old, "withdrawn", "own_request", text)
    audit.record(actor, f"withdraw_{_kind(act)}", act.__tablename__, act.id, f"本人撤回{what}申请")
    db.session.flush()
    return act


def _approved(certification: DifficultyCertification) -> list[str]:
    return [c for c, e in (certification.categories or {}).items() if e["decision"] == "approved"]


def leave_categories(
    certification: DifficultyCertification, codes: Any, *, actor, note: Any = ""
) -> DifficultyCertification:
    """The person asks to leave some certified categories (``codes``), or with none named the
    whole 认定. Leaving every category still in force ends the 认定 (本人申请退出)."""
    errors = Errors()
    text = inputs.text(note, "note", "说明", errors, max_len=300)
    if codes in (None, "", []):
        codes = []
    elif isinstance(codes, str):
        codes = [codes]
    approved = _approved(certification)
    if not isinstance(codes, list) or any(c not in approved for c in codes):
        names = "、".join(category_label(c) for c in approved) or "无"
        errors.add("categories", f"退出的类别应为已认定的类别：{names}")
    errors.raise_if_any()
    chosen = list(dict.fromkeys(codes)) or approved
    if set(chosen) >= set(approved):
        return end_certification(certification, "own_request", actor=actor, note=text)
    _claim(certification, "certified", actor, "own_request")
    if not set(chosen) <= set(_approved(certification)):
        raise Conflict(CHANGED)
    today = today_in_china()
    categories = {k: dict(v) for k, v in certification.categories.items()}
    for code in chosen:
        categories[code].update(
            decision="ended", ended_on=today.isoformat(), end_reason="own_request"
        )
    certification.categories = categories
    names = "、".join(category_label(c) for c in chosen)
    log_event(
        certification,
        actor,
        "certified",
        "certified",
        "own_request",
        f"{names}：本人申请退出该类别{'；' + text if text else ''}",
    )
    audit.record(
        actor,
        "leave_categories",
        "difficulty_certifications",
        certification.id,
        f"本人申请退出认定类别 {len(chosen)} 个",
    )
    db.session.flush()
    return certification


def may_handle(user, person: Person) -> bool:
    """Staff of a station that serves the person, or the bureau."""
    if user.role == Role.ADMIN:
        return True
    from jobhub.stations.queries import person_visible_to_staff

    return user.role == Role.STATION_STAFF and person_visible_to_staff(person, user)


# --- the daily job ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyResult:
    ended: tuple[tuple[int, str], ...]  # (认定 id, reason)
    categories_ended: tuple[tuple[int, str], ...]
    due: dict[int | None, tuple[int, ...]]  # station id → 认定 ids due for review


def _employed_since(person_id: int) -> date | None:
    """When the person's last registration ended because they found work (or ``None``)."""
    row = db.session.execute(
        db.select(UnemploymentRegistration.ended_on)
        .where(
            UnemploymentRegistration.person_id == person_id,
            UnemploymentRegistration.status == "ended",
            UnemploymentRegistration.end_reason.in_(EMPLOYMENT_ENDS),
        )
        .order_by(UnemploymentRegistration.ended_on.desc())
        .limit(1)
    ).scalar_one_or_none()
    live = live_registration(person_id)
    return None if live is not None and live.status == "registered" else row


def run_daily(today: date) -> DailyResult:
    """End every 认定 whose basis has gone on ``today`` (found work for more than the
    profile's months, reached the retirement date, evidence expired, validity ran out), end
    single categories whose evidence expired, and list those due for review by station.
    Running it twice on a day changes nothing the second time."""
    profile = _profile()
    ended, categories_ended = [], []
    due: dict[int | None, list[int]] = {}
    live = db.session.execute(
        db.select(DifficultyCertification)
        .where(DifficultyCertification.status == "certified")
        .order_by(DifficultyCertification.id)
    ).scalars()
    for cert in list(live):
        person = cert.person
        approved = {c: e for c, e in (cert.categories or {}).items() if e["decision"] == "approved"}
        state = LiveCertification(
            person=person_facts(person, on=today, acts=acts_of(None, today)),
            valid_until=cert.valid_until or today,
            review_on=cert.review_on or today,
            categories=tuple(
                CertifiedCategory(code, _evidence_until(entry)) for code, entry in approved.items()
            ),
            employed_since=_employed_since(person.id),
        )
        verdict = lapse(state, today, profile)
        if verdict.reason is not None:
            end_certification(cert, verdict.reason, actor=None, note=verdict.text, on=today)
            ended.append((cert.id, verdict.reason))
            continue
        if verdict.ended_categories:
            _claim(cert, "certified", None, "evidence_expired")
            categories = {k: dict(v) for k, v in cert.categories.items()}
            for code in verdict.ended_categories:
                categories[code].update(
                    decision="ended", ended_on=today.isoformat(), end_reason="evidence_expired"
                )
                categories_ended.append((cert.id, code))
                log_event(
                    cert,
                    None,
                    "certified",
                    "certified",
                    "evidence_expired",
                    f"{category_label(code)}的证明已过期，该类别退出",
                )
            cert.categories = categories
        if verdict.review_due:
            due.setdefault(cert.station_id, []).append(cert.id)
    db.session.flush()
    for station_id, ids in due.items():
        notify.reviews_due(station_id, tuple(ids))
    return DailyResult(tuple(ended), tuple(categories_ended), {k: tuple(v) for k, v in due.items()})


def _evidence_until(entry: Mapping[str, Any]) -> date | None:
    dates = [e.get("valid_until") for e in entry.get("evidence", [])]
    if not dates or any(d is None for d in dates):
        return None
    return max(date.fromisoformat(d) for d in dates)


def daily_job(today_iso: str) -> None:
    """What the queue runs (``jobhub.jobs``): the daily pass, committed once."""
    result = run_daily(date.fromisoformat(today_iso))
    db.session.commit()
    current_app.logger.info(
        "acts daily %s: %d ended, %d categories ended, %d due for review",
        today_iso,
        len(result.ended),
        len(result.categories_ended),
        sum(len(v) for v in result.due.values()),
    )
