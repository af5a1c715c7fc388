"""我能享受的政策 and subsidy applications: what the policy engine finds for a person, the
online application for the flexible-employment social-insurance subsidy, staff decisions
(audited) and paid months, and the subsidies an employer's hire brings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from jobhub.calculator.views import SUBSIDY_NAMES
from jobhub.db import now_utc
from jobhub.extensions import db
from jobhub.notices import events as notices
from jobhub.policy import Evaluation, SubsidyResult, evaluate, evaluation_to_json
from jobhub.policy.dates import today_in_china
from jobhub.policy.groups import GROUP_ZH
from jobhub.policy.profiles import RuleNotInForce
from jobhub.regions.services import minimum_wage_region, region_profile
from jobhub.security import audit
from jobhub.seekers import consents, inputs
from jobhub.seekers.consent_texts import PURPOSE_SENSITIVE
from jobhub.seekers.inputs import Conflict, Errors, InputError
from jobhub.seekers.models import Application, Person, SubsidyApplication, SubsidyPayment
from jobhub.seekers.policy import evaluate_person, person_facts
from jobhub.seekers.queries import FLEXIBLE_SI_CODES

# Subsidies a person applies for themselves on this platform (the rest are applied for by the
# employer, or are placements arranged by a station).
ONLINE_CODES = FLEXIBLE_SI_CODES
UNIT_CODES = ("si_unit_difficulty", "si_unit_graduate_sme", "job_expansion_once")
# Person-side support that 政策找人 looks for (the unit-side ones need an employer).
PERSON_CODES = (*FLEXIBLE_SI_CODES, "public_welfare_post", "traineeship")

HOW_TO_APPLY = {
    "si_flexible_difficulty": "在本页在线申请；审核通过后按月拨付。申请期间请按月以灵活就业人员身份缴纳养老和医疗保险。",
    "si_flexible_graduate": "在本页在线申请；审核通过后按月拨付。申请期间请按月以灵活就业人员身份缴纳养老和医疗保险。",
    "si_unit_difficulty": "由招用您的用人单位在签订劳动合同并缴纳社保后申请，您无需办理。",
    "si_unit_graduate_sme": "由招用您的小微企业在签订劳动合同并缴纳社保后申请，您无需办理。",
    "job_expansion_once": "由招用您的用人单位申请，您无需办理。",
    "public_welfare_post": "在“推荐岗位”中筛选“公益性岗位”投递，或到所在街道就业服务站申请安置。",
    "vocational_training": "在“技能培训”中报名列入补贴培训目录的课程，结业取得职业技能等级证书后在“我的培训”申请，由人社局审核（先培训、后补贴）。",
    "training_living_allowance": "与职业培训补贴一并申请，按培训天数计算。",
    "traineeship": "在“推荐岗位”中筛选“就业见习”岗位投递。见习补贴由政府支付给见习单位，您无需申请；见习期间不视为就业。",
}


def subsidy_name(code: str) -> str:
    return SUBSIDY_NAMES.get(code, code)


def group_name(code: str) -> str:
    return GROUP_ZH.get(code, code)


def policy_view(person: Person, as_of: date | None = None) -> dict[str, Any] | None:
    """Everything the 政策 page shows, computed now (never stored): key groups, difficulty
    categories and every subsidy with term, cap, reasons, basis and how to apply."""
    evaluation = evaluate_person(person, as_of)
    if evaluation is None:
        return None
    body = evaluation_to_json(evaluation, details=True)
    for s in body["subsidies"]:
        s["name"] = subsidy_name(s["code"])
        s["how"] = HOW_TO_APPLY.get(s["code"], "请咨询所在街道就业服务站。")
        s["online"] = s["code"] in ONLINE_CODES
    return body


def key_group_codes(person: Person, as_of: date | None = None) -> list[str]:
    evaluation = evaluate_person(person, as_of)
    return [f.code for f in evaluation.key_groups] if evaluation else []


# --- applying and deciding ----------------------------------------------------------------


def apply_for_subsidy(person: Person, data: Mapping[str, Any], *, actor) -> SubsidyApplication:
    """Apply online for a flexible-employment social-insurance subsidy the engine finds."""
    errors = Errors()
    code = inputs.choice(
        data.get("code"),
        "code",
        "补贴项目",
        errors,
        {c: subsidy_name(c) for c in ONLINE_CODES},
        required=True,
    )
    contribution = inputs.money(
        data.get("monthly_contribution"),
        "monthly_contribution",
        "每月个人缴纳社保费",
        errors,
        high=100_000,
    )
    errors.raise_if_any()
    assert code is not None
    if contribution is not None:
        person.monthly_contribution = contribution
    evaluation = evaluate_person(person)
    if evaluation is None:
        raise Conflict("请先完成实名登记。")
    result = evaluation.subsidy(code)
    if not result.eligible:
        raise InputError(
            {
                "code": f"按目前登记的情况，暂不符合“{subsidy_name(code)}”："
                + "；".join(result.reasons)
            }
        )
    open_one = db.session.execute(
        db.select(SubsidyApplication).where(
            SubsidyApplication.person_id == person.id,
            SubsidyApplication.code == code,
            SubsidyApplication.status.in_(("submitted", "approved")),
        )
    ).first()
    if open_one is not None:
        raise Conflict("您已申请过该补贴，可在本页查看审核进度。")
    application = SubsidyApplication(
        person_id=person.id,
        code=code,
        status="submitted",
        monthly_contribution=person.monthly_contribution,
        submitted_by_id=getattr(actor, "id", None),
    )
    db.session.add(application)
    db.session.flush()
    audit.record(actor, "apply_subsidy", "subsidy_applications", application.id, code)
    return application


def decide_subsidy(
    application: SubsidyApplication, data: Mapping[str, Any], *, actor
) -> SubsidyApplication:
    """Staff decide: approve (the first approval date starts the term) or reject with a
    reason. Audited."""
    errors = Errors()
    decision, reason = inputs.decision(
        data,
        errors,
        {"approved": "核定通过", "rejected": "不予核定"},
        label="审核结果",
        reason_label="审核意见",
        reason_needed_for=("rejected",),
        reason_needed="不予核定时请填写原因，申请人会看到",
    )
    errors.raise_if_any()
    if application.status != "submitted":
        raise Conflict(f"该申请已处理（{application.status_label}）。")
    application.status = decision or "submitted"
    application.reason = reason or None
    application.decided_by_id = getattr(actor, "id", None)
    application.decided_at = now_utc()
    if decision == "approved":
        application.approved_on = today_in_china()
    db.session.flush()
    audit.record(
        actor,
        "decide_subsidy",
        "subsidy_applications",
        application.id,
        f"{decision}：{reason or '符合条件'}"[:200],
    )
    notices.subsidy_decided(application, subsidy_name(application.code))
    return application


def subsidy_term(application: SubsidyApplication) -> SubsidyResult | None:
    """The approved subsidy's term and cap as the engine gives them on the approval date."""
    if application.approved_on is None:
        return None
    person = application.person
    if person.birth_date is None or person.gender is None:
        return None
    try:
        evaluation = evaluate(
            person_facts(person, on=application.approved_on),
            application.approved_on,
            region_profile(),
        )
    except RuleNotInForce:
        return None
    result = evaluation.subsidy(application.code)
    return result if result.eligible else None


def record_payment(
    application: SubsidyApplication, data: Mapping[str, Any], *, actor
) -> SubsidyPayment:
    """Record one paid month (within the term, not above the monthly cap). Audited."""
    errors = Errors()
    month = inputs.text(data.get("month"), "month", "补贴月份", errors, required=True, max_len=7)
    amount = inputs.money(
        data.get("amount"), "amount", "拨付金额", errors, required=True, high=100_000
    )
    first: date | None = None
    if month:
        try:
            first = date.fromisoformat(month + "-01")
        except ValueError:
            errors.add("month", "补贴月份格式应为 YYYY-MM，如 2026-03")
    this_month = today_in_china().replace(day=1)
    if first is not None and first > this_month:
        errors.add("month", f"补贴月份不能晚于本月（{this_month:%Y-%m}）：未到的月份不能登记拨付")
    errors.raise_if_any()
    assert first is not None and amount is not None
    if application.status != "approved":
        raise Conflict("只有已核定的申请才能登记拨付。")
    term = subsidy_term(application)
    if term is None and consents.withdrawn_since(
        application.person, PURPOSE_SENSITIVE, application.decided_at
    ):
        raise Conflict("本人已撤回敏感身份信息授权，按现有登记情况不能确认补贴资格，不能登记拨付。")
    if term is not None and term.start and term.end:
        if not (term.start.replace(day=1) <= first <= term.end):
            raise InputError(
                {"month": f"补贴月份应在补贴期限内（{term.start:%Y-%m} 至 {term.end:%Y-%m}）"}
            )
        cap = term.monthly_amount_cap
        if cap is not None and amount > Decimal(str(cap)):
            raise InputError({"amount": f"拨付金额不能超过每月上限 {float(cap):.2f} 元"})
    _within_claimed_sum(application, amount)
    if any(p.month == first for p in application.payments):
        raise InputError({"month": f"{month} 已登记过拨付"})
    payment = SubsidyPayment(
        application=application,
        month=first,
        amount=amount,
        recorded_by_id=getattr(actor, "id", None),
    )
    db.session.add(payment)
    db.session.flush()
    audit.record(
        actor,
        "record_subsidy_payment",
        "subsidy_applications",
        application.id,
        f"{month} {amount} 元",
    )
    return payment


def _within_claimed_sum(application: SubsidyApplication, amount: Decimal) -> None:
    """A training-subsidy claim is a one-off sum: the payments never add up to more than the
    sums the engine found when it was claimed (职业培训补贴 plus 生活费补贴)."""
    from jobhub.training.enrolment import claimed_total

    cap = claimed_total(application.id)
    if cap is None:
        return
    paid = sum((Decimal(str(p.amount)) for p in application.payments), Decimal(0))
    if paid + amount > cap:
        raise InputError(
            {"amount": f"拨付合计不能超过申请时核算的培训补贴 {cap:.2f} 元（已拨付 {paid:.2f} 元）"}
        )


def subsidy_application_json(application: SubsidyApplication) -> dict[str, Any]:
    return {
        "id": application.id,
        "code": application.code,
        "name": subsidy_name(application.code),
        "status": application.status,
        "status_label": application.status_label,
        "submitted_at": application.created_at.isoformat(),
        "reason": application.reason,
        "decided_at": application.decided_at.isoformat() if application.decided_at else None,
        "approved_on": application.approved_on.isoformat() if application.approved_on else None,
        "payments": [
            {"month": p.month.strftime("%Y-%m"), "amount": float(p.amount)}
            for p in application.payments
        ],
    }


# --- what a hire brings -------------------------------------------------------------------


@dataclass(frozen=True)
class HireSubsidies:
    """The employer-side subsidies of a hire, as the engine sees it on the hire date."""

    key_groups: tuple[str, ...]
    results: tuple[SubsidyResult, ...]

    @property
    def eligible(self) -> tuple[SubsidyResult, ...]:
        return tuple(r for r in self.results if r.eligible)


def hire_subsidies(application: Application) -> HireSubsidies | None:
    """Run the engine for the hired person as of the hire date with the employer's facts
    (小微企业 from the organisation's size, contract length and the unit's contribution from
    the hire form). ``None`` when the application is not a hire or the person is not 实名."""
    person = application.person
    if application.status != "hired" or application.hired_on is None:
        return None
    if person.birth_date is None or person.gender is None:
        return None
    organisation = application.vacancy.organisation
    hf = application.hire_facts or {}
    facts = person_facts(person, on=application.hired_on)
    since_before = hf.get("since_before")
    facts = replace(
        facts,
        # unknown before the hire stays unknown; hires recorded before status_before was kept
        # (no key at all) keep the reading they were approved under
        employment_status=hf.get("status_before", "unemployed"),
        employment_since=date.fromisoformat(since_before) if since_before else None,
        employer_is_sme=organisation.size in ("micro", "small"),
        contract_months=hf.get("contract_months"),
        unit_monthly_contribution=(
            Decimal(str(hf["unit_monthly_contribution"]))
            if hf.get("unit_monthly_contribution") is not None
            else None
        ),
        employer_is_public_institution=bool(organisation.is_public_employer),
    )
    if hf.get("kind") == "traineeship":
        facts = replace(facts, traineeship_months=hf.get("traineeship_months"))
        minimum = _minimum_wage(application.hired_on)
        if minimum is not None:
            facts = replace(
                facts,
                minimum_monthly_wage=Decimal(str(minimum.month)),
                minimum_wage_source=minimum.source,
            )
    try:
        evaluation: Evaluation = evaluate(facts, application.hired_on, region_profile())
    except RuleNotInForce:
        return None
    # A traineeship is not employment: only the 见习 programme (见习补贴 to the host unit).
    codes = ("traineeship",) if hf.get("kind") == "traineeship" else UNIT_CODES
    return HireSubsidies(
        key_groups=tuple(f.code for f in evaluation.key_groups),
        results=tuple(evaluation.subsidy(code) for code in codes),
    )


def _minimum_wage(on: date):  # noqa: ANN202 - postings' MinimumWage or None
    """The deployment's local minimum wage in force ``on`` (postings/wages.toml)."""
    from jobhub.postings.data import wage_parameters

    return wage_parameters().minimum_wage(minimum_wage_region(), on)


def hire_subsidies_json(found: HireSubsidies | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "key_groups": [{"code": c, "name": group_name(c)} for c in found.key_groups],
        "subsidies": [
            {
                "code": r.code,
                "name": subsidy_name(r.code),
                "eligible": r.eligible,
                "person_qualifies": r.person_qualifies,
                "start": r.start.isoformat() if r.start else None,
                "end": r.end.isoformat() if r.end else None,
                "months": r.months,
                "monthly_amount_cap": (
                    float(r.monthly_amount_cap) if r.monthly_amount_cap is not None else None
                ),
                "reasons": list(r.reasons),
                "unit_reasons": [x for x in r.reasons if _about_the_unit(x)],
                "basis": list(r.basis),
            }
            for r in found.results
        ],
    }


_UNIT_WORDS = ("单位", "企业", "劳动合同", "缴纳", "缴费")
# words of a person's status: a reason that names one is never shown to an employer
_STATUS_WORDS = (
    "毕业生",
    "就业困难",
    "残疾",
    "低保",
    "退役",
    "失业",
    "零就业",
    "大龄",
    "失地",
    "单亲",
    "认定",
    "本人",
    "年龄",
    "退休",
)


def _about_the_unit(reason: str) -> bool:
    """A reason that speaks only of the employer's side (its size, the contract, the
    contributions), which the employer may read: it names no status of the person."""
    return any(w in reason for w in _UNIT_WORDS) and not any(w in reason for w in _STATUS_WORDS)


def applications_visible_to(user, status: str) -> list[SubsidyApplication]:
    """Applications of one status that `user` may see: the bureau all of them, station staff
    those of the people their station serves (oldest first)."""
    from jobhub.auth.roles import Role
    from jobhub.stations.queries import served_by_station

    query = db.select(SubsidyApplication).where(SubsidyApplication.status == status)
    if user.role != Role.ADMIN:
        if not user.station_id:
            return []
        query = query.join(Person, Person.id == SubsidyApplication.person_id).where(
            served_by_station(user.station_id)
        )
    order = (SubsidyApplication.created_at, SubsidyApplication.id)
    return list(db.session.execute(query.order_by(*order)).scalars())
