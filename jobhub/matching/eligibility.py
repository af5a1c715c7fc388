"""Who may be ranked for which kind of vacancy. Rules are data; each cites its source.

Ineligible people are not dropped silently: the engine returns them after every eligible one
with `eligible: false` and the reason, so a station worker can see why.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobhub.matching.models import SeekerProfile


@dataclass(frozen=True, slots=True)
class EligibilityRule:
    """Vacancy kind → the key groups (or caller-supplied facts) that open it."""

    kind: str
    key_groups: frozenset[str]
    registered_unemployed_youth: bool
    label: str
    source: str


RULES: dict[str, EligibilityRule] = {
    # 公益性岗位 place 就业困难人员: 就业促进法 §52 (就业援助, 公益性岗位安置); 《就业补助资金管理办法》
    # (财社〔2023〕181号) 公益性岗位补贴 — see /work/shared/policy/rules-reference.md §4.
    "public_welfare": EligibilityRule(
        kind="public_welfare",
        key_groups=frozenset({"employment_difficulty"}),
        registered_unemployed_youth=False,
        label="公益性岗位仅面向就业困难人员",
        source="就业促进法第五十二条；财社〔2023〕181号 公益性岗位补贴",
    ),
    # 就业见习: 离校2年内未就业高校毕业生 and 16–24岁登记失业青年 (财社〔2023〕181号 就业见习补贴;
    # rules-reference §4). The age test is the caller's; the engine only reads the boolean.
    "traineeship": EligibilityRule(
        kind="traineeship",
        key_groups=frozenset({"graduate_within_2y"}),
        registered_unemployed_youth=True,
        label="就业见习面向离校2年内未就业高校毕业生或16–24岁登记失业青年",
        source="财社〔2023〕181号 就业见习补贴",
    ),
}


def eligible_kinds_mask(
    key_groups: tuple[str, ...], registered_unemployed_youth: bool
) -> dict[str, bool]:
    """For each restricted kind, whether this person may be ranked for it."""
    groups = set(key_groups)
    return {
        kind: bool(groups & rule.key_groups)
        or (rule.registered_unemployed_youth and registered_unemployed_youth)
        for kind, rule in RULES.items()
    }


def is_eligible(seeker: SeekerProfile, kind: str) -> bool:
    """Whether the seeker may be ranked for a vacancy of this kind (regular and gig: anyone)."""
    if kind not in RULES:
        return True
    return eligible_kinds_mask(seeker.key_groups, seeker.registered_unemployed_youth)[kind]


def ineligibility_reason(kind: str) -> str:
    """The Chinese phrase shown next to an ineligible result."""
    rule = RULES.get(kind)
    return f"不符合条件：{rule.label}" if rule else ""
