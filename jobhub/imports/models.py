"""Lists taken in from other departments, and the people on them (not yet platform users)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.imports.lists import SOURCES
from jobhub.security.columns import EncryptedJSON, EncryptedText


class ImportBatch(db.Model):
    """One file taken in: its source, SHA-256, who took it in and when, and the counts.

    One batch per (source, digest): the same file again changes nothing; a batch left
    unfinished (``finished_at`` empty, e.g. the process was killed) is resumed by re-running.
    """

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("source", "file_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    file_digest: Mapped[str] = mapped_column(String(64))
    importer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    importer: Mapped[str] = mapped_column(String(80))  # login, or 命令行 for the CLI
    started_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_added: Mapped[int] = mapped_column(default=0)
    rows_known: Mapped[int] = mapped_column(default=0)  # already on a list of this source
    rows_bad: Mapped[int] = mapped_column(default=0)

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)


class ListedPerson(db.Model):
    """A person as a department's list gave them: one row per (source, person).

    The 身份证号 is encrypted with its keyed hash for matching a platform record
    (``Person.id_number_hmac``); the list's facts (school, 低保证号, 残疾人证号, 退役时间 ...)
    and what the policy engine found when it was taken in (key groups, subsidies) are one
    encrypted JSON object. ``batch_id`` gives the fact's file, importer and date.
    """

    __tablename__ = "listed_people"
    __table_args__ = (UniqueConstraint("source", "id_number_hmac"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    row_no: Mapped[int]
    id_number_hmac: Mapped[str] = mapped_column(String(64), index=True)
    id_number: Mapped[str] = mapped_column(EncryptedText("listed_people.id_number"))
    name: Mapped[str] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(EncryptedText("listed_people.phone"))
    birth_date: Mapped[date]
    gender: Mapped[str] = mapped_column(String(10))
    street_code: Mapped[str | None] = mapped_column(String(12), index=True)
    facts: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON("listed_people.facts"))
    listed_at: Mapped[datetime] = mapped_column(default=now_utc)
