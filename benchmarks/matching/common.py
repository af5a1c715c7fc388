"""Shared helpers of the matching benchmarks: machine description, RESULTS.md sections,
latency summaries and a memory sampler for a process tree."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RESULTS = HERE / "RESULTS.md"
POSTINGS = ROOT.parent / "shared" / "data" / "postings" / "51job-2023.csv"

for path in (str(ROOT), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)


def machine() -> str:
    """One line naming the machine (lscpu model name, cores, RAM) and the library versions."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = re.search(r"Model name:\s*(.+)", out)
        cpu = model.group(1).strip() if model else platform.processor()
    except OSError:
        cpu = platform.processor()
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import scipy

    try:
        import sparse_dot_topn

        topn = f", sparse_dot_topn {sparse_dot_topn.__version__}"
    except ImportError:
        topn = ", sparse_dot_topn not installed"
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_gb:.0f} GB RAM; Python {platform.python_version()}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}{topn}"
    )


def write_section(
    name: str, body: str, results: Path = RESULTS, heading: str = "Matching benchmarks: results"
) -> None:
    """Replace (or append) the section `name` of a RESULTS.md, keeping the others."""
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    text = results.read_text(encoding="utf-8") if results.exists() else f"# {heading}\n\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    results.write_text(text, encoding="utf-8")


def ms(values: list[float]) -> str:
    a = np.asarray(values) * 1e3
    return f"p50 {np.percentile(a, 50):.2f} ms, p99 {np.percentile(a, 99):.2f} ms (n={len(a)})"


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1e3, q))


class MemorySampler:
    """Peak proportional set size (PSS: shared pages divided among sharers, so forked
    workers are not double counted) of this process and its children, sampled every `every`
    seconds. Reading smaps_rollup of every process is not free (at 0.25 s it took ~30 % of a
    core in a 2-worker batch run); peak memory moves at block granularity (seconds), so 2 s
    is the default."""

    def __init__(self, every: float = 2.0) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        me = psutil.Process()
        total = 0
        for p in [me, *me.children(recursive=True)]:
            try:
                total += p.memory_full_info().pss
            except (psutil.Error, AttributeError):
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())
