"""One person, one record: registering an identity and keeping sensitive statuses with consent.

Used by online registration (实名) and by station staff for walk-in clients alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.security.idcard import IdCard, parse_id_number
from jobhub.security.names import check_person_name
from jobhub.seekers.models import Person, find_person_by_id_number

# The statuses kept encrypted with a consent record, each with the one-line purpose shown to
# the person before they agree (个人信息保护法 §29: separate consent for sensitive data).
SENSITIVE_STATUSES: dict[str, tuple[str, str]] = {
    "is_veteran": ("退役军人", "用于退役军人就业优先和相关政策认定"),
    "disabled": ("持有残疾人证", "用于就业困难人员认定、残疾人就业扶持和公益性岗位安置"),
    "low_income_household": ("城乡低保家庭成员", "用于就业困难人员认定和社保补贴资格判断"),
    "zero_employment_household": ("零就业家庭成员", "用于零就业家庭援助（就业促进法第五十六条）"),
    "land_expropriated": ("失地（被征地）农民", "用于就业困难人员认定"),
    "single_parent": ("单亲抚养未成年子女", "用于就业困难人员认定"),
    "unemployment_registered_since": ("已办理失业登记（登记日期）", "用于长期失业人员认定"),
}


class IdentityTaken(Exception):
    """The 身份证号 belongs to another record (one person, one account)."""

    message = "该身份证号已登记。如是本人，请用原账号登录，或携带身份证到服务站办理账号找回。"


@dataclass(frozen=True)
class Identity:
    name: str
    card: IdCard


def check_identity(name: str, id_number: str) -> Identity:
    """Validate a name and 身份证号; raises ``InvalidIdentifier`` with a Chinese message."""
    return Identity(name=check_person_name(name, "姓名"), card=parse_id_number(id_number))


def attach_identity(person: Person, identity: Identity) -> Person:
    """Set name, ID number, birth date and gender (from the ID number, never typed twice).

    Raises ``IdentityTaken`` when another record already holds this ID number.
    """
    existing = find_person_by_id_number(identity.card.number)
    if existing is not None and existing.id != person.id:
        raise IdentityTaken()
    person.name = identity.name
    person.id_number = identity.card.number
    person.birth_date = identity.card.birth_date
    person.gender = identity.card.gender
    return person


def find_or_create_person(identity: Identity) -> tuple[Person, bool]:
    """The record for this ID number, created if new. Returns ``(person, created)``."""
    existing = find_person_by_id_number(identity.card.number)
    if existing is not None:
        return existing, False
    person = attach_identity(Person(name=identity.name), identity)
    db.session.add(person)
    db.session.flush()
    return person, True


def set_sensitive_status(
    person: Person, status: str, value: bool | date, *, recorded_by_user_id: int | None
) -> None:
    """Record a sensitive status with the consent it was given under (purpose, time, by whom)."""
    if status not in SENSITIVE_STATUSES:
        raise KeyError(status)
    stored = dict(person.sensitive or {})
    stored[status] = {
        "value": value.isoformat() if isinstance(value, date) else bool(value),
        "consented_at": now_utc().isoformat(),
        "purpose": SENSITIVE_STATUSES[status][1],
        "recorded_by": recorded_by_user_id,
    }
    person.sensitive = stored


def withdraw_sensitive_status(person: Person, status: str) -> None:
    """Consent withdrawn: the status is erased, not just hidden."""
    stored = dict(person.sensitive or {})
    stored.pop(status, None)
    person.sensitive = stored or None
