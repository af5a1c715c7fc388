"""Matching profiles: every weight and threshold of the engine, as data (profiles/*.toml)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from jobhub.matching.models import VACANCY_KINDS
from jobhub.matching.skills import CreditRule, SkillVocabulary


@dataclass(frozen=True, slots=True)
class PartWeights:
    text: float
    skills: float
    occupation: float
    distance: float


@dataclass(frozen=True, slots=True)
class MatchingProfile:
    """A region's matching parameters; the TOML files document why each value was chosen."""

    name: str
    description: str
    weights: PartWeights
    circle_km: float
    circle_label: str
    half_life_km: float
    occupation_unit: float
    occupation_minor: float
    occupation_middle: float
    skill_credits: CreditRule
    skills_min_count: int
    title_skill_credit: float
    generic_skills: tuple[str, ...]
    generic_weight: float
    min_evidence: float
    min_content: float
    pay_shortfall_slope: float
    pay_floor: float
    epsilon: float
    priority_weights: MappingProxyType[str, float]
    priority_by_kind: MappingProxyType[str, MappingProxyType[str, float]]
    analyzer: str = "jieba"
    title_bigrams: bool = True
    max_df: float = 0.02
    max_df_floor: int = 500
    min_df: int = 1
    weighting: str = "cosine"
    k1: float = 1.2
    b: float = 0.75
    query_terms: float = 0.0
    generic_titles: tuple[str, ...] = ()
    generic_title_weight: float = 1.0
    learn_titles: bool = False
    title_alpha: float = 0.5
    title_terms: int = 20
    title_max_df: float = 0.1
    title_max_df_floor: int = 0

    def title_options(self) -> dict[str, Any]:
        """The person-side options of `TitleAssociation` this profile asks for."""
        return {
            k: getattr(self, f"title_{k}") for k in ("alpha", "terms", "max_df", "max_df_floor")
        }

    def text_options(self) -> dict[str, Any]:
        """The keyword arguments of `TextModel.fit` this profile asks for."""
        from jobhub.matching.text import FIT_OPTIONS

        return {name: getattr(self, name) for name in FIT_OPTIONS}

    def skill_weights(self, vocabulary: SkillVocabulary) -> dict[str, float]:
        """What each generic skill (as the vocabulary resolves its name) counts for in a
        vacancy's list of required skills; every other skill counts 1."""
        out: dict[str, float] = {}
        for name in self.generic_skills:
            found = vocabulary.canonicalize(name)
            if found is not None:
                out[found.skill_id] = self.generic_weight
        return out

    def priority_for(self, key_groups: tuple[str, ...], kind: str) -> float:
        """The key-group priority of a person for a vacancy kind, in [0, 1]: the largest
        weight among their groups (groups do not add up, so the bound stays ε)."""
        table = self.priority_by_kind.get(kind, self.priority_weights)
        return max((table.get(group, 0.0) for group in key_groups), default=0.0)


def _check_unit(name: str, value: float) -> float:
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"profile value {name}={value} must be in [0, 1]")
    return value


def profile_from_dict(data: dict[str, Any]) -> MatchingProfile:
    """Build and validate a profile from parsed TOML."""
    w = data["weights"]
    weights = PartWeights(**{k: float(w[k]) for k in ("text", "skills", "occupation", "distance")})
    if min(weights.text, weights.skills, weights.occupation, weights.distance) < 0:
        raise ValueError("weights must be non-negative")
    if weights.text <= 0:
        # text is the one part that always applies, so it keeps the renormalised fit defined
        raise ValueError("the text weight must be positive")
    occ = data["occupation"]
    unit, minor, middle = (
        _check_unit(k, occ[k]) for k in ("same_unit", "same_minor", "same_middle")
    )
    if not unit >= minor >= middle:
        raise ValueError(
            "occupation agreement must decrease: same_unit >= same_minor >= same_middle"
        )
    prio = data["priority"]
    weights_table = {k: _check_unit(k, v) for k, v in prio.get("weights", {}).items()}
    by_kind: dict[str, MappingProxyType[str, float]] = {}
    for kind, table in prio.get("by_kind", {}).items():
        if kind not in VACANCY_KINDS:
            raise ValueError(f"unknown vacancy kind in priority.by_kind: {kind}")
        by_kind[kind] = MappingProxyType({k: _check_unit(k, v) for k, v in table.items()})
    epsilon = float(prio["epsilon"])
    if not 0.0 <= epsilon < 1.0:
        raise ValueError("priority.epsilon must be in [0, 1)")
    dist = data["distance"]
    skills = data["skills"]
    text = data.get("text", {})
    titles = data.get("titles", {})
    title_terms = int(titles.get("terms", 20))
    title_max_df = float(titles.get("max_df", 0.1))
    if title_terms < 1 or not 0.0 < title_max_df <= 1.0:
        raise ValueError("titles.terms must be at least 1 and titles.max_df in (0, 1]")
    relevance = data["relevance"]
    pay = data["pay"]
    min_evidence = float(relevance["min_evidence"])
    if not 0.0 < min_evidence <= 1.0:
        # a vacancy with nothing in common (numerator 0) must never be recommended
        raise ValueError("relevance.min_evidence must be in (0, 1]")
    min_count = int(skills["min_count"])
    if min_count < 1:
        raise ValueError("skills.min_count must be at least 1")
    return MatchingProfile(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        weights=weights,
        circle_km=float(dist["circle_km"]),
        circle_label=str(dist["circle_label"]),
        half_life_km=float(dist["half_life_km"]),
        occupation_unit=unit,
        occupation_minor=minor,
        occupation_middle=middle,
        skill_credits=CreditRule(
            more_specific=_check_unit("more_specific_credit", skills["more_specific_credit"]),
            more_general=_check_unit("more_general_credit", skills["more_general_credit"]),
            sibling=_check_unit("sibling_credit", skills["sibling_credit"]),
        ),
        skills_min_count=min_count,
        title_skill_credit=_check_unit("title_skill_credit", skills["title_skill_credit"]),
        generic_skills=tuple(str(x) for x in skills.get("generic", ())),
        generic_weight=_check_unit("generic_weight", skills.get("generic_weight", 1.0)),
        min_evidence=min_evidence,
        min_content=_check_unit("relevance.min_content", relevance["min_content"]),
        pay_shortfall_slope=float(pay["shortfall_slope"]),
        pay_floor=_check_unit("pay.floor", pay["floor"]),
        epsilon=epsilon,
        priority_weights=MappingProxyType(weights_table),
        priority_by_kind=MappingProxyType(by_kind),
        analyzer=str(text.get("analyzer", "jieba")),
        title_bigrams=bool(text.get("title_bigrams", True)),
        max_df=float(text.get("max_df", 0.02)),
        max_df_floor=int(text.get("max_df_floor", 500)),
        min_df=int(text.get("min_df", 1)),
        weighting=str(text.get("weighting", "cosine")),
        k1=float(text.get("k1", 1.2)),
        b=float(text.get("b", 0.75)),
        query_terms=float(text.get("query_terms", 0.0)),
        generic_titles=tuple(str(x) for x in text.get("generic_titles", ())),
        generic_title_weight=_check_unit(
            "text.generic_title_weight", text.get("generic_title_weight", 1.0)
        ),
        learn_titles=bool(titles.get("learn", False)),
        title_alpha=_check_unit("titles.alpha", titles.get("alpha", 0.5)),
        title_terms=title_terms,
        title_max_df=title_max_df,
        title_max_df_floor=int(titles.get("max_df_floor", 0)),
    )


@functools.cache
def load_profile(name: str = "city") -> MatchingProfile:
    """Load a shipped profile ('city' or 'rural'); cached, read on first use only."""
    return profile_from_dict(_profile_data(name))


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _profile_data(name: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """A profile's TOML with `extends = "other"` resolved (the other's values, then its own)."""
    if not name.isidentifier():
        raise ValueError(f"invalid profile name: {name!r}")
    if name in seen:
        raise ValueError(f"profile {name!r} extends itself")
    ref = resources.files("jobhub.matching").joinpath("profiles", f"{name}.toml")
    data = tomllib.loads(ref.read_text(encoding="utf-8"))
    parent = data.pop("extends", None)
    return _merged(_profile_data(str(parent), (*seen, name)), data) if parent else data
