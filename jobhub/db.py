"""Declarative base with a constraint naming convention, timestamps and small mixins."""

from datetime import UTC, datetime

from sqlalchemy import DateTime, Index, MetaData, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now_utc() -> datetime:
    """The current time, timezone-aware, in UTC (used as a callable column default)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored instant as an aware UTC datetime (SQLite hands it back naive)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: DateTime(timezone=True)},
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(default=now_utc, onupdate=now_utc)


# Ids are INTEGER columns: 32-bit on PostgreSQL. A larger id names no row; asking the database
# for one is an error there, so callers check against this first.
MAX_ROW_ID = 2**31 - 1


def unique_where(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows that match ``where`` only (partial: the same SQL on SQLite
    and PostgreSQL), e.g. one live row per pair while ended rows stay as history."""
    return Index(
        name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where)
    )
