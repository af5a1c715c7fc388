"""Stateless entry points: rank a small list of vacancies for a person, or people for a vacancy.

Both go through the same feature extraction (features.py), the same exact part computation
(block.py) and the same combination (scoring.py) as the index, so a pair scores the same on
every path given the same text model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from jobhub.matching.block import StringTable, VacancyBlock
from jobhub.matching.features import CodeTable, build_seeker_queries
from jobhub.matching.models import ExternalId, MatchResult, SeekerProfile, VacancyProfile
from jobhub.matching.pairs import People
from jobhub.matching.profile import MatchingProfile, load_profile
from jobhub.matching.results import build_pair_results, build_results
from jobhub.matching.scoring import is_relevant
from jobhub.matching.skills import SkillSpace, SkillVocabulary, default_vocabulary
from jobhub.matching.text import TextModel, default_text_model


def id_sort_key(value: ExternalId) -> tuple[int, int, str]:
    """Deterministic tie-break for equal scores: integer ids numerically, then strings."""
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, str(value))


def _resolve(
    profile: MatchingProfile | None,
    text_model: TextModel | None,
    vocabulary: SkillVocabulary | None,
) -> tuple[MatchingProfile, TextModel, SkillVocabulary]:
    profile = profile or load_profile()
    return (
        profile,
        text_model or default_text_model(**profile.text_options()),
        vocabulary or default_vocabulary(),
    )


def _within_limit(
    distance_km: np.ndarray, distance_ok: np.ndarray, limit: float | None
) -> np.ndarray:
    """The person's own travel limit is a hard filter; it cannot be checked without both
    locations, and then the pair stays (a missing location is not a reason to hide a job)."""
    if limit is None:
        return np.ones(len(distance_km), dtype=bool)
    return ~distance_ok | (np.nan_to_num(distance_km, nan=0.0) <= limit)


def rank_vacancies(
    seeker: SeekerProfile,
    vacancies: Sequence[VacancyProfile],
    top: int = 20,
    *,
    profile: MatchingProfile | None = None,
    text_model: TextModel | None = None,
    vocabulary: SkillVocabulary | None = None,
) -> list[MatchResult]:
    """Rank vacancies for one person, best first: eligible ones by score, those below the
    relevance floor after them (`relevant=False`), then those the person is not eligible for
    (`eligible=False`); vacancies beyond the person's `max_distance_km` are left out. For
    small lists (the stateless API); use VacancyIndex at scale, which lists relevant ones
    only."""
    profile, model, vocab = _resolve(profile, text_model, vocabulary)
    if top <= 0 or not vacancies:
        return []
    space = SkillSpace(vocab, weights=profile.skill_weights(vocab))
    codes, texts = CodeTable(), StringTable()
    block = VacancyBlock.build(vacancies, model, vocab, space, codes, texts)
    [sq] = build_seeker_queries([seeker], model, vocab, space, codes, profile)
    scores = block.gather_scores(sq, np.arange(block.n), profile)
    keep = _within_limit(scores.distance_km, scores.parts.distance_ok, seeker.max_distance_km)
    eligible = sq.eligible_by_kind[block.kind]
    relevant = is_relevant(scores.parts, profile)
    order = sorted(
        np.flatnonzero(keep).tolist(),
        key=lambda i: (
            not eligible[i],
            not relevant[i],
            -scores.score[i],
            id_sort_key(block.ids[i]),
        ),
    )
    return build_results(
        sq,
        block,
        scores,
        order[:top],
        profile=profile,
        model=model,
        texts=texts,
        codes=codes,
        skill_weights=space.weights,
    )


def rank_candidates(
    vacancy: VacancyProfile,
    seekers: Sequence[SeekerProfile],
    top: int = 20,
    *,
    profile: MatchingProfile | None = None,
    text_model: TextModel | None = None,
    vocabulary: SkillVocabulary | None = None,
) -> list[MatchResult]:
    """Rank people for one vacancy, best first: eligible people by score (key groups may
    reorder people of similar fit, within the profile's ε), then ineligible people with
    `eligible=False`. People whose own `max_distance_km` excludes the vacancy are left out."""
    profile, model, vocab = _resolve(profile, text_model, vocabulary)
    if top <= 0 or not seekers:
        return []
    space = SkillSpace(vocab, weights=profile.skill_weights(vocab))
    codes, texts = CodeTable(), StringTable()
    block = VacancyBlock.build([vacancy], model, vocab, space, codes, texts)
    sqs = build_seeker_queries(seekers, model, vocab, space, codes, profile)
    people = People.from_queries(sqs, block.X.shape[1], block.S.shape[1], block.Tc.shape[1])
    scores = block.pair_scores(
        people, np.arange(len(sqs)), np.zeros(len(sqs), dtype=np.int64), profile
    )
    kind = int(block.kind[0])
    relevant = is_relevant(scores.parts, profile)
    keep = [
        i
        for i, sq in enumerate(sqs)
        if _within_limit(
            scores.distance_km[i : i + 1],
            scores.parts.distance_ok[i : i + 1],
            sq.seeker.max_distance_km,
        )[0]
    ]
    order = sorted(
        keep,
        key=lambda i: (
            not sqs[i].eligible_by_kind[kind],
            not relevant[i],
            -scores.score[i],
            id_sort_key(sqs[i].seeker.id),
        ),
    )
    return build_pair_results(
        [(sqs[i], i) for i in order[:top]],
        block,
        scores,
        profile=profile,
        model=model,
        texts=texts,
        codes=codes,
        skill_weights=space.weights,
    )
