"""Speed of the title classifier side by side with an earlier commit's, in one run.

    .venv/bin/python -m benchmarks.occupations.speed_compare          # against the fork from main
    .venv/bin/python -m benchmarks.occupations.speed_compare --base HEAD~1

The earlier commit's ``jobhub`` package is unpacked (``git archive``) into a temporary folder;
each side is timed in its own Python process (same interpreter, same titles), alternating
base, current, base, current … so that load from other work on the machine falls on both.
Titles: the 4,581 real 51job titles, read at run time from ../shared/data/postings (never
copied into the repository).

Printed per side, median over the rounds: fit time; ``classify_many`` in calls of 1,000
titles (the API's limit) in titles/s of wall time and of the process's CPU time (on a shared
machine the CPU figure is what the code costs; the wall figure what a caller waited);
``classify`` one title per call over 300 titles, in ms per title (median and 95th percentile
of the single calls, and the mean CPU time).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.occupations.speed import POSTINGS, machine

ROOT = Path(__file__).resolve().parents[2]

# Runs inside each side's process, with that side's jobhub first on sys.path.
MEASURE = r"""
import csv, json, statistics, sys, time
from jobhub.occupations.classifier import TitleClassifier
titles = [r["jobName"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))]
started = time.perf_counter()
model = TitleClassifier.fit()
fit = time.perf_counter() - started
model.classify_many(titles[:50])
started, cpu = time.perf_counter(), time.process_time()
for i in range(0, len(titles), 1000):
    model.classify_many(titles[i : i + 1000], top=5)
batch = len(titles) / (time.perf_counter() - started)
batch_cpu = len(titles) / (time.process_time() - cpu)
single, single_cpu = [], []
for title in titles[::15][:300]:
    started, cpu = time.perf_counter(), time.process_time()
    model.classify(title, 5)
    single.append((time.perf_counter() - started) * 1000)
    single_cpu.append((time.process_time() - cpu) * 1000)
single.sort()
print(json.dumps({"fit": fit, "batch": batch, "batch_cpu": batch_cpu,
                  "single_median": statistics.median(single),
                  "single_p95": single[int(len(single) * 0.95)],
                  "single_cpu": sum(single_cpu) / len(single_cpu)}))
"""


def _run(tree: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(POSTINGS)],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--base", default="", help="the commit to compare with (default: where HEAD left main)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not POSTINGS.exists():
        sys.exit(f"needs {POSTINGS} (the shared 51job postings)")
    revision = (
        args.base
        or subprocess.run(
            ["git", "merge-base", "HEAD", "main"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    base = subprocess.run(
        ["git", "rev-parse", "--short", revision],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "archive", base, "jobhub"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        sides = {f"base {base}": Path(folder), "current working tree": ROOT}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        for _ in range(args.rounds):
            for name, tree in sides.items():
                runs[name].append(_run(tree))
    print(f"{args.rounds} rounds alternating, 4,581 51job titles; medians over rounds\n")
    print(
        "| side | fit s | batch titles/s (calls of 1,000) | per CPU second | "
        "one title ms, median | p95 | CPU ms, mean |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, measured in runs.items():
        cell = {k: statistics.median(m[k] for m in measured) for k in measured[0]}
        print(
            f"| {name} | {cell['fit']:.2f} | {cell['batch']:,.0f} | {cell['batch_cpu']:,.0f} | "
            f"{cell['single_median']:.2f} | {cell['single_p95']:.2f} | {cell['single_cpu']:.2f} |"
        )


if __name__ == "__main__":
    main()
