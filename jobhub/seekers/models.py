"""People served by the platform, whether they registered online or walked into a station."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin
from jobhub.extensions import db
from jobhub.security.columns import EncryptedJSON, EncryptedText, lookup_hash
from jobhub.security.idcard import normalise_id_number


class Person(TimestampMixin, db.Model):
    """A job seeker or walk-in client.

    The 身份证号 and phone are encrypted, each with an HMAC column for exact look-up (one
    person, one record). Sensitive statuses (veteran, disability, 低保, ...) live in one
    encrypted JSON object together with their consent records. Birth date and gender come
    from the ID number and feed only the policy engine (retirement date, 4050): matching never
    reads them.
    """

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    id_number_enc: Mapped[str | None] = mapped_column(
        "id_number", EncryptedText("people.id_number")
    )
    id_number_hmac: Mapped[str | None] = mapped_column(String(64), unique=True)
    phone_enc: Mapped[str | None] = mapped_column("phone", EncryptedText("people.phone"))
    phone_hmac: Mapped[str | None] = mapped_column(String(64), index=True)
    birth_date: Mapped[date | None]
    gender: Mapped[str | None] = mapped_column(String(10))

    education: Mapped[str | None] = mapped_column(String(30))
    major: Mapped[str | None] = mapped_column(String(80))
    graduation_date: Mapped[date | None]
    employment_status: Mapped[str] = mapped_column(String(20), default="unemployed")
    employment_since: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    work_history: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    trades: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_titles: Mapped[list[str]] = mapped_column(JSON, default=list)
    desired_occupation_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    home_street_code: Mapped[str | None] = mapped_column(String(12), index=True)
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    max_distance_km: Mapped[float | None]
    availability: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expected_pay: Mapped[float | None] = mapped_column(Numeric(12, 2))
    expected_pay_unit: Mapped[str | None] = mapped_column(String(10))
    # {"is_veteran": {"value": true, "consented_at": "...", "purpose": "..."}, ...}
    sensitive: Mapped[dict[str, Any] | None] = mapped_column(
        EncryptedJSON("people.sensitive"), default=None
    )
    registered_station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"))
    monthly_contribution: Mapped[float | None] = mapped_column(Numeric(10, 2))

    user = relationship("User")

    @property
    def id_number(self) -> str | None:
        return self.id_number_enc

    @id_number.setter
    def id_number(self, value: str | None) -> None:
        number = normalise_id_number(value) if value else None
        self.id_number_enc = number
        self.id_number_hmac = lookup_hash(number, "id_number") if number else None

    @property
    def phone(self) -> str | None:
        return self.phone_enc

    @phone.setter
    def phone(self, value: str | None) -> None:
        self.phone_enc = value or None
        self.phone_hmac = lookup_hash(value, "phone") if value else None

    def sensitive_flag(self, name: str) -> bool:
        entry = (self.sensitive or {}).get(name)
        return bool(entry and entry.get("value"))


def find_person_by_id_number(number: str) -> Person | None:
    """Exact look-up by 身份证号 through the HMAC column, without decrypting the table."""
    digest = lookup_hash(normalise_id_number(number), "id_number")
    return db.session.execute(
        db.select(Person).where(Person.id_number_hmac == digest)
    ).scalar_one_or_none()
