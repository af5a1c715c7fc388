"""Batch work in partitions on dask.distributed: one result per partition whatever happens to
the workers, the same code on a local cluster and on one named by address."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from jobhub.partitions import SCHEDULER_ENV, dask_client, run_partitions, scheduler_address


def square_or_die(marker: Path):
    def work(number: int) -> int:
        if number == 3 and not marker.exists():
            marker.write_text("killed")
            os._exit(1)  # the worker process dies in the middle of partition 3
        return number * number

    return work


def flaky(marker: Path):
    def work(number: int, offset: int) -> int:
        if number == 1 and not marker.exists():
            marker.write_text("failed once")
            raise RuntimeError("the database went away")
        return number + offset

    return work


def test_every_partition_once_with_the_shared_object(dask_client):
    done = list(
        run_partitions(
            lambda i, table: table[i], 5, shared=[10, 11, 12, 13, 14], client=dask_client
        )
    )
    assert sorted(d.number for d in done) == [0, 1, 2, 3, 4]
    assert {d.number: d.result for d in done} == {0: 10, 1: 11, 2: 12, 3: 13, 4: 14}
    assert all(d.worker.startswith("tcp://") and d.seconds >= 0 for d in done)


def test_a_partition_that_fails_is_retried(dask_client, tmp_path):
    marker = tmp_path / "failed"
    done = list(run_partitions(flaky(marker), 4, shared=100, client=dask_client))
    assert marker.exists()  # partition 1 did fail once
    assert {d.number: d.result for d in done} == {0: 100, 1: 101, 2: 102, 3: 103}


def _allocator_settings(number: int) -> tuple:
    return tuple(os.environ.get(name) for name in ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS"))


def test_a_local_workers_allocator_keeps_its_dynamic_thresholds(dask_client):
    """dask sets MALLOC_TRIM_THRESHOLD_ in its workers, which turns off glibc's dynamic mmap
    threshold: every large temporary array of a block is then mapped and faulted in afresh
    (about 16x the page faults of the same block in one process, measured). The local cluster
    starts its workers without it, and still with one BLAS/OpenMP thread each."""
    done = list(run_partitions(_allocator_settings, 2, client=dask_client))
    assert {d.result for d in done} == {(None, "1")}


def test_a_killed_worker_loses_no_partition(tmp_path):
    marker = tmp_path / "killed"
    with dask_client(n_workers=2) as client:
        done = list(run_partitions(square_or_die(marker), 8, client=client))
    assert marker.read_text() == "killed"  # a worker really died mid-run
    assert sorted(d.number for d in done) == list(range(8))
    assert {d.number: d.result for d in done} == {i: i * i for i in range(8)}


def test_a_scheduler_address_is_used_without_a_change_of_code(monkeypatch):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR
    ) as cluster:
        monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
        assert scheduler_address() == cluster.scheduler_address
        done = list(run_partitions(lambda i: i + 1, 3))
        assert {d.result for d in done} == {1, 2, 3}
        # it ran on that cluster's one worker, not on a local cluster of its own
        assert {d.worker for d in done} == set(cluster.scheduler_info["workers"])


@pytest.mark.parametrize("value", ["", "   "])
def test_no_address_means_a_local_cluster(monkeypatch, value):
    monkeypatch.setenv(SCHEDULER_ENV, value)
    assert scheduler_address() is None


def test_a_local_cluster_maps_one_copy_of_the_shared_arrays(dask_client):
    """On one machine the workers read the shared object's arrays from one file mapping
    (shared pages, as forked processes would have), not from a private copy each; the file
    is gone after the run. The ranker's compiled product (sparse_dot_topn) takes them."""
    import numpy as np
    import scipy.sparse as sp

    from jobhub.matching.batch_candidates import topn_product

    matrix = sp.random(50, 40, density=0.2, format="csr", random_state=1, dtype=np.float64)
    table = {"weights": np.arange(100_000, dtype=np.float64), "name": "矩阵", "m": matrix}
    expected = topn_product(matrix, matrix.T.tocsr(), 3)

    def look(number: int, shared: dict) -> tuple:
        # the batch ranker's compiled product takes the mapped matrices
        product = topn_product(shared["m"], shared["m"].T.tocsr(), 3)
        assert (product != expected).nnz == 0
        array = shared["weights"]
        base = array  # follow what the array's memory belongs to, down to the mapping
        while base is not None and not isinstance(base, np.memmap):
            base = base.obj if isinstance(base, memoryview) else getattr(base, "base", None)
        return (
            float(array[number]),
            shared["name"],
            array.base is not None,  # a view of memory it does not own
            isinstance(base, np.memmap) and base.filename,
        )

    done = list(run_partitions(look, 3, shared=table, client=dask_client))
    assert {d.number: d.result[:3] for d in done} == {i: (float(i), "矩阵", True) for i in range(3)}
    files = {d.result[3] for d in done}
    assert len(files) == 1 and all(files)  # one mapped file for every worker
    assert not Path(files.pop()).exists()  # removed when the run ended
