"""wage_outlier: pay below the local minimum wage, or far outside what the market pays."""

from __future__ import annotations

from dataclasses import dataclass

from .data import WageParameters
from .model import FIELD_LABELS, UNIT_LABELS, MinimumWage, Posting, ReviewContext, SalaryUnit


@dataclass(frozen=True)
class FieldHit:
    """A finding on a structured field before it is dressed as a
    :class:`~jobhub.postings.model.Finding`: the rule id, the field and message values."""

    rule: str
    field: str
    details: tuple[tuple[str, str], ...]


def format_yuan(amount: float) -> str:
    """``2540.0`` → ``"2540"``, ``116.7816`` → ``"116.78"``."""
    rounded = round(amount, 2)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


def is_low_skill(title: str, params: WageParameters) -> bool:
    """Whether the title names a low-skill post (see ``wages.toml`` low_skill_words)."""
    return any(word in title for word in params.low_skill_words)


def check_wages(posting: Posting, context: ReviewContext, params: WageParameters) -> list[FieldHit]:
    """wage_outlier (warn): pay below the minimum wage, or far outside the market, or above
    the caller's ``pay_ceiling`` for the unit (gigs).

    - Below the minimum wage: ``salary_min`` under the local standard for the unit
      (month; hour = the 非全日制 hourly standard; day = month / 21.75).
      Legal source: 劳动法 §48; 最低工资规定 §12.
    - Far above the market: ``salary_max`` above ``above_factor × p90`` of the
      platform's own vacancies of the occupation (``context.wage_reference``), or,
      without a reference, above the fallback ceiling of the unit (lower for
      low-skill titles). A red flag of fraud ("pay far above the market for a
      low-skill post", rules-reference.md §5), hence only a warn.
    - Far below the market: ``salary_min`` under ``below_factor × p10`` of the
      reference; usually a wrong unit ("3000 per day" meant per month).

    Skipped when the pay is missing or the range is reversed; those are
    ``missing_field`` findings.
    """
    hits = _wage_hits(posting, context, params)
    unit, hi = posting.salary_unit, posting.salary_max
    ceiling = (context.pay_ceiling or {}).get(unit) if unit is not None else None
    above = any(h.rule == "wage_above_market" for h in hits)
    if unit is not None and hi is not None and ceiling is not None and not above and hi > ceiling:
        unit_label = UNIT_LABELS[unit]
        reference = f"平台设定的合理上限（{unit_label}{format_yuan(ceiling)}元）"
        hits.append(_above(hi, unit_label, reference))
    return hits


def _above(hi: float, unit_label: str, reference: str) -> FieldHit:
    return FieldHit(
        "wage_above_market",
        "salary_max",
        (
            ("label", FIELD_LABELS["salary_max"]),
            ("unit_label", unit_label),
            ("amount", format_yuan(hi)),
            ("reference", reference),
        ),
    )


def _wage_hits(posting: Posting, context: ReviewContext, params: WageParameters) -> list[FieldHit]:
    unit = posting.salary_unit
    lo, hi = posting.salary_min, posting.salary_max
    if unit is None or lo is None or hi is None or lo > hi:
        return []
    hits: list[FieldHit] = []
    unit_label = UNIT_LABELS[unit]

    minimum = context.minimum_wage or params.minimum_wage(context.region, context.today)
    if minimum is not None and lo < minimum.for_unit(unit):
        hits.append(_below_minimum(lo, unit, unit_label, minimum))

    reference = context.wage_reference
    band = reference.band(unit) if reference is not None else None
    if reference is not None and band is not None:
        ceiling = params.above_factor * band.p90
        if hi > ceiling:
            hits.append(
                _above(
                    hi,
                    unit_label,
                    f"平台同类岗位（{reference.occupation_name}）薪资第90百分位"
                    f"{unit_label}{format_yuan(band.p90)}元的{format_yuan(params.above_factor)}倍",
                )
            )
        floor = params.below_factor * band.p10
        if lo < floor:
            hits.append(
                FieldHit(
                    "wage_below_market",
                    "salary_min",
                    (
                        ("label", FIELD_LABELS["salary_min"]),
                        ("unit_label", unit_label),
                        ("amount", format_yuan(lo)),
                        (
                            "reference",
                            f"平台同类岗位（{reference.occupation_name}）薪资第10百分位"
                            f"{unit_label}{format_yuan(band.p10)}元的{format_yuan(params.below_factor)}倍",
                        ),
                    ),
                )
            )
        return hits

    low_skill = is_low_skill(posting.title, params)
    ceilings = params.low_skill_ceiling if low_skill else params.general_ceiling
    if hi > ceilings[unit]:
        kind = "低技能岗位" if low_skill else "各类岗位"
        hits.append(
            _above(
                hi, unit_label, f"{kind}的一般上限（{unit_label}{format_yuan(ceilings[unit])}元）"
            )
        )
    return hits


def _below_minimum(lo: float, unit: SalaryUnit, unit_label: str, minimum: MinimumWage) -> FieldHit:
    standard = f"{minimum.source}"
    if unit == "day":
        standard += f"，按月标准÷{format_yuan(minimum.days_per_month)}天折算"
    elif unit == "hour":
        standard += "，非全日制小时标准"
    return FieldHit(
        "wage_below_minimum",
        "salary_min",
        (
            ("label", FIELD_LABELS["salary_min"]),
            ("unit_label", unit_label),
            ("amount", format_yuan(lo)),
            ("minimum", format_yuan(minimum.for_unit(unit))),
            ("standard", standard),
        ),
    )
