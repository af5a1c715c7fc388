"""Stations and the staff bound to them."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin
from jobhub.extensions import db

STATION_KINDS = {
    "gig_station": "零工驿站",
    "service_station": "就业服务站",
    "gig_market": "零工市场",
}


class Station(TimestampMixin, db.Model):
    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="gig_station")
    address: Mapped[str] = mapped_column(String(200))
    street_code: Mapped[str] = mapped_column(String(12), index=True)
    lat: Mapped[float]
    lng: Mapped[float]
    opening_hours: Mapped[str] = mapped_column(String(120), default="")
    # Radius of the station's service circle in metres: 15 minutes on foot in a city,
    # 5 km in the countryside (人社部发〔2024〕30号).
    service_radius_m: Mapped[int] = mapped_column(default=1200)
    is_rural: Mapped[bool] = mapped_column(default=False)

    staff = relationship("User", back_populates="station")

    @property
    def kind_label(self) -> str:
        return STATION_KINDS.get(self.kind, self.kind)
