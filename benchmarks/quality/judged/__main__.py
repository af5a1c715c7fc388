"""`python -m benchmarks.quality.judged pool` pools the methods' top 10 for grading;
`python -m benchmarks.quality.judged report` scores them against `qrels.csv`;
`python -m benchmarks.quality.judged fields` scores the engine for the same people without
their desired jobs, and without their skills (what each field is worth to the first page);
`python -m benchmarks.quality.judged agreement` compares a second judge's grades of every
method's top 5 with the first judge's (writing the second judge's sheet while pairs lack a
grade).

`--corpus old` is the corpus of the earlier rounds (305 written vacancies + the real
postings); `--corpus office2` adds the 517 public-office vacancies of
`vacancies_office2.csv`, `--corpus office3` the 517 of `vacancies_office3.csv` (held
out: written one by one by sessions that saw nothing of the benchmark; the engine is never
tuned on it). `report`, `fields` and `agreement` take every corpus by default, side by side
(`all`; `both` is the old name of `all`); `pool` takes office2 unless told."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.quality.judged.corpus import CORPORA, POSTINGS, load_corpus, load_profiles
from benchmarks.quality.judged.pool import (
    POOL,
    TO_JUDGE,
    merge_pool,
    read_pool,
    read_qrels,
    write_pool,
)
from benchmarks.quality.judged.report import GRADER, build_report, by_segment, table
from benchmarks.quality.judged.run import postings_note, run_methods

RESULTS = Path(__file__).resolve().parents[1] / "RESULTS.md"
TITLES = {
    "old": "Corpus old (the earlier rounds' corpus)",
    "office2": "Corpus office2 (old + 517 public-office vacancies)",
    "office3": "Corpus office3 (old + 517 public-office vacancies written one by one, held out)",
}


def corpus_names(choice: str) -> tuple[str, ...]:
    """The corpora a `--corpus` choice names: one, or every one for `all` (`both`)."""
    return CORPORA if choice in ("all", "both") else (choice,)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality.judged")
    parser.add_argument("command", choices=("pool", "report", "fields", "agreement"))
    parser.add_argument("--postings", type=Path, default=POSTINGS, help="51job-2023.csv")
    parser.add_argument(
        "--corpus",
        choices=(*CORPORA, "all", "both"),
        default=None,
        help="pool: which corpus to pool (default office2); report, agreement: default all",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="report, fields, agreement: print only"
    )
    args = parser.parse_args(argv)

    profiles = load_profiles()
    qrels = read_qrels()
    if args.command == "pool":
        names = corpus_names(args.corpus or "office2")
        old = read_pool()
        pairs = list(old)
        every: dict = {}
        for name in names:
            corpus = load_corpus(args.postings, name)
            every.update({v.id: v for v in corpus})
            pairs = merge_pool(pairs, run_methods(profiles, corpus))
        unjudged = write_pool(pairs, qrels, {p.id: p for p in profiles}, every)
        print(
            f"pool: {len(pairs)} pairs ({len(pairs) - len(set(old))} new this run), "
            f"{unjudged} without a grade. Ids: {POOL}; texts to judge: {TO_JUDGE}"
        )
        return

    ids = [p.id for p in profiles]
    names = corpus_names(args.corpus or "all")
    if args.command == "fields":
        fields(profiles, qrels, names, args)
        return
    if args.command == "agreement":
        agreement(profiles, qrels, names, args)
        return
    parts = []
    for name in names:
        corpus = load_corpus(args.postings, name)
        graded = graded_in(qrels, corpus)
        report = build_report(run_methods(profiles, corpus), graded, ids)
        segments = by_segment(report, ids, {p.id: p.segment for p in profiles})
        parts.append(
            f"### {TITLES[name]}\n\n{postings_note(args.postings, corpus)}; "
            f"{len(graded)} graded pairs of its vacancies.\n\n"
            + table(report)
            + "\n\nBy segment:\n\n"
            + segments
        )
    text = "\n\n".join(parts)
    print(text)
    if args.no_write:
        return
    from benchmarks.matching.common import write_section
    from benchmarks.quality.real_tasks import _commit

    pool_size = len(read_pool())
    body = (
        "## Judged set (pooled top 10, graded 0/1/2)\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {_commit()} (working tree as "
        f"run) by `python -m benchmarks.quality.judged report`. {len(profiles)} seeker profiles written for the benchmark. Pool: "
        f"{pool_size} pairs, {len(qrels)} graded by {GRADER}. Unjudged pairs count as grade 0. "
        "Intervals: 95% percentile bootstrap over profiles (2,000 resamples). How the set is "
        "built and graded: `benchmarks/quality/judged/README.md` and `JUDGING.md`.\n\n" + text
    )
    write_section("judged", body, RESULTS, "Ranking quality: results")


def graded_in(qrels, corpus):  # noqa: ANN001, ANN201
    """The grades of the corpus's own vacancies: a corpus is scored on them only (the ideal
    list of a profile cannot hold a vacancy the corpus does not have)."""
    present = {v.id for v in corpus}
    return {pair: g for pair, g in qrels.items() if pair[1] in present}


def agreement(profiles, qrels, names, args) -> None:  # noqa: ANN001
    """The second judge: write the sheet of the first-page pairs still without a second grade,
    or, when every one has one, compare the judges on each corpus."""
    from benchmarks.quality.judged.agreement import (
        SECOND,
        SHEET,
        agreement_text,
        first_page_pairs,
        write_sheet,
    )

    second = read_qrels(SECOND)
    runs, corpora, missing = {}, {}, set()
    for name in names:
        corpora[name] = load_corpus(args.postings, name)
        runs[name] = run_methods(profiles, corpora[name])
        missing |= first_page_pairs(runs[name]) - second.keys()
    if missing:
        every = {v.id: v for corpus in corpora.values() for v in corpus}
        write_sheet(sorted(missing), {p.id: p for p in profiles}, every)
        print(
            f"{len(missing)} first-page pairs without a second grade: sheet {SHEET}; grade them "
            f"blind (JUDGING.md, without qrels.csv) and append them to {SECOND.name}"
        )
        return
    ids = [p.id for p in profiles]
    text = "\n\n".join(
        f"### {TITLES[name]}\n\n"
        + agreement_text(graded_in(qrels, corpora[name]), second, runs[name], ids)
        for name in names
    )
    print(text)
    if args.no_write:
        return
    from benchmarks.matching.common import write_section
    from benchmarks.quality.real_tasks import _commit

    write_section(
        "judged-agreement",
        "## Judged set: a second judge of the first pages\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {_commit()} (working tree as run) "
        "by `python -m benchmarks.quality.judged agreement`: every pair in the top 5 of BM25, "
        "char TF-IDF or the engine, graded again by a second judge who did not see the first "
        "grades (`qrels_second.csv`; who and how: `judged/README.md`).\n\n" + text,
        RESULTS,
        "Ranking quality: results",
    )


def fields(profiles, qrels, names, args) -> None:  # noqa: ANN001
    """The engine's judged figures for the profiles as written, without their desired titles and
    without their skills; unjudged pairs count 0, and (in brackets) 2: the two bounds."""
    import dataclasses

    from benchmarks.quality.methods import paired_difference

    ids = [p.id for p in profiles]
    variants = {
        "as written": profiles,
        "without desired jobs": [dataclasses.replace(p, desired_titles=()) for p in profiles],
        "without skills": [dataclasses.replace(p, skills=()) for p in profiles],
    }
    lines = [
        "| corpus | profiles | engine nDCG@10 [95% CI] | − as written [95% CI] | "
        "irrelevant in the top 5 | unjudged pairs in its top 10 |",
        "|---|---|---|---|---|---|",
    ]
    for name in names:
        corpus = load_corpus(args.postings, name)
        graded = graded_in(qrels, corpus)
        scored, high = {}, {}
        for label, people in variants.items():
            runs = {"engine": run_methods(people, corpus)["engine"]}
            scored[label] = build_report(runs, graded, ids)
            # the other bound: every unjudged pair in the list counted as grade 2
            best = dict(graded)
            for pid, listed in runs["engine"].items():
                best.update({(pid, v): 2 for v in listed if (pid, v) not in graded})
            high[label] = build_report(runs, best, ids)
        base = scored["as written"].methods[0].ndcg
        for label, report in scored.items():
            m, h = report.methods[0], high[label]
            diff = "" if label == "as written" else str(paired_difference(m.ndcg, base))
            lines.append(
                f"| {name} | {label} | {report.ndcg['engine']} ({h.ndcg['engine'].mean:.3f}) | "
                f"{diff} | {report.irrelevant_top5['engine'].mean:.1%} "
                f"({h.irrelevant_top5['engine'].mean:.1%}) | {m.unjudged} |"
            )
    text = "\n".join(lines)
    print(text)
    if args.no_write:
        return
    from benchmarks.matching.common import write_section
    from benchmarks.quality.real_tasks import _commit

    write_section(
        "judged-fields",
        "## Judged set: what a person's desired jobs and skills are worth to the first page\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {_commit()} (working tree as run) "
        "by `python -m benchmarks.quality.judged fields`: the engine for the same 68 people as "
        "written, without their desired jobs, and without their skills (summary kept). No pair "
        "was graded for the reduced lists: unjudged pairs count 0, and in brackets 2 (the two "
        "bounds). Differences paired over profiles, unjudged pairs at 0.\n\n" + text,
        RESULTS,
        "Ranking quality: results",
    )


if __name__ == "__main__":
    main()
