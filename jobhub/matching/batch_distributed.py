"""The batch path in partitions on dask.distributed (jobhub/partitions.py): blocks of people
ranked by the cluster's workers, each holding one copy of the ranker's read-only matrices."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from jobhub.matching.batch import BatchRanker, BatchResult, BatchStats
from jobhub.matching.index import VacancyIndex
from jobhub.matching.models import SeekerProfile


@dataclass(frozen=True, slots=True)
class BlockDone:
    """One finished block (timings in seconds: wall, and `cpu_rank` the ranking thread's CPU;
    `stats` counts this block's people only, so summing the blocks gives the run's figures
    even when a block ran twice)."""

    number: int
    results: list[BatchResult]
    seconds_input: float
    seconds_rank: float
    worker: str
    stats: BatchStats
    cpu_rank: float = 0.0


def _rank_block(
    make_block: Callable[[int], Sequence[SeekerProfile]], k: int
) -> Callable[[int, BatchRanker], BlockDone]:
    def rank(number: int, ranker: BatchRanker) -> BlockDone:
        from distributed import get_worker

        t0 = time.perf_counter()
        people = make_block(number)
        t1, c1 = time.perf_counter(), time.thread_time()
        ranker.stats = BatchStats()  # a worker runs one block at a time (one thread)
        results = ranker.rank(people, k)
        t2, c2 = time.perf_counter(), time.thread_time()
        return BlockDone(
            number, results, t1 - t0, t2 - t1, get_worker().address, ranker.stats, c2 - c1
        )

    return rank


def distributed_batch_top_k(
    index: VacancyIndex,
    make_block: Callable[[int], Sequence[SeekerProfile]],
    n_blocks: int,
    k: int = 20,
    *,
    client: Any = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    **options: int,
) -> Iterator[BlockDone]:
    """Rank blocks of people on the cluster, yielding blocks as they finish. The ranker
    (matrices, tiles) is built once here and sent to every worker; `make_block(i)` loads block
    i (from the database, a file, a generator) on the worker and must give the same people
    each time it is called, so a block rerun after a lost worker gives the same lists."""
    from jobhub.partitions import run_partitions

    ranker = BatchRanker(index, **options)
    ranker.block.grid  # noqa: B018 - built here, once, rather than on every worker
    for done in run_partitions(
        _rank_block(make_block, k),
        n_blocks,
        shared=ranker,
        client=client,
        scheduler=scheduler,
        n_workers=n_workers,
        name="batch-top-k",
    ):
        yield done.result
