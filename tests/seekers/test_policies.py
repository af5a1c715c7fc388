"""我能享受的政策 and the online flexible-employment social-insurance subsidy application."""

from __future__ import annotations

from jobhub.extensions import db
from jobhub.security.models import AuditEvent
from jobhub.seekers.models import Person, SubsidyApplication
from jobhub.seekers.policy import person_facts
from tests.seekers.helpers import TODAY, months_ago

FLEXIBLE_GRADUATE = {
    "employment_status": "flexible",
    "employment_since": months_ago(3).isoformat(),
    "graduation_date": months_ago(5).isoformat(),
    "monthly_contribution": "900",
}


def _only_application(app) -> SubsidyApplication:
    with app.app_context():
        a = db.session.execute(db.select(SubsidyApplication)).scalar_one()
        db.session.expunge(a)
        return a


def test_the_page_lists_eligible_subsidies_with_term_cap_reasons_basis_and_how(app, people):
    seeker, _ = people.seeker(profile=FLEXIBLE_GRADUATE)
    page = seeker.get("/seeker/policies").get_data(as_text=True)
    card = page.split('id="subsidy-si_flexible_graduate"')[1].split("</div>")[0]
    assert "可以享受" in card and "补贴期限" in card and "每月上限" in card
    assert "依据" in card and "如何申请" in card
    assert "暂不符合" in page  # the others are listed with their reasons


def test_a_graduate_is_told_the_traineeship_allowance_goes_to_the_host_unit(app, people):
    seeker, _ = people.seeker(profile={"graduation_date": months_ago(5).isoformat()})
    page = seeker.get("/seeker/policies").get_data(as_text=True)
    card = page.split('id="subsidy-traineeship"')[1].split("</div>")[0]
    assert "可以享受" in card
    # rules-reference §4: the allowance is paid to the host unit, a trainee is not employed
    assert "支付给见习单位" in card and "见习期间不视为就业" in card
    assert "可领取见习补贴" not in card


def test_apply_decide_and_pay_with_the_first_approval_feeding_the_engine(app, people, accounts):
    seeker, pid = people.seeker(profile=FLEXIBLE_GRADUATE)
    bad = seeker.post("/seeker/policies", data={"code": "si_unit_difficulty"}).get_data(
        as_text=True
    )
    assert "补贴项目应为以下之一" in bad
    seeker.post(
        "/seeker/policies", data={"code": "si_flexible_graduate", "monthly_contribution": "900"}
    )
    assert _only_application(app).status == "submitted"
    twice = seeker.post(
        "/seeker/policies", data={"code": "si_flexible_graduate"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "您已申请过该补贴" in twice

    admin = accounts.client_for("admin")
    aid = _only_application(app).id
    no_reason = admin.post(
        f"/admin/subsidies/{aid}/decision", data={"decision": "rejected"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "不予核定时请填写原因" in no_reason
    admin.post(f"/admin/subsidies/{aid}/decision", data={"decision": "approved"})
    application = _only_application(app)
    assert application.status == "approved" and application.approved_on == TODAY
    with app.app_context():
        assert person_facts(db.session.get(Person, pid)).subsidy_first_approved_on == TODAY
        assert (
            db.session.execute(db.select(AuditEvent).where(AuditEvent.action == "decide_subsidy"))
            .scalar_one()
            .subject_id
            == aid
        )

    month = TODAY.strftime("%Y-%m")
    over = admin.post(
        f"/admin/subsidies/{aid}/payments",
        data={"month": month, "amount": "99999"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "不能超过每月上限" in over
    admin.post(f"/admin/subsidies/{aid}/payments", data={"month": month, "amount": "600"})
    page = seeker.get("/seeker/policies").get_data(as_text=True)
    assert "已核定" in page and month in page and "600.00" in page


def test_a_person_who_does_not_qualify_cannot_apply(app, people):
    seeker, _ = people.seeker()  # unemployed, not a flexible worker
    page = seeker.post(
        "/seeker/policies", data={"code": "si_flexible_graduate", "monthly_contribution": "900"}
    ).get_data(as_text=True)
    assert "暂不符合" in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(SubsidyApplication)) == 0


def test_a_woman_states_her_retirement_category_and_is_no_longer_asked(app, people, accounts):
    # 52, out of work, 低保 (认定): whether she is retired depends on 原50 or 原55 (issue 21
    # item 3).
    from datetime import date

    from tests.acts.helpers import LOW_INCOME, acts_for

    seeker, pid = people.seeker(birth=date(TODAY.year - 52, 4, 2))
    acts_for(app, accounts, pid, evidence=LOW_INCOME)
    asked = seeker.get("/api/v1/seekers/me/evaluation").get_json()
    assert asked["missing"] == ["退休类别（原法定退休年龄50周岁或55周岁）"]
    assert "employment_difficulty" not in asked["key_groups"]
    page = seeker.get("/seeker/profile").get_data(as_text=True)
    assert 'name="retirement_category"' in page
    saved = seeker.put("/api/v1/seekers/me/profile", json={"retirement_category": "female_cadre"})
    assert saved.status_code == 200 and saved.get_json()["retirement_category"] == "female_cadre"
    known = seeker.get("/api/v1/seekers/me/evaluation").get_json()
    assert "missing" not in known and "employment_difficulty" in known["key_groups"]


def test_a_man_has_no_retirement_category_to_state(app, people):
    from datetime import date

    seeker, _ = people.seeker(birth=date(TODAY.year - 52, 4, 2), female=False)
    assert 'name="retirement_category"' not in seeker.get("/seeker/profile").get_data(as_text=True)
    refused = seeker.put(
        "/api/v1/seekers/me/profile", json={"retirement_category": "female_worker"}
    )
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"]["retirement_category"].startswith("男性无需填写")
