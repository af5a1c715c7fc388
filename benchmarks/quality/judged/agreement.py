"""A second judge of the first pages: the pairs in any method's top 5 on a corpus, graded
again, blind, by a judge who never saw the first grades. How far two careful readers agree,
and what each method's first page looks like under either judge's grades.

The second judge's grades are `qrels_second.csv` (ids, grade, note; committed like
`qrels.csv`); the sheet the judge reads goes to the git-ignored `out/`."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from benchmarks.quality.judged.corpus import HERE, Profile, Vacancy
from benchmarks.quality.judged.pool import OUT, Pair, blind_order
from benchmarks.quality.methods import bootstrap

SECOND = HERE / "qrels_second.csv"
SHEET = OUT / "second_judge_to_grade.csv"
DEPTH = 5
GRADES = (0, 1, 2)


def first_page_pairs(runs: Mapping[str, Mapping[str, Sequence[str]]]) -> set[Pair]:
    """Every (profile, vacancy) in any method's top DEPTH."""
    return {(pid, vid) for r in runs.values() for pid, ids in r.items() for vid in ids[:DEPTH]}


def write_sheet(
    pairs: Sequence[Pair],
    profiles: Mapping[str, Profile],
    vacancies: Mapping[str, Vacancy],
    path: Path = SHEET,
) -> None:
    """The second judge's sheet: texts only, blind order, no grade of anyone's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["profile_id", "vacancy_id", "grade", "note", "profile", "vacancy"])
        for pid, vid in blind_order(pairs):
            w.writerow([pid, vid, "", "", profiles[pid].for_judge(), vacancies[vid].for_judge()])


def cohen_kappa(a: Sequence[int], b: Sequence[int], *, linear: bool = False) -> float:
    """Cohen's kappa of two judges over the same items; `linear` weights a disagreement by
    its distance (0 vs 2 counts twice 0 vs 1)."""
    labels = sorted(set(a) | set(b))
    index = {g: i for i, g in enumerate(labels)}
    n = len(labels)
    observed = np.zeros((n, n))
    for x, y in zip(a, b, strict=True):
        observed[index[x], index[y]] += 1
    observed /= observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    if linear:
        values = np.array(labels, dtype=float)
        span = values.max() - values.min() or 1.0
        weight = np.abs(values[:, None] - values[None, :]) / span
    else:
        weight = 1.0 - np.eye(n)
    disagreement = (weight * expected).sum()
    return 1.0 - (weight * observed).sum() / disagreement if disagreement else 1.0


def first_page_bad(
    ranking: Mapping[str, Sequence[str]],
    is_irrelevant: Callable[[str, str], bool],
    profile_ids: Sequence[str],
) -> list[float]:
    """Per profile 1.0 if its top DEPTH holds a vacancy `is_irrelevant` calls irrelevant."""
    return [
        1.0 if any(is_irrelevant(pid, v) for v in list(ranking.get(pid, ()))[:DEPTH]) else 0.0
        for pid in profile_ids
    ]


def agreement_text(
    first: Mapping[Pair, int],
    second: Mapping[Pair, int],
    runs: Mapping[str, Mapping[str, Sequence[str]]],
    profile_ids: Sequence[str],
) -> str:
    """The agreement of the two judges on the pairs both graded, and each method's share of
    profiles with an irrelevant vacancy in the top 5 under judge 1, judge 2, either (a pair
    is irrelevant if one judge says 0) and both (only if both say 0)."""
    both = sorted(p for p in second if p in first)
    a = [first[p] for p in both]
    b = [second[p] for p in both]
    same = sum(x == y for x, y in zip(a, b, strict=True))
    a0 = [int(x > 0) for x in a]
    b0 = [int(y > 0) for y in b]
    same0 = sum(x == y for x, y in zip(a0, b0, strict=True))
    lines = [
        f"Pairs graded by both judges: {len(both)}. Same grade: {same} ({same / len(both):.1%}); "
        f"Cohen's kappa {cohen_kappa(a, b):.3f}, linearly weighted {cohen_kappa(a, b, linear=True):.3f}. "
        f"Relevant (1–2) or not (0), the call the first-page figure rests on: the same for "
        f"{same0} ({same0 / len(both):.1%}), kappa {cohen_kappa(a0, b0):.3f}.",
        "",
        "| judge 1 \\ judge 2 | 0 | 1 | 2 | pairs |",
        "|---|---|---|---|---|",
    ]
    for g in GRADES:
        row = [sum(1 for x, y in zip(a, b, strict=True) if x == g and y == h) for h in GRADES]
        lines.append(f"| {g} | " + " | ".join(str(c) for c in row) + f" | {sum(row)} |")
    cols = [sum(1 for y in b if y == h) for h in GRADES]
    lines.append("| pairs | " + " | ".join(str(c) for c in cols) + f" | {len(both)} |")
    lines += [
        "",
        "Profiles with an irrelevant vacancy in the top 5 (95% CI over profiles; an ungraded "
        "pair counts as irrelevant):",
        "",
        "| method | judge 1 | judge 2 | either judge says 0 | both judges say 0 |",
        "|---|---|---|---|---|",
    ]

    def bad(qrels: Mapping[Pair, int]) -> Callable[[str, str], bool]:
        return lambda pid, v: qrels.get((pid, v), 0) == 0

    def either(pid: str, v: str) -> bool:
        return bad(first)(pid, v) or bad(second)(pid, v)

    def all_of(pid: str, v: str) -> bool:
        return bad(first)(pid, v) and bad(second)(pid, v)

    for name, ranking in runs.items():
        cells = [
            bootstrap(first_page_bad(ranking, rule, profile_ids))
            for rule in (bad(first), bad(second), either, all_of)
        ]
        lines.append(
            f"| {name} | "
            + " | ".join(f"{c.mean:.1%} [{c.low:.1%}, {c.high:.1%}]" for c in cells)
            + " |"
        )
    return "\n".join(lines)
