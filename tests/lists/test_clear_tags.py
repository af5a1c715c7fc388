"""No clear tag of the stored lists, nor any combination of them, names a sensitive status
(退役军人, 残疾, 低保 … : ``SENSITIVE_FLAGS``); 政策推送, which reads the encrypted rows instead,
still reaches everyone with support or a key-group service to be told of."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from jobhub.admin import queries as oracle
from jobhub.alerts.models import PolicyPush
from jobhub.alerts.services import send_policy_pushes
from jobhub.extensions import db
from jobhub.lists.models import PolicySnapshotTag
from jobhub.lists.rows import PersonInputs, snapshot_row
from jobhub.policy import PersonFacts
from jobhub.policy.dates import today_in_china
from jobhub.regions.services import region_profile
from jobhub.seekers.models import Person
from jobhub.seekers.policy import SENSITIVE_FLAGS
from jobhub.seekers.subsidies import PERSON_CODES
from jobhub.stations.models import Station
from tests.lists.test_stored_lists import _varied_people

# the difficulty category a flag is certified as (the flags without one grant no category)
CATEGORY_OF = {
    "disabled": "disabled",
    "low_income_household": "low_income",
    "zero_employment_household": "zero_employment_household",
    "land_expropriated": "land_expropriated",
    "single_parent": "single_parent",
}


def _bases(today: date):
    """People with no sensitive status, of every kind the tags tell apart: age and gender
    (the "4050" category), a recent graduate or not, each status, a long 失业登记 or none, a
    flexible worker's contribution, the bureau's 认定 of what their age or registration make
    them, and one subsidy applied for or none."""
    ages = ((23, "female"), (30, "male"), (42, "female"), (52, "male"))
    schooling = ((None, None), ("bachelor", today - timedelta(days=200)))
    statuses = ("unemployed", "flexible", "employed", None)
    for (age, gender), (
        education,
        graduated,
    ), status, registered, pays, certify in itertools.product(
        ages, schooling, statuses, (None, 400), (None, 900), (False, True)
    ):
        if registered and status != "unemployed":
            continue  # a live 失业登记 makes the person unemployed
        older = (gender == "female" and age >= 40) or (gender == "male" and age >= 50)
        certified = []
        if certify and older:
            certified.append(("older_worker", today - timedelta(days=30), 1))
        if certify and registered:
            certified.append(("long_term_unemployed", today - timedelta(days=30), 2))
        facts = PersonFacts(
            birth_date=date(today.year - age - 1, 6, 1),
            gender=gender,
            education=education,
            graduation_date=graduated,
            employment_status=status,
            employment_since=today - timedelta(days=100),
            unemployment_registered_since=today - timedelta(days=registered)
            if registered
            else None,
            monthly_contribution=pays,
            certified_categories=tuple(certified),
        )
        yield facts, graduated, status is None


def _tags(facts: PersonFacts, graduated, unknown: bool, applied: frozenset, today: date):
    row = snapshot_row(
        PersonInputs(
            person_id=1,
            station_id=7,
            street_code="330106005",
            graduation_date=graduated,
            facts=facts,
            status_unknown=unknown,
            applied=applied,
        ),
        today,
        region_profile(),
        PERSON_CODES,
    )
    return frozenset(row.tags)


def test_no_combination_of_clear_tags_names_a_sensitive_status(app):
    """Every tag set a person with a sensitive status gets is one some person without any
    sensitive status gets too: the clear table cannot tell them apart. (On the code before
    this change, a 退役军人 with no other support had the tag ``list:push`` alone, which no
    one else has.)"""
    from dataclasses import replace

    today = today_in_china()
    applied_choices = (frozenset(), *(frozenset({c}) for c in PERSON_CODES))
    with app.app_context():
        clear: set[frozenset] = set()
        bases = list(_bases(today))
        for facts, graduated, unknown in bases:
            for applied in applied_choices:
                clear.add(_tags(facts, graduated, unknown, applied, today))
        named = []
        for (facts, graduated, unknown), flag in itertools.product(bases, SENSITIVE_FLAGS):
            variants = [replace(facts, **{flag: True})]
            if flag in CATEGORY_OF:  # and certified by the bureau as that category
                certified = (*facts.certified_categories, (CATEGORY_OF[flag], today, 9))
                variants.append(replace(variants[0], certified_categories=certified))
            for variant in variants:
                tags = _tags(variant, graduated, unknown, frozenset(), today)
                if tags not in clear:
                    named.append((flag, facts.birth_date, facts.employment_status, sorted(tags)))
        # the grid means something: sensitive statuses do change tags (to sets others have)
        assert len(clear) >= 10
        assert named == []


def test_a_veteran_and_his_twin_have_the_same_clear_tags_and_push_tells_only_him(app):
    """Two registered people identical but for 退役军人 (employed, no other support): their
    rows in the clear tag table are the same; 政策推送 still tells the veteran of the veterans'
    services, and the twin of nothing."""
    today = today_in_china()
    with app.app_context():
        station = Station(
            name="退役测试站", address="西湖区", street_code="330106005", lat=30.27, lng=120.13
        )
        db.session.add(station)
        db.session.commit()
        ids = []
        for name, sensitive in (("甲", {"is_veteran": {"value": True}}), ("乙", None)):
            person = Person(
                name=f"退役测试{name}",
                birth_date=date(today.year - 35, 3, 1),
                gender="male",
                education="senior_high",
                employment_status="employed",
                employment_since=today - timedelta(days=400),
                home_street_code="330106005",
                registered_station_id=station.id,
                sensitive=sensitive,
            )
            db.session.add(person)
            db.session.commit()
            ids.append(person.id)
        veteran, twin = ids

        def clear_tags(pid: int) -> set:
            return set(
                db.session.scalars(
                    select(PolicySnapshotTag.tag).where(PolicySnapshotTag.person_id == pid)
                )
            )

        assert clear_tags(veteran) == clear_tags(twin)
        send_policy_pushes()
        told = {
            pid: set(db.session.scalars(select(PolicyPush.code).where(PolicyPush.person_id == pid)))
            for pid in ids
        }
        assert told == {veteran: {"veteran_services"}, twin: set()}


def test_the_push_reaches_everyone_the_on_read_evaluation_names(app):
    """政策推送 from the encrypted rows tells exactly the people the on-read evaluation finds
    with a subsidy not applied for or a key-group service (and a station or an account)."""
    with app.app_context():
        _varied_people(80, seed=23)
        day = today_in_china()
        want = {
            r.person.id
            for r in oracle.policy_outreach(day, services=True)
            if (r.subsidies or r.services)
            and (r.person.user_id is not None or r.person.registered_station_id is not None)
        }
        assert len(want) >= 10
        send_policy_pushes()
        told = set(db.session.scalars(select(PolicyPush.person_id).distinct()))
        assert told == want
        # the veterans among them were told through the encrypted rows only
        veterans = {
            p.id for p in db.session.scalars(select(Person)) if p.sensitive_flag("is_veteran")
        }
        assert veterans & told
