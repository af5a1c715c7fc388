"""The real postings: ../shared/data/postings/51job-2023.csv (4,581 job-board postings, Oct–Dec
2023), read at run time and never copied into the repository.

A posting becomes a vacancy (title = jobName, description = its tags, skills = the tags the
skills vocabulary recognises). The data has no coordinates, so distance is left out and the
occupation part too (no codes). People are made from a sample of postings — the title they
want and the skills listed — and each is ranked over all postings:
- through the fitted VacancyIndex vs the naive stateless path (every vacancy scored, full
  sort) in the same run, with the same lists expected;
- quality: how often the posting the person was made from is in their top 10, and how many
  of the top 10 share its normalised title.
Also: how many tags the skills vocabulary recognises, by method.

Run from the repository root:  .venv/bin/python benchmarks/matching/bench_postings.py [--quick]
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import time

import common  # noqa: F401 - sets sys.path
import numpy as np
from common import POSTINGS, machine, ms, pct, write_section

from jobhub.matching.engine import rank_vacancies
from jobhub.matching.index import VacancyIndex
from jobhub.matching.models import SeekerProfile, VacancyProfile
from jobhub.matching.skills import default_vocabulary

NOISE = re.compile(r"[（(].*?[)）]|急招|高薪|诚聘|\d+k|\d+-\d+")


def norm_title(title: str) -> str:
    return NOISE.sub("", title).strip().casefold()


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--people", type=int, default=500)
    args = ap.parse_args()
    if not POSTINGS.exists():
        raise SystemExit(f"{POSTINGS} not found (the shared data directory is read at run time)")
    with POSTINGS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    vocab = default_vocabulary()
    methods: collections.Counter[str] = collections.Counter()
    vacancies = []
    for i, row in enumerate(rows):
        tags = [t.strip() for t in row["tags"].split(",") if t.strip()]
        known = []
        for tag in tags:
            found = vocab.canonicalize(tag)
            methods[found.method if found else "empty"] += 1
            if found and found.method != "unknown":
                known.append(tag)
        vacancies.append(
            VacancyProfile(
                id=i, title=row["jobName"], description=" ".join(tags), skills=tuple(known)
            )
        )
    t0 = time.perf_counter()
    index = VacancyIndex.fit(vacancies)
    t_fit = time.perf_counter() - t0
    rng = np.random.default_rng(4)
    picks = rng.choice(len(vacancies), size=60 if args.quick else args.people, replace=False)
    people = [
        SeekerProfile(id=f"p{i}", desired_titles=(vacancies[i].title,), skills=vacancies[i].skills)
        for i in picks.tolist()
    ]
    on_t, naive_t, same, found_self, same_title = [], [], 0, 0, []
    titles = [norm_title(v.title) for v in vacancies]
    for i, person in zip(picks.tolist(), people, strict=True):
        t = time.perf_counter()
        got = index.top_for_seeker(person, 20)
        on_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        want = [
            r
            for r in rank_vacancies(person, vacancies, top=len(vacancies), text_model=index.model)
            if r.fit > 0
        ][:20]
        naive_t.append(time.perf_counter() - t)
        same += [r.vacancy_id for r in got] == [r.vacancy_id for r in want]
        top10 = [r.vacancy_id for r in got[:10]]
        found_self += i in top10
        same_title.append(np.mean([titles[j] == titles[i] for j in top10]) if top10 else 0.0)
    total_tags = sum(methods.values())
    recognised = total_tags - methods["unknown"] - methods["empty"]
    lines = [
        f"Machine: {machine()}",
        "",
        f"- {len(vacancies):,} real postings, fitted in {t_fit:.1f} s ({index.model.size:,} terms); "
        f"{recognised / total_tags:.0%} of the {total_tags:,} tags are known skills "
        f"({', '.join(f'{k} {v:,}' for k, v in methods.most_common())}) — the rest are perks, experience, degrees",
        f"- {len(people)} people made from postings (wanted title + listed skills), top-20 each:",
        f"  - index: {ms(on_t)}",
        f"  - naive stateless path (all postings scored, full sort): {ms(naive_t)}; ratio at p50 "
        f"{pct(naive_t, 50) / pct(on_t, 50):.0f}x; same list {same}/{len(people)}",
        f"  - the posting a person was made from is in their top 10 for {found_self / len(people):.0%}; "
        f"{np.mean(same_title):.0%} of a top 10 share its normalised title",
    ]
    print("\n".join(lines))
    title = "## Real postings (bench_postings.py" + (" --quick)" if args.quick else ")")
    write_section("postings", title + "\n\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
