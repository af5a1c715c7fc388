"""The acts' rules without Flask or a database: registration checks and the daily lapse, on the
days around each boundary."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jobhub.policy import PersonFacts, load_profile
from jobhub.policy.acts import (
    CertifiedCategory,
    LiveCertification,
    certification_terms,
    check_registration,
    lapse,
    next_review,
)
from jobhub.policy.dates import add_months
from jobhub.policy.retirement import evaluate_retirement

PROFILE = load_profile("default")
DAY = timedelta(days=1)
MAN = PersonFacts(birth_date=date(1980, 5, 10), gender="male")


def _check(person=MAN, on=date(2026, 12, 1), residence="hukou", in_region=True, twice=False):
    found = check_registration(
        person, on, PROFILE, residence=residence, in_region=in_region, already_registered=twice
    )
    return [code for code, _text in found.refusals]


def test_registration_is_open_from_the_sixteenth_birthday():
    teen = PersonFacts(birth_date=date(2010, 6, 1), gender="female")
    assert _check(teen, on=date(2026, 5, 31)) == ["under_age"]
    assert _check(teen, on=date(2026, 6, 1)) == []


def test_registration_closes_on_the_retirement_date():
    older = PersonFacts(birth_date=date(1966, 3, 15), gender="male")
    retires = evaluate_retirement(older, PROFILE, date(2026, 1, 1)).date
    assert _check(older, on=retires - DAY) == []
    assert _check(older, on=retires) == ["retired"]


def test_residence_condition_follows_the_dated_profile():
    # 常住地 is accepted from the opinion of 2024-09-15 (item 十四); before it, 户籍地 only
    assert _check(residence="residence", on=date(2024, 9, 15)) == []
    assert _check(residence="residence", on=date(2024, 9, 14)) == ["not_resident"]
    assert _check(residence="hukou", on=date(2024, 9, 14)) == []
    assert _check(in_region=False) == ["not_resident"]
    assert _check(residence=None) == ["not_resident"]


def test_a_second_live_registration_is_refused_and_every_reason_is_explained():
    teen = PersonFacts(birth_date=date(2012, 1, 1), gender="male")
    found = check_registration(
        teen,
        date(2026, 12, 1),
        PROFILE,
        residence="elsewhere",
        in_region=False,
        already_registered=True,
    )
    assert [c for c, _ in found.refusals] == ["under_age", "not_resident", "already_registered"]
    assert all(text for _c, text in found.refusals)


def test_terms_come_from_the_profile():
    terms = certification_terms(date(2026, 1, 31), PROFILE)
    assert terms.valid_until == date(2029, 1, 31)
    assert terms.review_on == date(2027, 1, 31)
    assert next_review(date(2028, 6, 1), terms.valid_until, PROFILE) == terms.valid_until


def _cert(**extra):
    values = {
        "person": MAN,
        "valid_until": date(2029, 1, 1),
        "review_on": date(2027, 1, 1),
        "categories": (CertifiedCategory("disabled", None),),
        "employed_since": None,
    }
    values.update(extra)
    return LiveCertification(**values)


def test_work_ends_it_only_after_the_profiles_months():
    hired = date(2026, 3, 10)
    limit = add_months(hired, 6)
    cert = _cert(employed_since=hired)
    assert lapse(cert, limit, PROFILE).reason is None
    ended = lapse(cert, limit + DAY, PROFILE)
    assert ended.reason == "employed" and "6个月" in ended.text


def test_validity_ends_the_day_after_it_runs_out():
    cert = _cert(valid_until=date(2026, 12, 1))
    assert lapse(cert, date(2026, 12, 1), PROFILE).reason is None
    assert lapse(cert, date(2026, 12, 2), PROFILE).reason == "expired"


def test_expired_evidence_ends_its_category_then_the_certification():
    two = _cert(
        categories=(
            CertifiedCategory("low_income", date(2026, 6, 30)),
            CertifiedCategory("disabled", None),
        )
    )
    assert lapse(two, date(2026, 6, 30), PROFILE).ended_categories == ()
    partly = lapse(two, date(2026, 7, 1), PROFILE)
    assert partly.reason is None and partly.ended_categories == ("low_income",)
    one = _cert(categories=(CertifiedCategory("low_income", date(2026, 6, 30)),))
    assert lapse(one, date(2026, 7, 1), PROFILE).reason == "evidence_expired"


def test_retirement_ends_it_on_the_retirement_date():
    older = PersonFacts(birth_date=date(1966, 3, 15), gender="male")
    retires = evaluate_retirement(older, PROFILE, date(2026, 1, 1)).date
    cert = _cert(person=older)
    assert lapse(cert, retires - DAY, PROFILE).reason is None
    assert lapse(cert, retires, PROFILE).reason == "retired"


@pytest.mark.parametrize(("offset", "due"), [(-1, False), (0, True), (30, True)])
def test_due_for_review_from_the_review_date(offset, due):
    cert = _cert(review_on=date(2027, 1, 1))
    assert lapse(cert, date(2027, 1, 1) + offset * DAY, PROFILE).review_due is due


def test_an_unknown_retirement_category_never_ends_a_womans_certification():
    """Her 退休类别 (女职工 50, 女干部 55) decides the date: the daily job asks staff instead."""
    woman = PersonFacts(birth_date=date(1975, 3, 15), gender="female")
    default = evaluate_retirement(woman, PROFILE, date(2026, 1, 1)).date
    verdict = lapse(_cert(person=woman), default, PROFILE)
    assert verdict.reason is None and verdict.review_due
    assert "未记录退休类别" in verdict.text and "请核实" in verdict.text
    assert lapse(_cert(person=woman), default - DAY, PROFILE).review_due is False
    known = PersonFacts(
        birth_date=date(1975, 3, 15), gender="female", retirement_category="female_worker"
    )
    ends_on = evaluate_retirement(known, PROFILE, date(2026, 1, 1)).date
    assert lapse(_cert(person=known), ends_on, PROFILE).reason == "retired"
