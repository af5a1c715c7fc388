"""Interviews and messages on an application. Services add and flush; the view commits.

The caller has already checked that the application is the actor's (the employer's own
organisation's, the seeker's own, or a person of the staff member's station). A message is
text only, at most ``MESSAGE_MAX`` characters, and goes through the posting review's rules for
fees, documents, scams and contact off the platform: a message asking for a deposit or moving
the talk to a personal WeChat is refused with the review's words and basis.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.notices.services import notify_organisation, notify_person
from jobhub.policy.dates import CHINA_TZ, in_china, today_in_china
from jobhub.postings import Posting, review
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Conflict, Errors
from jobhub.seekers.models import OPEN_STATUSES, Application
from jobhub.talks.models import REPLIES, ApplicationMessage, Interview

MESSAGE_MAX = 300
NOTE_MAX = 300
# What a message may not say: the posting review's rules against charging people, keeping
# their papers, scams and contact outside the platform (the rest are about postings).
MESSAGE_RULES = frozenset(
    {
        "fee_deposit",
        "document_withholding",
        "training_loan",
        "pyramid_scheme",
        "task_scam",
        "off_platform_contact",
    }
)
_CONTACT_PHONE = re.compile(r"\+?[0-9][0-9 \-]{5,18}[0-9]")
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")


def message_findings(text: str) -> list[str]:
    """The review's messages for what a thread message may not say (empty when fine)."""
    found = review(Posting(title="", description=text)).findings
    return [f.message for f in found if f.code in MESSAGE_RULES]


def _starts_at(raw: Any, errors: Errors) -> datetime | None:
    """A time in China (``YYYY-MM-DDTHH:MM``, as a datetime-local input sends it), from
    tomorrow up to 90 days ahead; stored as UTC."""
    label = "面试时间"
    if not isinstance(raw, str) or not raw.strip():
        errors.add("starts_at", f"请填写{label}")
        return None
    for pattern in _DATETIME_FORMATS:
        try:
            local = datetime.strptime(raw.strip(), pattern)
            break
        except ValueError:
            continue
    else:
        errors.add("starts_at", f"{label}格式应为 YYYY-MM-DD HH:MM")
        return None
    today = today_in_china()
    if not today <= local.date() <= today + timedelta(days=90):
        errors.add("starts_at", f"{label}应在今天到 90 天之内")
        return None
    moment = local.replace(tzinfo=CHINA_TZ)
    if moment < now_utc():
        errors.add("starts_at", f"{label}已经过去，请选择以后的时间")
        return None
    if not time(7) <= local.time() <= time(21):
        errors.add("starts_at", f"{label}应在 07:00 到 21:00 之间")
        return None
    return moment.astimezone(UTC)  # SQLite keeps no zone: store the UTC instant


def invite_to_interview(application: Application, data: Mapping[str, Any], *, actor) -> Interview:
    """The employer proposes an interview; the application moves to 邀请面试 if it was not
    there yet, and the person (or their station) is told."""
    errors = Errors()
    starts_at = _starts_at(data.get("starts_at"), errors)
    place = inputs.text(data.get("place"), "place", "面试地点", errors, required=True)
    contact = inputs.text(
        data.get("contact_name"), "contact_name", "联系人", errors, required=True, max_len=40
    )
    phone = None
    raw_phone = inputs.text(data.get("contact_phone"), "contact_phone", "联系电话", errors)
    if raw_phone:
        phone = unicodedata.normalize("NFKC", raw_phone)  # full-width digits of an IME
        if not _CONTACT_PHONE.fullmatch(phone):
            errors.add("contact_phone", "联系电话应为手机号或带区号的座机号，如 0571-88881234")
    notes = inputs.text(data.get("notes"), "notes", "备注", errors, max_len=NOTE_MAX)
    for name, value in (("place", place), ("notes", notes)):
        found = message_findings(value) if value else []
        if found:
            errors.add(name, found[0])
    errors.raise_if_any()
    if application.status not in OPEN_STATUSES:
        raise Conflict(f"申请当前为“{application.status_label}”，不能邀请面试。")
    interview = Interview(
        application_id=application.id,
        starts_at=starts_at,
        place=place,
        contact_name=contact,
        contact_phone=phone,
        notes=notes,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(interview)
    if application.status in ("applied", "viewed"):
        from jobhub.seekers.applications import _log

        _log(application, actor, application.status, "interview", note="发出面试邀请")
        application.status = "interview"
    db.session.flush()
    vacancy = application.vacancy
    notify_person(
        application.person,
        "interview",
        f"{vacancy.organisation.name}邀请您面试“{vacancy.title}”",
        f"时间：{in_china(starts_at)}\n地点：{place}\n联系人：{contact}"
        + (f"\n备注：{notes}" if notes else "")
        + "\n请在申请详情中接受、申请改期或婉拒。",
        f"/seeker/applications/{application.id}",
    )
    return interview


def reply_to_interview(interview: Interview, data: Mapping[str, Any], *, actor) -> Interview:
    """The person (or their station's staff for them) accepts, asks for another time (with a
    note saying when suits) or declines; the employer is told."""
    errors = Errors()
    answer = inputs.choice(data.get("answer"), "answer", "回复", errors, REPLIES, required=True)
    note = inputs.text(data.get("note"), "note", "说明", errors, max_len=NOTE_MAX)
    if answer == "reschedule" and not note:
        errors.add("note", "希望改期时请写明方便的时间")
    found = message_findings(note) if note else []
    if found:
        errors.add("note", found[0])
    errors.raise_if_any()
    if interview.status not in ("proposed", "reschedule"):
        raise Conflict(f"该面试邀请{interview.status_label}，不能再回复。")
    interview.status = answer or interview.status
    interview.reply_note = note
    interview.replied_at = now_utc()
    db.session.flush()
    application = db.session.get(Application, interview.application_id)
    vacancy = application.vacancy
    notify_organisation(
        vacancy.organisation_id,
        "interview_reply",
        f"“{vacancy.title}”的面试邀请：{REPLIES[answer]}",
        (f"说明：{note}\n" if note else "") + f"面试时间：{in_china(interview.starts_at)}",
        f"/employer/applications/{application.id}",
        sms=True,
    )
    return interview


def post_message(application: Application, body: Any, *, actor, side: str) -> ApplicationMessage:
    """Add a message to the thread (refused, with the review's reason, if it asks for money
    or moves the talk off the platform); the other side is told."""
    errors = Errors()
    text = inputs.text(body, "body", "消息", errors, required=True, max_len=MESSAGE_MAX)
    found = message_findings(text) if text else []
    if found:
        errors.add("body", found[0])
    errors.raise_if_any()
    if application.status == "withdrawn":
        raise Conflict("申请已撤回，不能再发送消息。")
    message = ApplicationMessage(
        application_id=application.id,
        author_user_id=getattr(actor, "id", None),
        side=side,
        body=text,
    )
    db.session.add(message)
    db.session.flush()
    vacancy = application.vacancy
    if side == "employer":
        notify_person(
            application.person,
            "application_message",
            f"{vacancy.organisation.name}就“{vacancy.title}”给您发了消息",
            text,
            f"/seeker/applications/{application.id}",
            sms=False,
        )
    else:
        notify_organisation(
            vacancy.organisation_id,
            "application_message",
            f"应聘者就“{vacancy.title}”发来消息",
            text,
            f"/employer/applications/{application.id}",
            sms=True,
        )
    return message


def interviews_of(application_id: int) -> list[Interview]:
    return list(
        db.session.scalars(
            db.select(Interview)
            .where(Interview.application_id == application_id)
            .order_by(Interview.id.desc())
        )
    )


def thread_of(application_id: int) -> list[ApplicationMessage]:
    return list(
        db.session.scalars(
            db.select(ApplicationMessage)
            .where(ApplicationMessage.application_id == application_id)
            .order_by(ApplicationMessage.id)
        )
    )


def open_interview(application_id: int, interview_id: int) -> Interview | None:
    return db.session.scalar(
        db.select(Interview).where(
            Interview.id == interview_id, Interview.application_id == application_id
        )
    )
