"""Texts to accounts that are not a person's own: an employer's contacts and station workers.

Each account agrees for itself, on 通知设置 (/inbox/settings), to get its notifications by text
to the mobile number it logs in with; the agreement is kept with the version of the text shown
(``TEXTS``, rules as data: a new wording is a new version, and everyone is asked again). The
same daily cap as for people (``NOTICE_SMS_DAILY_CAP``) counts each account's texts. A text to
an account names no person: it says what happened and sends the reader to the inbox.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from jobhub.auth.models import User
from jobhub.auth.roles import Role
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.notices.models import AccountSmsConsent
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.seekers.consent_texts import ConsentText

# Who may take texts here (people agree on 我的授权, staff of the bureau read their inbox)
ROLES = (Role.EMPLOYER.value, Role.STATION_STAFF.value)
TEXTS = (
    ConsentText(
        purpose="account_sms_notifications",
        version=1,
        effective_from=date(2026, 12, 6),
        title="用短信接收工作通知",
        text=(
            "本人同意平台向本账号登录所用的手机号发送工作通知短信（用人单位：收到投递、面试回复、"
            "应聘者消息；服务站：需转达给未注册群众的消息），每天最多 {cap} 条；"
            "短信不含求职者的姓名、手机号或身份证号，详情在“站内消息”中查看。"
        ),
        on_withdrawal="撤回后，平台不再向本账号发送通知短信，通知仍在“站内消息”中显示。",
        source="个人信息保护法第十三条第一款第一项、第十四条（基于个人同意处理个人信息）",
    ),
)


def current_text() -> ConsentText:
    today = today_in_china()
    return max((t for t in TEXTS if t.effective_from <= today), key=lambda t: t.version)


def text_shown() -> str:
    """The current text with the daily cap in it, as the account reads it before agreeing."""
    return current_text().text.format(cap=current_app.config["NOTICE_SMS_DAILY_CAP"])


def login_phone(user: User) -> str | None:
    """The mobile number the account logs in with, or ``None`` (a login that is a name)."""
    from jobhub.security.idcard import InvalidIdentifier, normalise_phone

    try:
        return normalise_phone(user.login)
    except InvalidIdentifier:
        return None


def live(user_id: int) -> AccountSmsConsent | None:
    return db.session.scalar(
        select(AccountSmsConsent).where(
            AccountSmsConsent.user_id == user_id, AccountSmsConsent.withdrawn_at.is_(None)
        )
    )


def on_file(user_id: int) -> AccountSmsConsent | None:
    """The live agreement if it was given to the text in force now."""
    consent = live(user_id)
    if consent is None or consent.text_version != current_text().version:
        return None
    return consent


def agree(user: User) -> AccountSmsConsent:
    """Record the account's agreement to the current text (kept as it is when unchanged; one
    to an older text is ended and a new one recorded). Audited."""
    consent = live(user.id)
    version = current_text().version
    if consent is not None and consent.text_version == version:
        return consent
    if consent is not None:
        consent.withdrawn_at = now_utc()
        db.session.flush()  # one live row per account
    consent = AccountSmsConsent(user_id=user.id, text_version=version)
    db.session.add(consent)
    db.session.flush()
    audit.record(user, "give_consent", "users", user.id, f"account_sms_notifications v{version}")
    return consent


def withdraw(user: User) -> bool:
    """End the account's agreement; False when there was none. Audited."""
    consent = live(user.id)
    if consent is None:
        return False
    consent.withdrawn_at = now_utc()
    db.session.flush()
    audit.record(user, "withdraw_consent", "users", user.id, "account_sms_notifications")
    return True


def take_text(user: User) -> tuple[str | None, str]:
    """The phone to text this account at and ``"queued"``, counting the text against today's
    cap; or ``None`` and why not (``notices.models.SMS_STATES``): not agreed (or an inactive
    account), no mobile login, or today's texts already sent."""
    consent = on_file(user.id) if user.active and user.role in ROLES else None
    if consent is None:
        return None, "no_consent"
    phone = login_phone(user)
    if phone is None:
        return None, "no_phone"
    today = today_in_china()
    if consent.texts_on != today:
        consent.texts_on, consent.texts_sent = today, 0
    if consent.texts_sent >= current_app.config["NOTICE_SMS_DAILY_CAP"]:
        return None, "capped"
    consent.texts_sent += 1
    db.session.flush()
    return phone, "queued"


def station_staff(station_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(
                User.station_id == station_id,
                User.role == Role.STATION_STAFF.value,
                User.active.is_(True),
            )
        )
    )
