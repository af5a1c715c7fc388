"""User accounts and their server-side sessions."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.auth.roles import ROLE_LABELS, Role
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.security.columns import EncryptedText


class User(UserMixin, db.Model):
    """A login. The login name (a phone number for most people) is stored encrypted and found
    through its HMAC, so a dump of this table shows no phone numbers."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login_hmac: Mapped[str] = mapped_column(String(64), unique=True)
    login: Mapped[str] = mapped_column(EncryptedText("users.login"))
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), index=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_institutions.id"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    last_login_at: Mapped[datetime | None]
    # TOTP second factor (staff and admins): the shared secret, encrypted; set but not yet
    # enrolled while the person is scanning it; the last time step accepted (a code is good
    # once, RFC 6238 section 5.2).
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText("users.totp_secret"))
    totp_enrolled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]

    organisation = relationship("Organisation", back_populates="users")
    station = relationship("Station", back_populates="staff")

    @property
    def is_active(self) -> bool:  # flask-login
        return self.active

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]


class UserSession(db.Model):
    """A server-side session. The cookie carries a random id whose SHA-256 is stored here;
    logout marks it revoked, so a copied cookie is dead afterwards."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    """A per-user token for integrations (``Authorization: Bearer …``). Only its SHA-256 is
    kept; the token itself is shown once when created."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """A one-time recovery code for the second factor (a lost phone). Only its HMAC is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hmac: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    used_at: Mapped[datetime | None]


class PhoneCode(db.Model):
    """An SMS verification code sent to a phone for one purpose (register, reset). Only an HMAC
    of phone and code is kept; it expires, allows a few tries, and is good once."""

    __tablename__ = "phone_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_hmac: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    code_hmac: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None]
