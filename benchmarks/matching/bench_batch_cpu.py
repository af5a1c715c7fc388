"""CPU per person of `BatchRanker.rank`, this tree against a reference revision, side by side.

The index (synthetic vacancies) and the blocks of synthetic people are built once and stored;
then processes alternate between the reference's `jobhub` (from `git archive REV`) and this
tree's, each ranking the same blocks after one warm-up block and reporting the CPU time of
the ranking (`time.process_time`, so the machine's load counts little). Every person's list
(ids, scores, eligibility) must be identical across all runs.

    python benchmarks/matching/bench_batch_cpu.py --ref main --rounds 3 [--write]
        [--no-skills 0.25 --skills-only 0.25]   # bench_batch's harder mix
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

RUN = """
import pickle, sys, time
import jobhub
from jobhub.matching.batch import BatchRanker
with open(sys.argv[1], "rb") as f:
    index, blocks = pickle.load(f)
ranker = BatchRanker(index)
ranker.rank(blocks[0], 20)  # warm-up: memos, the vacancy sides, the tiles' matrices
out = []
t = time.process_time()
for block in blocks[1:]:
    out.extend(ranker.rank(block, 20))
cpu = time.process_time() - t
with open(sys.argv[2], "wb") as f:
    pickle.dump((cpu, [(r.seeker_id, r.vacancy_ids, r.scores, r.eligible) for r in out],
                 (ranker.stats.certified, ranker.stats.ring, ranker.stats.online),
                 jobhub.__file__), f)
"""


def build(
    path: Path, vacancies: int, blocks: int, block: int, no_skills: float, skills_only: float
) -> None:
    sys.path[:0] = [str(ROOT), str(HERE)]
    import cloudpickle
    import synth

    from jobhub.matching.index import VacancyIndex

    u = synth.Universe()
    # the same shares and seeds as bench_batch (its blocks of people: the same people)
    index = VacancyIndex.fit(
        synth.without_skills(list(synth.vacancies(vacancies, universe=u)), no_skills)
    )
    index.compact()
    people = [
        synth.skills_only(
            list(synth.seekers(block, seed=10_000 + i, universe=u, start_id=i * block)),
            skills_only,
            seed=20_000 + i,
        )
        for i in range(blocks)
    ]
    with path.open("wb") as f:
        cloudpickle.dump((index, people), f)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", default="main")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--vacancies", type=int, default=100_000)
    ap.add_argument("--blocks", type=int, default=6, help="blocks of people, the first a warm-up")
    ap.add_argument("--block", type=int, default=2048)
    ap.add_argument("--no-skills", type=float, default=0.0, help="share of vacancies listing none")
    ap.add_argument(
        "--skills-only", type=float, default=0.0, help="share of people naming no desired job"
    )
    ap.add_argument("--write", action="store_true", help="write the section batch-cpu")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_batch_cpu."))
    ref_tree = work / "ref"
    ref_tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", args.ref, "jobhub"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(ref_tree)], input=archive, check=True)
    ref_commit = subprocess.run(
        ["git", "rev-parse", "--short", args.ref], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    here_commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    data = work / "data.pkl"
    build(data, args.vacancies, args.blocks, args.block, args.no_skills, args.skills_only)
    runs: dict[str, list[float]] = {"ref": [], "this": []}
    lists: list[list] = []
    paths: dict[str, tuple] = {}
    for r in range(args.rounds):
        for name, tree in (("ref", ref_tree), ("this", ROOT)):
            out = work / f"{name}{r}.pkl"
            env = dict(os.environ, PYTHONPATH=str(tree))
            # run from the temporary folder: with `-c` the current folder comes first on
            # sys.path, and from the checkout it would import this tree's jobhub for both
            subprocess.run(
                [sys.executable, "-c", RUN, str(data), str(out)], env=env, check=True, cwd=work
            )
            with out.open("rb") as f:
                cpu, got, paths[name], imported = pickle.load(f)
            assert Path(imported).resolve().is_relative_to(tree.resolve()), imported
            runs[name].append(cpu / len(got) * 1e3)
            lists.append(got)
            print(f"round {r + 1} {name}: {runs[name][-1]:.3f} ms CPU per person", flush=True)
    same = sum(all(run[i] == lists[0][i] for run in lists) for i in range(len(lists[0])))
    ref, this = runs["ref"], runs["this"]
    mean_ref, mean_this = sum(ref) / len(ref), sum(this) / len(this)
    load = os.getloadavg()
    lines = [
        f"`python benchmarks/matching/bench_batch_cpu.py --ref {args.ref} --rounds {args.rounds}"
        + (
            f" --no-skills {args.no_skills} --skills-only {args.skills_only}`, "
            if args.no_skills or args.skills_only
            else "`, "
        )
        + f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {here_commit} against "
        f"{args.ref} ({ref_commit}), load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
        f"- {args.vacancies:,} synthetic vacancies ({args.no_skills:.0%} listing no skills), "
        f"{args.blocks - 1} blocks of {args.block:,} synthetic people ({args.skills_only:.0%} "
        "naming no desired job) after one warm-up block, one process per run, alternating",
        f"- CPU per person (process_time of the ranking): {args.ref} "
        f"{', '.join(f'{x:.3f}' for x in ref)} ms (mean {mean_ref:.3f}); this tree "
        f"{', '.join(f'{x:.3f}' for x in this)} ms (mean {mean_this:.3f}): "
        f"{(1 - mean_this / mean_ref) * 100:.1f} % less",
        f"- lists identical (ids, scores, eligibility) in every run: {same}/{len(lists[0])} people; "
        f"paths (certified, ring, online) {args.ref} {paths['ref']}, this tree {paths['this']}",
    ]
    print("\n".join(lines))
    if args.write:
        sys.path[:0] = [str(HERE)]
        from common import write_section

        mixed = args.no_skills > 0 or args.skills_only > 0
        write_section(
            "batch-cpu-mix" if mixed else "batch-cpu",
            "## Batch: CPU per person, side by side"
            + (" (a harder mix)" if mixed else "")
            + "\n\n"
            + "\n".join(lines),
        )


if __name__ == "__main__":
    main()
