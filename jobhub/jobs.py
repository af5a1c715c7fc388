"""Background jobs: RQ on Redis in production, inline when no queue is configured.

A request that must not wait on a slow outside service (the bureau's SMS platform, its mail
relay) hands the work to :func:`enqueue`. With ``QUEUE_REDIS_URL`` set, the call is put on the
RQ queue ``QUEUE_NAME`` (notices: texts, e-mail, each a short call) and the request answers at
once; the scheduled jobs (alerts, 政策推送, refreshes, which take minutes) go on a queue of their
own, ``QUEUE_NAME-scheduled``, so that a notice never waits behind one. ``flask --app wsgi
worker`` runs the notice queue, puts the scheduled jobs on theirs at their times, and runs that
queue in a second process of its own (jobhub.ops.worker; ``--queue`` splits them over two
services); ``flask --app wsgi jobs work`` is a further consumer of both, notices first. A failed
job is retried three times (after 10 s, 1 min and 5 min) before RQ files it under failed jobs.
Without a queue (development, the test suite by default) the call runs inline, before the
request answers.

A job names its function as ``module:qualname`` with plain arguments (strings, numbers), so
nothing of the request (no session, no ORM object) crosses into the queue.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, has_app_context

RETRY_INTERVALS = [10, 60, 300]
FAILED_KEPT_SECONDS = 24 * 3600


def configured() -> bool:
    return bool(current_app.config.get("QUEUE_REDIS_URL"))


def connection():
    from redis import Redis

    cache = current_app.extensions.setdefault("jobhub.queue", {})
    url = current_app.config["QUEUE_REDIS_URL"]
    if cache.get("url") != url:
        cache["url"], cache["redis"] = url, Redis.from_url(url)
    return cache["redis"]


SCHEDULED = "-scheduled"  # the scheduled jobs' queue: QUEUE_NAME and this
QUEUES = {"notices": (False,), "scheduled": (True,), "all": (False, True)}


def queue(scheduled: bool = False):
    """The notice queue, or (``scheduled``) the queue of the scheduled jobs."""
    from rq import Queue

    name = current_app.config["QUEUE_NAME"] + (SCHEDULED if scheduled else "")
    return Queue(name, connection=connection())


def queues(which: str = "all") -> list:
    """The queues a worker serves, in the order it takes jobs: notices first."""
    return [queue(scheduled) for scheduled in QUEUES[which]]


def depth() -> int | None:
    """Jobs waiting on the queues, or ``None`` without one (for /metrics)."""
    return sum(q.count for q in queues()) if configured() else None


def _name(func: Callable[..., Any]) -> str:
    return f"{func.__module__}:{func.__qualname__}"


def enqueue(
    func: Callable[..., Any],
    *args: Any,
    label: str | None = None,
    timeout: int | None = None,
    scheduled: bool = False,
) -> None:
    """Run ``func(*args)`` in the background (on the queue) or now (no queue configured).
    ``label`` names the job to the admin instead of its function; ``timeout`` (seconds) replaces
    RQ's default of 3 minutes; ``scheduled`` puts it on the scheduled jobs' queue."""
    if not configured():
        func(*args)
        return
    from rq import Retry

    # A job's arguments (a phone, a text with a code) sit in Redis only while needed: no result
    # is kept, a failed job for a day (the admin page shows it without its arguments).
    retries = int(current_app.config["QUEUE_RETRIES"])
    queue(scheduled).enqueue(
        run,
        _name(func),
        *args,
        retry=Retry(max=retries, interval=RETRY_INTERVALS[:retries]) if retries else None,
        result_ttl=0,
        failure_ttl=FAILED_KEPT_SECONDS,
        description=label or _name(func),
        job_timeout=timeout,
    )


@dataclass(frozen=True)
class FailedJob:
    id: str
    task: str  # its label or module:function, never the arguments (a phone, a code)
    failed_at: datetime | None
    error: str  # the exception's type only


def failed() -> list[FailedJob]:
    """Jobs that failed after their retries, newest first (none without a queue)."""
    if not configured():
        return []
    from rq.job import Job
    from rq.registry import FailedJobRegistry

    ids = [i for q in queues() for i in FailedJobRegistry(queue=q).get_job_ids()]
    jobs = Job.fetch_many(ids, connection=connection())
    out = []
    for job in jobs:
        if job is None:
            continue
        result = job.latest_result()
        lines = (getattr(result, "exc_string", None) or "").strip().splitlines()
        error = lines[-1].rpartition(": ")[2] if lines else ""  # "…JobFailed: RuntimeError"
        out.append(FailedJob(job.id, job.description or "", job.ended_at, error))
    out.sort(key=lambda j: j.failed_at.timestamp() if j.failed_at else 0.0, reverse=True)
    return out


def retry_failed(job_id: str) -> bool:
    """Put a failed job back on the queue; False when there is no such failed job."""
    if not configured():
        return False
    from rq.registry import FailedJobRegistry

    for q in queues():
        registry = FailedJobRegistry(queue=q)
        if job_id in registry.get_job_ids():
            registry.requeue(job_id)
            return True
    return False


class JobFailed(Exception):
    """A job's failure as the queue keeps and logs it: the exception's type only, since an
    outside service's message may repeat the phone or the text it was given."""


def _call(func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        func(*args)
    except Exception as exc:  # noqa: BLE001 - every failure is retried, then listed
        raise JobFailed(type(exc).__name__) from None


def run(target: str, *args: Any) -> None:
    """What the queue's worker executes: the named function, inside the app."""
    module, _, qualname = target.partition(":")
    func: Any = importlib.import_module(module)
    for part in qualname.split("."):
        func = getattr(func, part)
    if has_app_context():
        _call(func, args)
        return
    from jobhub import create_app  # a worker started as plain `rq worker`

    with create_app().app_context():
        _call(func, args)


def work(burst: bool = False, which: str = "all") -> bool:
    """Run the queues (``which``: notices, scheduled or all, notices first) in this process
    until stopped (or, ``burst``, until they are empty). A SimpleWorker runs each job in the app
    context of the command: the jobs are short calls to outside services (a scheduled command
    runs as its own process), and nothing is forked with open database connections."""
    from rq import SimpleWorker

    worker = SimpleWorker(queues(which), connection=connection())
    # the scheduler puts retried jobs back on the queue when their wait is over
    return worker.work(burst=burst, logging_level="INFO", with_scheduler=not burst)
