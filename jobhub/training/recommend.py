"""Courses for a person's skill gaps: the skills their recommended vacancies (the ones that
pass the matching floor and that they may apply to) ask for and they lack, the published
courses near them that teach those skills, and what the training subsidies would cover.

Every suggestion carries its explanation lines, each stating a number it is ranked by:
how many of the top vacancies ask for the skill, the distance, and the subsidy sums.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jobhub.extensions import db
from jobhub.matching.geo import haversine_km
from jobhub.matching.skills import CreditRule, default_vocabulary
from jobhub.policy.dates import today_in_china
from jobhub.policy.terms import yuan
from jobhub.policy.training import LEVEL_ZH, TrainingEstimate
from jobhub.seekers.models import Person
from jobhub.training.enrolment import estimate
from jobhub.training.models import Course

TOP = 10  # the vacancies the gaps come from, as on the matches page
DEFAULT_KM = 30.0  # when the person has set no commuting distance
EXACT = CreditRule()


@dataclass(frozen=True)
class Gap:
    skill_id: str
    text: str  # as the vacancies write it
    vacancies: int
    of: int


@dataclass(frozen=True)
class CourseSuggestion:
    course: Course
    gaps: tuple[Gap, ...]
    distance_km: float | None
    subsidy: TrainingEstimate | None
    explanation: tuple[str, ...]


def skill_gaps(ranked: Sequence, top: int = TOP) -> list[Gap]:
    """Missing skills of the best recommended vacancies, by how many ask for them."""
    best = [i for i in ranked if i.result.eligible and i.result.relevant][:top]
    vocabulary = default_vocabulary()
    counts: Counter[str] = Counter()
    texts: dict[str, str] = {}
    for item in best:
        ids = set()
        for text in item.result.missing_skills:
            found = vocabulary.canonicalize(text)
            if found is not None:
                ids.add(found.skill_id)
                texts.setdefault(found.skill_id, text)
        counts.update(ids)
    return [Gap(i, texts[i], n, len(best)) for i, n in counts.most_common()]


def _teaches(course: Course, skill_id: str) -> bool:
    vocabulary = default_vocabulary()
    return any(
        dict(vocabulary.credits(taught, EXACT)).get(skill_id, 0.0) >= 1.0
        for taught in course.skills
    )


def subsidy_line(course: Course, found: TrainingEstimate | None) -> list[str]:
    """What the subsidies would cover, in the words of the engine's sums."""
    fee = yuan(Decimal(str(course.fee)))
    if not course.subsidised:
        return [f"不在补贴培训目录内，培训费{fee}需自付。"]
    if found is None:
        return [f"列入补贴培训目录，培训费{fee}；完成实名登记后可查看补贴。"]
    if not found.training.eligible:
        return [f"列入补贴培训目录，培训费{fee}；按您目前登记的情况暂不符合职业培训补贴。"]
    lines = [
        f"列入补贴培训目录：取得{LEVEL_ZH[course.level]}证书后职业培训补贴{yuan(found.training_amount)}"
        f"（培训费{fee}）。"
    ]
    if found.living_amount is not None:
        lines.append(f"另有培训期间生活费补贴{yuan(found.living_amount)}。")
    return lines


def courses_for(person: Person, ranked: Sequence, limit: int = 3) -> list[CourseSuggestion]:
    """Up to ``limit`` open courses near the person that teach a missing skill of their
    recommended vacancies: most vacancies covered first, then subsidised, then nearest."""
    gaps = skill_gaps(ranked)
    if not gaps:
        return []
    today = today_in_china()
    open_courses = db.session.scalars(
        db.select(Course).where(
            Course.status == "published", Course.starts_on >= today, Course.taken < Course.capacity
        )
    )
    radius = float(person.max_distance_km) if person.max_distance_km else DEFAULT_KM
    found: list[tuple[tuple, CourseSuggestion]] = []
    for course in open_courses:
        covered = tuple(g for g in gaps if _teaches(course, g.skill_id))
        if not covered:
            continue
        km = None
        if person.lat is not None and course.lat is not None:
            km = float(haversine_km(person.lat, person.lng, course.lat, course.lng))
            if km > radius:
                continue
        subsidy = estimate(person, course)
        lines = [
            f"教授“{g.text}”：您的前 {g.of} 个推荐岗位中有 {g.vacancies} 个要求这项技能。"
            for g in covered
        ]
        if km is not None:
            lines.append(f"上课地点距您家约 {km:.1f} 公里。")
        lines.append(
            f"{course.starts_on:%Y-%m-%d} 开班，共 {course.hours} 学时，剩余名额 {course.places_left} 个。"
        )
        lines.extend(subsidy_line(course, subsidy))
        suggestion = CourseSuggestion(course, covered, km, subsidy, tuple(lines))
        key = (
            -sum(g.vacancies for g in covered),
            not course.subsidised,
            km if km is not None else radius,
            course.id,
        )
        found.append((key, suggestion))
    found.sort(key=lambda pair: pair[0])
    return [s for _, s in found[:limit]]


def counter_courses(person: Person, limit: int = 3) -> list[CourseSuggestion]:
    """The suggestions for the counter: the person's recommended vacancies as on their own
    matches page (no filters); none while the matching index is not built."""
    from jobhub.seekers import matching

    if not matching.available():
        return []
    ranked = matching.ranked_vacancies(person, matching.MatchFilters())
    return courses_for(person, ranked or [], limit)
