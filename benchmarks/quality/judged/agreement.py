"""A second judge of the first pages: the pairs in any method's top 5 on a corpus, graded
again, blind, by a judge who never saw the first grades. How far two careful readers agree,
and what each method's first page looks like under either judge's grades.

The second judge's grades are `qrels_second.csv` (ids, grade, note; committed like
`qrels.csv`); the sheet the judge reads goes to the git-ignored `out/`."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from benchmarks.quality.judged.corpus import HERE, Profile, Vacancy
from benchmarks.quality.judged.pool import OUT, Pair, blind_order
from benchmarks.quality.judged.report import score_method
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
    from sklearn.metrics import cohen_kappa_score

    return float(cohen_kappa_score(a, b, weights="linear" if linear else None))


def readings(first: Mapping[Pair, int], second: Mapping[Pair, int]) -> dict[str, dict[Pair, int]]:
    """The grades under each reading of the two judges, for the report's "irrelevant in the
    top 5" (grade 0 or ungraded): judge 1, judge 2, either (0 when one judge says 0) and both
    (0 only when both say 0)."""
    pairs = first.keys() | second.keys()
    either = {p: int(first.get(p, 0) > 0 and second.get(p, 0) > 0) for p in pairs}
    both = {p: int(first.get(p, 0) > 0 or second.get(p, 0) > 0) for p in pairs}
    return {
        "judge 1": dict(first),
        "judge 2": dict(second),
        "either judge says 0": either,
        "both judges say 0": both,
    }


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
        "| method | " + " | ".join(readings({}, {})) + " |",
        "|---|---|---|---|---|",
    ]

    views = readings(first, second)
    for name, ranking in runs.items():
        cells = [
            bootstrap(score_method(name, ranking, grades, profile_ids).irrelevant_top5)
            for grades in views.values()
        ]
        lines.append(
            f"| {name} | "
            + " | ".join(f"{c.mean:.1%} [{c.low:.1%}, {c.high:.1%}]" for c in cells)
            + " |"
        )
    return "\n".join(lines)
