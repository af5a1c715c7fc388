"""Sending notifications: a row in the recipient's inbox, written in the caller's transaction,
and a text message after the commit when the person agreed to texts and has not had
``NOTICE_SMS_DAILY_CAP`` today.

Who gets what: a person with an account in their own inbox; a person registered at a station
without an account in that station's inbox (the staff reach them), and by text if they agreed
at the counter; an organisation's notices in every one of its employer users' inboxes. An
employer's contact or a station worker who agreed on 通知设置 gets a text too
(``notices.account_sms``): the employer for the events the caller marks ``sms``, the station's
workers for every message that reaches the station about a person without an account.

Texts leave only after the transaction commits (``after_commit``), through
``messaging.send_sms`` (the job queue when there is one), so a rolled-back request sends
nothing. A text says what happened in a line and sends the person to the inbox; it never
carries an ID number.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from flask import current_app
from sqlalchemy import event, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jobhub import messaging
from jobhub.auth.models import User
from jobhub.auth.roles import Role
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.notices import account_sms
from jobhub.notices.models import KINDS, Notification
from jobhub.policy.dates import CHINA_TZ, today_in_china
from jobhub.security.masking import mask_name
from jobhub.seekers.consent_texts import PURPOSE_SMS
from jobhub.seekers.models import Person

_PENDING = "jobhub.notice_sms"
TITLE_MAX = 120
BODY_MAX = 2000


def _add(row: Notification) -> Notification | None:
    """Insert the row; ``None`` when its dedupe key was already used (a job run twice, or two
    runs at once: the unique constraint decides)."""
    if row.dedupe_key is not None:
        taken = db.session.scalar(
            select(Notification.id).where(Notification.dedupe_key == row.dedupe_key)
        )
        if taken is not None:
            return None
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return None
    return row


def notify_user(
    user_id: int,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    *,
    person_id: int | None = None,
    dedupe_key: str | None = None,
    sms: bool = False,
) -> Notification | None:
    """A message in one user's inbox; by text too when ``sms`` and the account agreed to texts
    on 通知设置 (an employer's contact, a station worker) and is under today's cap."""
    assert kind in KINDS, kind
    row = _add(
        Notification(
            user_id=user_id,
            person_id=person_id,
            kind=kind,
            title=title[:TITLE_MAX],
            body=body[:BODY_MAX],
            link=link,
            dedupe_key=dedupe_key,
        )
    )
    if row is not None and sms:
        user = db.session.get(User, user_id)
        phone, row.sms_state = account_sms.take_text(user)
        if phone:
            _queue_text(phone, f"{title}。详情请登录平台查看“站内消息”")
        db.session.flush()
    return row


def notify_organisation(
    organisation_id: int,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    *,
    sms: bool = False,
) -> list[Notification]:
    """The message in the inbox of every employer user of the organisation (and by text to
    those who agreed, when ``sms``)."""
    users = db.session.scalars(
        select(User.id).where(
            User.organisation_id == organisation_id,
            User.role == Role.EMPLOYER.value,
            User.active.is_(True),
        )
    )
    return [
        n
        for uid in users.all()
        if (n := notify_user(uid, kind, title, body, link, sms=sms)) is not None
    ]


def _queue_text(phone: str, text: str) -> None:
    """Send after the commit (``_send_texts``); a rolled-back transaction sends nothing."""
    db.session.info.setdefault(_PENDING, []).append((phone, text))


def _text_station_staff(station_id: int, kind: str) -> None:
    """Tell the station's workers who agreed to texts that a message waits to be passed on
    (no name in the text: the inbox shows it, masked)."""
    text = f"服务站收到一条需转达给群众的{KINDS[kind]}消息。详情请登录平台查看“站内消息”"
    for user in account_sms.station_staff(station_id):
        phone, _state = account_sms.take_text(user)
        if phone:
            _queue_text(phone, text)


def notify_person(
    person: Person,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    *,
    dedupe_key: str | None = None,
    sms: bool = True,
) -> Notification | None:
    """A message to a person: their inbox if they have an account, else their station's (the
    staff pass it on); by text too when ``sms`` and they agreed to texts and are under today's
    cap. ``None`` when ``dedupe_key`` was used before, or the person has neither an account
    nor a station. ``link`` is for the person's own pages; the station's copy links to the
    person's record."""
    assert kind in KINDS, kind
    row = Notification(
        person_id=person.id,
        kind=kind,
        title=title[:TITLE_MAX],
        body=body[:BODY_MAX],
        dedupe_key=dedupe_key,
    )
    if person.user_id is not None:
        row.user_id, row.link = person.user_id, link
    elif person.registered_station_id is not None:
        row.station_id = person.registered_station_id
        # the name masked: the inbox is not an audited view of the person (their page is)
        row.title = f"{mask_name(person.name)}：{row.title}"[:TITLE_MAX]
        row.link = f"/station/people/{person.id}"
    else:
        return None
    if _add(row) is None:
        return None
    if sms:
        row.sms_state = _sms_state(person)
        if row.sms_state == "queued":
            text = f"{title}。详情请登录平台查看“站内消息”" + (
                "" if person.user_id else "，或到服务站咨询"
            )
            _queue_text(person.phone, text)
        db.session.flush()
    if row.station_id is not None and kind != "policy_push":  # pushes: the follow-up list
        _text_station_staff(row.station_id, kind)
    return row


def _sms_state(person: Person) -> str:
    from jobhub.seekers.consents import consent_on_file

    if consent_on_file(person, PURPOSE_SMS) is None:
        return "no_consent"
    if not person.phone:
        return "no_phone"
    # midnight in China, as the UTC instant the database compares with (SQLite keeps no zone)
    start = datetime.combine(today_in_china(), time.min, CHINA_TZ).astimezone(UTC)
    sent_today = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.person_id == person.id,
            Notification.sms_state == "queued",
            Notification.created_at >= start,
        )
    )
    if sent_today >= current_app.config["NOTICE_SMS_DAILY_CAP"]:
        return "capped"
    return "queued"


@event.listens_for(Session, "after_commit")
def _send_texts(session: Session) -> None:
    for phone, text in session.info.pop(_PENDING, []):
        messaging.send_sms(phone, text)


@event.listens_for(Session, "after_rollback")
def _drop_texts(session: Session) -> None:
    session.info.pop(_PENDING, None)


# -- reading the inbox ----------------------------------------------------------------------------


def _mine(user):  # noqa: ANN001, ANN202 - a SQL condition
    """The user's own messages, and for station staff those addressed to their station."""
    if user.role == Role.STATION_STAFF.value and user.station_id is not None:
        return or_(Notification.user_id == user.id, Notification.station_id == user.station_id)
    return Notification.user_id == user.id


def inbox(user):  # noqa: ANN001, ANN201 - a Select
    return select(Notification).where(_mine(user)).order_by(Notification.id.desc())


def unread_count(user) -> int:  # noqa: ANN001
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(_mine(user), Notification.read_at.is_(None))
        )
        or 0
    )


def find(user, notice_id: int) -> Notification | None:  # noqa: ANN001
    """The user's message of that id; ``None`` for someone else's (the same answer as none)."""
    return db.session.scalar(select(Notification).where(Notification.id == notice_id, _mine(user)))


def mark_read(user, notice_id: int | None = None) -> int:  # noqa: ANN001
    """Mark one message (or all) read; returns how many changed."""
    where = [_mine(user), Notification.read_at.is_(None)]
    if notice_id is not None:
        where.append(Notification.id == notice_id)
    result = db.session.execute(
        update(Notification)
        .where(*where)
        .values(read_at=now_utc())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
