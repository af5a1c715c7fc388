"""Second factor for staff and admins: TOTP (RFC 6238) with one-time recovery codes.

Station staff and administrators reach many people's data, so a password is not enough. After
their password is right, the sign-in waits (``PENDING`` in the signed session cookie, for
``SECOND_FACTOR_MINUTES``) for a six-digit code from their authenticator app, or a recovery
code. Someone not yet enrolled is taken to enrolment first: a fresh secret is stored encrypted,
shown as a QR code and as text, and counts only once the person types a code it made; they then
get ten recovery codes, shown once and stored as HMACs.

A code is accepted for the current 30-second step or the one before or after (clock drift), and
never twice: the last accepted step is kept (RFC 6238 section 5.2).
"""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from datetime import UTC, datetime, timedelta

import pyotp
import segno
from flask import current_app, session
from markupsafe import Markup

from jobhub.auth.models import RecoveryCode, User
from jobhub.auth.roles import Role
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.security.columns import lookup_hash

PENDING = "pending_second_factor"
REQUIRED_ROLES = frozenset({Role.STATION_STAFF, Role.ADMIN})
RECOVERY_CODES = 10
# Recovery codes: two groups of four from an alphabet without look-alikes (0/O, 1/I/L).
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
STEP_SECONDS = 30


def required(user: User) -> bool:
    return Role(user.role) in REQUIRED_ROLES


def enrolled(user: User) -> bool:
    return bool(user.totp_secret) and user.totp_enrolled_at is not None


# -- the half-finished sign-in ----------------------------------------------------------------


def begin(user: User, next_url: str | None) -> None:
    """Password was right; wait for the second factor."""
    session.clear()
    session[PENDING] = {"uid": user.id, "at": now_utc().isoformat(), "next": next_url or ""}


def pending_user() -> User | None:
    """The user half-way through signing in, if the wait has not run out."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("uid"), int):
        return None
    try:
        started = datetime.fromisoformat(str(pending.get("at")))
    except ValueError:
        return None
    limit = timedelta(minutes=int(current_app.config["SECOND_FACTOR_MINUTES"]))
    if started.tzinfo is None or now_utc() - started > limit:
        return None
    user = db.session.get(User, pending["uid"])
    return user if user is not None and user.active else None


def pending_next() -> str | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    return pending.get("next") or None


# -- TOTP ---------------------------------------------------------------------------------


def start_enrolment(user: User) -> str:
    """A secret for ``user`` to scan, kept (encrypted) until they prove it with a code. The same
    secret is shown again on reload until enrolment completes."""
    if not user.totp_secret or user.totp_enrolled_at is not None:
        user.totp_secret = pyotp.random_base32()
        user.totp_enrolled_at = None
        user.totp_last_step = None
    return user.totp_secret


def provisioning_uri(user: User) -> str:
    issuer = current_app.config["TOTP_ISSUER"]
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.display_name, issuer_name=issuer)


def qr_svg(uri: str) -> Markup:
    """The enrolment QR code as inline SVG (nothing leaves the server to draw it)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff", border=2)
    return Markup(svg)  # noqa: S704 - segno's own SVG, from our URI; nothing user-supplied unescaped


def grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _current_step(now: datetime | None = None) -> int:
    moment = now or datetime.now(UTC)
    return int(moment.timestamp()) // STEP_SECONDS


def check_totp(user: User, code: str | None, now: datetime | None = None) -> bool:
    """True when ``code`` is a fresh code of ``user``'s secret; the step is then spent."""
    # NFKC: full-width digits from a Chinese input method are the same code
    digits = unicodedata.normalize("NFKC", code or "").replace(" ", "").strip()
    # ASCII digits only: "１２３４５６" is digits to str.isdigit, and compare_digest refuses it
    if not user.totp_secret or len(digits) != 6 or not (digits.isascii() and digits.isdigit()):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    step = _current_step(now)
    for candidate in (step - 1, step, step + 1):
        if candidate <= (user.totp_last_step or -1):
            continue
        if hmac.compare_digest(totp.at(candidate * STEP_SECONDS), digits):
            user.totp_last_step = candidate
            return True
    return False


def enrol(user: User, secret: str) -> None:
    """Bind a secret the person already holds (an operator's import, the demo accounts)."""
    user.totp_secret = secret
    user.totp_enrolled_at = now_utc()
    user.totp_last_step = None


def finish_enrolment(user: User) -> list[str]:
    user.totp_enrolled_at = now_utc()
    return new_recovery_codes(user)


def reset(user: User) -> None:
    """Forget ``user``'s second factor (a lost phone, decided by an administrator): they enrol
    again at their next sign-in."""
    user.totp_secret = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    for row in _unused_codes(user):
        row.used_at = now_utc()


# -- recovery codes -----------------------------------------------------------------------


def _code_key(user: User, code: str) -> str:
    return lookup_hash(f"{user.id}:{code}", "recovery-code")


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _unused_codes(user: User) -> list[RecoveryCode]:
    return list(
        db.session.execute(
            db.select(RecoveryCode).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).scalars()
    )


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes (any earlier ones stop working), to show once."""
    for row in _unused_codes(user):
        row.used_at = now_utc()
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        codes.append(f"{raw[:4]}-{raw[4:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hmac=_code_key(user, raw)))
    return codes


def remaining_recovery_codes(user: User) -> int:
    return len(_unused_codes(user))


def use_recovery_code(user: User, code: str | None) -> bool:
    given = _normalise(code or "")
    if len(given) != 8:
        return False
    key = _code_key(user, given)
    for row in _unused_codes(user):
        if hmac.compare_digest(row.code_hmac, key):
            row.used_at = now_utc()
            return True
    return False
