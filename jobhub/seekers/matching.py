"""Ranked vacancies for a seeker: filters, pages and skill-gap hints over the matching
service (``jobhub.matchsvc``), which owns the index and the scores."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jobhub.matching.eligibility import RULES, ineligibility_reason
from jobhub.seekers import inputs
from jobhub.seekers.inputs import Errors
from jobhub.seekers.models import Person

PAGE_SIZE = 10
KINDS = {"regular": "普通岗位", "traineeship": "就业见习", "public_welfare": "公益性岗位"}
EMPLOYMENT_TYPES = {"full_time": "全职", "part_time": "兼职"}
PART_LABELS = {
    "text": "文字相近",
    "skills": "技能",
    "occupation": "职业",
    "distance": "距离",
    "priority": "重点群体优先",
}


ELIGIBILITY_REASONS = {kind: ineligibility_reason(kind) for kind in RULES}


@dataclass(frozen=True)
class MatchFilters:
    max_km: float | None = None
    kind: str | None = None
    min_pay: float | None = None
    employment_type: str | None = None
    page: int = 1


def parse_filters(args: Mapping[str, Any]) -> MatchFilters:
    """Query-string filters; raises ``InputError`` naming the bad one."""
    errors = Errors()
    max_km = inputs.number(args.get("max_km"), "max_km", "距离", errors, low=0.5, high=500)
    kind = inputs.choice(args.get("kind"), "kind", "岗位类型", errors, KINDS)
    min_pay = inputs.number(args.get("min_pay"), "min_pay", "最低月薪", errors, low=0, high=1e6)
    etype = inputs.choice(
        args.get("employment_type"), "employment_type", "用工形式", errors, EMPLOYMENT_TYPES
    )
    page = inputs.integer(args.get("page"), "page", "页码", errors, low=1, high=1000) or 1
    errors.raise_if_any()
    return MatchFilters(max_km, kind, min_pay, etype, page)


def available() -> bool:
    try:
        from jobhub import matchsvc  # noqa: F401
    except ImportError:
        return False
    return True


def ranked_vacancies(person: Person, filters: MatchFilters, limit: int = 200) -> list | None:
    """Every match (up to ``limit``) for the filters, best first; ``None`` while the matching
    index has not been built (``flask --app wsgi matching rebuild``)."""
    from jobhub import matchsvc

    try:
        return list(
            matchsvc.rank_vacancies_for_person(
                person,
                kinds=[filters.kind] if filters.kind else None,
                max_km=filters.max_km,
                min_pay=filters.min_pay,
                employment_type=filters.employment_type,
                limit=limit,
            )
        )
    except matchsvc.MatchIndexMissing:
        return None


def page_of(items: Sequence, page: int, size: int = PAGE_SIZE) -> tuple[list, int]:
    """The items of ``page`` (1-based) and the number of pages."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 1), pages)
    return list(items[(page - 1) * size : page * size]), pages


def split_by_eligibility(ranked: Sequence) -> tuple[list, list]:
    """(vacancies the person may apply to, those of a kind they are not eligible for)."""
    return [i for i in ranked if i.result.eligible], [i for i in ranked if not i.result.eligible]


def ineligibility(person: Person, kind: str) -> str | None:
    """Why the person may not apply to this kind of vacancy, or None (the ranking's rule)."""
    from jobhub import matchsvc

    return matchsvc.ineligibility(person, kind)


def nearby(person: Person, max_km: float | None) -> list | None:
    """Every published vacancy near the person's home, nearest first (not a recommendation);
    ``None`` while the matching index has not been built."""
    from jobhub import matchsvc

    try:
        return matchsvc.nearby_vacancies_for_person(person, km=max_km)
    except matchsvc.MatchIndexMissing:
        return None


def skill_gaps(ranked: Sequence, top: int = 10, show: int = 3) -> list[tuple[str, int, int]]:
    """Skills the best matches ask for that the seeker lacks: ``[(skill, n, of), ...]``, e.g.
    ("叉车证", 3, 10) for "3 of your top 10 matches ask for 叉车证". Only recommended
    vacancies count (they passed the relevance floor, and the person may apply to them), so
    the advice never comes from work that has nothing to do with the person."""
    best = [i for i in ranked if i.result.eligible and i.result.relevant][:top]
    counts: Counter[str] = Counter()
    for item in best:
        counts.update(set(item.result.missing_skills))
    return [(skill, n, len(best)) for skill, n in counts.most_common(show) if n >= 2]


def result_json(item) -> dict[str, Any]:
    r = item.result
    v = item.vacancy
    return {
        "vacancy": {
            "id": v.id,
            "title": v.title,
            "employer_name": v.organisation.name,
            "kind": v.kind,
            "employment_type": v.employment_type,
            "work_location": v.work_location,
            "salary_min": float(v.salary_min) if v.salary_min is not None else None,
            "salary_max": float(v.salary_max) if v.salary_max is not None else None,
            "salary_unit": v.salary_unit,
        },
        "score": round(float(r.score), 4),
        "parts": {k: round(float(x), 4) for k, x in r.parts.as_dict().items()},
        "distance_km": r.distance_km,
        "matched_skills": [list(p) for p in r.matched_skills],
        "partial_skills": [[have, want, round(c, 4)] for have, want, c in r.partial_skills],
        "missing_skills": list(r.missing_skills),
        "eligible": bool(r.eligible),
        "explanation": list(r.explanation),
    }
