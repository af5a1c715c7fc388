"""``flask --app wsgi worker``: the scheduled jobs in one long-lived process, for a deployment
without cron (the compose file's ``worker`` service).

The project has no job queue: requests do their work before they answer. What runs apart from
requests are the operator commands, and the worker runs each as its own process at its time
of day in Asia/Shanghai, exactly as cron would (``flask --app wsgi …``), so a job's memory is
given back when it ends and a failed job does not stop the others:

- 00:05 ``gigs expire``: gigs whose work day has passed end, unpaid work past its date is 欠薪
  (also once at start, to catch up on a day missed while the worker was down; running it twice
  changes nothing);
- 00:20 ``acts daily``: end the 就业困难人员认定 whose basis has gone and list those due for
  review (also once at start; running it twice changes nothing);
- 02:00 ``market refresh``: 薪酬价位 and 供求 of this quarter and the last, and the early-warning
  indicators of every street for this month and the last (running it twice leaves the same rows);
- 03:00 ``matching rebuild``: refit the matching index on the published vacancies and open gigs;
- 03:30 ``audit verify``: walk the audit log's hash chain (a broken chain is logged as an error);
- 04:00 ``notices policy-push``: 政策推送, people told once of support newly found for them;
- 07:30 ``notices alerts``: one job-alert digest per person at most (after the 03:00 refit);
- 08:00 ``stations send-due``: each station's 今日待办 by SMS to its workers (nothing when nothing
  is due).

Each run is logged (``jobhub.worker``) with the command's output and exit code.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import click

from jobhub.policy.dates import CHINA_TZ

log = logging.getLogger("jobhub.worker")
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # where wsgi.py is


@dataclass(frozen=True)
class Job:
    name: str
    at: time  # Asia/Shanghai
    command: tuple[str, ...]  # after ``flask --app wsgi``
    at_start: bool = False


JOBS = (
    Job("gigs-expire", time(0, 5), ("gigs", "expire"), at_start=True),
    Job("acts-daily", time(0, 20), ("acts", "daily"), at_start=True),
    Job("market-refresh", time(2, 0), ("market", "refresh")),
    Job("matching-rebuild", time(3, 0), ("matching", "rebuild")),
    Job("audit-verify", time(3, 30), ("audit", "verify")),
    Job("stations-send-due", time(8, 0), ("stations", "send-due")),
    Job("policy-push", time(4, 0), ("notices", "policy-push")),
    Job("job-alerts", time(7, 30), ("notices", "alerts")),
)


def next_run(after: datetime, at: time) -> datetime:
    """The first moment strictly after ``after`` at which the clock in China reads ``at`` (UTC)."""
    local = after.astimezone(CHINA_TZ)
    moment = datetime.combine(local.date(), at, CHINA_TZ)
    if moment <= local:
        moment += timedelta(days=1)
    return moment.astimezone(UTC)


def run_job(job: Job, env: Mapping[str, str] | None = None) -> int:
    """Run the job's command now, log what it said; returns its exit code."""
    argv = [sys.executable, "-m", "flask", "--app", "wsgi", *job.command]
    done = subprocess.run(
        argv,
        cwd=PROJECT_ROOT,
        env=dict(env) if env is not None else None,
        capture_output=True,
        text=True,
        check=False,
    )
    said = " ".join((done.stdout + done.stderr).split())[-2000:]
    level = logging.INFO if done.returncode == 0 else logging.ERROR
    log.log(level, "%s exited %s: %s", job.name, done.returncode, said)
    return done.returncode


def serve(jobs: tuple[Job, ...] = JOBS, stop: threading.Event | None = None) -> None:
    """Run the jobs at their times until SIGTERM or SIGINT."""
    stop = stop or threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    for job in jobs:
        if job.at_start:
            run_job(job)
    now = datetime.now(UTC)
    due = {job: next_run(now, job.at) for job in jobs}
    log.info(
        "worker started: %s", ", ".join(f"{j.name} at {j.at:%H:%M} Asia/Shanghai" for j in jobs)
    )
    while not stop.is_set():
        job, when = min(due.items(), key=lambda item: item[1])
        wait = (when - datetime.now(UTC)).total_seconds()
        if wait > 0:
            stop.wait(min(wait, 60.0))  # wake often enough to notice a stop or a clock change
            continue
        run_job(job)
        due[job] = next_run(datetime.now(UTC), job.at)
    log.info("worker stopped")


@click.command("worker")
@click.option("--once", is_flag=True, help="立即依次运行每项定时任务一次后退出")
def worker_command(once: bool) -> None:
    """Run the scheduled jobs (gigs expire, matching rebuild, audit verify) at their times."""
    if not logging.getLogger().handlers:  # LOG_FORMAT=text: still say what ran
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    if once:
        failed = [job.name for job in JOBS if run_job(job) != 0]
        if failed:
            raise click.ClickException("失败的任务：" + "、".join(failed))
        return
    serve()
