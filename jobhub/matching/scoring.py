"""How the parts combine into one score; the single formula every path (stateless, index,
batch) goes through, so they cannot drift apart.

fit   = Σ w_p·part_p / Σ w_p over the parts that apply to the pair
score = (fit + ε·priority) / (1 + ε)

Bound (tested as a property): priority ∈ [0, 1], so if fit_a − fit_b > ε then
score_a − score_b > (ε − ε·1)/(1 + ε) = 0: a key group can only reorder people whose fit is
within ε of each other and never lifts a poor fit over a clearly better one.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def combine(parts: PartArrays, profile: MatchingProfile) -> tuple[np.ndarray, np.ndarray]:
    """(fit, score) for each pair. Parts are clipped to [0, 1] so float noise cannot leak
    outside the documented range."""
    w = profile.weights
    text = np.clip(parts.text, 0.0, 1.0)
    skills = np.where(parts.skills_ok, np.clip(parts.skills, 0.0, 1.0), 0.0)
    occ = np.where(parts.occupation_ok, np.clip(parts.occupation, 0.0, 1.0), 0.0)
    dist = np.where(parts.distance_ok, np.clip(parts.distance, 0.0, 1.0), 0.0)
    total = applicable_weight(profile, parts.skills_ok, parts.occupation_ok, parts.distance_ok)
    fit = (w.text * text + w.skills * skills + w.occupation * occ + w.distance * dist) / total
    score = (fit + profile.epsilon * np.clip(parts.priority, 0.0, 1.0)) / (1.0 + profile.epsilon)
    return fit, score


def score_from_fit(fit: float, priority: float, epsilon: float) -> float:
    """The scalar form of the last step of `combine` (used by tests of the bound)."""
    return (fit + epsilon * min(max(priority, 0.0), 1.0)) / (1.0 + epsilon)
