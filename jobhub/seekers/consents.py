"""Consents: given once with the version of the text shown, asked again only when the text
changes or after a withdrawal, and withdrawn at the counter or online, which stops what the
consent allowed. Services add and flush; the calling view commits."""

from __future__ import annotations

from typing import Any

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.policy.dates import in_china
from jobhub.security import audit
from jobhub.seekers.consent_texts import (
    CONSENT_TEXTS,
    PURPOSE_SENSITIVE,
    PURPOSE_SHARING,
    PURPOSE_SMS,
    current_text,
    is_purpose,
    text_of,
)
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.models import CONSENT_CHANNELS, Consent, Person, SubsidyApplication
from jobhub.seekers.policy import evaluate_person

UNKNOWN_PURPOSE = "授权事项不正确，应为以下之一：" + "、".join(
    t[-1].title for t in CONSENT_TEXTS.values()
)


def check_purpose(purpose: Any) -> str:
    """The purpose, or ``InputError`` naming the field ``purpose`` in Chinese."""
    if not is_purpose(purpose):
        raise InputError({"purpose": UNKNOWN_PURPOSE})
    return purpose


def live_consent(person: Person, purpose: str) -> Consent | None:
    """The person's consent to this purpose that is neither withdrawn nor replaced."""
    if person.id is None:
        return None
    return db.session.execute(
        db.select(Consent).where(
            Consent.person_id == person.id,
            Consent.purpose == purpose,
            Consent.withdrawn_at.is_(None),
            Consent.replaced_at.is_(None),
        )
    ).scalar_one_or_none()


def consent_on_file(person: Person | None, purpose: str) -> Consent | None:
    """The live consent if it was given to the text in force now; otherwise ``None``: the
    person is asked (again) before anything the purpose covers is recorded."""
    consent = live_consent(person, purpose) if person is not None else None
    if consent is None or consent.text_version != current_text(purpose).version:
        return None
    return consent


def give_consent(person: Person, purpose: str, *, via: str, actor) -> Consent:
    """Record consent to the current text; an unchanged consent is kept as it is (no new row,
    no new date), one to an older text is replaced. Audited."""
    purpose = check_purpose(purpose)
    shown = current_text(purpose)
    consent = live_consent(person, purpose)
    if consent is not None and consent.text_version == shown.version:
        return consent
    if consent is not None:
        consent.replaced_at = now_utc()
        db.session.flush()  # the live-consent index allows one live row
    staff_id = getattr(actor, "id", None) if via == "counter" else None
    consent = Consent(
        person_id=person.id,
        purpose=purpose,
        text_version=shown.version,
        given_via=via,
        given_by_id=staff_id,
    )
    db.session.add(consent)
    audit.record(
        actor,
        "give_consent",
        "people",
        person.id,
        f"本人同意：{shown.title}（第{shown.version}版）",
    )
    db.session.flush()
    return consent


def withdraw_consent(person: Person, purpose: str, *, via: str, actor) -> Consent:
    """Withdraw the live consent and stop what it allowed: withdrawing the sensitive-status
    consent erases every stored status (and with them the key groups and subsidies they gave),
    withdrawing sharing hides name and phone from employers again. Audited."""
    purpose = check_purpose(purpose)
    consent = live_consent(person, purpose)
    if consent is None:
        raise Conflict(f"未同意“{current_text(purpose).title}”，无需撤回")
    consent.withdrawn_at = now_utc()
    consent.withdrawn_via = via
    consent.withdrawn_by_id = getattr(actor, "id", None)
    stopped = _stop(person, purpose, actor)
    audit.record(
        actor,
        "withdraw_consent",
        "people",
        person.id,
        f"{'本人' if via == 'online' else '窗口代办'}撤回同意：{current_text(purpose).title}"
        + (f"；{stopped}" if stopped else ""),
    )
    db.session.flush()
    return consent


def _stop(person: Person, purpose: str, actor) -> str:
    """Undo what the purpose allowed; returns what was stopped, for the audit log."""
    if purpose == PURPOSE_SHARING:
        person.share_with_employers = False
        return "停止向用人单位展示联系方式"
    if purpose == PURPOSE_SENSITIVE:
        erased = len(person.sensitive or {})
        person.sensitive = None  # erased, not hidden (encrypted at rest; the row is rewritten)
        db.session.flush()
        refused = _refuse_pending_subsidies(person, actor)
        return f"删除 {erased} 项敏感身份信息" + (
            f"，{refused} 项补贴申请不予核定" if refused else ""
        )
    if purpose == PURPOSE_SMS:
        return "停止发送通知短信"
    return ""


def withdrawn_since(person: Person, purpose: str, moment) -> bool:  # noqa: ANN001
    """Whether the person withdrew their consent to ``purpose`` after ``moment`` (e.g. after
    a subsidy was approved on the statuses it allowed: no further month is paid)."""
    if moment is None:
        return False
    return (
        db.session.scalar(
            db.select(Consent.id)
            .where(
                Consent.person_id == person.id,
                Consent.purpose == purpose,
                Consent.withdrawn_at > moment,
            )
            .limit(1)
        )
        is not None
    )


def _refuse_pending_subsidies(person: Person, actor) -> int:
    """Pending subsidy applications the person no longer qualifies for without the erased
    statuses are refused with the reason. Approved ones pay no further month when the engine
    no longer finds them eligible (``subsidies.record_payment``)."""
    pending = db.session.execute(
        db.select(SubsidyApplication).where(
            SubsidyApplication.person_id == person.id, SubsidyApplication.status == "submitted"
        )
    ).scalars()
    evaluation = evaluate_person(person)
    still = {r.code for r in evaluation.subsidies if r.eligible} if evaluation else set()
    refused = 0
    for application in pending:
        if application.code in still:
            continue
        application.status = "rejected"
        application.reason = "本人已撤回敏感身份信息授权，不再符合条件"
        application.decided_by_id = getattr(actor, "id", None)
        application.decided_at = now_utc()
        refused += 1
    return refused


def consent_rows(person: Person) -> list[dict[str, Any]]:
    """Every purpose with what the person agreed to (see :func:`consent_row`)."""
    return [consent_row(person, purpose) for purpose in CONSENT_TEXTS]


def consent_row(person: Person, purpose: str) -> dict[str, Any]:
    """One purpose with what the person agreed to, if anything: the words, the version, when
    (the bureau's clock) and where; ``current`` is false when the text has changed since."""
    shown = current_text(purpose)
    consent = live_consent(person, purpose)
    agreed = text_of(purpose, consent.text_version) if consent else None
    return {
        "purpose": purpose,
        "title": shown.title,
        "given": consent is not None,
        "current": consent is not None and consent.text_version == shown.version,
        "text_version": consent.text_version if consent else None,
        "current_version": shown.version,
        "text": (agreed or shown).text,
        "on_withdrawal": shown.on_withdrawal,
        "given_at": in_china(consent.given_at) if consent else None,
        "given_via": consent.given_via if consent else None,
        "given_via_label": CONSENT_CHANNELS.get(consent.given_via) if consent else None,
        "last_withdrawn_at": in_china(_last_withdrawal(person, purpose)) or None,
    }


def _last_withdrawal(person: Person, purpose: str):
    return db.session.scalar(
        db.select(db.func.max(Consent.withdrawn_at)).where(
            Consent.person_id == person.id, Consent.purpose == purpose
        )
    )
