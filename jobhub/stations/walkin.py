"""Walk-in registration at a station's counter: 身份证号 first, one record per person, and the
policy engine run on the spot so staff can tell the person what they qualify for (政策找人).

The counter flow is two screens: (1) the ID number, (2) the rest, prefilled when the person is
already known. Everything a trained user types is counted in ``COUNTER_FIELDS``.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from jobhub.auth.models import User
from jobhub.extensions import db
from jobhub.policy import Evaluation, bounds
from jobhub.policy.dates import month_index, month_last_day, today_in_china
from jobhub.policy.groups import graduate_may_apply
from jobhub.policy.retirement import category_may_decide
from jobhub.regions.services import region_profile
from jobhub.security import audit
from jobhub.security.idcard import InvalidIdentifier, normalise_phone, parse_id_number
from jobhub.seekers import inputs
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE
from jobhub.seekers.consents import consent_on_file, give_consent
from jobhub.seekers.identity import (
    SENSITIVE_STATUSES,
    attach_identity,
    check_identity,
    find_or_create_person,
    set_sensitive_status,
)
from jobhub.seekers.models import Person, find_person_by_id_number
from jobhub.seekers.places import street_by_code
from jobhub.seekers.policy import evaluate_person
from jobhub.seekers.services import EDUCATION_LABELS, MALE_CATEGORY, RETIREMENT_LABELS
from jobhub.stations.models import StationVisit
from jobhub.stations.services import Availability

# The fields of the second screen, in tab order (the first screen is the ID number alone).
COUNTER_FIELDS = (
    "name",
    "phone",
    "trades",
    "skills",
    "days",
    "start",
    "end",
    "expected_pay",
    "expected_pay_unit",
    "home_street_code",
    "employment_status",
    "retirement_category",
    "education",
    "graduation_date",
    "statuses",
    "consent",
)

# The most a day's (or an hour's) expected pay can plausibly be, as on the seeker's profile.
MAX_EXPECTED_PAY = 100_000

# Travel limit for walk-ins who do not say: the city's 15-minute circle is the promise, but
# day labourers ride e-bikes, so dispatch looks a little further by default.
DEFAULT_MAX_KM = {False: 5.0, True: 10.0}

_SPLIT = re.compile(r"[,，、;；/\s]+")


def split_terms(raw: str | None) -> list[str]:
    """``"电工，焊工 搬运"`` → ``["电工", "焊工", "搬运"]`` (order kept, duplicates dropped)."""
    seen: dict[str, None] = {}
    for term in _SPLIT.split(raw or ""):
        term = term.strip()
        if term and len(term) <= 40:
            seen.setdefault(term, None)
    return list(seen)[:30]


class WalkInError(Exception):
    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("；".join(fields.values()))
        self.fields = fields


@dataclass(frozen=True)
class WalkInInput:
    id_number: str
    name: str
    phone: str = ""
    trades: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    days: tuple[int, ...] = ()
    start: time | None = None
    end: time | None = None
    expected_pay: float | None = None
    expected_pay_unit: str = "day"
    home_street_code: str | None = None
    employment_status: str | None = None
    statuses: tuple[str, ...] = ()
    unemployment_registered_since: date | None = None
    consent: bool = False
    retirement_category: str | None = None
    education: str | None = None
    graduation_date: date | None = None


@dataclass(frozen=True)
class WalkInResult:
    person: Person
    created: bool
    visit: StationVisit
    evaluation: Evaluation | None
    changed: tuple[str, ...] = field(default=())


def month_or_day(raw: str | None) -> date | None:
    """A date typed at the counter: ``2025-06`` (a month picker: its last day, when 离校
    usually falls) or ``2025-06-30``. Raises ``ValueError`` on anything else."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if re.fullmatch(r"\d{4}-\d{2}", raw):
        first = date.fromisoformat(raw + "-01")
        return month_last_day(month_index(first))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return date.fromisoformat(raw)
    raise ValueError(raw)


def questions_for(birth: date, gender: str, today: date | None = None) -> frozenset[str]:
    """The policy questions worth asking this person at the counter: 退休类别 only for a woman
    of an age where it can change a verdict, 学历 and 毕业时间 only at an age where the graduate
    rules may apply. Whatever is not asked and turns out to matter, the engine reports as
    需补充 rather than guessing."""
    today = today or today_in_china()
    profile = region_profile()
    asked = set()
    if category_may_decide(birth, gender, profile, today):
        asked.add("retirement_category")
    if graduate_may_apply(birth, today):
        asked.update(("education", "graduation_date"))
    return frozenset(asked)


def lookup(id_number: str) -> Person | None:
    """The person with this 身份证号 (HMAC look-up), or ``None``; raises ``InvalidIdentifier``
    with a Chinese message for a malformed number."""
    card = parse_id_number(id_number)
    return find_person_by_id_number(card.number)


def validate(data: WalkInInput, *, consent_on_file: bool = False) -> dict[str, str]:
    """Messages by field for what is wrong (empty when all is well). A person whose consent
    to the current text is on file is not asked again (``consent_on_file``)."""
    errors: dict[str, str] = {}
    birth: date | None = None
    gender: str | None = None
    try:
        card = check_identity(data.name, data.id_number).card
        birth, gender = card.birth_date, card.gender
    except InvalidIdentifier as exc:
        key = "name" if "姓名" in str(exc) else "id_number"
        errors[key] = str(exc)
    if data.phone:
        try:
            normalise_phone(data.phone)
        except InvalidIdentifier as exc:
            errors["phone"] = str(exc)
    if data.start and data.end and data.end <= data.start:
        errors["end"] = "结束时间应晚于开始时间"
    money = inputs.Errors()
    inputs.money(data.expected_pay, "expected_pay", "期望报酬", money, high=MAX_EXPECTED_PAY)
    errors.update(money.fields)
    if data.expected_pay_unit not in ("day", "hour"):
        errors["expected_pay_unit"] = "报酬单位应为按天或按小时"
    if data.home_street_code and street_by_code(data.home_street_code) is None:
        errors["home_street_code"] = "请选择本区的街道（乡镇）"
    unknown = [s for s in data.statuses if s not in SENSITIVE_STATUSES]
    if unknown:
        errors["statuses"] = "不认识的身份类别"
    if data.unemployment_registered_since is not None:
        message = bounds.working_life(birth, today_in_china()).violation(
            "失业登记日期", data.unemployment_registered_since
        )
        if message:
            errors["unemployment_registered_since"] = message
    if data.retirement_category is not None:
        if data.retirement_category not in RETIREMENT_LABELS:
            errors["retirement_category"] = "退休类别应为以下之一：" + "、".join(
                RETIREMENT_LABELS.values()
            )
        elif gender == "male":
            errors["retirement_category"] = MALE_CATEGORY
    if data.education is not None and data.education not in EDUCATION_LABELS:
        errors["education"] = "学历应为以下之一：" + "、".join(EDUCATION_LABELS.values())
    if data.graduation_date is not None:
        message = bounds.graduation(birth, data.education, today_in_china()).violation(
            "毕业时间", data.graduation_date
        )
        if message:
            errors["graduation_date"] = message
    wants_status = bool(data.statuses) or data.unemployment_registered_since is not None
    if wants_status and not (data.consent or consent_on_file):
        errors["consent"] = "记录以上身份信息须经本人同意：请向本人说明用途并勾选"
    if data.employment_status and data.employment_status not in (
        "unemployed",
        "flexible",
        "employed",
        "self_employed",
    ):
        errors["employment_status"] = "就业状态不正确"
    return errors


def register_walk_in(data: WalkInInput, staff: User) -> WalkInResult:
    """Register (or update) a walk-in client and record the visit.

    The 身份证号 finds an existing record through its HMAC, so a person is never duplicated;
    birth date and gender come from the number. Sensitive statuses are recorded only with the
    person's consent (个人信息保护法 §29), asked once per version of its text
    (``jobhub.seekers.consents``). The policy engine runs on the stored record and its key
    groups and eligible subsidies are kept on the visit.
    """
    known = None
    with contextlib.suppress(InvalidIdentifier):
        known = lookup(data.id_number)
    on_file = consent_on_file(known, PURPOSE_SENSITIVE) is not None
    errors = validate(data, consent_on_file=on_file)
    if errors:
        raise WalkInError(errors)
    identity = check_identity(data.name, data.id_number)
    person, created = find_or_create_person(identity)
    if not created:
        attach_identity(person, identity)
    if data.phone:
        person.phone = normalise_phone(data.phone)
    if data.trades:
        person.trades = list(data.trades)
    if data.skills:
        person.skills = list(data.skills)
    if data.days or data.start or data.end:
        person.availability = Availability(
            days=tuple(sorted(set(data.days))), start=data.start, end=data.end, said=True
        ).to_json()
    if data.expected_pay is not None:
        person.expected_pay = Decimal(str(data.expected_pay))
        person.expected_pay_unit = data.expected_pay_unit
    street = street_by_code(data.home_street_code)
    if street is not None and street.code != person.home_street_code:
        person.home_street_code = street.code
        # The street centre stands in for home until the person gives a closer point.
        person.lat, person.lng = street.lat, street.lng
    if person.max_distance_km is None:
        person.max_distance_km = DEFAULT_MAX_KM[bool(street and street.rural)]
    if data.employment_status:
        person.employment_status = data.employment_status
    if data.retirement_category:
        person.retirement_category = data.retirement_category
    if data.education:
        person.education = data.education
    if data.graduation_date:
        person.graduation_date = data.graduation_date
    if person.registered_station_id is None:
        person.registered_station_id = staff.station_id
    if data.consent and not on_file:
        give_consent(person, PURPOSE_SENSITIVE, via="counter", actor=staff)
    for status in data.statuses:
        set_sensitive_status(person, status, True, recorded_by_user_id=staff.id)
    if data.unemployment_registered_since is not None:
        set_sensitive_status(
            person,
            "unemployment_registered_since",
            data.unemployment_registered_since,
            recorded_by_user_id=staff.id,
        )
    if not person.desired_titles and person.trades:
        # Matching reads desired titles; a day labourer's trades are what they want to do.
        person.desired_titles = list(person.trades)
    db.session.flush()

    evaluation = evaluate_person(person)
    visit = StationVisit(
        person_id=person.id,
        station_id=staff.station_id,
        staff_user_id=staff.id,
        new_person=created,
        key_groups=[g.code for g in evaluation.key_groups] if evaluation else [],
        subsidies=[s.code for s in evaluation.subsidies if s.eligible] if evaluation else [],
    )
    db.session.add(visit)
    audit.record(staff, "walk_in", "people", person.id, "驿站来访登记")
    db.session.flush()
    return WalkInResult(person=person, created=created, visit=visit, evaluation=evaluation)
