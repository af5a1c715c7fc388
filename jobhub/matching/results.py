"""Assemble MatchResults (numbers + explanation) for scored rows."""

from __future__ import annotations

import math

from jobhub.matching.block import RowScores, StringTable, VacancyBlock
from jobhub.matching.explain import (
    explain_distance,
    explain_eligibility,
    explain_occupation,
    explain_priority,
    explain_skills,
    explain_text,
)
from jobhub.matching.features import CodeTable, SeekerQuery
from jobhub.matching.models import VACANCY_KINDS, MatchParts, MatchResult
from jobhub.matching.occupation import occupation_agreement
from jobhub.matching.profile import MatchingProfile
from jobhub.matching.skills import compare_skills
from jobhub.matching.text import TextModel
from jobhub.matching.tokenizer import TITLE_MARK


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
) -> list[MatchResult]:
    """Results for the given positions of `scores`. The explanation is derived from the same
    inputs as the numbers (skill credits, code keys, distance), so they always agree."""
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
        )
    }
    rows = scores.rows.tolist()
    score, fit, dist_km = scores.score.tolist(), scores.fit.tolist(), scores.distance_km.tolist()
    q_map = dict(zip(sq.q_idx.tolist(), sq.q_val.tolist(), strict=True))
    out: list[MatchResult] = []
    for i in positions:
        row = rows[i]
        kind_index = int(block.kind[row])
        eligible = bool(sq.eligible_by_kind[kind_index])
        parts = MatchParts(
            text=min(max(cols["text"][i], 0.0), 1.0),
            skills=cols["skills"][i] if cols["skills_ok"][i] else 0.0,
            occupation=cols["occupation"][i] if cols["occupation_ok"][i] else 0.0,
            distance=cols["distance"][i] if cols["distance_ok"][i] else 0.0,
            priority=cols["priority"][i],
        )
        applicable = ["text"]
        applicable += ["skills"] if cols["skills_ok"][i] else []
        applicable += ["occupation"] if cols["occupation_ok"][i] else []
        applicable += ["distance"] if cols["distance_ok"][i] else []
        applicable += ["priority"] if parts.priority > 0 else []

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
        # a title bigram ("^电工") is shown as the word it spells, once
        terms = list(dict.fromkeys(model.terms[t].removeprefix(TITLE_MARK) for _, t in contrib))
        comparison = compare_skills(
            sq.credit_tables,
            texts.pairs(block.skill_idx[block.skill_ptr[row] : block.skill_ptr[row + 1]]),
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
        explanation = [
            explain_text(parts.text, terms),
            explain_skills(comparison),
            explain_occupation(agreement, vacancy_code),
            explain_distance(distance_km, profile),
        ]
        extra = (
            explain_priority(sq.seeker.key_groups, parts.priority),
            explain_eligibility(eligible, VACANCY_KINDS[kind_index]),
        )
        explanation.extend(e for e in extra if e)
        out.append(
            MatchResult(
                seeker_id=sq.seeker.id,
                vacancy_id=block.ids[row],
                score=score[i],
                fit=fit[i],
                parts=parts,
                applicable=tuple(applicable),
                distance_km=distance_km,
                matched_skills=tuple((have, want) for have, want, _ in comparison.matched),
                missing_skills=comparison.missing,
                eligible=eligible,
                key_groups=sq.seeker.key_groups,
                explanation=tuple(explanation),
            )
        )
    return out
