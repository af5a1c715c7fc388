"""The deployment's streets (乡镇/街道): the region set up with ``flask region setup``."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from jobhub.db import TimestampMixin
from jobhub.extensions import db

POINT_SOURCES = {"supplied": "局方提供", "approximate": "近似位置"}


class Street(TimestampMixin, db.Model):
    """One street of the configured region, keyed by its 2023 统计用区划代码 (9 digits).

    ``lat``/``lng`` are WGS-84. ``point_source`` says where they came from: ``supplied`` (the
    bureau's points file) or ``approximate`` (the county centroid, shown as 近似位置).
    ``is_rural`` is read from the name (乡/镇/苏木 vs 街道), ``None`` when the name says neither.
    """

    __tablename__ = "streets"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    county_code: Mapped[str] = mapped_column(String(6), index=True)
    county_name: Mapped[str] = mapped_column(String(40))
    city_name: Mapped[str] = mapped_column(String(40))
    lat: Mapped[float]
    lng: Mapped[float]
    point_source: Mapped[str] = mapped_column(String(12))
    is_rural: Mapped[bool | None]
