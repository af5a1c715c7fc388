"""Metrics of the judged set: nDCG@10 (grades 0/1/2, gain 2^g − 1; unjudged = 0 and counted)
and the share of profiles with an irrelevant (grade 0 or unjudged) vacancy in the top 5, each
with a 95% bootstrap interval over profiles, and the paired difference engine − BM25."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from benchmarks.quality.methods import Estimate, bootstrap, ndcg_at, paired_difference

Pair = tuple[str, str]
GRADER = (
    "AI developer sessions (helpers of the lead), blind to method, following JUDGING.md: "
    "the old corpus's pairs on 2026-12-05, the 521 pairs the office2 corpus added on "
    "2026-12-06 (by the session that wrote that corpus), 4 pairs of a re-pool after the "
    "classifier's fourth round and 7 of one after its seventh round on 2026-12-06 (each by a "
    "fresh session given only the pairs), and the 452 pairs the held-out office3 corpus added "
    "on 2026-12-07 (by two fresh sessions that had not written it, given only JUDGING.md, "
    "judge_brief.md and the sheet)"
)


@dataclass(frozen=True)
class MethodScores:
    name: str
    ndcg: list[float]  # per profile, in profile order
    irrelevant_top5: list[float]  # 1.0 if the profile's top 5 holds a grade-0/unjudged vacancy
    unjudged: int  # pairs in this method's top 10 without a grade


def profile_grades(qrels: Mapping[Pair, int], profile_id: str) -> dict[str, float]:
    return {vid: float(g) for (pid, vid), g in qrels.items() if pid == profile_id}


def score_method(
    name: str,
    ranking: Mapping[str, Sequence[str]],
    qrels: Mapping[Pair, int],
    profile_ids: Sequence[str],
    k: int = 10,
) -> MethodScores:
    ndcg, bad, unjudged = [], [], 0
    for pid in profile_ids:
        grades = profile_grades(qrels, pid)
        ranked = list(ranking.get(pid, ()))[:k]
        ndcg.append(ndcg_at(ranked, grades, k))  # type: ignore[arg-type]
        bad.append(1.0 if any(grades.get(v, 0.0) == 0 for v in ranked[:5]) else 0.0)
        unjudged += sum(1 for v in ranked if (pid, v) not in qrels)
    return MethodScores(name, ndcg, bad, unjudged)


@dataclass(frozen=True)
class Report:
    methods: list[MethodScores]
    ndcg: dict[str, Estimate]
    irrelevant_top5: dict[str, Estimate]
    engine_minus_bm25: Estimate | None
    profiles: int


def build_report(
    runs: Mapping[str, Mapping[str, Sequence[str]]],
    qrels: Mapping[Pair, int],
    profile_ids: Sequence[str],
) -> Report:
    scores = [score_method(name, ranking, qrels, profile_ids) for name, ranking in runs.items()]
    by_name = {s.name: s for s in scores}
    diff = (
        paired_difference(by_name["engine"].ndcg, by_name["BM25"].ndcg)
        if {"engine", "BM25"} <= by_name.keys()
        else None
    )
    return Report(
        methods=scores,
        ndcg={s.name: bootstrap(s.ndcg) for s in scores},
        irrelevant_top5={s.name: bootstrap(s.irrelevant_top5) for s in scores},
        engine_minus_bm25=diff,
        profiles=len(profile_ids),
    )


def table(report: Report) -> str:
    lines = [
        "| method | nDCG@10 [95% CI] | profiles with an irrelevant vacancy in the top 5 "
        "[95% CI] | unjudged pairs in its top 10 |",
        "|---|---|---|---|",
    ]
    for s in report.methods:
        lines.append(
            f"| {s.name} | {report.ndcg[s.name]} | {report.irrelevant_top5[s.name]} | "
            f"{s.unjudged} |"
        )
    if report.engine_minus_bm25 is not None:
        lines.append("")
        lines.append(f"Paired difference engine − BM25 in nDCG@10: {report.engine_minus_bm25}")
    return "\n".join(lines)


def by_segment(report: Report, profile_ids: Sequence[str], segments: Mapping[str, str]) -> str:
    """Mean nDCG@10 and irrelevant-in-top-5 share per profile segment (no intervals: the
    segments hold 3–14 profiles each)."""
    order = list(dict.fromkeys(segments[p] for p in profile_ids))
    head = " | ".join(f"{s.name} nDCG@10 / irrelevant top 5" for s in report.methods)
    lines = [f"| segment (profiles) | {head} |", "|---" * (1 + len(report.methods)) + "|"]
    for seg in order:
        idx = [i for i, p in enumerate(profile_ids) if segments[p] == seg]
        cells = []
        for s in report.methods:
            nd = sum(s.ndcg[i] for i in idx) / len(idx)
            bad = sum(s.irrelevant_top5[i] for i in idx)
            cells.append(f"{nd:.3f} / {bad:.0f} of {len(idx)}")
        lines.append(f"| {seg} ({len(idx)}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)
