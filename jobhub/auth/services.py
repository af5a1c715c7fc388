"""Registering accounts, checking passwords, opening and closing server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app, session
from werkzeug.security import check_password_hash, generate_password_hash

from jobhub.auth.models import User, UserSession
from jobhub.auth.roles import Role
from jobhub.db import as_utc, now_utc
from jobhub.extensions import db
from jobhub.security.columns import lookup_hash

_SESSION_KEY = "sid"


def login_key(login: str) -> str:
    return lookup_hash(login.strip().lower(), "login")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user_by_login(login: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.login_hmac == login_key(login))
    ).scalar_one_or_none()


@dataclass(frozen=True)
class NewAccount:
    login: str
    password: str
    display_name: str
    role: Role
    organisation_id: int | None = None
    station_id: int | None = None
    institution_id: int | None = None


def create_user(account: NewAccount) -> User | None:
    """Create a user, or return ``None`` when the login is taken.

    The password is hashed either way so that timing does not tell whether a phone number is
    registered (no user enumeration).
    """
    password_hash = hash_password(account.password)
    if find_user_by_login(account.login) is not None:
        return None
    user = User(
        login_hmac=login_key(account.login),
        login=account.login.strip(),
        display_name=account.display_name.strip(),
        role=account.role.value,
        password_hash=password_hash,
        organisation_id=account.organisation_id,
        station_id=account.station_id,
        institution_id=account.institution_id,
    )
    db.session.add(user)
    db.session.flush()
    return user


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("jobhub.dummy_hash", {})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in cache:
        cache[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return cache[method]


def authenticate(login: str, password: str) -> User | None:
    """Return the user when login and password match. A missing user costs the same hash
    check as a wrong password."""
    user = find_user_by_login(login)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user: User) -> None:
    """Start a server-side session for ``user`` and put its id in the signed cookie."""
    token = secrets.token_urlsafe(32)
    lifetime = current_app.config["PERMANENT_SESSION_LIFETIME"]
    db.session.add(
        UserSession(token_hash=_token_hash(token), user_id=user.id, expires_at=now_utc() + lifetime)
    )
    user.last_login_at = now_utc()
    session.clear()
    session.permanent = True
    session[_SESSION_KEY] = token


def check_password(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def change_password(user: User, new_password: str, *, keep_current: bool = True) -> int:
    """Set ``user``'s password and revoke every other open session of theirs (a device left
    signed in elsewhere, or a thief's copy of the cookie); the current one stays unless
    ``keep_current`` is false (a reset by SMS code, where the request holds no session of
    theirs). Returns how many sessions were ended."""
    user.password_hash = hash_password(new_password)
    token = session.get(_SESSION_KEY) if keep_current else None
    keep = _token_hash(token) if token else None
    others = db.session.execute(
        db.select(UserSession).where(
            UserSession.user_id == user.id,
            UserSession.revoked_at.is_(None),
            UserSession.token_hash != (keep or ""),
        )
    ).scalars()
    ended = 0
    for row in others:
        row.revoked_at = now_utc()
        ended += 1
    return ended


def close_session() -> None:
    """Revoke the current server-side session: the cookie, even copied, no longer works."""
    token = session.get(_SESSION_KEY)
    if token:
        row = db.session.execute(
            db.select(UserSession).where(UserSession.token_hash == _token_hash(token))
        ).scalar_one_or_none()
        if row is not None and row.revoked_at is None:
            row.revoked_at = now_utc()
    session.clear()


def load_session_user(user_id: str) -> User | None:
    """flask-login's user loader: the cookie must name a live server-side session."""
    token = session.get(_SESSION_KEY)
    if not token or not user_id.isdigit():
        return None
    row = db.session.execute(
        db.select(UserSession).where(UserSession.token_hash == _token_hash(token))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None or row.user_id != int(user_id):
        return None
    if as_utc(row.expires_at) <= datetime.now(UTC):
        return None
    user = row.user
    return user if user.active else None
