"""The stored policy evaluation of each person and the tags the lists filter on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.security.columns import EncryptedJSON


class PolicySnapshot(db.Model):
    """One person's evaluation on ``evaluated_on`` under the rules ``rules_version``.

    Only what is not sensitive is in clear: the station, the street and the graduation date
    (all in clear on ``people`` too). Key groups, difficulty categories, the subsidies with
    their terms and the key-group services are in ``detail``, encrypted like
    ``Person.sensitive``; a 退役军人 or 残疾 status is never readable from this table without the
    data key. ``stale`` marks a row whose person changed by a path that could not re-evaluate
    at once; the nightly refresh redoes it (and every row of an earlier day or rules)."""

    __tablename__ = "policy_snapshots"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    street_code: Mapped[str | None] = mapped_column(String(12))
    graduation_date: Mapped[date | None]
    rules_version: Mapped[str] = mapped_column(String(40))
    evaluated_on: Mapped[date] = mapped_column(index=True)
    stale: Mapped[bool] = mapped_column(default=False)
    refreshed_at: Mapped[datetime] = mapped_column(default=now_utc)
    detail: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON("policy_snapshots.detail"))


class PolicySnapshotTag(db.Model):
    """One thing a list filters on, for one person: ``list:outreach`` (on 政策找人),
    ``code:<subsidy>`` (qualifies for it and has not applied), ``group:<key group>`` (only the
    groups that reveal no sensitive status), ``list:graduate`` … (see ``jobhub.lists.rows``).
    The primary key (tag, person_id) and the index (tag, station_id, person_id) make a list's
    page one index range read in person order (keyset pagination, no OFFSET)."""

    __tablename__ = "policy_snapshot_tags"
    __table_args__ = (Index("ix_policy_snapshot_tags_station", "tag", "station_id", "person_id"),)

    tag: Mapped[str] = mapped_column(String(40), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("policy_snapshots.person_id", ondelete="CASCADE"), primary_key=True, index=True
    )
    station_id: Mapped[int | None]


class ListExport(db.Model):
    """A list exported in the background for one bureau user: the filters, how many rows are
    written of how many (the progress page), and the file, kept in a private folder of that
    user (``LIST_EXPORT_DIR/<user id>/``) until ``expires_at``. The filters name the list asked
    for, never a person."""

    __tablename__ = "list_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # outreach | graduates
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="queued")  # running done failed
    total: Mapped[int | None]
    done: Mapped[int] = mapped_column(default=0)
    file_name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    finished_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
