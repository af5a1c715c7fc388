"""Difficulty categories (就业困难人员类别) and key groups (重点群体).

Default semantics (issue 3 contract; rules-reference.md §1):

- ``older_worker``: women aged ≥ 40, men aged ≥ 50 on ``as_of`` (completed years).
- ``long_term_unemployed``: status ``unemployed`` and ``as_of`` ≥ registration + 12 months.
- the flag categories follow their booleans; every category that holds is listed, whatever
  the person's employment status.
- ``employment_difficulty``: at least one category, age ≥ 16, ``as_of`` before the retirement
  date, status ``unemployed`` or ``flexible``.
- ``graduate_within_2y``: education 大专 or higher, status not ``employed``, and
  ``graduation_date`` ≤ ``as_of`` ≤ ``graduation_date`` + 24 months, or ``as_of`` in the
  calendar year of graduation (毕业年度).
- ``veteran``: ``is_veteran``.

Ages, thresholds, the category list and the qualifying statuses are profile parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from .bounds import GRADUATION_MIN_AGE
from .dates import add_months, completed_years, zh_date
from .facts import EDUCATION_ZH, STATUS_ZH, Education, EmploymentStatus, Gender, PersonFacts
from .profiles import Profile
from .results import Finding, Retirement

GROUP_ZH = {
    "graduate_within_2y": "离校2年内未就业高校毕业生",
    "veteran": "退役军人",
    "employment_difficulty": "就业困难人员",
}


def group_label(code: str) -> str:
    """The Chinese name of a key group or difficulty category code (the code if unknown)."""
    return GROUP_ZH.get(code) or CATEGORY_ZH.get(code) or code


CATEGORY_ZH = {
    "older_worker": "大龄（“4050”）人员",
    "disabled": "残疾人员",
    "low_income": "城乡低保家庭成员",
    "zero_employment_household": "零就业家庭成员",
    "long_term_unemployed": "长期失业人员",
    "land_expropriated": "被征地农民",
    "single_parent": "单亲抚养未成年子女人员",
}


@dataclass(frozen=True)
class Situation:
    """What every rule needs to know, computed once per evaluation."""

    person: PersonFacts
    as_of: date
    profile: Profile
    retirement: Retirement
    age: int
    categories: dict[str, Finding]
    difficulty_failures: dict[str, str]
    groups: dict[str, Finding]

    def basis(self, rule: str) -> tuple[str, ...]:
        return self.profile.basis(rule, self.as_of)

    def param(self, key: str) -> Any:
        return self.profile.value(key, self.as_of)


def status_text(status: EmploymentStatus | None) -> str:
    return STATUS_ZH[status] if status is not None else "待核实"


def status_phrase(status: EmploymentStatus | None) -> str:
    """ "当前就业状态为失业", or "就业状态待核实" when unknown."""
    return f"当前就业状态为{STATUS_ZH[status]}" if status is not None else "就业状态待核实"


def _finding(code: str, holds: bool, reasons: list[str], basis: tuple[str, ...]) -> Finding:
    names = CATEGORY_ZH | GROUP_ZH
    return Finding(code, names[code], holds, tuple(reasons), basis)


def older_worker(person: PersonFacts, as_of: date, age: int, profile: Profile) -> Finding:
    """大龄（“4050”）人员: completed age on ``as_of`` ≥ the profile's threshold for the gender.

    Source: rules-reference §1 [L] (default 40/50; regions use 45/55); 就业促进法 第五十二条.
    """
    limits = profile.value("older_worker.min_age", as_of)
    female = person.gender is Gender.FEMALE
    limit = limits["female" if female else "male"]
    who = "女性" if female else "男性"
    holds = age >= limit
    if holds:
        text = f"{who}，计算日期时{age}周岁，已满{limit}周岁，属于大龄（“4050”）人员。"
    else:
        turns = add_months(person.birth_date, 12 * limit)
        text = (
            f"{who}，计算日期时{age}周岁，未满{limit}周岁（{zh_date(turns)}年满），不属于大龄人员。"
        )
    return _finding("older_worker", holds, [text], profile.basis("older_worker", as_of))


def long_term_unemployed(person: PersonFacts, as_of: date, profile: Profile) -> Finding:
    """长期失业人员: registered unemployed continuously for ≥ N months on ``as_of`` (N=12 default).

    Source: rules-reference §1 [L] (regions use 6 months); 就业促进法 第五十二条.
    """
    months = profile.value("long_term_unemployed.min_months", as_of)
    since = person.unemployment_registered_since
    basis = profile.basis("long_term_unemployed", as_of)
    if person.employment_status is not EmploymentStatus.UNEMPLOYED:
        text = f"{status_phrase(person.employment_status)}，不是登记失业状态，不属于长期失业人员。"
        return _finding("long_term_unemployed", False, [text], basis)
    if since is None:
        text = "未提供失业登记日期，无法认定为长期失业人员。"
        return _finding("long_term_unemployed", False, [text], basis)
    reached = add_months(since, months)
    if as_of >= reached:
        text = f"自{zh_date(since)}起登记失业，至计算日期已连续满{months}个月，属于长期失业人员。"
        return _finding("long_term_unemployed", True, [text], basis)
    text = f"自{zh_date(since)}起登记失业，至计算日期未满{months}个月（{zh_date(reached)}满{months}个月）。"
    return _finding("long_term_unemployed", False, [text], basis)


_FLAGS = {
    # code: (fact, holds text, does-not-hold text)
    "disabled": ("disabled", "持有残疾人证（或残疾军人证）。", "未持有残疾人证。"),
    "low_income": (
        "low_income_household",
        "属于城乡最低生活保障家庭成员。",
        "不属于低保家庭成员。",
    ),
    "zero_employment_household": (
        "zero_employment_household",
        "属于零就业家庭成员（家庭中法定劳动年龄内成员均未就业）。",
        "不属于零就业家庭。",
    ),
    "land_expropriated": (
        "land_expropriated",
        "属于被征地农民（失地农民）。",
        "不属于被征地农民。",
    ),
    "single_parent": (
        "single_parent",
        "单亲家庭，独自抚养未成年子女。",
        "不属于单亲抚养未成年子女人员。",
    ),
}


def flag_category(code: str, person: PersonFacts, as_of: date, profile: Profile) -> Finding:
    """A category that follows one stated fact (残疾、低保、零就业家庭、失地、单亲).

    Source: rules-reference §1 default list [L]; 就业促进法 第五十二条 (第五十六条 for 零就业家庭).
    The documents proving the fact (残疾人证, 低保证 …) are checked by the caseworker or by
    data exchange; the engine takes the fact as stated.
    """
    fact, yes, no = _FLAGS[code]
    holds = bool(getattr(person, fact))
    return _finding(code, holds, [yes if holds else no], profile.basis(code, as_of))


def difficulty_categories(
    person: PersonFacts, as_of: date, age: int, profile: Profile
) -> dict[str, Finding]:
    """Every category the profile lists, each held or not, in the profile's order.

    For a record evaluated from the bureau's acts (``person.certified_categories`` set) a
    category holds only by a live 认定; what the person declared, or what the engine computes
    (age, registration months), without one is 待认定 and grants nothing.
    """
    out: dict[str, Finding] = {}
    for code in profile.value("difficulty.categories", as_of):
        if code == "older_worker":
            found = older_worker(person, as_of, age, profile)
        elif code == "long_term_unemployed":
            found = long_term_unemployed(person, as_of, profile)
        else:
            found = flag_category(code, person, as_of, profile)
        if person.certified_categories is not None:
            found = _by_act(found, person.certified_categories)
        out[code] = found
    return out


def act_phrase(person: PersonFacts) -> str:
    """ "经就业困难人员认定（第N号，YYYY年M月D日认定），" for a record with a live 认定, else ""."""
    acts = sorted({(on, number) for _code, on, number in person.certified_categories or ()})
    if not acts:
        return ""
    on, number = acts[-1]
    return f"经就业困难人员认定（第{number}号，{zh_date(on)}认定），"


PENDING = "待认定：须经人社部门就业困难人员认定后才能享受相关政策。"


def _by_act(found: Finding, certified: tuple[tuple[str, date, int], ...]) -> Finding:
    """A category as the bureau's acts decide it (see :func:`difficulty_categories`)."""
    act = next(((on, number) for code, on, number in certified if code == found.code), None)
    if act is not None:
        on, number = act
        text = f"经就业困难人员认定（第{number}号，{zh_date(on)}认定）属于{found.name}。"
        return replace(found, holds=True, reasons=(text,), pending=False)
    if found.holds:
        return replace(found, holds=False, reasons=(*found.reasons, PENDING), pending=True)
    return found


def difficulty_failures(
    person: PersonFacts,
    as_of: date,
    age: int,
    retirement: Retirement,
    categories: dict[str, Finding],
    profile: Profile,
) -> dict[str, str]:
    """Unmet conditions of ``employment_difficulty``, keyed by condition.

    Keys: ``category``, ``age``, ``retired``, ``status``. The subsidy rules reuse them and
    word the status condition themselves ("未处于灵活就业状态").
    """
    min_age = profile.value("working_age.min_years", as_of)
    statuses = profile.value("employment_difficulty.statuses", as_of)
    failures: dict[str, str] = {}
    if not any(f.holds for f in categories.values()):
        pending = [f.name for f in categories.values() if f.pending]
        failures["category"] = (
            f"{'、'.join(pending)}{PENDING}" if pending else "不符合任何一类就业困难人员认定条件。"
        )
    if age < min_age:
        failures["age"] = f"计算日期时{age}周岁，未满{min_age}周岁，不在法定劳动年龄内。"
    if as_of >= retirement.date:
        failures["retired"] = (
            f"已达到法定退休日期（{zh_date(retirement.date)}），不在法定劳动年龄内。"
        )
    status = person.employment_status
    if status is None or status.value not in statuses:
        allowed = "或".join(STATUS_ZH[EmploymentStatus(s)] for s in statuses)
        failures["status"] = f"{status_phrase(status)}，就业困难人员须处于{allowed}状态。"
    return failures


def employment_difficulty(
    person: PersonFacts,
    as_of: date,
    retirement: Retirement,
    categories: dict[str, Finding],
    failures: dict[str, str],
    profile: Profile,
) -> Finding:
    """就业困难人员: ≥ 1 category, working age (16 to the retirement date), unemployed or flexible.

    Source: 就业促进法 第五十二条 [V]; rules-reference §1; issue 3 contract.
    """
    basis = profile.basis("employment_difficulty", as_of)
    if failures:
        return _finding("employment_difficulty", False, list(failures.values()), basis)
    held = [f.name for f in categories.values() if f.holds]
    min_age = profile.value("working_age.min_years", as_of)
    status = person.employment_status
    assert status is not None  # no failures means the status was checked
    reasons = [
        f"{act_phrase(person)}符合{'、'.join(held)}的认定条件，处于{STATUS_ZH[status]}状态，"
        f"且在法定劳动年龄内（{min_age}周岁至法定退休日期{zh_date(retirement.date)}前），"
        "属于就业困难人员。"
    ]
    return _finding("employment_difficulty", True, reasons, basis)


def graduate_window(person: PersonFacts, as_of: date, profile: Profile) -> tuple[bool, str]:
    """Whether ``as_of`` is in the graduate window: 离校后N个月内, or the 毕业年度."""
    grad = person.graduation_date
    if grad is None:
        return False, "未提供毕业（离校）日期。"
    window = profile.value("graduate.window_months", as_of)
    window_end = add_months(grad, window)
    if grad <= as_of <= window_end:
        return (
            True,
            f"于{zh_date(grad)}毕业离校，计算日期在离校后{window}个月内（至{zh_date(window_end)}）。",
        )
    if profile.value("graduate.count_graduation_year", as_of) and as_of.year == grad.year:
        return True, f"毕业年度（{grad.year}年）高校毕业生（毕业离校日期{zh_date(grad)}）。"
    if as_of < grad:
        return False, f"尚未毕业（毕业离校日期{zh_date(grad)}），且不在毕业年度内。"
    return (
        False,
        f"于{zh_date(grad)}毕业离校，离校已超过{window}个月（{zh_date(window_end)}届满）。",
    )


def education_qualifies(person: PersonFacts, as_of: date, profile: Profile) -> tuple[bool, str]:
    levels = profile.value("graduate.education_levels", as_of)
    order = [e.value for e in Education]
    lowest = EDUCATION_ZH[Education(min(levels, key=order.index))] if levels else "—"
    if person.education is None:
        return False, "未填写学历。"
    if person.education.value in levels:
        return True, f"学历为{EDUCATION_ZH[person.education]}。"
    return False, f"学历为{EDUCATION_ZH[person.education]}，须为{lowest}及以上学历。"


# Ages at which the graduate rules may apply to someone whose education is not known: from the
# youngest plausible 大专 graduate (jobhub.policy.bounds) to 35, past which a 离校2年内 graduate
# (even a doctor) is rare enough that the counter does not ask every older visitor.
GRADUATE_AGES = (GRADUATION_MIN_AGE[Education.JUNIOR_COLLEGE], 35)
GRADUATE_FACTS = ("学历", "毕业（离校）日期")


def graduate_may_apply(birth: date, as_of: date) -> bool:
    """Whether the graduate rules may apply at this age (the counter asks 学历 and 毕业时间)."""
    low, high = GRADUATE_AGES
    return low <= completed_years(birth, as_of) <= high


def needed_facts(person: PersonFacts, as_of: date, profile: Profile) -> tuple[str, ...]:
    """The facts the graduate rules need and were not given, for someone of an age at which
    they may apply and not in employment (需补充：学历、毕业（离校）日期)."""
    if person.employment_status is EmploymentStatus.EMPLOYED:
        return ()
    if not graduate_may_apply(person.birth_date, as_of):
        return ()
    levels = profile.value("graduate.education_levels", as_of)
    needed = []
    if person.education is None:
        needed.append(GRADUATE_FACTS[0])
    if person.graduation_date is None and (
        person.education is None or person.education.value in levels
    ):
        needed.append(GRADUATE_FACTS[1])
    return tuple(needed)


def graduate_within_2y(person: PersonFacts, as_of: date, profile: Profile) -> Finding:
    """离校2年内未就业高校毕业生 (including 毕业年度 graduates).

    Source: rules-reference §1 [V]; 国办发〔2022〕13号; 意见 第（九）项、第（十三）项.
    """
    edu_ok, edu_text = education_qualifies(person, as_of, profile)
    window_ok, window_text = graduate_window(person, as_of, profile)
    employed = person.employment_status is EmploymentStatus.EMPLOYED
    unknown = person.employment_status is None
    basis = profile.basis("graduate_within_2y", as_of)
    if edu_ok and window_ok and not employed and not unknown:
        reasons = [edu_text, window_text, "目前未在单位就业，属于离校2年内未就业高校毕业生。"]
        return _finding("graduate_within_2y", True, reasons, basis)
    failures = []
    needed = needed_facts(person, as_of, profile)
    if needed:
        age = completed_years(person.birth_date, as_of)
        failures.append(
            f"需补充：{'、'.join(needed)}（{age}周岁，可能适用高校毕业生政策）。补充前不予认定。"
        )
    if not edu_ok:
        failures.append(edu_text)
    if not window_ok:
        failures.append(window_text)
    if employed:
        failures.append("目前已在单位就业，不属于未就业高校毕业生。")
    if unknown:
        failures.append("就业状态待核实，核实未就业后才能认定为未就业高校毕业生。")
    return _finding("graduate_within_2y", False, failures, basis)


def veteran(person: PersonFacts, as_of: date, profile: Profile) -> Finding:
    """退役军人: follows ``is_veteran``. Source: 退役军人保障法 第四十二条 [V]; 意见 第（十）项."""
    text = "退役军人，同等条件下优先录用（聘用）。" if person.is_veteran else "非退役军人。"
    return _finding("veteran", person.is_veteran, [text], profile.basis("veteran", as_of))


def situation(
    person: PersonFacts, as_of: date, profile: Profile, retirement: Retirement
) -> Situation:
    """Compute the categories and key groups once; the subsidy rules read them."""
    age = completed_years(person.birth_date, as_of)
    categories = difficulty_categories(person, as_of, age, profile)
    failures = difficulty_failures(person, as_of, age, retirement, categories, profile)
    groups = {
        "graduate_within_2y": graduate_within_2y(person, as_of, profile),
        "veteran": veteran(person, as_of, profile),
        "employment_difficulty": employment_difficulty(
            person, as_of, retirement, categories, failures, profile
        ),
    }
    return Situation(person, as_of, profile, retirement, age, categories, failures, groups)
