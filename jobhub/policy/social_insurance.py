"""Social-insurance subsidies (社会保险补贴): flexible workers' and employers'.

They cover 养老 + 医疗 (+ 失业 for units) contributions only (rules-reference §3). The unit-side
rules answer "would hiring this person on ``as_of`` bring the subsidy to the employer"; the
person's facts are those of the job seeker before the hire.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .dates import add_months, month_index, zh_date
from .facts import EmploymentStatus
from .groups import Situation, act_phrase, education_qualifies, status_text
from .profiles import RuleNotInForce
from .results import SubsidyResult
from .terms import (
    Term,
    difficulty_term,
    first_approval_start,
    fixed_term,
    granted,
    monthly_cap,
    not_in_force,
    refused,
    term_failure,
    yuan,
)

NO_BENEFIT = "正在领取失业保险金期间不享受社会保险补贴。"


def _with_span(term_text: str, term: Term) -> str:
    return f"{term_text.rstrip('。')}，即{term.describe()}。"


def _difficulty_gate(sit: Situation, *, needs_flexible: bool) -> tuple[list[str], list[str]]:
    """(met, unmet) sentences for "is a 就业困难人员" (and, for flexible workers, "is flexible")."""
    met: list[str] = []
    unmet = [text for key, text in sit.difficulty_failures.items() if key != "status"]
    status = sit.person.employment_status
    if needs_flexible:
        if status is not EmploymentStatus.FLEXIBLE:
            unmet.append(f"未处于灵活就业状态（当前就业状态：{status_text(status)}）。")
        elif "status" in sit.difficulty_failures:
            unmet.append(sit.difficulty_failures["status"])
    elif "status" in sit.difficulty_failures:
        unmet.append(sit.difficulty_failures["status"])
    group = sit.groups["employment_difficulty"]
    if group.holds:
        held = "、".join(f.name for f in sit.categories.values() if f.holds)
        met.append(f"{act_phrase(sit.person)}属于就业困难人员（{held}）。")
    return met, unmet


def _contribution_checks(sit: Situation, blocked: bool) -> list[str]:
    unmet: list[str] = []
    paid = sit.person.monthly_contribution
    if paid is None or paid <= 0:
        unmet.append("未以灵活就业人员身份缴纳社会保险费（每月缴费额须大于0）。")
    if blocked and sit.person.receiving_unemployment_benefit:
        unmet.append(NO_BENEFIT)
    return unmet


def si_flexible_difficulty(sit: Situation) -> SubsidyResult:
    """就业困难人员灵活就业社会保险补贴.

    Eligible: ``employment_difficulty``, status ``flexible``, ``monthly_contribution`` > 0, not
    drawing unemployment benefit. Term: from the month of the first approval (or of ``as_of``),
    36 months, or to the retirement month when fewer than 60 months remain; not eligible once
    ``as_of`` is past the term. Cap: 2/3 of the contribution, to the cent (default profile).
    Source: 财社〔2023〕181号 [V]; 意见 第（十三）项; issue 3 contract.
    """
    code = "si_flexible_difficulty"
    try:
        term_rule = sit.param(f"{code}.term")
        amount = sit.param(f"{code}.amount")
        blocked = sit.param("si_flexible.blocked_while_receiving_benefit")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    met, unmet = _difficulty_gate(sit, needs_flexible=True)
    unmet += _contribution_checks(sit, blocked)
    if unmet:
        return refused(sit, code, unmet, person_qualifies=False)
    paid = sit.person.monthly_contribution
    assert paid is not None
    met.append(f"以灵活就业方式就业并以个人身份缴纳社会保险费，每月{yuan(paid)}。")
    start, start_text = first_approval_start(sit)
    term, term_text = difficulty_term(sit, start, term_rule)
    failure = term_failure(sit, term)
    if failure:
        return refused(sit, code, [*met, start_text, term_text, failure], person_qualifies=False)
    cap, cap_text = monthly_cap(amount, paid, "个人")
    reasons = [*met, start_text, _with_span(term_text, term), cap_text]
    return granted(sit, code, reasons, term, cap)


def _started_flexible_in_window(sit: Situation) -> str | None:
    """Unmet condition on ``employment_since`` for the graduate subsidy, or None when met."""
    grad, since = sit.person.graduation_date, sit.person.employment_since
    window = sit.param("graduate.window_months")
    if grad is None:
        return "未提供毕业（离校）日期。"
    if since is None:
        return "未提供开始灵活就业的日期。"
    first, last = date(grad.year, 1, 1), add_months(grad, window)
    if first <= since <= last:
        return None
    return (
        f"开始灵活就业的日期（{zh_date(since)}）不在毕业当年1月1日至离校后{window}个月"
        f"（{zh_date(first)}至{zh_date(last)}）之内。"
    )


def si_flexible_graduate(sit: Situation) -> SubsidyResult:
    """高校毕业生灵活就业社会保险补贴.

    Eligible: education 大专 or higher, status ``flexible``, ``employment_since`` between 1
    January of the graduation year and ``graduation_date`` + 24 months, contribution > 0, not
    drawing unemployment benefit, and before the retirement date. Term: 24 months from the
    month of the first approval (or of ``as_of``), cut short at the retirement month. Cap as for
    the 就业困难人员 subsidy. Source: rules-reference §3 [L]; 国办发〔2022〕13号; 意见 第（十三）项.
    """
    code = "si_flexible_graduate"
    try:
        months = sit.param(f"{code}.term_months")
        amount = sit.param(f"{code}.amount")
        blocked = sit.param("si_flexible.blocked_while_receiving_benefit")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    person = sit.person
    unmet: list[str] = []
    edu_ok, edu_text = education_qualifies(person, sit.as_of, sit.profile)
    if not edu_ok:
        unmet.append(edu_text)
    if person.employment_status is not EmploymentStatus.FLEXIBLE:
        unmet.append(
            f"未处于灵活就业状态（当前就业状态：{status_text(person.employment_status)}）。"
        )
    window_failure = _started_flexible_in_window(sit)
    if window_failure:
        unmet.append(window_failure)
    unmet += _contribution_checks(sit, blocked)
    if sit.as_of >= sit.retirement.date:
        unmet.append(f"已达到法定退休日期（{zh_date(sit.retirement.date)}）。")
    if unmet:
        return refused(sit, code, unmet, person_qualifies=False)
    paid, grad, since = person.monthly_contribution, person.graduation_date, person.employment_since
    assert paid is not None and grad is not None and since is not None
    met = [
        edu_text,
        f"于{zh_date(grad)}毕业离校，自{zh_date(since)}起灵活就业，在毕业当年至离校后"
        f"{sit.param('graduate.window_months')}个月内开始灵活就业，每月缴纳社会保险费{yuan(paid)}。",
    ]
    start, start_text = first_approval_start(sit)
    term, term_text = fixed_term(sit, start, months)
    failure = term_failure(sit, term)
    if failure:
        return refused(sit, code, [*met, start_text, term_text, failure], person_qualifies=False)
    cap, cap_text = monthly_cap(amount, paid, "个人")
    reasons = [*met, start_text, _with_span(term_text, term), cap_text]
    return granted(sit, code, reasons, term, cap)


def _unit_amount(
    sit: Situation,
    amount: Mapping[str, Any],
    met: list[str],
    code: str,
    term: Term,
    term_text: str,
) -> SubsidyResult:
    """Finish a unit-side subsidy once the person's side is met: needs the unit's contribution."""
    paid = sit.person.unit_monthly_contribution
    if paid is None or paid <= 0:
        reasons = [
            *met,
            "未提供用人单位为其缴纳的社会保险费（单位缴费部分）：补贴按单位实际缴费核定，"
            "用人单位招用并为其缴纳社会保险费后方可申请。",
        ]
        return refused(sit, code, reasons, person_qualifies=True)
    cap, cap_text = monthly_cap(amount, paid, "单位")
    reasons = [*met, _with_span(term_text, term), cap_text]
    return granted(sit, code, reasons, term, cap)


def si_unit_difficulty(sit: Situation) -> SubsidyResult:
    """单位招用就业困难人员社会保险补贴 (for the employer that hires this person on ``as_of``).

    Person: a 就业困难人员 now (unemployed or flexible, before the hire). Term: the same rule as
    the flexible workers' subsidy, from the first approval's month or the hire month. Amount:
    the unit's actual contribution, worker's share excluded, so ``unit_monthly_contribution``
    is needed. Source: 财社〔2023〕181号 [V] (amount [L]); 意见 第（十二）项.
    """
    code = "si_unit_difficulty"
    try:
        term_rule = sit.param(f"{code}.term")
        amount = sit.param(f"{code}.amount")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    met, unmet = _difficulty_gate(sit, needs_flexible=False)
    if unmet:
        return refused(sit, code, unmet, person_qualifies=False)
    met = [met[0].rstrip("。") + "，用人单位招用并为其缴纳社会保险费的，可申请社会保险补贴。"]
    start, start_text = first_approval_start(sit)
    if sit.person.subsidy_first_approved_on is None:
        start_text = "补贴期限自招用（计算日期）所在月份起算。"
    term, term_text = difficulty_term(sit, start, term_rule)
    failure = term_failure(sit, term)
    if failure:
        return refused(sit, code, [*met, start_text, term_text, failure], person_qualifies=False)
    return _unit_amount(sit, amount, [*met, start_text], code, term, term_text)


def si_unit_graduate_sme(sit: Situation) -> SubsidyResult:
    """小微企业吸纳高校毕业生社会保险补贴 (for an SME hiring this graduate on ``as_of``).

    Person: 毕业年度 or 离校2年内未就业高校毕业生. Employer: a 小微企业, labour contract of at
    least 12 months. Term: 12 months from the hire (就业登记) month, never into the retirement
    month. Amount: the unit's share only. Source: rules-reference §3 [L/S]; 国办发〔2022〕13号.
    """
    code = "si_unit_graduate_sme"
    try:
        months = sit.param(f"{code}.term_months")
        min_contract = sit.param(f"{code}.min_contract_months")
        amount = sit.param(f"{code}.amount")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    person = sit.person
    group = sit.groups["graduate_within_2y"]
    unmet = [] if group.holds else list(group.reasons)
    if sit.as_of >= sit.retirement.date:
        unmet.append(f"已达到法定退休日期（{zh_date(sit.retirement.date)}）。")
    if unmet:
        return refused(sit, code, unmet, person_qualifies=False)
    met = list(group.reasons)
    employer: list[str] = []
    if person.employer_is_sme is False:
        employer.append("用人单位不是小微企业，不适用本项补贴。")
    elif person.employer_is_sme is None:
        met.append("前提：用人单位须为小微企业。")
    contract = person.contract_months
    if contract is not None and contract < min_contract:
        employer.append(f"劳动合同期限{contract}个月，须签订{min_contract}个月以上劳动合同。")
    elif contract is None:
        met.append(f"前提：用人单位须与其签订{min_contract}个月以上劳动合同。")
    if employer:
        return refused(sit, code, [*met, *employer], person_qualifies=True)
    start = month_index(sit.as_of)
    term, term_text = fixed_term(sit, start, months)
    start_text = "补贴期限自就业登记（计算日期）所在月份起算。"
    failure = term_failure(sit, term)
    if failure:
        return refused(sit, code, [*met, start_text, failure], person_qualifies=False)
    return _unit_amount(sit, amount, [*met, start_text], code, term, term_text)
