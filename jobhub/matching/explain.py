"""Short Chinese phrases that explain each part of a score. The same lines serve the seeker,
the employer and the station worker, so they name no reader ("求职者", never "您")."""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Collection, Sequence

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


def percent(value: float) -> str:
    """The one format for a score or part on every page: a whole percentage."""
    return f"{round(value * 100)}%"


def explain_text(
    value: float,
    shared_terms: list[str],
    generic: Collection[str] = (),
    generic_weight: float = 1.0,
) -> str:
    """The text part; `shared_terms` are the counted words both sides share, strongest first.
    A word in very many vacancies is not counted (profile [text] max_df), so a zero part
    says "no counted common keyword", never that the texts share no word. A shown word that
    names a rank or a role (`generic`: profile [text] generic_titles) is said to count
    `generic_weight`, as the skills line says of a generic requirement."""
    if value <= 0:
        return "文字相近 0%：没有计分的共同关键词（很常见的词不计分）"
    # Title bigrams ("据分", "理员") are indexing aids, not words a person would recognise:
    # show only words, and only those not inside a longer shared word.
    readable = [t for t in shared_terms if not any(t != u and t in u for u in shared_terms)]
    if readable:
        shown = readable[:4]
        line = f"文字相近 {percent(value)}：共同关键词 {'、'.join(shown)}"
        weak = [t for t in shown if t in generic] if generic_weight < 1.0 else []
        if weak:
            line += f"；职级、职位称谓类用词按 {percent(generic_weight)} 计：{'、'.join(weak)}"
        return line
    # only title-namespace bigrams are shared: they come from the titles and the skills of
    # both sides (tokenizer.analyze_fields)
    return f"文字相近 {percent(value)}：岗位名称或技能与求职意向或技能有相同的字"


def explain_skills(
    comparison: SkillComparison,
    value: float,
    *,
    person_has_skills: bool,
    generic_weight: float = 1.0,
    learnt_titles: Sequence[str] | None = None,
) -> str:
    """The skills part: exact matches ("已具备"), partial ones labelled as such (with what
    they stand for), and what is missing; each required skill appears once. Generic
    requirements (健康证, 沟通能力 ...) count less, and the line says so. For a vacancy
    that lists no skills and a person who names no desired job, `learnt_titles` are the
    titles of vacancies that require the person's skills which are most like this one's
    (the part is the likeness of the titles: features.learnt_title_vector)."""
    if comparison.required == 0 and learnt_titles is not None:
        like = "、".join(f"「{t}」" for t in learnt_titles)
        like = f"{like}等" if like else ""
        return f"技能 {percent(value)}：岗位未列技能要求，按本岗位名称与{like}列出求职者这些技能的岗位的相近程度计"
    if comparison.required == 0:
        return "岗位未列技能要求，技能不参与比较"
    if not person_has_skills:
        return "求职者未填写技能，技能不参与比较"
    exact = [want for _have, want, credit in comparison.matched if credit >= 1.0]
    partial = [f"{have}→{want}" for have, want, credit in comparison.matched if credit < 1.0]
    pieces = [f"技能 {percent(value)}（岗位要求 {comparison.required} 项）"]
    if exact:
        pieces.append(f"已具备：{'、'.join(exact)}")
    if partial:
        pieces.append(f"相近（部分计分）：{'、'.join(partial)}")
    if comparison.missing:
        pieces.append(f"缺少：{'、'.join(comparison.missing)}")
    if comparison.generic:
        pieces.append(f"通用要求按 {percent(generic_weight)} 计：{'、'.join(comparison.generic)}")
    return "；".join(pieces)


def explain_occupation(agreement: OccupationAgreement | None, vacancy_code: str | None) -> str:
    if agreement is None:
        return "职业未编码，职业不参与比较"
    if agreement.level is None or agreement.seeker_code is None or vacancy_code is None:
        return "职业 0%：职业类别不同"
    group = _group_code(vacancy_code, agreement.level)
    name = _occupation_names().get(group, "")
    label = _LEVEL_LABELS[agreement.level]
    return f"职业 {percent(agreement.score)}：同属{label} {group} {name}".rstrip()


def explain_distance(distance_km: float | None, profile: MatchingProfile) -> str:
    if distance_km is None or math.isnan(distance_km):
        return "缺少位置，距离不参与比较"
    if distance_km <= profile.circle_km:
        return f"距离 {distance_km:.1f} 公里，在{profile.circle_label}范围内"
    return f"距离 {distance_km:.1f} 公里，超出{profile.circle_label}范围"


def _yuan(value: float) -> str:
    return f"{round(value):,} 元"


def explain_pay(expected: float | None, pay_max: float | None, factor: float) -> str | None:
    """The pay factor (both figures per month), or None when the person gave no
    expectation."""
    if expected is None:
        return None
    if pay_max is None:
        return "岗位未标明待遇，薪资不参与比较"
    if factor >= 1.0:
        return f"待遇最高约合每月 {_yuan(pay_max)}，达到求职者期望的每月 {_yuan(expected)}"
    return (
        f"待遇最高约合每月 {_yuan(pay_max)}，低于求职者期望的每月 {_yuan(expected)}，"
        f"匹配度按 {percent(factor)} 计"
    )


def explain_relevance(relevant: bool) -> str | None:
    if relevant:
        return None
    return "与求职意向、技能和职业的共同点太少，不作推荐"


PRIORITY_PREFIX = "重点群体优先"


def explain_priority(key_groups: tuple[str, ...], priority: float) -> str | None:
    if priority <= 0:
        return None
    labels = [KEY_GROUP_LABELS[g] for g in key_groups if g in KEY_GROUP_LABELS]
    return f"{PRIORITY_PREFIX}：{'、'.join(labels)}" if labels else PRIORITY_PREFIX


def without_key_groups(lines: tuple[str, ...]) -> tuple[str, ...]:
    """An explanation as an employer may read it: a key group is a person's status (often a
    sensitive one: disability, 低保) and is never shown to an employer."""
    return tuple(line for line in lines if not line.startswith(PRIORITY_PREFIX))


def explain_eligibility(eligible: bool, kind: str) -> str | None:
    return None if eligible else ineligibility_reason(kind)
