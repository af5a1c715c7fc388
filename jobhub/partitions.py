"""Batch work in partitions on dask.distributed: one code path for one machine and a cluster.

Work that grows with the number of people (ranking everyone for the nightly job alerts, the
policy refresh, the 比对 of an imported list) is cut into partitions (blocks of people) and
run by :func:`run_partitions`:

- without a scheduler address, on a ``LocalCluster`` of worker processes on this machine
  (one thread each, so a worker runs one partition at a time);
- with ``JOBHUB_DASK_SCHEDULER=tcp://host:8786`` (or ``scheduler=``), on that cluster, with
  no change of code: start its workers with ``dask worker tcp://host:8786 --nthreads 1``
  (with ``--no-nanny``, or a nanny configured without ``MALLOC_TRIM_THRESHOLD_``: see
  :func:`_worker_environ`).

A partition is a function of its number (and of an optional shared read-only object). On a
local cluster the shared object is written once to a file whose large arrays every worker maps
(copy-on-write) (:class:`SharedFile`): the workers share one copy of the pages, as forked processes
would, instead of each holding its own (the ranker's matrices are ~200 MB at 100k vacancies,
and two private copies compete for the same caches). On a cluster named by address it is sent
to every worker once. It must be idempotent: when a worker dies mid-partition, the scheduler
runs that partition again on another worker, and a failed one is retried; the caller gets
exactly one result per partition either way.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

SCHEDULER_ENV = "JOBHUB_DASK_SCHEDULER"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PartitionDone(Generic[T]):
    """One finished partition: its number, what it returned, how long it ran and where."""

    number: int
    result: T
    seconds: float
    worker: str


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The cluster to use: the argument, else ``JOBHUB_DASK_SCHEDULER``, else none (local)."""
    address = scheduler if scheduler is not None else os.environ.get(SCHEDULER_ENV, "")
    return address.strip() or None


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` on the configured cluster, or on a local cluster of
    ``n_workers`` single-threaded processes (default: one per core) closed on exit."""
    import dask
    from distributed import Client, LocalCluster

    address = scheduler_address(scheduler)
    if address:
        with Client(address) as client:
            yield client
        return
    workers = n_workers or os.cpu_count() or 1
    with (
        dask.config.set({"distributed.nanny.pre-spawn-environ": _worker_environ()}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # no fixed port: two clusters on one machine never clash
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _worker_environ() -> dict:
    """What the nanny sets in a local worker's environment before it starts: dask's defaults
    (one BLAS/OpenMP thread, as the worker runs one partition at a time) without
    ``MALLOC_TRIM_THRESHOLD_``. Setting that variable at all turns off glibc's dynamic mmap
    threshold, so every temporary array over 128 KiB is mapped fresh and faulted in page by page:
    measured on a block of 2,048 people ranked over 100k vacancies, 64k minor page faults instead of
    13k and 4x the system time in one process (about 210k in a worker with dask's settings)."""
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ


_ALIGN = 64  # each array's bytes start on a cache line in the file


@dataclass(frozen=True, slots=True)
class SharedFile:
    """A read-only object written to a directory for the processes of one machine: its pickle
    (protocol 5) without the large buffers, and the buffers in one file that every reader maps
    copy-on-write, so their pages are shared, not copied. ``load()`` gives each process one copy of
    the small parts (cached by directory) over the same mapped arrays."""

    directory: str

    @classmethod
    def write(cls, obj: Any, directory: Path) -> SharedFile:
        import cloudpickle  # dask's own pickler: it also takes what plain pickle refuses

        buffers: list[pickle.PickleBuffer] = []
        head = cloudpickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
        spans = []
        with open(directory / "buffers.bin", "wb") as out:
            for buffer in buffers:
                raw = buffer.raw()
                out.write(b"\0" * (-out.tell() % _ALIGN))
                spans.append((out.tell(), raw.nbytes))
                out.write(raw)
        (directory / "head.pkl").write_bytes(pickle.dumps((head, spans), protocol=5))
        return cls(str(directory))

    def load(self) -> Any:
        with _LOADED_LOCK:
            if self.directory not in _LOADED:
                import numpy as np

                head, spans = pickle.loads(Path(self.directory, "head.pkl").read_bytes())
                path = Path(self.directory, "buffers.bin")
                # copy-on-write: the pages are the file's, shared by every worker, until one
                # writes (never, for a read-only object); compiled libraries that insist on
                # writable arrays (sparse_dot_topn) take them
                mapped = np.memmap(path, mode="c") if path.stat().st_size else np.empty(0, "u1")
                views = [memoryview(mapped[start : start + size]) for start, size in spans]
                while len(_LOADED) >= 2:  # a long-lived worker keeps the latest runs only
                    _LOADED.pop(next(iter(_LOADED)))
                _LOADED[self.directory] = pickle.loads(head, buffers=views)
            return _LOADED[self.directory]


_LOADED: dict[str, Any] = {}
_LOADED_LOCK = threading.Lock()


def _is_local(client: Any) -> bool:
    """Whether every worker of ``client`` runs on this machine's local cluster."""
    from distributed import LocalCluster

    return isinstance(getattr(client, "cluster", None), LocalCluster)


def _run_one(func: Callable[..., T], number: int, shared: Any, with_shared: bool) -> tuple:
    from distributed import get_worker

    if isinstance(shared, SharedFile):
        shared = shared.load()
    t0 = time.perf_counter()
    result = func(number, shared) if with_shared else func(number)
    return number, result, time.perf_counter() - t0, get_worker().address


def run_partitions(
    func: Callable[..., T],
    n: int,
    *,
    shared: Any = None,
    client: Any = None,
    scheduler: str | None = None,
    n_workers: int | None = None,
    retries: int = 2,
    name: str = "partition",
) -> Iterator[PartitionDone[T]]:
    """Run ``func(i)`` (or ``func(i, shared)`` when ``shared`` is given) for i in 0..n-1 on
    the cluster, yielding each partition as it finishes (in any order). ``shared`` is mapped
    from one file by the workers of a local cluster, or sent to every worker once. A partition that raises is retried ``retries`` times; one whose
    worker dies is rescheduled by dask. Uses ``client`` if given, else opens one
    (:func:`dask_client`) for the duration of the run."""
    if n <= 0:
        return
    if client is None:
        with dask_client(scheduler, n_workers) as own:
            yield from run_partitions(
                func, n, shared=shared, client=own, retries=retries, name=name
            )
        return
    from distributed import as_completed

    with_shared = shared is not None
    directory = None
    if with_shared and _is_local(client):
        directory = Path(tempfile.mkdtemp(prefix=f"jobhub-{name}-"))
        handle = SharedFile.write(shared, directory)
    else:
        handle = client.scatter(shared, broadcast=True) if with_shared else None
    stamp = f"{name}-{time.time_ns()}"
    futures = [
        client.submit(
            _run_one, func, i, handle, with_shared, key=f"{stamp}-{i}", retries=retries, pure=False
        )
        for i in range(n)
    ]
    try:
        for future in as_completed(futures):
            number, result, seconds, worker = future.result()
            future.release()
            yield PartitionDone(number, result, seconds, worker)
    finally:
        client.cancel(futures)
        if directory is not None:  # the workers' mappings stay valid until they drop them
            shutil.rmtree(directory, ignore_errors=True)
