"""Run the batch path on several processes: blocks of people ranked by forked workers that
share the ranker's read-only matrices (POSIX fork)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from jobhub.matching.batch import BatchRanker, BatchResult, BatchStats
from jobhub.matching.index import VacancyIndex
from jobhub.matching.models import SeekerProfile


@dataclass(frozen=True, slots=True)
class BlockDone:
    """One finished block from `parallel_batch_top_k` (timings in seconds, stats of its worker
    so far)."""

    number: int
    results: list[BatchResult]
    seconds_input: float
    seconds_rank: float
    worker: int
    stats: BatchStats


def parallel_batch_top_k(
    index: VacancyIndex,
    make_block: Callable[[int], Sequence[SeekerProfile]],
    n_blocks: int,
    k: int = 20,
    *,
    n_jobs: int = 2,
    **options: int,
) -> Iterator[BlockDone]:
    """Rank blocks of people in `n_jobs` forked processes (POSIX), yielding blocks as they
    finish. The ranker (matrices, tiles) is built once before forking, so the workers share
    it read-only; `make_block(i)` loads block i (from the database, a file, a generator) in the
    worker. Blocks are independent: another engine can take them the same way."""
    import multiprocessing as mp
    import time

    ranker = BatchRanker(index, **options)
    ranker.block.grid  # noqa: B018 - built before the fork, shared by the workers
    ctx = mp.get_context("fork")
    queue = ctx.Queue(maxsize=4 * n_jobs)

    def work(worker: int) -> None:
        for number in range(worker, n_blocks, n_jobs):
            t0 = time.perf_counter()
            people = make_block(number)
            t1 = time.perf_counter()
            results = ranker.rank(people, k)
            t2 = time.perf_counter()
            queue.put(BlockDone(number, results, t1 - t0, t2 - t1, worker, ranker.stats))
        queue.put(None)

    workers = [ctx.Process(target=work, args=(w,), daemon=True) for w in range(n_jobs)]
    for p in workers:
        p.start()
    running = n_jobs
    try:
        while running:
            item = queue.get()
            if item is None:
                running -= 1
            else:
                yield item
    finally:
        for p in workers:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
