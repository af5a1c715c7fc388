"""Assemble MatchResults (numbers + explanation) for scored rows."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from jobhub.matching.block import RowScores, StringTable, VacancyBlock
from jobhub.matching.explain import (
    explain_distance,
    explain_eligibility,
    explain_occupation,
    explain_pay,
    explain_priority,
    explain_relevance,
    explain_skills,
    explain_text,
)
from jobhub.matching.features import CodeTable, SeekerQuery
from jobhub.matching.models import VACANCY_KINDS, MatchParts, MatchResult
from jobhub.matching.occupation import occupation_agreement
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.scoring import is_relevant
from jobhub.matching.skills import compare_skills
from jobhub.matching.text import TextModel
from jobhub.matching.tokenizer import TITLE_MARK, is_readable_word


def _shared_terms(sq: SeekerQuery, block: VacancyBlock, row: int, model: TextModel) -> list[str]:
    """The counted words both sides share, strongest contribution first; a title bigram
    ("^电工") is shown as the characters it spells, once."""
    q_map = dict(zip(sq.q_idx.tolist(), sq.q_val.tolist(), strict=True))
    lo, hi = block.X.indptr[row], block.X.indptr[row + 1]
    contrib = sorted(
        (
            (q_map[t] * w, t)
            for t, w in zip(
                block.X.indices[lo:hi].tolist(), block.X.data[lo:hi].tolist(), strict=True
            )
            if t in q_map
        ),
        reverse=True,
    )
    words = [model.terms[t] for _, t in contrib if not model.terms[t].startswith(TITLE_MARK)]
    return [w for w in dict.fromkeys(words) if is_readable_word(w)]


def _learnt_titles(sq: SeekerQuery, block: VacancyBlock, row: int, model: TextModel) -> list[str]:
    """Of the titles the person's skills go with, up to three most like this vacancy's title
    (those with a character n-gram in common), for the skills line of a vacancy that lists
    no skills."""
    titles = model.titles
    assert titles is not None
    found = titles.titles_for([c.skill_id for c, _ in sq.skills], n=12)
    if not found:
        return []
    lo, hi = block.Tc.indptr[row], block.Tc.indptr[row + 1]
    title = np.zeros(titles.space.size)
    title[block.Tc.indices[lo:hi]] = block.Tc.data[lo:hi]
    likeness = np.asarray(titles.space.transform(found) @ title).ravel()
    order = sorted(range(len(found)), key=lambda i: -likeness[i])
    return [found[i] for i in order if likeness[i] > 0][:3]


def build_results(
    sq: SeekerQuery,
    block: VacancyBlock,
    scores: RowScores,
    positions: list[int],
    *,
    profile: MatchingProfile,
    model: TextModel,
    texts: StringTable,
    codes: CodeTable,
    skill_weights: Mapping[str, float] | None = None,
) -> list[MatchResult]:
    """Results for the given positions of `scores` (one person's pairs). Every explanation line
    is derived from the same inputs as the number it states (skill credits, code keys,
    distance, pay), so they always agree."""
    return build_pair_results(
        [(sq, i) for i in positions],
        block,
        scores,
        profile=profile,
        model=model,
        texts=texts,
        codes=codes,
        skill_weights=skill_weights,
    )


def build_pair_results(
    pairs: Sequence[tuple[SeekerQuery, int]],
    block: VacancyBlock,
    scores: RowScores,
    *,
    profile: MatchingProfile,
    model: TextModel,
    texts: StringTable,
    codes: CodeTable,
    skill_weights: Mapping[str, float] | None = None,
) -> list[MatchResult]:
    """Results for (person, position of `scores`) pairs: one call for many people's pairs
    (candidates for a vacancy), the same numbers and lines as `build_results` per person."""
    p = scores.parts
    cols = {
        name: getattr(p, name).tolist()
        for name in (
            "text",
            "skills",
            "skills_ok",
            "occupation",
            "occupation_ok",
            "distance",
            "distance_ok",
            "priority",
            "pay",
            "skills_learnt",
        )
    }
    rows = scores.rows.tolist()
    score, fit, dist_km = scores.score.tolist(), scores.fit.tolist(), scores.distance_km.tolist()
    relevant = is_relevant(p, profile).tolist()
    out: list[MatchResult] = []
    for sq, i in pairs:
        row = rows[i]
        kind_index = int(block.kind[row])
        eligible = bool(sq.eligible_by_kind[kind_index])
        parts = MatchParts(
            text=min(max(cols["text"][i], 0.0), 1.0),
            skills=cols["skills"][i] if cols["skills_ok"][i] else 0.0,
            occupation=cols["occupation"][i] if cols["occupation_ok"][i] else 0.0,
            distance=cols["distance"][i] if cols["distance_ok"][i] else 0.0,
            priority=cols["priority"][i],
            pay=cols["pay"][i],
        )
        applicable = ["text"]
        applicable += ["skills"] if cols["skills_ok"][i] else []
        applicable += ["occupation"] if cols["occupation_ok"][i] else []
        applicable += ["distance"] if cols["distance_ok"][i] else []
        applicable += ["priority"] if parts.priority > 0 else []

        terms = _shared_terms(sq, block, row, model)
        comparison = compare_skills(
            sq.credit_tables,
            texts.pairs(block.skill_idx[block.skill_ptr[row] : block.skill_ptr[row + 1]]),
            skill_weights,
        )
        vacancy_code = codes.key_of(int(block.occ[row, 0]))
        agreement = None
        if cols["occupation_ok"][i] and vacancy_code is not None:
            agreement = occupation_agreement(
                sq.codes,
                vacancy_code,
                unit=profile.occupation_unit,
                minor=profile.occupation_minor,
                middle=profile.occupation_middle,
            )
        d = dist_km[i]
        distance_km = None if math.isnan(d) or not cols["distance_ok"][i] else round(d, 3)
        pay_max = float(block.pay_max[row])
        lines = (
            explain_text(parts.text, terms, model.generic_titles, model.generic_title_weight),
            explain_skills(
                comparison,
                parts.skills,
                person_has_skills=sq.has_skills,
                generic_weight=profile.generic_weight,
                learnt_titles=_learnt_titles(sq, block, row, model)
                if cols["skills_learnt"][i]
                else None,
            ),
            explain_occupation(agreement, vacancy_code),
            explain_distance(distance_km, profile),
            explain_pay(
                sq.seeker.expected_pay, None if math.isnan(pay_max) else pay_max, parts.pay
            ),
            explain_priority(sq.seeker.key_groups, parts.priority),
            explain_eligibility(eligible, VACANCY_KINDS[kind_index]),
            explain_relevance(relevant[i]),
        )
        out.append(
            MatchResult(
                seeker_id=sq.seeker.id,
                vacancy_id=block.ids[row],
                score=score[i],
                fit=fit[i],
                parts=parts,
                applicable=tuple(applicable),
                distance_km=distance_km,
                matched_skills=tuple((h, w) for h, w, c in comparison.matched if c >= 1.0),
                partial_skills=tuple((h, w, c) for h, w, c in comparison.matched if c < 1.0),
                missing_skills=comparison.missing,
                eligible=eligible,
                key_groups=sq.seeker.key_groups,
                explanation=tuple(line for line in lines if line),
                relevant=relevant[i],
            )
        )
    return out
