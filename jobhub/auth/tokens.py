"""Per-user API tokens: created and revoked by their owner, checked on every API request."""

from __future__ import annotations

import hashlib
import secrets

from flask import Request

from jobhub.auth.models import ApiToken, User
from jobhub.db import now_utc
from jobhub.extensions import db

PREFIX = "jh_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str) -> str:
    """Create a token for ``user`` and return it; it cannot be shown again."""
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), name=name.strip()))
    db.session.flush()
    return token


def revoke_token(user: User, token_id: int) -> bool:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        return False
    row.revoked_at = now_utc()
    return True


def user_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            db.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def load_token_user(request: Request) -> User | None:
    """flask-login's request loader: ``Authorization: Bearer jh_…`` on API paths only."""
    header = request.headers.get("Authorization", "")
    if not request.path.startswith("/api/") or not header.startswith("Bearer "):
        return None
    token = header.removeprefix("Bearer ").strip()
    if not token.startswith(PREFIX):
        return None
    row = db.session.execute(
        db.select(ApiToken).where(ApiToken.token_hash == _digest(token))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    row.last_used_at = now_utc()
    return row.user
