"""Run the three methods over the judged corpus, pool their results, and report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from benchmarks.quality.judged.corpus import Profile, Vacancy

K = 10


def run_methods(
    profiles: Sequence[Profile], corpus: Sequence[Vacancy], k: int = K
) -> dict[str, dict[str, list[str]]]:
    """{method name: {profile id: top-k vacancy ids}} for BM25, char TF-IDF and the engine.
    Every method sees the same fields (title, skills, description; desired titles, skills,
    summary); the engine also gets occupation codes as the product assigns them."""
    from benchmarks.quality.methods import BM25, CharTfidf, Engine, occupation_codes
    from jobhub.matching.models import SeekerProfile, VacancyProfile

    ids = [v.id for v in corpus]
    docs = [v.text() for v in corpus]
    runs: dict[str, dict[str, list[str]]] = {}
    for method in (BM25(docs), CharTfidf(docs)):
        runs[method.name] = {p.id: [ids[i] for i in method.rank(p.text(), k)] for p in profiles}

    codes = occupation_codes(
        [v.title for v in corpus] + [t for p in profiles for t in p.desired_titles]
    )
    vacancies = [
        VacancyProfile(
            id=v.id,
            title=v.title,
            description=v.description,
            skills=v.skills,
            kind=v.kind,  # type: ignore[arg-type]
            occupation_code=codes.get(v.title),
        )
        for v in corpus
    ]
    engine = Engine(vacancies)
    runs[engine.name] = {}
    for p in profiles:
        seeker = SeekerProfile(
            id=p.id,
            skills=p.skills,
            desired_titles=p.desired_titles,
            summary=p.summary,
            key_groups=p.key_groups,
            occupation_codes=tuple(
                dict.fromkeys(c for t in p.desired_titles if (c := codes.get(t)))
            ),
        )
        runs[engine.name][p.id] = [ids[i] for i in engine.rank(seeker, k)]
    return runs


def postings_note(path: Path, corpus: Sequence[Vacancy]) -> str:
    real = sum(1 for v in corpus if v.source == "51job")
    own = len(corpus) - real
    where = f"`{path.name}` ({real:,} distinct rows)" if real else "no real postings (file absent)"
    return f"{own} vacancies written for the benchmark + {where}"
