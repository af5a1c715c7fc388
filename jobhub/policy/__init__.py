"""Policy engine (pure core): legal retirement date, key groups, difficulty categories and
subsidies, applied from dated region profiles, every verdict with reasons and legal basis.

Entry points for the web layer, the CLI and other services::

    from jobhub.policy import parse_request, evaluate, evaluation_to_json, PolicyInputError

    person, as_of, region = parse_request(body)          # raises PolicyInputError (→ 422)
    evaluation = evaluate(person, as_of, region)         # an Evaluation (frozen dataclasses)
    return evaluation_to_json(evaluation)                # the contract's response body

Stdlib only; profiles are read lazily on first use and cached.
"""

from .engine import evaluate
from .facts import Education, EmploymentStatus, Gender, PersonFacts, RetirementCategory
from .profiles import (
    Profile,
    ProfileError,
    RuleNotInForce,
    UnknownProfileError,
    available_profiles,
    clear_profile_cache,
    load_profile,
)
from .results import Evaluation, Finding, Retirement, SubsidyResult
from .serialization import PolicyInputError, evaluation_to_json, parse_request, person_to_json

__all__ = [
    "Education",
    "EmploymentStatus",
    "Evaluation",
    "Finding",
    "Gender",
    "PersonFacts",
    "PolicyInputError",
    "Profile",
    "ProfileError",
    "Retirement",
    "RetirementCategory",
    "RuleNotInForce",
    "SubsidyResult",
    "UnknownProfileError",
    "available_profiles",
    "clear_profile_cache",
    "evaluate",
    "evaluation_to_json",
    "load_profile",
    "parse_request",
    "person_to_json",
]
