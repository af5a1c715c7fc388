"""SMS verification codes: proving a person holds the phone they register or reset with.

A code is six random digits, sent through the message gateway (jobhub.messaging), valid
``SMS_CODE_MINUTES``, good for ``SMS_CODE_MAX_ATTEMPTS`` tries and used once; a new code for the
same phone and purpose replaces the old one. Only an HMAC of phone and code is stored. How
often a phone or an address may ask for codes, and how many wrong codes it may try, is
throttled per phone and per address (jobhub.auth.throttle).
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from datetime import timedelta
from enum import StrEnum

from flask import current_app

from jobhub import messaging
from jobhub.auth.models import PhoneCode
from jobhub.db import as_utc, now_utc
from jobhub.extensions import db
from jobhub.security.columns import lookup_hash


class Purpose(StrEnum):
    REGISTER = "register"
    RESET = "reset"


_TEXTS = {
    Purpose.REGISTER: "您正在注册账号，验证码 {code}，{minutes} 分钟内有效。如非本人操作，请忽略本短信。",
    Purpose.RESET: "您正在找回密码，验证码 {code}，{minutes} 分钟内有效。请勿告诉他人；如非本人操作，请忽略本短信。",
}
# Sent instead of a registration code when the phone already has an account: its holder learns
# of the attempt, the screen says the same either way (no enumeration).
ALREADY_REGISTERED = "有人正在用您的手机号注册账号，但该手机号已经注册。您可以直接登录，忘记密码可在登录页找回。如非本人操作，请忽略本短信。"


def _phone_key(phone: str) -> str:
    return lookup_hash(phone, "sms-phone")


def _code_key(phone: str, code: str) -> str:
    return lookup_hash(f"{phone}:{code}", "sms-code")


def _live(phone: str, purpose: Purpose) -> list[PhoneCode]:
    return list(
        db.session.execute(
            db.select(PhoneCode).where(
                PhoneCode.phone_hmac == _phone_key(phone),
                PhoneCode.purpose == purpose.value,
                PhoneCode.used_at.is_(None),
            )
        ).scalars()
    )


def send(phone: str, purpose: Purpose) -> None:
    """Make a new code for ``phone`` (replacing any unused one) and send it."""
    for old in _live(phone, purpose):
        old.used_at = now_utc()
    minutes = int(current_app.config["SMS_CODE_MINUTES"])
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.add(
        PhoneCode(
            phone_hmac=_phone_key(phone),
            purpose=purpose.value,
            code_hmac=_code_key(phone, code),
            expires_at=now_utc() + timedelta(minutes=minutes),
        )
    )
    messaging.send_sms(phone, _TEXTS[purpose].format(code=code, minutes=minutes))


def notify_already_registered(phone: str) -> None:
    messaging.send_sms(phone, ALREADY_REGISTERED)


def check(phone: str, purpose: Purpose, code: str | None) -> PhoneCode | None:
    """The live code row when ``code`` is right for ``phone``; otherwise ``None`` and the try is
    counted (the caller commits, so a wrong try is kept even though the request fails). The row
    stays usable until :func:`use` marks it."""
    rows = _live(phone, purpose)
    row = rows[-1] if rows else None
    if row is None or as_utc(row.expires_at) <= now_utc():
        return None
    if row.attempts >= int(current_app.config["SMS_CODE_MAX_ATTEMPTS"]):
        return None
    given = _code_key(phone, unicodedata.normalize("NFKC", code or "").strip())  # full-width too
    if hmac.compare_digest(given, row.code_hmac):
        return row
    row.attempts += 1
    return None


def use(row: PhoneCode) -> None:
    row.used_at = now_utc()
