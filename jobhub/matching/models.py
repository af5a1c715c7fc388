"""Frozen dataclasses that go in and out of the matching engine.

Fairness by construction: there is no field for gender, age, birth date, ethnicity, religion,
户籍 or marital status (就业促进法 §3, §27; 人力资源市场暂行条例 §24), so the engine cannot use
them. Eligibility facts that depend on age (16–24 registered-unemployed youth) arrive as a
boolean computed by the caller's policy engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ExternalId = int | str
VacancyKind = Literal["regular", "gig", "public_welfare", "traineeship"]
VACANCY_KINDS: tuple[VacancyKind, ...] = ("regular", "gig", "public_welfare", "traineeship")
PART_NAMES: tuple[str, ...] = ("text", "skills", "occupation", "distance", "priority")


@dataclass(frozen=True, slots=True)
class GeoPoint:
    """A WGS-84 point in decimal degrees."""

    lat: float
    lng: float


@dataclass(frozen=True, slots=True)
class SeekerProfile:
    """What the engine knows about a job seeker.

    `occupation_codes` are 职业分类大典 codes ('4-10-03-01') of the desired jobs, set by the
    occupations classifier. `registered_unemployed_youth` is the caller's verdict "registered
    unemployed and aged 16–24" (就业见习), so that no age reaches the engine. `expected_pay`
    is the lowest pay the person asks for, per month (元; the caller converts a day or hour
    rate).
    """

    id: ExternalId
    skills: tuple[str, ...] = ()
    desired_titles: tuple[str, ...] = ()
    summary: str = ""
    work_history: tuple[str, ...] = ()
    location: GeoPoint | None = None
    max_distance_km: float | None = None
    key_groups: tuple[str, ...] = ()
    occupation_codes: tuple[str, ...] = ()
    registered_unemployed_youth: bool = False
    expected_pay: float | None = None


@dataclass(frozen=True, slots=True)
class VacancyProfile:
    """A vacancy, gig, 公益性岗位 or 就业见习 post. `pay_max` is the top of its pay range per
    month (元; the caller converts a day or hour rate), None if not stated."""

    id: ExternalId
    title: str
    description: str = ""
    skills: tuple[str, ...] = ()
    location: GeoPoint | None = None
    kind: VacancyKind = "regular"
    occupation_code: str | None = None
    pay_max: float | None = None


@dataclass(frozen=True, slots=True)
class MatchParts:
    """Each part in [0, 1]. A part that does not apply to the pair is 0 and left out of the fit
    (see `MatchResult.applicable`). `pay` is the factor (≤ 1) the fit was multiplied by
    because the vacancy pays less than the person asks; 1 when it does not apply."""

    text: float = 0.0
    skills: float = 0.0
    occupation: float = 0.0
    distance: float = 0.0
    priority: float = 0.0
    pay: float = 1.0

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in PART_NAMES}


@dataclass(frozen=True, slots=True)
class MatchResult:
    """One seeker–vacancy pair, scored and explained.

    `fit` is the weighted mean of the applicable parts times the pay factor; `score` adds the
    bounded key-group priority: score = (fit + ε·priority) / (1 + ε). `relevant` says whether
    the evidence of fit (text, skills, occupation) reaches the profile's floor: only relevant
    vacancies are recommended. `explanation` holds short Chinese phrases for the UI, one per
    part, plus what was not compared, pay and eligibility.
    """

    seeker_id: ExternalId
    vacancy_id: ExternalId
    score: float
    fit: float
    parts: MatchParts
    applicable: tuple[str, ...]
    distance_km: float | None
    matched_skills: tuple[tuple[str, str], ...]  # (person's, vacancy's): the same skill
    missing_skills: tuple[str, ...]
    eligible: bool
    key_groups: tuple[str, ...] = ()
    explanation: tuple[str, ...] = field(default=())
    relevant: bool = True
    # (person's, vacancy's, credit < 1): related, not the same skill (Shell for Linux)
    partial_skills: tuple[tuple[str, str, float], ...] = ()
