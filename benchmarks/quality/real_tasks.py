"""Ranking quality on 4,581 real job postings (51job, Oct–Dec 2023), engine vs BM25 vs char
TF-IDF in one run. The postings are read at run time from ../shared/data/postings/ and never
copied into the repository.

The file has a title (jobName) and tags (experience, degree, skills and benefits mixed), no
description. Skills are the tags left after removing the row's own workYear and degree
values, experience phrases and benefits (a word list below, checked by reading the tags).
Each task reconnects a posting's own halves, so relevance needs no human label:

- T1 title → requirements: a desired title against postings shown by their skills only.
  Relevant: every posting whose own (normalised) title is the query title. One query per
  distinct title of postings with ≥ 2 skills.
- T2 skills → titles: a posting's skills (as the person's skills) against the distinct
  titles (shown by title only). Relevant: that posting's own title.
- T3 title + half the skills → full postings: the desired title and a seeded random half of
  the posting's skills against full postings (title + skills), many with the same title.
  Relevant: the posting itself and its exact duplicates.

Every method sees the same fields: the baselines get the fields as one text; the engine gets
them as the product would (desired titles and skills of a person; title and skills of a
vacancy, coded by the title classifier). Ranks past 100 count as not found (MRR 0).

T2 is reported twice for the engine. In the product the index's other vacancies list both a
title and skills and teach which titles go with which skills (profile [titles]); T2's corpus
shows titles only, so on its own it teaches nothing ("engine"). The second row
(`CrossFitted`) lets each query's engine learn from the full postings of the other 4 of 5
folds (crc32 of jobName + companyName), so neither its own posting nor the same company's
posting of the same title is seen: the product's situation without the leak.

Run from the repository root:
    .venv/bin/python -m benchmarks.quality.real_tasks [--quick] [--queries N] [--seed S]
        [--no-write]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.matching.common import write_section  # noqa: E402
from benchmarks.quality.judged.corpus import POSTINGS  # noqa: E402
from benchmarks.quality.methods import (  # noqa: E402
    BM25,
    CharTfidf,
    Engine,
    bootstrap,
    ndcg_at,
    occupation_codes,
    paired_ratio,
    recall_at,
    reciprocal_rank,
)
from jobhub.matching import SeekerProfile, VacancyProfile  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
DEPTH = 100
FOLDS = 5
# Benefits and working conditions found among the tags (read off the file's most frequent
# tags); any tag containing one of these is not a skill.
BENEFITS = re.compile(
    "补贴|奖金|福利|体检|旅游|双休|年假|班车|五险|六险|公积金|期权|下午茶|保险|假期|包吃|包住|"
    "包三餐|培训|弹性|节日|全勤|双薪|加班|团建|零食|股票|餐补|房补|饭补|住宿|年终|带薪|出国|免费|"
    "单休|大小周|健身|朝九晚|做五休二|氛围|晋升|调薪|宿舍|公寓|食堂|产假|环境"
)
EXPERIENCE = re.compile(
    r"^(\d+(-\d+)?年.*|无需经验|经验不限|在校生/应届生|.*应届.*|\d+年以上经验)$"
)


@dataclass(frozen=True)
class Post:
    row: int
    title: str
    skills: tuple[str, ...]
    company: str = ""


def norm(title: str) -> str:
    return re.sub(r"\s+", "", title).lower()


def load(path: Path) -> list[Post]:
    posts = []
    with path.open(encoding="utf-8", newline="") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            tags = [t.strip() for t in r["tags"].split(",") if t.strip()]
            own = {r["workYear"].strip(), r["degree"].strip()}
            skills = [
                t
                for t in tags
                if t not in own and not BENEFITS.search(t) and not EXPERIENCE.match(t)
            ]
            posts.append(
                Post(
                    i,
                    r["jobName"].strip(),
                    tuple(dict.fromkeys(skills)),
                    r.get("companyName", "").strip(),
                )
            )
    return posts


@dataclass
class Task:
    name: str
    description: str
    doc_text: list[str]  # what the baselines index
    doc_vacancies: list[VacancyProfile]  # what the engine indexes (same fields)
    queries: list[tuple[str, SeekerProfile, set[int]]]  # (baseline text, engine person, relevant)
    sources: list[Post] | None = None  # T2: the posting behind each query


def build_tasks(posts: list[Post], n_queries: int, seed: int) -> list[Task]:
    rng = random.Random(seed)
    with_skills = [p for p in posts if len(p.skills) >= 2]
    codes = occupation_codes([p.title for p in posts])

    def person(titles: tuple[str, ...], skills: tuple[str, ...]) -> SeekerProfile:
        return SeekerProfile(
            id="q",
            desired_titles=titles,
            skills=skills,
            occupation_codes=tuple(c for c in (codes.get(t) for t in titles) if c),
        )

    # T1: title -> postings shown by their skills only
    by_title: dict[str, set[int]] = defaultdict(set)
    for i, p in enumerate(with_skills):
        by_title[norm(p.title)].add(i)
    first_title = {norm(p.title): p.title for p in reversed(with_skills)}
    titles = sorted(by_title)
    t1_q = rng.sample(titles, min(n_queries, len(titles)))
    t1 = Task(
        "T1 title → requirements",
        "desired title against postings shown by their skills only; relevant: postings with that title",
        [" ".join(p.skills) for p in with_skills],
        [VacancyProfile(id=i, title="", skills=p.skills) for i, p in enumerate(with_skills)],
        [(first_title[t], person((first_title[t],), ()), by_title[t]) for t in t1_q],
    )

    # T2: skills -> distinct titles
    distinct = sorted(first_title.values(), key=norm)
    where = {norm(t): i for i, t in enumerate(distinct)}
    t2_q = rng.sample(with_skills, min(n_queries, len(with_skills)))
    t2 = Task(
        "T2 skills → titles",
        "a posting's skills against the distinct titles; relevant: its own title",
        list(distinct),
        [
            VacancyProfile(id=i, title=t, occupation_code=codes.get(t))
            for i, t in enumerate(distinct)
        ],
        [(" ".join(p.skills), person((), p.skills), {where[norm(p.title)]}) for p in t2_q],
        t2_q,
    )

    # T3: title + half the skills -> full postings, among near-duplicate titles
    key: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
    for i, p in enumerate(with_skills):
        key[(norm(p.title), tuple(sorted(p.skills)))].add(i)
    t3_q = []
    for p in rng.sample(with_skills, min(n_queries, len(with_skills))):
        half = tuple(rng.sample(p.skills, max(1, len(p.skills) // 2)))
        relevant = key[(norm(p.title), tuple(sorted(p.skills)))]
        t3_q.append((f"{p.title} {' '.join(half)}", person((p.title,), half), relevant))
    t3 = Task(
        "T3 title + half the skills → full postings",
        "desired title and half the skills against full postings; relevant: the posting itself",
        [f"{p.title} {' '.join(p.skills)}" for p in with_skills],
        [
            VacancyProfile(id=i, title=p.title, skills=p.skills, occupation_code=codes.get(p.title))
            for i, p in enumerate(with_skills)
        ],
        t3_q,
    )
    return [t1, t2, t3]


def fold_of(post: Post) -> int:
    """A posting's fold for cross-fitting: its title and company together, so neither a
    posting nor the same company's posting of the same title teaches its own query."""
    return zlib.crc32((post.title + post.company).encode()) % FOLDS


class CrossFitted:
    """The engine for T2 as it works in the product, where the index's other vacancies list
    both a title and skills and teach which titles go with which skills (profile [titles]).
    T2's corpus shows titles only, so it cannot teach: each query's engine learns from the
    full postings of the other folds (`fold_of`) instead, in a title space over those titles
    and the corpus's, and ranks the same corpus as `Engine`."""

    def __init__(self, task: Task, posts: Sequence[Post]) -> None:
        from jobhub.matching.index import learn_titles
        from jobhub.matching.profile import load_profile
        from jobhub.matching.skills import default_vocabulary

        assert task.sources is not None
        profile, vocabulary = load_profile(), default_vocabulary()
        self._engines = []
        for f in range(FOLDS):
            teach = [
                VacancyProfile(id=f"t{p.row}", title=p.title, skills=p.skills)
                for p in posts
                if p.skills and fold_of(p) != f
            ]
            learnt = learn_titles([*teach, *task.doc_vacancies], vocabulary, profile)
            self._engines.append(Engine(task.doc_vacancies, titles=learnt))
        self._query_fold = [fold_of(p) for p in task.sources]

    def rank_query(self, q: int, seeker: SeekerProfile, k: int) -> list[int]:
        return self._engines[self._query_fold[q]].rank(seeker, k)


ENGINE_CROSS_FITTED = "engine, learning titles from the other postings (cross-fitted)"


def evaluate(task: Task, posts: Sequence[Post]) -> dict[str, dict[str, list[float]]]:
    methods = {
        "BM25": BM25(task.doc_text),
        "char TF-IDF": CharTfidf(task.doc_text),
        "engine": Engine(task.doc_vacancies),
    }
    crossfit = CrossFitted(task, posts) if task.sources is not None else None
    names = [*methods, *([ENGINE_CROSS_FITTED] if crossfit else [])]
    out: dict[str, dict[str, list[float]]] = {
        m: {"MRR": [], "nDCG@10": [], "Recall@10": []} for m in names
    }
    for q, (text, seeker, relevant) in enumerate(task.queries):
        for name in names:
            if name == ENGINE_CROSS_FITTED:
                assert crossfit is not None
                ranked = crossfit.rank_query(q, seeker, DEPTH)
            else:
                ranked = methods[name].rank(seeker if name == "engine" else text, DEPTH)
            out[name]["MRR"].append(reciprocal_rank(ranked, relevant))
            out[name]["nDCG@10"].append(ndcg_at(ranked, dict.fromkeys(relevant, 1.0)))
            out[name]["Recall@10"].append(recall_at(ranked, relevant))
    return out


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
    except OSError:
        return "?"


def report(tasks: list[Task], results: list[dict], seconds: float, command: str) -> str:
    lines = [
        f"Measured on {date.today().isoformat()} at commit {_commit()} "
        f"(working tree as run), in {seconds:.0f} s: `{command}`.",
        "",
        "| task | queries | method | MRR [95% CI] | nDCG@10 | Recall@10 |",
        "|---|---|---|---|---|---|",
    ]
    ratios = []
    for task, res in zip(tasks, results, strict=True):
        for name, metrics in res.items():
            lines.append(
                f"| {task.name} | {len(task.queries)} | {name} | {bootstrap(metrics['MRR'])} | "
                f"{bootstrap(metrics['nDCG@10'])} | {bootstrap(metrics['Recall@10'])} |"
            )
        for engine_name in [n for n in res if n.startswith("engine")]:
            engine = res[engine_name]["MRR"]
            for base in ("BM25", "char TF-IDF"):
                r = paired_ratio(engine, res[base]["MRR"])
                ceiling = max(bootstrap(res[b]["MRR"]).mean for b in ("BM25", "char TF-IDF"))
                note = (
                    " (a baseline is at the ceiling, MRR ≥ 0.95: the target is to match it)"
                    if ceiling >= 0.95
                    else ""
                )
                ratios.append(f"- {task.name}: {engine_name} / {base} MRR = {r}{note}")
    lines += ["", "Paired ratios (the same queries resampled for both methods):", "", *ratios]
    lines += ["", "Tasks:", ""] + [f"- {t.name}: {t.description}." for t in tasks]
    if any(t.sources is not None for t in tasks):
        lines.append(
            f"- {ENGINE_CROSS_FITTED}: the engine as in the product, where other vacancies "
            "list titles and skills and teach which go together; here each query's engine "
            "learns from the full postings of the other 4 of 5 folds (crc32 of jobName + "
            "companyName), never from its own posting or its company's same title."
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--postings", type=Path, default=POSTINGS)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--quick", action="store_true", help="150 queries per task, no file written")
    ap.add_argument("--no-write", action="store_true", help="print only (other seeds)")
    args = ap.parse_args()
    if args.quick:
        args.queries = 150
    if not args.postings.exists():
        sys.exit(f"找不到真实岗位数据：{args.postings}（见 ../shared/data/README.md）")
    t0 = time.perf_counter()
    posts = load(args.postings)
    tasks = build_tasks(posts, args.queries, args.seed)
    results = [evaluate(t, posts) for t in tasks]
    command = "python -m benchmarks.quality.real_tasks" + (" --quick" if args.quick else "")
    if args.seed != 11:
        command += f" --seed {args.seed}"
    body = report(tasks, results, time.perf_counter() - t0, command)
    print(body)
    if not args.quick and not args.no_write:
        write_section(
            "real",
            "## Real postings: reconnecting the postings' own halves\n\n" + body,
            RESULTS,
            "Ranking quality: results",
        )


if __name__ == "__main__":
    main()
