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
        person,
        on,
        PROFILE,
        residence=residence,
        in_region=in_region,
        already_registered=twice,
        residence_evidence_until=date(2099, 1, 1),  # a valid 居住证 where one is needed
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


ONLY_ID = """
name = "by_id"
title = "以公民身份号码作《就业创业证》证号的地区"
extends = "default"

[[param]]
key = "unemployment_registration.certificate_number"
value = { formats = ["id_number"] }
effective_from = 2020-01-01
source = "[L] 示例：本地区以公民身份号码作证号"
"""


def test_the_certificate_format_is_the_regions_data(tmp_path):
    from jobhub.policy.acts import certificate_problem

    own = "33010619800510001X"
    (tmp_path / "by_id.toml").write_text(ONLY_ID, encoding="utf-8")
    by_id = load_profile("by_id", tmp_path)
    on = date(2026, 12, 1)

    def problem(number, profile, is_id=False):
        return certificate_problem(number, on, profile, own_id_number=own, is_id_number=is_id)

    assert problem("3301060012345678", PROFILE) is None
    assert problem(own, PROFILE, is_id=True) is None
    assert problem(own, by_id, is_id=True) is None
    assert problem("3301060012345678", by_id) == "《就业创业证》编号应为本人的公民身份号码"
    # before the uniform certificate (2011-01-01) the default profile has no rule to apply
    from jobhub.policy.profiles import RuleNotInForce

    with pytest.raises(RuleNotInForce):
        certificate_problem(
            "3301060012345678", date(2010, 12, 31), PROFILE, own_id_number=own, is_id_number=False
        )


@pytest.mark.parametrize(
    ("until", "refused"),
    [
        (None, True),  # no permit recorded
        (date(2026, 11, 30), True),  # ran out the day before
        (date(2026, 12, 1), False),  # valid through the day
    ],
)
def test_a_residence_registration_needs_a_permit_valid_that_day(until, refused):
    found = check_registration(
        MAN,
        date(2026, 12, 1),
        PROFILE,
        residence="residence",
        in_region=True,
        already_registered=False,
        residence_evidence_until=until,
    )
    assert ("not_resident" in [code for code, _ in found.refusals]) is refused


def test_the_table_of_moves_says_who_may_do_what():
    from jobhub.policy.act_moves import move_refusal

    assert move_refusal("registration", "applied", "withdrawn", "seeker", "own_request") is None
    assert move_refusal("registration", "registered", "ended", "employer", "hired_platform") is None
    assert (
        move_refusal("registration", "applied", "registered", "seeker")
        == "该失业登记现为“已申请，待办理”，此项须由经办人员办理。"
    )
    assert (
        move_refusal("registration", "registered", "withdrawn", "seeker", "own_request")
        == "该失业登记现为“已登记失业”，不能撤回申请。"
    )
    assert (
        move_refusal("certification", "certified", "ended", "system", "own_request")
        == "该就业困难人员认定不能以此原因注销或退出。"
    )
    assert (
        move_refusal("certification", "applied", "withdrawn", "staff", "own_request")
        == "该就业困难人员认定现为“已申请，待认定”，此项须由本人申请。"
    )
