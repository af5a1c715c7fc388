"""Stations and the staff bound to them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobhub.db import TimestampMixin, now_utc
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


# What a station records for each visit (人社部发〔2023〕65号 required services; the 1131 real-name
# service for graduates, 国办发〔2022〕13号, counts guidance, referrals, training/traineeship
# offers and policy briefings from these records).
SERVICE_KINDS = {
    "career_guidance": "职业指导",
    "job_referral": "岗位推荐",
    "training_referral": "技能培训推荐",
    "traineeship_offer": "见习推荐",
    "policy_briefing": "政策宣介",
    "rights_guidance": "权益维护指引",
}


class ServiceRecord(db.Model):
    """One service given to one person by one staff member (at a station or by the bureau)."""

    __tablename__ = "service_records"
    # a station's services of a day (the dashboard, the day's export): one index range
    __table_args__ = (Index("ix_service_records_station_at", "station_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)

    @property
    def kind_label(self) -> str:
        return SERVICE_KINDS.get(self.kind, self.kind)


class StationVisit(db.Model):
    """A walk-in registration at a station's counter: who came, who served them, how long the
    registration took (the module's own measure: a person leaves with work or a subsidy)."""

    __tablename__ = "station_visits"
    # a station's visits of a day or of the last 30 days (the dashboard): one index range
    __table_args__ = (Index("ix_station_visits_station_at", "station_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    new_person: Mapped[bool] = mapped_column(default=False)
    # Key groups and eligible subsidies found at the counter (codes only), for the dashboard.
    key_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    subsidies: Mapped[list[str]] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(default=now_utc, index=True)


class Household(db.Model):
    """A 零就业家庭 marked by station staff. It stays on the station's list until one member is
    recorded employed (就业促进法 §56: 确保零就业家庭至少有一人实现就业)."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    street_code: Mapped[str | None] = mapped_column(String(12))
    marked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    marked_on: Mapped[date]
    closed_on: Mapped[date | None]
    employed_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="household", cascade="all, delete-orphan"
    )


class HouseholdMember(db.Model):
    __tablename__ = "household_members"
    __table_args__ = (UniqueConstraint("household_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)

    household: Mapped[Household] = relationship(back_populates="members")
    person = relationship("Person")
