"""How the parts combine into one score; the single formula every path (stateless, index,
batch) goes through, so they cannot drift apart.

fit      = pay · Σ w_p·part_p / Σ w_p over the parts that apply to the pair
score    = (fit + ε·priority) / (1 + ε)
evidence = w_text·text + w_skills·skills + w_occupation·occupation (the relevance floor)

A part applies when both sides carry its field (skills: the vacancy lists some and the person
gave some; occupation: both coded; distance: both located): a missing field is neutral. One
pair the skills part reaches another way: a vacancy that lists no skills and a person who
gives skills but names no desired job, compared through the titles their skills go with
(`skills_learnt`; titles.py), when the model learnt titles. The
pay factor is ≤ 1, so every bound that holds without it (index.py, batch.py) still holds.

Bound (tested as a property): priority ∈ [0, 1], so if fit_a − fit_b > ε then
score_a − score_b > (ε − ε·1)/(1 + ε) = 0: a key group can only reorder people whose fit is
within ε of each other and never lifts a poor fit over a clearly better one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from jobhub.matching.profile import MatchingProfile


@dataclass(frozen=True, slots=True)
class PartArrays:
    """The parts of n pairs as float64 arrays; `*_ok` says whether a part applies."""

    text: np.ndarray
    skills: np.ndarray
    skills_ok: np.ndarray
    occupation: np.ndarray
    occupation_ok: np.ndarray
    distance: np.ndarray
    distance_ok: np.ndarray
    priority: np.ndarray
    pay: np.ndarray  # the factor (≤ 1) for pay below the person's expectation; 1 if n/a
    # the skills part compares the titles the person's skills go with and the vacancy's
    # title, for a vacancy that lists no skills (features.learnt_title_vector)
    skills_learnt: np.ndarray

    def take(self, idx: np.ndarray | slice) -> PartArrays:
        """The same parts for some pairs."""
        return PartArrays(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})


def skills_apply(listed: object, has_skills: object, titled: object, has_learnt: object):  # noqa: ANN201
    """Whether the skills part applies to a pair (bool arrays or scalars, broadcast): the
    vacancy lists skills and the person gave some, or the vacancy lists none but has a title
    and the person has learnt titles (their skills, no desired job; features.
    learnt_title_vector). The one rule for the exact routine and every path's bounds."""
    return (listed & has_skills) | (titled & has_learnt)


def applicable_weight(
    profile: MatchingProfile,
    skills_ok: np.ndarray,
    occupation_ok: np.ndarray,
    distance_ok: np.ndarray,
) -> np.ndarray:
    w = profile.weights
    return (
        w.text
        + w.skills * skills_ok.astype(np.float64)
        + w.occupation * occupation_ok.astype(np.float64)
        + w.distance * distance_ok.astype(np.float64)
    )


def content(parts: PartArrays, profile: MatchingProfile) -> np.ndarray:
    """The weighted evidence the two sides' own words give: text and skills."""
    w = profile.weights
    return w.text * np.clip(parts.text, 0.0, 1.0) + w.skills * np.where(
        parts.skills_ok, np.clip(parts.skills, 0.0, 1.0), 0.0
    )


def evidence(parts: PartArrays, profile: MatchingProfile) -> np.ndarray:
    """The weighted evidence of fit: text, skills and occupation."""
    w = profile.weights
    return content(parts, profile) + w.occupation * np.where(
        parts.occupation_ok, np.clip(parts.occupation, 0.0, 1.0), 0.0
    )


def is_relevant(parts: PartArrays, profile: MatchingProfile) -> np.ndarray:
    """The relevance floor (profile [relevance]): enough evidence of fit, of which some comes
    from the two sides' own words. Occupation codes come from a classifier and can be wrong
    (a job board's "rpa" coded 保健按摩师), so an agreeing code alone never recommends."""
    own = content(parts, profile)
    w = profile.weights
    occ = w.occupation * np.where(parts.occupation_ok, np.clip(parts.occupation, 0.0, 1.0), 0.0)
    return (own + occ >= profile.min_evidence) & (own >= profile.min_content)


def pay_factor(expected: np.ndarray, pay_max: np.ndarray, profile: MatchingProfile) -> np.ndarray:
    """1 where pay is unknown on either side or reaches the expectation, else
    max(floor, 1 − slope·shortfall) with shortfall = 1 − pay_max / expected."""
    known = ~np.isnan(expected) & ~np.isnan(pay_max) & (np.nan_to_num(expected) > 0)
    safe = np.where(known, expected, 1.0)
    shortfall = np.clip(1.0 - np.nan_to_num(pay_max) / safe, 0.0, 1.0)
    factor = np.maximum(profile.pay_floor, 1.0 - profile.pay_shortfall_slope * shortfall)
    return np.where(known, factor, 1.0)


def combine(parts: PartArrays, profile: MatchingProfile) -> tuple[np.ndarray, np.ndarray]:
    """(fit, score) for each pair. Parts are clipped to [0, 1] so float noise cannot leak
    outside the documented range."""
    w = profile.weights
    dist = np.where(parts.distance_ok, np.clip(parts.distance, 0.0, 1.0), 0.0)
    total = applicable_weight(profile, parts.skills_ok, parts.occupation_ok, parts.distance_ok)
    fit = (evidence(parts, profile) + w.distance * dist) / total * parts.pay
    score = (fit + profile.epsilon * np.clip(parts.priority, 0.0, 1.0)) / (1.0 + profile.epsilon)
    return fit, score


def score_from_fit(fit: float, priority: float, epsilon: float) -> float:
    """The scalar form of the last step of `combine` (used by tests of the bound)."""
    return (fit + epsilon * min(max(priority, 0.0), 1.0)) / (1.0 + epsilon)
