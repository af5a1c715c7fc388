"""The engine entry point: one person, one date, one region profile → one :class:`Evaluation`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .facts import PersonFacts
from .groups import Situation, situation
from .profiles import Profile, load_profile
from .programmes import job_expansion_once, public_welfare_post, traineeship
from .results import Evaluation, SubsidyResult
from .retirement import evaluate_retirement
from .social_insurance import (
    si_flexible_difficulty,
    si_flexible_graduate,
    si_unit_difficulty,
    si_unit_graduate_sme,
)

SUBSIDY_RULES: dict[str, Callable[[Situation], SubsidyResult]] = {
    "si_flexible_difficulty": si_flexible_difficulty,
    "si_flexible_graduate": si_flexible_graduate,
    "si_unit_difficulty": si_unit_difficulty,
    "si_unit_graduate_sme": si_unit_graduate_sme,
    "job_expansion_once": job_expansion_once,
    "public_welfare_post": public_welfare_post,
    "traineeship": traineeship,
}


def evaluate(person: PersonFacts, as_of: date, profile: Profile | str = "default") -> Evaluation:
    """Apply a region's rules to a person's facts on ``as_of``.

    Returns the legal retirement date, the key groups, every difficulty category (held or not)
    and every subsidy code of the profile, each with Chinese reasons and its legal basis.
    Parameters are the versions in force on ``as_of``. Pure: no I/O beyond the first, cached
    load of the profile file. Raises :class:`~jobhub.policy.profiles.RuleNotInForce` only for a
    date the profile does not cover at all (use ``Profile.earliest_complete_date()``;
    :func:`~jobhub.policy.serialization.parse_request` refuses such dates).
    """
    if isinstance(profile, str):
        profile = load_profile(profile)
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
    )
