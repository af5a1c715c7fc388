"""查找来访人员: one box for an ID number, a mobile number or a name.

ID and phone are found through their keyed hashes (nothing is decrypted to search); a name is
searched only among the people the station serves (``served_by_station``). A person another
station serves, found by ID or phone, is not shown: the worker is sent to 来访登记, which
records the visit and then serves them (minimum necessary)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jobhub.extensions import db
from jobhub.security.columns import lookup_hash
from jobhub.security.idcard import InvalidIdentifier, normalise_phone, parse_id_number
from jobhub.seekers.models import Person
from jobhub.stations.queries import served_by_station

KIND_LABELS = {"id_number": "身份证号", "phone": "手机号", "name": "姓名"}
MAX_RESULTS = 50


@dataclass(frozen=True)
class Found:
    kind: str  # id_number | phone | name
    people: tuple[Person, ...]
    elsewhere: bool = False  # the ID or phone belongs to someone this station does not serve
    problem: str | None = None  # why the query could not be read


def _kind(text: str) -> str:
    compact = re.sub(r"[\s\-]", "", text)
    if re.fullmatch(r"\d{17}[\dXx]", compact):
        return "id_number"
    if re.fullmatch(r"(\+?86)?1\d{10}", compact):
        return "phone"
    return "name"


def find_clients(query: str, station_id: int) -> Found:
    text = unicodedata.normalize("NFKC", query or "").strip()
    kind = _kind(text)
    served = served_by_station(station_id)
    if kind == "name":
        if not 1 <= len(text) <= 40 or any(c in text for c in "%_\\"):
            return Found(kind, (), problem="请输入姓名（或其中的字）、手机号或身份证号")
        rows = db.session.execute(
            db.select(Person)
            .where(served, Person.name.contains(text))
            .order_by(Person.name, Person.id)
            .limit(MAX_RESULTS)
        ).scalars()
        return Found(kind, tuple(rows))
    try:
        if kind == "id_number":
            digest = lookup_hash(parse_id_number(text).number, "id_number")
            condition = Person.id_number_hmac == digest
        else:
            digest = lookup_hash(normalise_phone(text), "phone")
            condition = Person.phone_hmac == digest
    except InvalidIdentifier as exc:
        return Found(kind, (), problem=str(exc))
    anyone = db.session.execute(db.select(Person.id).where(condition)).scalars().all()
    mine = db.session.execute(db.select(Person).where(condition, served)).scalars().all()
    return Found(kind, tuple(mine), elsewhere=bool(anyone) and not mine)
