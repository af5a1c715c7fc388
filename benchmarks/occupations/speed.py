"""Speed of the job-title classifier, side by side with naive baselines, in one run.

Titles: the 4,581 real 51job titles, read at run time from ../shared/data/postings (never
copied into the repository), in calls of 1,000 (the API's limit).  Printed:

* fit time of the default model (what the first request pays, or ``warm()``);
* ``classify_many`` in calls of 1,000 titles (the shipped, vectorised path);
* ``classify`` one title per call (the same model, no batching);
* naive baseline: clean the title, then ``rapidfuzz.process.extract`` over all labels with
  ``WRatio`` (the usual first attempt), one title at a time; its accuracy on the labelled
  titles is printed too, so speed is not bought with quality;
* coverage on the 51job titles: how many get a top-1 score of 0.8 or more, and by which kind
  of evidence.

Run from the repository root:  .venv/bin/python benchmarks/occupations/speed.py
"""

from __future__ import annotations

import csv
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import NaiveBaseline  # noqa: E402

from jobhub.occupations.classifier import TitleClassifier  # noqa: E402

POSTINGS = ROOT.parent / "shared" / "data" / "postings" / "51job-2023.csv"
LABELLED = ROOT / "tests" / "occupations" / "labelled_titles.csv"
BATCH = 1000


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load:.1f} at start"
    )


def best_of(runs: int, work: Callable[[], object]) -> float:
    """Median wall time of ``runs`` runs of ``work``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    if not POSTINGS.exists():
        sys.exit(f"needs {POSTINGS} (the shared 51job postings)")
    with POSTINGS.open(encoding="utf-8", newline="") as handle:
        titles = [row["jobName"] for row in csv.DictReader(handle)]
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        labelled = list(csv.DictReader(handle))
    print(f"machine: {machine()}")
    print(f"titles: {len(titles)} 51job titles, calls of {BATCH}\n")

    fit_seconds = best_of(3, TitleClassifier.fit)
    model = TitleClassifier.fit()
    model.classify_many(titles[:50])  # first-call allocations out of the timing

    def batched() -> None:
        for start in range(0, len(titles), BATCH):
            model.classify_many(titles[start : start + BATCH], top=5)

    batch_seconds = best_of(3, batched)
    sample = titles[:500]
    single_seconds = best_of(1, lambda: [model.classify(t, 5) for t in sample])
    naive = NaiveBaseline()
    naive_seconds = best_of(1, lambda: [naive.classify(t, 5) for t in sample])

    batch_rate = len(titles) / batch_seconds
    single_rate = len(sample) / single_seconds
    naive_rate = len(sample) / naive_seconds
    print(f"fit (default model)                 {fit_seconds:8.2f} s")
    print(f"classify_many, calls of {BATCH}      {batch_rate:8.0f} titles/s   1.00x")
    print(f"classify, one title per call        {single_rate:8.0f} titles/s   ", end="")
    print(f"{single_rate / batch_rate:.2f}x")
    print(f"naive rapidfuzz WRatio scan         {naive_rate:8.0f} titles/s   ", end="")
    print(f"{naive_rate / batch_rate:.2f}x")
    print(f"1,000 titles (the API maximum) take {BATCH / batch_rate * 1000:.0f} ms batched")

    print("\naccuracy on the labelled titles (top-1 / top-5), same run:")
    results = model.classify_many([r["title"] for r in labelled], top=5)
    for split in ("dev", "fresh"):
        rows = [(r, c) for r, c in zip(labelled, results, strict=True) if r["split"] == split]
        shipped1 = sum(c[0].code in r["codes"].split() for r, c in rows if c)
        shipped5 = sum(any(x.code in r["codes"].split() for x in c) for r, c in rows)
        naive_codes = [(r, naive.classify(r["title"], 5)) for r, _c in rows]
        naive1 = sum(bool(c) and c[0] in r["codes"].split() for r, c in naive_codes)
        naive5 = sum(any(x in r["codes"].split() for x in c) for r, c in naive_codes)
        n = len(rows)
        print(
            f"  {split:5} n={n:3}  shipped {shipped1 / n:6.1%} / {shipped5 / n:6.1%}"
            f"   naive {naive1 / n:6.1%} / {naive5 / n:6.1%}"
        )

    print("\ncoverage on the 51job titles:")
    top1 = [c[0] for c in model.classify_many(titles, top=1) if c]
    confident = sum(c.score >= 0.8 for c in top1)
    print(f"  top-1 score >= 0.8: {confident} of {len(titles)} ({confident / len(titles):.1%})")
    kinds = Counter(c.match for c in top1)
    print("  top-1 evidence: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
    majors = Counter(c.code[0] for c in top1)
    print("  top-1 大类: " + ", ".join(f"{k}: {n}" for k, n in sorted(majors.items())))


if __name__ == "__main__":
    main()
