"""Other programmes: 一次性扩岗补助, 公益性岗位 and 就业见习 (rules-reference §4).

公益性岗位 and 就业见习 are eligibility verdicts only: the placement sets the term and the pay
(岗位补贴 with reference to the local minimum wage; 见习 3–12 months, allowance paid to the host
unit), so their results carry no start, end, months or cap.
"""

from __future__ import annotations

from .dates import month_index, zh_date
from .facts import EmploymentStatus
from .groups import Situation
from .profiles import RuleNotInForce
from .results import SubsidyResult
from .terms import Term, fixed_term, granted, not_in_force, refused, yuan


def _youth_route(sit: Situation, key: str) -> tuple[bool, str]:
    """16–24-year-old registered-unemployed youth (16—24岁登记失业青年)."""
    ages = sit.param(key)
    person = sit.person
    low, high = ages["min"], ages["max"]
    if not low <= sit.age <= high:
        return False, f"计算日期时{sit.age}周岁，不在{low}—{high}周岁登记失业青年范围内。"
    if person.employment_status is not EmploymentStatus.UNEMPLOYED:
        return False, f"{sit.age}周岁，但当前不是失业状态，不属于登记失业青年。"
    if person.unemployment_registered_since is None:
        return False, f"{sit.age}周岁，但未办理失业登记（未提供失业登记日期）。"
    since = zh_date(person.unemployment_registered_since)
    return True, f"{sit.age}周岁，自{since}起登记失业，属于{low}—{high}周岁登记失业青年。"


def job_expansion_once(sit: Situation) -> SubsidyResult:
    """一次性扩岗补助 (for the employer that hires this person on ``as_of``).

    Person: a 毕业年度/离校2年内未就业 graduate (not through 函授/成人教育) or a 16–24-year-old
    registered-unemployed youth; one claim per person. Employer: not a 机关事业单位, labour
    contract, 失业+工伤+养老 paid for ≥ 3 months. Amount: up to 1500元 once, in force
    2024-01-01..2025-12-31 (rules-reference §4 [L/V]; 2026 continuation unverified, so the
    default profile answers "not in force" after 2025).

    Reported as a one-month term (the hire month) whose ``monthly_amount_cap`` is the one-off sum.
    """
    code = "job_expansion_once"
    try:
        amount = sit.param(f"{code}.amount")
        insured = sit.param(f"{code}.min_insured_months")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    person = sit.person
    graduate = sit.groups["graduate_within_2y"]
    youth_ok, youth_text = _youth_route(sit, f"{code}.youth_age")
    met: list[str] = []
    unmet: list[str] = []
    if graduate.holds and not person.adult_education_graduate:
        met.extend(graduate.reasons)
    elif youth_ok:
        met.append(youth_text)
    else:
        if graduate.holds:
            unmet.append("函授、成人教育等非全日制学历毕业生不适用一次性扩岗补助。")
        else:
            unmet.append("不属于离校2年内未就业高校毕业生（含毕业年度）。")
        unmet.append(youth_text)
    if person.job_expansion_claimed:
        unmet.append("该人员已被用人单位申领过一次性扩岗补助，每人限享受一次。")
    if sit.as_of >= sit.retirement.date:
        unmet.append(f"已达到法定退休日期（{zh_date(sit.retirement.date)}）。")
    if unmet:
        return refused(sit, code, unmet, person_qualifies=False)
    employer: list[str] = []
    if person.employer_is_public_institution:
        employer.append("机关事业单位招用的，不适用一次性扩岗补助。")
    elif person.employer_is_public_institution is None:
        met.append("前提：用人单位不是机关事业单位。")
    if person.contract_months == 0:
        employer.append("未签订劳动合同的，不适用一次性扩岗补助。")
    if employer:
        return refused(sit, code, [*met, *employer], person_qualifies=True)
    term, _ = fixed_term(sit, month_index(sit.as_of), 1)
    met.append(
        f"用人单位与其签订劳动合同，并为其按月足额缴纳失业、工伤、养老保险费满{insured}个月后，"
        f"可申领一次性扩岗补助，每招用1人最高{yuan(amount)}，每人限享受一次，"
        "不与一次性吸纳就业补贴重复享受。"
    )
    return granted(sit, code, met, term, amount)


def public_welfare_post(sit: Situation) -> SubsidyResult:
    """公益性岗位安置: for 就业困难人员; priority to 大龄, 零就业家庭 and disabled people.

    Some regions cap the placements a person may have (``public_welfare_post.max_placements``).
    Source: 就业促进法 第五十二条、第五十六条 [V]; 意见 第（十二）项; rules-reference §4 [L].
    """
    code = "public_welfare_post"
    group = sit.groups["employment_difficulty"]
    if not group.holds:
        reasons = ["公益性岗位用于安置就业困难人员，本人不属于就业困难人员。", *group.reasons]
        return refused(sit, code, reasons, person_qualifies=False)
    cap = sit.profile.value_or_none(f"{code}.max_placements", sit.as_of)
    done = sit.person.public_welfare_placements
    if cap is not None and done >= cap:
        text = f"已安置公益性岗位{done}次，本地区累计安置不超过{cap}次。"
        return refused(sit, code, [*group.reasons, text], person_qualifies=False)
    reasons = [*group.reasons, "可申请公益性岗位安置。"]
    priority = [
        sit.categories[c].name
        for c in ("older_worker", "zero_employment_household", "disabled")
        if c in sit.categories and sit.categories[c].holds
    ]
    if priority:
        reasons.append(f"属于{'、'.join(priority)}，优先安排。")
    reasons.append(
        "岗位补贴参照当地最低工资标准确定，安置期限按就业困难人员社会保险补贴期限规定执行"
        "（距法定退休不足5年的可延长至退休，其余最长3年），以安置时核定为准。"
    )
    return granted(sit, code, reasons, None, None)


def traineeship(sit: Situation) -> SubsidyResult:
    """就业见习: 离校2年内未就业高校毕业生 (incl. 毕业年度) or 16–24 registered-unemployed youth.

    The allowance is paid to the accredited host unit; a trainee is not counted as employed.
    Source: rules-reference §4 [V/L]; 国办发〔2022〕13号; 意见 第（九）项.
    """
    code = "traineeship"
    try:
        span = sit.param(f"{code}.term_months")
        youth_ok, youth_text = _youth_route(sit, f"{code}.youth_age")
    except RuleNotInForce as exc:
        return not_in_force(sit, code, exc.key)
    graduate = sit.groups["graduate_within_2y"]
    if graduate.holds:
        reasons = list(graduate.reasons)
    elif youth_ok:
        reasons = [youth_text]
    else:
        head = "就业见习对象为离校2年内未就业高校毕业生和登记失业青年，本人均不符合。"
        return refused(sit, code, [head, *graduate.reasons, youth_text], person_qualifies=False)
    months = sit.person.traineeship_months
    if months is None:
        reasons.append(
            f"可参加就业见习，见习期限{span['min']}至{span['max']}个月；见习补贴支付给见习单位，"
            "标准不低于当地最低工资标准，见习期间不视为就业。"
        )
        return granted(sit, code, reasons, None, None)
    if not span["min"] <= months <= span["max"]:
        text = f"见习期限为{months}个月，不在{span['min']}至{span['max']}个月之内。"
        return refused(sit, code, [*reasons, text], person_qualifies=True)
    term = Term(month_index(sit.as_of), months)
    reasons.append(
        f"见习期{months}个月（{term.describe()}），见习期间不视为就业；"
        "见习补贴支付给见习单位，用于见习人员基本生活补助，由当地人社部门按当地标准核定拨付。"
    )
    floor = sit.person.minimum_monthly_wage
    if floor is not None:
        reasons.append(
            f"见习单位每月发给见习人员的生活补助不低于当地最低工资标准{yuan(floor)}"
            f"（{sit.person.minimum_wage_source}），{months}个月合计不低于{yuan(floor * months)}。"
        )
    return granted(sit, code, reasons, term, None)
