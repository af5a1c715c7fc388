"""Short Chinese phrases that explain each part of a score, for the station worker's screen."""

from __future__ import annotations

import csv
import functools
import math

from jobhub.matching.eligibility import ineligibility_reason
from jobhub.matching.occupation import OccupationAgreement
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.skills import SkillComparison
from jobhub.matching.tokenizer import taxonomy_csv_path

KEY_GROUP_LABELS = {
    "employment_difficulty": "就业困难人员",
    "veteran": "退役军人",
    "graduate_within_2y": "离校2年内未就业高校毕业生",
    "older_worker": "大龄就业困难人员",
    "disabled": "残疾人",
    "low_income": "低保家庭成员",
    "zero_employment_household": "零就业家庭成员",
    "long_term_unemployed": "长期失业人员",
    "land_expropriated": "失地农民",
    "single_parent": "单亲家庭成员",
}
_LEVEL_LABELS = {"unit": "细类", "minor": "小类", "middle": "中类"}


def _plain_name(name: str) -> str:
    """The 大典 marks green (L) and digital (S) occupations with a trailing letter."""
    name = name.strip()
    while name and name[-1] in "LS":
        name = name[:-1]
    return name


@functools.cache
def _occupation_names() -> dict[str, str]:
    try:
        with taxonomy_csv_path().open(encoding="utf-8", newline="") as fh:
            return {row["code"]: _plain_name(row["name"]) for row in csv.DictReader(fh)}
    except OSError:
        return {}


def _group_code(code: str, level: str) -> str:
    seg = code.split("-")
    if level == "minor":
        return "-".join((*seg[:3], "00"))
    if level == "middle":
        return "-".join((*seg[:2], "00", "00"))
    return code


def explain_text(value: float, shared_terms: list[str]) -> str:
    if value <= 0:
        return "求职意向与岗位描述没有共同关键词"
    # Title bigrams ("据分", "理员") are indexing aids, not words a person would recognise:
    # show only terms that are not part of a longer shared term.
    readable = [t for t in shared_terms if not any(t != u and t in u for u in shared_terms)]
    words = "、".join(readable[:4])
    return f"文本相似度 {value:.2f}：{words}" if words else f"文本相似度 {value:.2f}"


def explain_skills(comparison: SkillComparison) -> str:
    if comparison.required == 0:
        return "岗位未列技能要求，技能不计分"
    pairs = []
    for have, want, credit in comparison.matched:
        same = have.strip().casefold() == want.strip().casefold()
        phrase = want if same else f"{have}≈{want}"
        pairs.append(phrase if credit >= 1.0 else f"{phrase}（部分）")
    head = f"技能匹配 {len(comparison.matched)}/{comparison.required}"
    out = f"{head}：{'、'.join(pairs)}" if pairs else head
    if comparison.missing:
        out += f"；缺少：{'、'.join(comparison.missing)}"
    return out


def explain_occupation(agreement: OccupationAgreement | None, vacancy_code: str | None) -> str:
    if agreement is None:
        return "缺少职业编码，职业不计分"
    if agreement.level is None or agreement.seeker_code is None or vacancy_code is None:
        return "职业类别不同"
    group = _group_code(vacancy_code, agreement.level)
    name = _occupation_names().get(group, "")
    label = _LEVEL_LABELS[agreement.level]
    return f"职业同属{label}：{group} {name}".rstrip()


def explain_distance(distance_km: float | None, profile: MatchingProfile) -> str:
    if distance_km is None or math.isnan(distance_km):
        return "缺少位置，距离不计分"
    where = "内" if distance_km <= profile.circle_km else "以外"
    return f"距离 {distance_km:.1f} 公里（{profile.circle_label}{where}）"


def explain_priority(key_groups: tuple[str, ...], priority: float) -> str | None:
    if priority <= 0:
        return None
    labels = [KEY_GROUP_LABELS[g] for g in key_groups if g in KEY_GROUP_LABELS]
    return f"重点群体优先：{'、'.join(labels)}" if labels else "重点群体优先"


def explain_eligibility(eligible: bool, kind: str) -> str | None:
    return None if eligible else ineligibility_reason(kind)
