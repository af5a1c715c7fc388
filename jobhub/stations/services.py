"""Station services: service records, stations and staff, walk-in registration, 零就业家庭.

Services add and flush; the calling view commits once per request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.security import audit
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE
from jobhub.seekers.consents import give_consent
from jobhub.seekers.models import Person
from jobhub.stations.models import (
    SERVICE_KINDS,
    Household,
    HouseholdMember,
    ServiceRecord,
    Station,
)


class StationError(Exception):
    """A domain rule refused the action; ``message`` is shown to the user as is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- service records --------------------------------------------------------------------


def record_service(
    person: Person,
    kind: str,
    staff_user: User | None,
    note: str = "",
    station_id: int | None = None,
) -> ServiceRecord:
    """Record one service (职业指导, 岗位推荐, ...) given to ``person`` by ``staff_user``.

    The kinds are ``SERVICE_KINDS`` (人社部发〔2023〕65号 required services; the graduates'
    1131 real-name service, 国办发〔2022〕13号, counts them). ``station_id`` defaults to the
    staff member's station; bureau staff (admin) record with no station.
    """
    if kind not in SERVICE_KINDS:
        raise StationError("服务类型应为：" + "、".join(SERVICE_KINDS.values()), "kind")
    if station_id is None and staff_user is not None:
        station_id = getattr(staff_user, "station_id", None)
    record = ServiceRecord(
        person_id=person.id,
        staff_user_id=getattr(staff_user, "id", None),
        station_id=station_id,
        kind=kind,
        note=(note or "").strip()[:2000],
    )
    db.session.add(record)
    db.session.flush()
    return record


def service_records_for(person_id: int) -> list[ServiceRecord]:
    """A person's service records, newest first."""
    return list(
        db.session.execute(
            db.select(ServiceRecord)
            .where(ServiceRecord.person_id == person_id)
            .order_by(ServiceRecord.at.desc(), ServiceRecord.id.desc())
        ).scalars()
    )


# --- stations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StationInput:
    name: str
    kind: str
    address: str
    street_code: str
    lat: float
    lng: float
    opening_hours: str = ""
    is_rural: bool = False
    service_radius_m: int | None = None  # None: the profile's default for city or countryside


def default_radius_m(is_rural: bool) -> int:
    """The service circle by default: the distance covered in 15 minutes on foot in a city, 5 km
    in the countryside ("城市15分钟、乡村5公里", 人社部发〔2024〕30号). Both come from the
    matching profiles (jobhub/matching/profiles/*.toml, ``distance.circle_km``)."""
    from jobhub.matching.profile import load_profile

    return round(load_profile("rural" if is_rural else "city").circle_km * 1000)


def save_station(data: StationInput, station: Station | None = None) -> Station:
    """Create a station, or update ``station`` with ``data``."""
    if station is None:
        station = Station()
        db.session.add(station)
    station.name = data.name.strip()
    station.kind = data.kind
    station.address = data.address.strip()
    station.street_code = data.street_code
    station.lat = data.lat
    station.lng = data.lng
    station.opening_hours = data.opening_hours.strip()
    station.is_rural = data.is_rural
    station.service_radius_m = data.service_radius_m or default_radius_m(data.is_rural)
    db.session.flush()
    return station


def bind_staff(station: Station, user: User, actor: User) -> None:
    """Bind a station-staff account to a station (one station per account)."""
    if user.role != "station_staff":
        raise StationError("只能绑定驿站工作人员账号", "user_id")
    user.station_id = station.id
    audit.record(actor, "bind_staff", "users", user.id, f"绑定到站点 {station.id}")
    db.session.flush()


def unbind_staff(user: User, actor: User) -> None:
    user.station_id = None
    audit.record(actor, "unbind_staff", "users", user.id, "解除站点绑定")
    db.session.flush()


# --- availability -----------------------------------------------------------------------

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Availability:
    """When a person can work: weekdays (0 = Monday) and a daily window.

    Stored in ``Person.availability`` as ``{"days": [0, ...], "start": "HH:MM", "end": "HH:MM"}``;
    an empty dict means "not said", which dispatch treats as any day, any time.
    """

    days: tuple[int, ...] = ()
    start: time | None = None
    end: time | None = None
    said: bool = field(default=False)

    @classmethod
    def of(cls, person: Person) -> Availability:
        raw = person.availability or {}
        if not raw:
            return cls()
        try:
            days = tuple(sorted({int(d) for d in raw.get("days", []) if 0 <= int(d) <= 6}))
            start = time.fromisoformat(raw["start"]) if raw.get("start") else None
            end = time.fromisoformat(raw["end"]) if raw.get("end") else None
        except (TypeError, ValueError):
            return cls()
        return cls(days=days, start=start, end=end, said=True)

    def to_json(self) -> dict:
        if not self.said:
            return {}
        out: dict = {"days": list(self.days)}
        if self.start:
            out["start"] = self.start.strftime("%H:%M")
        if self.end:
            out["end"] = self.end.strftime("%H:%M")
        return out

    def allows(self, day: date, start: time, end: time) -> bool:
        """Whether a gig on ``day`` from ``start`` to ``end`` lies within this availability."""
        if not self.said:
            return True
        if self.days and day.weekday() not in self.days:
            return False
        if self.start and start < self.start:
            return False
        return not (self.end and end > self.end)

    @property
    def label(self) -> str:
        if not self.said:
            return "未填写"
        days = "、".join(WEEKDAYS[d] for d in self.days) if self.days else "每天"
        if self.start and self.end:
            return f"{days} {self.start:%H:%M}–{self.end:%H:%M}"
        return days


# --- 零就业家庭 -------------------------------------------------------------------------


def mark_household(
    station_id: int | None, label: str, members: list[Person], staff: User, note: str = ""
) -> Household:
    """Mark a 零就业家庭 with its members (就业促进法 §56). Refused when a member already has
    work (the household would not be 零就业) or already sits in another open household."""
    if not members:
        raise StationError("请至少添加一名家庭成员", "members")
    employed = [p.name for p in members if p.employment_status in EMPLOYED_STATUSES]
    if employed:
        raise StationError(f"{'、'.join(employed)} 已登记为就业，不属于零就业家庭", "members")
    unknown = [p.name for p in members if p.employment_status is None]
    if unknown:  # unknown is not "out of work": ask before recognising the household
        raise StationError(
            f"{'、'.join(unknown)} 的就业状态待核实，请先核实再认定零就业家庭", "members"
        )
    for person in members:
        if open_household_of(person.id) is not None:
            raise StationError(f"{person.name} 已在另一个零就业家庭中", "members")
    household = Household(
        station_id=station_id,
        label=label.strip() or f"{members[0].name}家",
        street_code=members[0].home_street_code,
        marked_by_user_id=staff.id,
        marked_on=today_in_china(),
        note=note.strip(),
    )
    household.members = [HouseholdMember(person_id=p.id, person=p) for p in members]
    db.session.add(household)
    db.session.flush()
    # The status feeds the policy engine (就业困难人员认定); staff record it with the members'
    # consent, which the marking form asks for.
    for person in members:
        give_consent(person, PURPOSE_SENSITIVE, via="counter", actor=staff)
    _set_household_flag(household, True, staff)
    audit.record(staff, "mark_zero_employment", "households", household.id, "零就业家庭认定")
    return household


# A member in any of these counts as "employed" for §56 (flexible work is 灵活就业).
EMPLOYED_STATUSES = frozenset({"employed", "self_employed", "flexible"})


def open_household_of(person_id: int) -> Household | None:
    return db.session.execute(
        db.select(Household)
        .join(HouseholdMember)
        .where(HouseholdMember.person_id == person_id, Household.closed_on.is_(None))
    ).scalar_one_or_none()


def record_member_employed(
    household: Household, person: Person, staff: User, status: str = "employed"
) -> Household:
    """Record that a member found work: the person's status changes and the household leaves
    the list (its closing date and the employed member are kept)."""
    if person.id not in {m.person_id for m in household.members}:
        raise StationError("此人不是该家庭成员", "person_id")
    if household.closed_on is not None:
        raise StationError("该家庭已销号", "household")
    if status not in EMPLOYED_STATUSES:
        raise StationError("就业状态不正确", "status")
    today = today_in_china()
    person.employment_status = status
    person.employment_since = today
    household.closed_on = today
    household.employed_person_id = person.id
    _set_household_flag(household, False, staff)
    audit.record(staff, "household_member_employed", "households", household.id, "零就业家庭销号")
    db.session.flush()
    return household


def open_households(station_id: int | None) -> list[tuple[Household, int]]:
    """Open 零就业家庭 of a station (all stations for ``None``) with the days each has been
    open, longest first. A household whose member was recorded employed elsewhere (e.g. the
    person updated their own profile) is closed here, so the list never shows one that left."""
    query = db.select(Household).where(Household.closed_on.is_(None))
    if station_id is not None:
        query = query.where(Household.station_id == station_id)
    today = today_in_china()
    out = []
    for household in db.session.execute(query.order_by(Household.marked_on)).scalars():
        working = [
            m.person for m in household.members if m.person.employment_status in EMPLOYED_STATUSES
        ]
        if working:
            household.closed_on = working[0].employment_since or today
            household.employed_person_id = working[0].id
            continue
        out.append((household, (today - household.marked_on).days))
    db.session.flush()
    return out


def _set_household_flag(household: Household, value: bool, staff: User) -> None:
    from jobhub.seekers.identity import set_sensitive_status

    for member in household.members:
        if value or member.person.sensitive_flag("zero_employment_household"):
            set_sensitive_status(
                member.person, "zero_employment_household", value, recorded_by_user_id=staff.id
            )
