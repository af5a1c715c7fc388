"""The engine entry point: one person, one date, one region profile → one :class:`Evaluation`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from .dates import zh_date
from .facts import CATEGORY_ZH, PersonFacts, RetirementCategory
from .groups import Situation, needed_facts, situation
from .profiles import Profile, load_profile
from .programmes import job_expansion_once, public_welfare_post, traineeship
from .results import Evaluation, Finding, SubsidyResult
from .retirement import evaluate_retirement, unknown_categories
from .social_insurance import (
    si_flexible_difficulty,
    si_flexible_graduate,
    si_unit_difficulty,
    si_unit_graduate_sme,
)
from .training import training_living_allowance, vocational_training

SUBSIDY_RULES: dict[str, Callable[[Situation], SubsidyResult]] = {
    "si_flexible_difficulty": si_flexible_difficulty,
    "si_flexible_graduate": si_flexible_graduate,
    "si_unit_difficulty": si_unit_difficulty,
    "si_unit_graduate_sme": si_unit_graduate_sme,
    "job_expansion_once": job_expansion_once,
    "public_welfare_post": public_welfare_post,
    "traineeship": traineeship,
    "vocational_training": vocational_training,
    "training_living_allowance": training_living_allowance,
}


def evaluate(person: PersonFacts, as_of: date, profile: Profile | str = "default") -> Evaluation:
    """Apply a region's rules to a person's facts on ``as_of``.

    Returns the legal retirement date, the key groups, every difficulty category (held or not)
    and every subsidy code of the profile, each with Chinese reasons and its legal basis.
    Parameters are the versions in force on ``as_of``. A woman whose retirement category is
    not given is evaluated under each category she may hold; a verdict that differs is not
    granted and says 需补充 (``Evaluation.missing``), so no default category decides. Pure: no I/O beyond the first, cached
    load of the profile file. Raises :class:`~jobhub.policy.profiles.RuleNotInForce` only for a
    date the profile does not cover at all (use ``Profile.earliest_complete_date()``;
    :func:`~jobhub.policy.serialization.parse_request` refuses such dates).
    """
    if isinstance(profile, str):
        profile = load_profile(profile)
    stated = _evaluate(person, as_of, profile)
    categories = unknown_categories(person, profile, as_of)
    if not categories:
        return stated
    options = {
        c: _evaluate(replace(person, retirement_category=c), as_of, profile) for c in categories
    }
    return _without_guess(stated, options)


def _evaluate(person: PersonFacts, as_of: date, profile: Profile) -> Evaluation:
    retirement = evaluate_retirement(person, profile, as_of)
    sit = situation(person, as_of, profile, retirement)
    subsidies = tuple(SUBSIDY_RULES[code](sit) for code in profile.subsidies)
    return Evaluation(
        as_of=as_of,
        region=profile.name,
        person=person,
        retirement=retirement,
        group_checks=tuple(sit.groups.values()),
        category_checks=tuple(sit.categories.values()),
        subsidies=subsidies,
        missing=needed_facts(person, as_of, profile),
    )


MISSING_CATEGORY = "退休类别（原法定退休年龄50周岁或55周岁）"


def _without_guess(stated: Evaluation, options: dict[RetirementCategory, Evaluation]) -> Evaluation:
    """A woman whose category is not given: every verdict that differs between the categories
    she may hold is not granted and says "需补充：退休类别"; the verdicts that hold (or not)
    under each of them stand. No default category decides anything."""

    def verdict(item: Finding | SubsidyResult) -> tuple:
        if isinstance(item, Finding):
            return (item.holds,)
        return (item.eligible, item.start, item.end, item.months, item.monthly_amount_cap)

    def said(item: Finding | SubsidyResult) -> str:
        held = item.holds if isinstance(item, Finding) else item.eligible
        return "符合" if held else "不符合"

    undecided = False

    def settle(index: int, pick) -> Finding | SubsidyResult:
        nonlocal undecided
        items = {c: pick(ev)[index] for c, ev in options.items()}
        if len({verdict(i) for i in items.values()}) == 1:
            return pick(stated)[index]
        undecided = True
        alternatives = "；".join(f"按{CATEGORY_ZH[c]}：{said(i)}" for c, i in items.items())
        reason = f"需补充：{MISSING_CATEGORY}。{alternatives}。补充前不予认定。"
        first = next(iter(items.values()))
        if isinstance(first, Finding):
            return replace(first, holds=False, reasons=(reason,))
        return replace(
            first,
            eligible=False,
            start=None,
            end=None,
            months=None,
            monthly_amount_cap=None,
            reasons=(reason,),
            person_qualifies=False,
        )

    groups = tuple(settle(i, _groups) for i in range(len(stated.group_checks)))
    categories = tuple(settle(i, _categories) for i in range(len(stated.category_checks)))
    subsidies = tuple(settle(i, _subsidies) for i in range(len(stated.subsidies)))
    retirement = stated.retirement
    dates = "；".join(
        f"按{CATEGORY_ZH[c]}为{zh_date(ev.retirement.date)}" for c, ev in options.items()
    )
    if undecided:
        head = f"需补充：{MISSING_CATEGORY}。法定退休日期{dates}。"
    else:
        head = f"未填写退休类别：法定退休日期{dates}；本次各项认定不受影响。"
    retirement = replace(retirement, reasons=(head,))
    missing = ((MISSING_CATEGORY,) if undecided else ()) + stated.missing
    return replace(
        stated,
        retirement=retirement,
        group_checks=groups,
        category_checks=categories,
        subsidies=subsidies,
        missing=missing,
    )


def _groups(ev: Evaluation) -> tuple[Finding, ...]:
    return ev.group_checks


def _categories(ev: Evaluation) -> tuple[Finding, ...]:
    return ev.category_checks


def _subsidies(ev: Evaluation) -> tuple[SubsidyResult, ...]:
    return ev.subsidies
