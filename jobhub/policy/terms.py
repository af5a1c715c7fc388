"""Terms and amounts shared by the subsidy rules.

A term is a run of whole calendar months: it starts on the first day of its start month and
ends on the last day of its last month. No term runs into the retirement month, so a subsidy
never runs past the legal retirement date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .dates import month_first_day, month_index, month_last_day, zh_date, zh_month, zh_span
from .groups import Situation
from .profiles import RuleNotInForce
from .results import SubsidyResult
from .retirement import legal_retirement_date

CENT = Decimal("0.01")

SUBSIDY_ZH = {
    "si_flexible_difficulty": "就业困难人员灵活就业社会保险补贴",
    "si_flexible_graduate": "高校毕业生灵活就业社会保险补贴",
    "si_unit_difficulty": "单位招用就业困难人员社会保险补贴",
    "si_unit_graduate_sme": "小微企业吸纳高校毕业生社会保险补贴",
    "job_expansion_once": "一次性扩岗补助",
    "public_welfare_post": "公益性岗位安置",
    "traineeship": "就业见习",
    "vocational_training": "职业培训补贴",
    "training_living_allowance": "培训期间生活费补贴",
}


@dataclass(frozen=True)
class Term:
    start_index: int
    months: int

    @property
    def start(self) -> date:
        return month_first_day(self.start_index)

    @property
    def end(self) -> date:
        return month_last_day(self.start_index + self.months - 1)

    def describe(self) -> str:
        return f"{zh_month(self.start_index)}至{zh_month(self.start_index + self.months - 1)}"


def yuan(amount: Decimal) -> str:
    return f"{amount.quantize(CENT)}元"


def first_approval_start(sit: Situation) -> tuple[int, str]:
    """Start month of a 就业困难人员 term: the first approval's month, else ``as_of``'s month.

    Source: 财社〔2023〕181号 "以初次核定其享受社会保险补贴时年龄为准" [V]; issue 3 contract.
    """
    approved = sit.person.subsidy_first_approved_on
    if approved is not None:
        index = month_index(approved)
        return index, f"补贴期限自首次核定享受社会保险补贴的月份（{zh_month(index)}）起算。"
    index = month_index(sit.as_of)
    return (
        index,
        f"此前未核定享受社会保险补贴，补贴期限自计算日期所在月份（{zh_month(index)}）起算。",
    )


def difficulty_term(sit: Situation, start_index: int, term: Mapping[str, Any]) -> tuple[Term, str]:
    """The 就业困难人员 term rule: 36 months, or to retirement when fewer than 60 months remain.

    Verbatim (财社〔2023〕181号, rules-reference §3 [V]): "除对距法定退休年龄不足5年的就业困难人员
    可延长至退休外，其余人员最长不超过3年（以初次核定其享受社会保险补贴时年龄为准）。"
    Contract: fewer than 60 whole months from the start month to the retirement month → the
    months up to (not including) the retirement month; otherwise 36.

    ``near_retirement_law`` chooses which retirement month the 60-month test reads:
    ``current`` (default, the contract: the retirement date under the law on ``as_of``) or
    ``at_first_approval`` (the law in force at the start month, for a region that keeps the
    extension granted before the 2025 reform). The term always ends before the retirement
    month under the law on ``as_of``.
    """
    retirement_index = month_index(sit.retirement.date)
    tested_index = retirement_index
    if term.get("near_retirement_law") == "at_first_approval":
        try:
            then, _ = legal_retirement_date(sit.person, sit.profile, month_first_day(start_index))
            tested_index = month_index(then)
        except RuleNotInForce:
            pass
    near, longest = term["near_retirement_months"], term["max_months"]
    remaining = tested_index - start_index
    to_retirement = retirement_index - start_index
    if remaining < near:
        months = to_retirement
        text = (
            f"起算时距法定退休（{zh_month(tested_index)}）不足{zh_span(near)}（{remaining}个月），"
            f"补贴期限延长至退休前一个月，共{months}个月。"
        )
    else:
        months = min(longest, to_retirement)
        text = (
            f"起算时距法定退休（{zh_month(tested_index)}）{remaining}个月，不少于{zh_span(near)}，"
            f"补贴期限最长{zh_span(longest)}（{months}个月）。"
        )
    return Term(start_index, months), text


def fixed_term(sit: Situation, start_index: int, months: int) -> tuple[Term, str]:
    """A fixed number of months, cut short so that it never reaches the retirement month."""
    to_retirement = month_index(sit.retirement.date) - start_index
    if months <= to_retirement:
        return Term(start_index, months), f"补贴期限最长{months}个月。"
    return (
        Term(start_index, to_retirement),
        f"补贴期限{months}个月，但不超过法定退休日期（{zh_date(sit.retirement.date)}），"
        f"实际为{max(to_retirement, 0)}个月。",
    )


def term_failure(sit: Situation, term: Term) -> str | None:
    """Why the term gives nothing on ``as_of``: empty, or already over."""
    if term.months <= 0:
        return f"起算月份已到法定退休月份（法定退休日期{zh_date(sit.retirement.date)}），无可享受的补贴月份。"
    if sit.as_of > term.end:
        return f"补贴期限（{term.describe()}）已于{zh_date(term.end)}届满。"
    return None


def monthly_cap(amount: Mapping[str, Any], paid: Decimal, who: str) -> tuple[Decimal, str]:
    """The monthly cap from the profile's amount rule and what is actually paid each month.

    ``ratio``: ratio × contribution, rounded half-up to cents (财社〔2023〕181号: "原则上不超过其
    实际缴费的2/3"). ``fixed``: the sum of the fixed items, but never more than is paid
    (rules-reference §3: e.g. 350元 pension + 100元 medical). ``unit_share``: the unit's
    actual contribution, worker's share excluded.
    """
    method = amount["method"]
    if method == "ratio":
        ratio = amount["ratio"]
        cap = (paid * ratio.numerator / ratio.denominator).quantize(CENT, ROUND_HALF_UP)
        text = f"补贴标准原则上不超过{who}实际缴费的{ratio}：每月缴费{yuan(paid)}，补贴上限为每月{yuan(cap)}。"
        return cap, text
    if method == "fixed":
        names = {"pension": "养老保险", "medical": "医疗保险", "unemployment": "失业保险"}
        items = [(names[k], v) for k, v in amount.items() if k in names]
        total = sum((v for _, v in items), Decimal(0))
        cap = min(total, paid).quantize(CENT, ROUND_HALF_UP)
        listed = "、".join(f"{name}每月{yuan(v)}" for name, v in items)
        text = (
            f"按定额补贴：{listed}，合计{yuan(total)}，且不超过{who}实际缴费（每月{yuan(paid)}），"
            f"补贴上限为每月{yuan(cap)}。"
        )
        return cap, text
    cap = paid.quantize(CENT, ROUND_HALF_UP)
    return cap, f"按单位为其实际缴纳的社会保险费补贴（不含个人缴纳部分），每月{yuan(cap)}。"


def not_in_force(sit: Situation, code: str, key: str) -> SubsidyResult:
    """The answer for a day on which the profile holds no version of the rule."""
    versions = sorted(sit.profile.versions(key), key=lambda v: v.effective_from)
    periods = "、".join(
        f"{zh_date(v.effective_from)}至{zh_date(v.effective_to) if v.effective_to else '今'}"
        for v in versions
    )
    text = f"计算日期（{zh_date(sit.as_of)}）不在{SUBSIDY_ZH[code]}政策的执行期内（执行期：{periods}）。"
    return refused(sit, code, [text], person_qualifies=False)


def refused(
    sit: Situation, code: str, reasons: list[str], *, person_qualifies: bool
) -> SubsidyResult:
    return SubsidyResult(
        code=code,
        name=SUBSIDY_ZH[code],
        eligible=False,
        start=None,
        end=None,
        months=None,
        monthly_amount_cap=None,
        reasons=tuple(reasons),
        basis=sit.basis(code),
        person_qualifies=person_qualifies,
    )


def granted(
    sit: Situation, code: str, reasons: list[str], term: Term | None, cap: Decimal | None
) -> SubsidyResult:
    return SubsidyResult(
        code=code,
        name=SUBSIDY_ZH[code],
        eligible=True,
        start=term.start if term else None,
        end=term.end if term else None,
        months=term.months if term else None,
        monthly_amount_cap=cap,
        reasons=tuple(reasons),
        basis=sit.basis(code),
        person_qualifies=True,
    )
