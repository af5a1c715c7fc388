"""Every transition of the two acts and every refusal, through the services staff use; what a
caseworker checks: the status, the log (who, from, to, why) and that bad input changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from jobhub.acts import services
from jobhub.acts.models import ActEvent, DifficultyCertification, UnemploymentRegistration
from jobhub.demo import make_id_number
from jobhub.extensions import db
from jobhub.policy.dates import today_in_china
from jobhub.seekers.inputs import Conflict, InputError
from jobhub.seekers.models import Person
from jobhub.seekers.policy import evaluate_person
from tests.acts.helpers import (
    DISABLED,
    STREET,
    backdate,
    certify,
    register_unemployed,
    staff_user,
)

TODAY = today_in_china()
APPLY = {"residence": "hukou", "residence_street_code": STREET}


def _events(act) -> list[tuple]:
    db.session.flush()
    return [(e.from_status, e.to_status, e.reason_code) for e in act.events]


def test_registration_applied_registered_then_ended_for_each_reason(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    for reason in ("hired_platform", "employment_registration", "own_request"):
        person = walk_in()
        registration = register_unemployed(person, staff)
        assert registration.status == "registered" and registration.registered_on == TODAY
        services.end_registration(registration, reason, actor=staff, note="已就业")
        assert (registration.status, registration.end_reason) == ("ended", reason)
        assert _events(registration) == [
            (None, "applied", None),
            ("applied", "registered", None),
            ("registered", "ended", reason),
        ]
        assert {e.actor_user_id for e in registration.events} == {staff_id}
        with pytest.raises(Conflict):
            services.end_registration(registration, reason, actor=staff)


def test_registration_refused_needs_a_listed_reason(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    registration = services.apply_registration(walk_in(), APPLY, actor=staff, via="counter")
    with pytest.raises(InputError) as bad:
        services.decide_registration(registration, {"decision": "refused"}, actor=staff)
    assert bad.value.fields == {"reason": "请选择不予登记原因"}
    with pytest.raises(InputError) as bad:
        services.decide_registration(
            registration, {"decision": "refused", "reason": "bachelor"}, actor=staff
        )
    assert "不予登记原因应为以下之一" in bad.value.fields["reason"]
    assert registration.status == "applied"
    services.decide_registration(
        registration,
        {"decision": "refused", "reason": "in_school", "note": "全日制在读"},
        actor=staff,
    )
    assert (registration.status, registration.refusal_code) == ("refused", "in_school")
    assert _events(registration)[-1] == ("applied", "refused", "in_school")
    # a refused application is history: the person may apply again
    services.apply_registration(registration.person, APPLY, actor=staff, via="counter")


def test_the_rules_refuse_registering_a_retired_person(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    registration = services.apply_registration(walk_in(age=70), APPLY, actor=staff, via="counter")
    with pytest.raises(InputError) as bad:
        services.decide_registration(
            registration,
            {"decision": "registered", "certificate_number": "3301061234000001"},
            actor=staff,
        )
    assert "已达到法定退休年龄" in bad.value.fields["decision"]
    assert registration.status == "applied" and registration.registered_on is None
    assert [c for c, _ in services.suggested_refusals(registration)] == ["retired"]


FORMATS = "16或18位数字（前6位为发证地行政区划代码），或本人的公民身份号码"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "请填写《就业创业证》编号"),
        ("12", f"《就业创业证》编号应为{FORMATS}"),
        ("3301\ud800061234", f"《就业创业证》编号应为{FORMATS}"),
        ("9" * 31, "《就业创业证》编号最多 30 个字"),
        ("9901060012345678", f"《就业创业证》编号应为{FORMATS}"),  # no province 99
        ("33010600123456789", f"《就业创业证》编号应为{FORMATS}"),  # 17 digits
        ("ABCDEF0012345678", f"《就业创业证》编号应为{FORMATS}"),
        (make_id_number(date(1990, 1, 1), 5, True), "《就业创业证》编号是他人的公民身份号码"),
    ],
)
def test_a_bad_certificate_number_is_named(counter, number, message):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    registration = services.apply_registration(walk_in(), APPLY, actor=staff, via="counter")
    with pytest.raises(InputError) as bad:
        services.decide_registration(
            registration, {"decision": "registered", "certificate_number": number}, actor=staff
        )
    assert bad.value.fields["certificate_number"].startswith(message)
    assert registration.status == "applied" and registration.certificate_number is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("3301060012345678", "3301060012345678"),  # the uniform 16 digits
        ("３３０１０６ ００１２ ３４５６７８", "3301060012345678"),  # full-width, spaced
        ("330106001234567890", "330106001234567890"),  # 18 digits, not an ID number
    ],
)
def test_an_issued_certificate_number_is_taken_as_typed(counter, typed, stored):
    staff_id, walk_in = counter
    registration = services.apply_registration(
        walk_in(), APPLY, actor=staff_user(staff_id), via="counter"
    )
    services.decide_registration(
        registration,
        {"decision": "registered", "certificate_number": typed},
        actor=staff_user(staff_id),
    )
    assert registration.certificate_number == stored
    assert registration.certificate_masked == stored[:6] + "*" * (len(stored) - 10) + stored[-4:]


def test_the_persons_own_id_number_is_a_certificate_number(counter):
    """Many regions number the 《就业创业证》 by the 公民身份号码: the person's own is taken
    (a lower-case x too), and shown masked like any ID number."""
    staff_id, walk_in = counter
    person = walk_in()
    registration = services.apply_registration(
        person, APPLY, actor=staff_user(staff_id), via="counter"
    )
    services.decide_registration(
        registration,
        {"decision": "registered", "certificate_number": person.id_number.lower()},
        actor=staff_user(staff_id),
    )
    assert registration.certificate_number == person.id_number
    assert (
        registration.certificate_masked
        == person.id_number[:6] + "********" + (person.id_number[-4:])
    )


def test_the_certificate_number_is_encrypted_at_rest_and_shown_masked(counter):
    staff_id, walk_in = counter
    registration = register_unemployed(walk_in(), staff_user(staff_id), "3301062026000777")
    stored = db.session.execute(
        text("SELECT certificate_number FROM unemployment_registrations")
    ).scalar_one()
    assert "3301062026000777" not in stored
    assert registration.certificate_masked == "330106******0777"


def test_one_live_registration_per_person(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    person = walk_in()
    first = services.apply_registration(person, APPLY, actor=staff, via="online")
    with pytest.raises(Conflict):
        services.apply_registration(person, APPLY, actor=staff, via="counter")
    assert first.status == "applied"
    assert db.session.scalar(db.select(db.func.count(UnemploymentRegistration.id))) == 1


def test_a_residence_outside_the_region_or_unknown_is_named(counter):
    staff_id, walk_in = counter
    with pytest.raises(InputError) as bad:
        services.apply_registration(
            walk_in(),
            {"residence": "abroad", "residence_street_code": "110101001"},
            actor=staff_user(staff_id),
            via="online",
        )
    assert set(bad.value.fields) == {"residence", "residence_street_code"}
    assert "户籍地" in bad.value.fields["residence"]


def test_a_hire_through_the_platform_ends_the_registration_that_day(counter):
    staff_id, walk_in = counter
    person = walk_in()
    registration = register_unemployed(person, staff_user(staff_id))
    services.end_on_hire(person, TODAY, actor=None)
    assert (registration.status, registration.end_reason, registration.ended_on) == (
        "ended",
        "hired_platform",
        TODAY,
    )
    assert registration.events[-1].actor_role == "system"


# --- 就业困难人员认定 -------------------------------------------------------------------------


def test_each_category_is_decided_on_its_own_with_a_structured_reason(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    person = walk_in(age=52)
    cert = services.apply_certification(
        person,
        {
            "categories": ["older_worker", "low_income"],
            "evidence": {
                "low_income": {
                    "kind": "imported_list",
                    "reference": "名单第3行",
                    "source": "区民政局 2026-11",
                }
            },
        },
        actor=staff,
        via="counter",
    )
    assert {c: e["decision"] for c, e in cert.categories.items()} == {
        "older_worker": "pending",
        "low_income": "pending",
    }
    with pytest.raises(InputError) as bad:
        services.decide_categories(cert, {"low_income": {"decision": "refused"}}, actor=staff)
    assert bad.value.fields == {"low_income_reason": "请选择城乡低保家庭成员不予认定的原因"}
    services.decide_categories(
        cert, {"low_income": {"decision": "refused", "reason": "not_in_list"}}, actor=staff
    )
    assert cert.status == "applied"  # older_worker still to decide
    services.decide_categories(cert, {"older_worker": {"decision": "approved"}}, actor=staff)
    assert cert.status == "certified" and cert.certified_on == TODAY
    assert cert.review_on > TODAY and cert.valid_until > cert.review_on
    assert _events(cert)[-1] == ("applied", "certified", None)
    evaluation = evaluate_person(person)
    held = {c.code for c in evaluation.difficulty_categories}
    assert held == {"older_worker"}
    with pytest.raises(Conflict):
        services.decide_categories(cert, {"low_income": {"decision": "approved"}}, actor=staff)


def test_every_category_refused_refuses_the_certification(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    cert = services.apply_certification(
        walk_in(), {"categories": ["disabled"], "evidence": DISABLED}, actor=staff, via="online"
    )
    services.decide_categories(
        cert, {"disabled": {"decision": "refused", "reason": "evidence_invalid"}}, actor=staff
    )
    assert cert.status == "refused"
    assert "disabled" not in {c.code for c in evaluate_person(cert.person).difficulty_categories}


def test_computed_evidence_is_checked_before_approval(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    young = walk_in(age=30)
    cert = services.apply_certification(
        young,
        {"categories": ["older_worker", "long_term_unemployed"]},
        actor=staff,
        via="counter",
    )
    with pytest.raises(InputError) as bad:
        services.decide_categories(
            cert,
            {
                "older_worker": {"decision": "approved"},
                "long_term_unemployed": {"decision": "approved"},
            },
            actor=staff,
        )
    assert "未满50周岁" in bad.value.fields["older_worker_decision"]
    assert "不是登记失业状态" in bad.value.fields["long_term_unemployed_decision"]
    assert {e["decision"] for e in cert.categories.values()} == {"pending"}
    # registered unemployed 13 months ago: long-term unemployment is computed from the act
    backdate(register_unemployed(young, staff), 400)
    services.decide_categories(
        cert, {"long_term_unemployed": {"decision": "approved"}}, actor=staff
    )
    assert cert.categories["long_term_unemployed"]["decision"] == "approved"


def test_zero_employment_household_needs_the_household_record(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    person = walk_in(employment_status="unemployed")
    cert = services.apply_certification(
        person,
        {
            "categories": ["zero_employment_household"],
            "evidence": {
                "zero_employment_household": {"kind": "household_record", "reference": "户记录"}
            },
        },
        actor=staff,
        via="counter",
    )
    with pytest.raises(InputError) as bad:
        services.decide_categories(
            cert, {"zero_employment_household": {"decision": "approved"}}, actor=staff
        )
    assert "零就业家庭" in bad.value.fields["zero_employment_household_decision"]
    from jobhub.stations.services import mark_household

    mark_household(staff.station_id, "孙家", [person], staff, "")
    services.decide_categories(
        cert, {"zero_employment_household": {"decision": "approved"}}, actor=staff
    )
    assert cert.status == "certified"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"categories": []}, "categories"),
        ({"categories": ["bachelor"]}, "categories"),
        ({"categories": ["disabled"]}, "evidence_disabled_reference"),
        (
            {
                "categories": ["disabled"],
                "evidence": {"disabled": {"kind": "document", "reference": "x"}},
            },
            "evidence_disabled_kind",
        ),
        (
            {
                "categories": ["disabled"],
                "evidence": {"disabled": {"reference": "x", "valid_until": "2020-01-01"}},
            },
            "evidence_disabled_valid_until",
        ),
        ({"categories": ["disabled"], "evidence": "x"}, "evidence"),
    ],
)
def test_bad_certification_input_names_the_field_and_makes_nothing(counter, data, field):
    staff_id, walk_in = counter
    with pytest.raises(InputError) as bad:
        services.apply_certification(walk_in(), data, actor=staff_user(staff_id), via="online")
    assert field in bad.value.fields
    assert db.session.scalar(db.select(db.func.count(DifficultyCertification.id))) == 0


def test_review_confirms_with_a_new_date_or_ends_with_a_reason(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    cert = certify(walk_in(), staff, DISABLED)
    first = cert.review_on
    with pytest.raises(InputError) as bad:
        services.review_certification(cert, {"outcome": "review_failed"}, actor=staff)
    assert "note" in bad.value.fields
    services.review_certification(cert, {"outcome": "confirmed"}, actor=staff)
    assert cert.review_on == first  # reviewed today: the next review is a year from today
    backdate(cert, 200)
    services.review_certification(cert, {"outcome": "confirmed"}, actor=staff)
    assert cert.review_on > TODAY
    services.review_certification(
        cert, {"outcome": "review_failed", "note": "已领取养老金"}, actor=staff
    )
    assert (cert.status, cert.end_reason) == ("ended", "review_failed")
    assert not evaluate_person(cert.person).difficulty_categories
    # the 认定 still stands for the days it was in force
    assert evaluate_person(cert.person, TODAY - timedelta(days=100)).difficulty_categories
    assert (
        db.session.scalar(db.select(ActEvent.note).where(ActEvent.reason_code == "review_failed"))
        == "已领取养老金"
    )


def test_concurrent_applications_make_one_live_registration(app, accounts):
    """Eight counters (threads with their own connections) take the same person's
    application at once: one is made, the others are told it exists, nothing fails."""
    from concurrent.futures import ThreadPoolExecutor

    staff_id, _ = accounts.create("station_staff")
    with app.app_context():
        person = Person(name="并发", registered_station_id=staff_user(staff_id).station_id)
        person.id_number = make_id_number(date(1985, 1, 1), 77, False)
        person.birth_date, person.gender = date(1985, 1, 1), "male"
        db.session.add(person)
        db.session.commit()
        person_id = person.id

    def attempt(_n: int) -> str:
        with app.app_context():
            try:
                services.apply_registration(
                    db.session.get(Person, person_id),
                    APPLY,
                    actor=staff_user(staff_id),
                    via="counter",
                )
                db.session.commit()
                return "made"
            except Conflict:
                db.session.rollback()
                return "exists"

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(8)))
    assert sorted(results) == ["exists"] * 7 + ["made"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(UnemploymentRegistration.id))) == 1
        assert db.session.scalar(db.select(db.func.count(ActEvent.id))) == 1


RESIDENT = {
    "residence": "residence",
    "residence_street_code": STREET,
    "residence_evidence": "residence_permit",
    "residence_evidence_number": "3301 0620 2600 0123",
    "residence_evidence_until": (TODAY + timedelta(days=200)).isoformat(),
}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"residence_evidence_number": ""}, "residence_evidence_number", "请填写居住证编号"),
        (
            {"residence_evidence_number": "12-34"},
            "residence_evidence_number",
            "居住证编号应为6到30位数字或字母",
        ),
        ({"residence_evidence_until": ""}, "residence_evidence_until", "请填写居住证有效期至"),
        (
            {"residence_evidence_until": (TODAY - timedelta(days=1)).isoformat()},
            "residence_evidence_until",
            f"居住证有效期至不能早于 {TODAY.isoformat()}",
        ),
        (
            {"residence_evidence": "passport"},
            "residence_evidence",
            "常住地证明应为以下之一：居住证",
        ),
        ({"residence_evidence_until": float("nan")}, "residence_evidence_until", "居住证有效期至"),
    ],
)
def test_a_residence_registration_needs_a_valid_residence_permit(counter, change, field, message):
    staff_id, walk_in = counter
    person = walk_in()
    with pytest.raises(InputError) as bad:
        services.apply_registration(
            person, {**RESIDENT, **change}, actor=staff_user(staff_id), via="counter"
        )
    assert bad.value.fields[field].startswith(message)
    assert db.session.scalar(db.select(db.func.count(UnemploymentRegistration.id))) == 0


def test_the_residence_permit_is_kept_encrypted_shown_masked_and_checked_again(counter):
    staff_id, walk_in = counter
    staff = staff_user(staff_id)
    registration = services.apply_registration(walk_in(), RESIDENT, actor=staff, via="online")
    assert registration.residence_evidence_number == "3301062026000123"
    assert registration.residence_evidence_masked == "330106******0123"
    stored = db.session.execute(
        text("SELECT residence_evidence_number FROM unemployment_registrations")
    ).scalar_one()
    assert "3301062026000123" not in stored
    assert "居住证有效期至" in _notes(registration)[0]
    # the permit ran out before the station decided: the rules refuse, and say why
    registration.residence_evidence_until = TODAY - timedelta(days=1)
    db.session.flush()
    with pytest.raises(InputError) as bad:
        services.decide_registration(
            registration,
            {"decision": "registered", "certificate_number": "3301062026000001"},
            actor=staff,
        )
    said = bad.value.fields["decision"]
    assert "居住证（或居住登记）已于" in said and "到期" in said
    assert registration.status == "applied"


def test_a_hukou_registration_asks_no_residence_permit(counter):
    staff_id, walk_in = counter
    registration = services.apply_registration(
        walk_in(),
        {**APPLY, "residence_evidence_number": "x"},
        actor=staff_user(staff_id),
        via="counter",
    )
    assert registration.residence_evidence is None
    assert registration.residence_evidence_number is None


def _notes(act) -> list[str]:
    db.session.flush()
    return [e.note or "" for e in act.events]
