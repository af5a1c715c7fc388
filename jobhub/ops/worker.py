"""``flask --app wsgi worker``: the background worker, one long-lived process.

With a job queue (``JOBHUB_QUEUE_REDIS_URL``) it is the RQ worker: it runs the notice queue
(texts, e-mail and everything else requests hand to :func:`jobhub.jobs.enqueue`) and, from a
thread of the same process, puts each scheduled job on the scheduled jobs' own queue at its time
of day in Asia/Shanghai, so a scheduled job is retried like any other and, when it still fails,
listed to the admin at /admin/jobs. That queue is run by a second process: by default a child
the worker starts (and starts again if it stops); with ``--queue notices`` and ``--queue
scheduled``, two services (compose.yaml). Either way a text waits for no scheduled job: only
for the texts before it. A scheduled run is claimed in Redis under its job and due time before it is queued,
so two workers started side by side (or one restarted) queue it once. Without a queue it runs
the scheduled jobs itself at their times, as cron would (development, ``make run``).

Either way a scheduled job is an operator command, run as its own process
(``flask --app wsgi …``), so its memory is given back when it ends; every command is safe to run
twice (a retry changes nothing):

- 00:05 ``gigs expire``: gigs whose work day has passed end, unpaid work past its date is 欠薪
  (also once at start, to catch up on a day missed while the worker was down);
- 00:20 ``acts daily``: end the 就业困难人员认定 whose basis has gone and list those due for
  review (also once at start);
- 02:00 ``market refresh``: 薪酬价位 and 供求 of this quarter and the last, and the early-warning
  indicators of every street for this month and the last;
- 03:00 ``matching rebuild``: refit the matching index on the published vacancies and open gigs;
- 03:30 ``audit verify``: walk the audit log's hash chain (a broken chain fails the job);
- 04:00 ``notices policy-push``: 政策推送, people told once of support newly found for them;
- 07:30 ``notices alerts``: one job-alert digest per person at most (after the 03:00 refit);
- 08:00 ``stations send-due``: each station's 今日待办 by SMS to its workers.

Each run is logged (``jobhub.worker``) with the command's output and exit code.
"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, select

from jobhub import jobs
from jobhub.extensions import db
from jobhub.ops.models import ScheduledJobFailure
from jobhub.policy.dates import CHINA_TZ

log = logging.getLogger("jobhub.worker")
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # where wsgi.py is
# a scheduled run may take this long on the queue (a refit at a million vacancies takes minutes)
SCHEDULED_TIMEOUT = 4 * 3600
# a claim on a scheduled run outlives any retry of it
CLAIM_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class Job:
    name: str
    at: time  # Asia/Shanghai
    command: tuple[str, ...]  # after ``flask --app wsgi``
    label: str  # what the admin reads at /admin/jobs
    at_start: bool = False


JOBS = (
    Job("gigs-expire", time(0, 5), ("gigs", "expire"), "零工到期处理", at_start=True),
    Job("acts-daily", time(0, 20), ("acts", "daily"), "认定每日复核", at_start=True),
    Job("policy-refresh", time(1, 0), ("lists", "refresh"), "政策评估更新"),
    Job("market-refresh", time(2, 0), ("market", "refresh"), "市场数据更新"),
    Job("matching-rebuild", time(3, 0), ("matching", "rebuild"), "匹配索引重建"),
    Job("audit-verify", time(3, 30), ("audit", "verify"), "审计日志校验"),
    Job("stations-send-due", time(8, 0), ("stations", "send-due"), "站点待办短信"),
    Job("policy-push", time(4, 0), ("notices", "policy-push"), "政策推送"),
    Job("job-alerts", time(7, 30), ("notices", "alerts"), "岗位提醒"),
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
    return _execute(job, env)[0]


def _execute(job: Job, env: Mapping[str, str] | None) -> tuple[int, str]:
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
    return done.returncode, said


# a scheduled run that failed inline stays listed to the admin this long
FAILURES_KEPT = timedelta(days=30)
_ERROR_TYPE = re.compile(r"\b([A-Z][A-Za-z0-9_]*(?:Error|Exception|Failed|Exit|Timeout))\b")


def error_type(output: str) -> str:
    """The last exception type a command's output names ("IntegrityError"), or "": what the
    admin reads of a failure (the output itself may name a person, as RQ's list never shows)."""
    found = _ERROR_TYPE.findall(output)
    return found[-1][:80] if found else ""


def run_inline(job: Job, env: Mapping[str, str] | None = None) -> int:
    """Run a scheduled job in this worker (no queue); a failure is kept for /admin/jobs, as
    the queue keeps its failed jobs. Returns the exit code."""
    code, said = _execute(job, env)
    if code != 0:
        try:
            record_failure(job, code, error_type(said))
        except Exception:  # noqa: BLE001 - the database away: the log still has it
            log.exception("%s: the failure could not be recorded", job.name)
    return code


def record_failure(job: Job, code: int, error: str, at: datetime | None = None) -> None:
    at = at or _now()
    db.session.execute(
        delete(ScheduledJobFailure).where(ScheduledJobFailure.failed_at < at - FAILURES_KEPT)
    )
    db.session.add(
        ScheduledJobFailure(
            job=job.name, label=job.label, failed_at=at, exit_code=code, error=error
        )
    )
    db.session.commit()


def inline_failures(limit: int = 50) -> list[ScheduledJobFailure]:
    """Scheduled runs that failed in a worker without a queue, newest first (kept 30 days)."""
    since = _now() - FAILURES_KEPT
    return list(
        db.session.scalars(
            select(ScheduledJobFailure)
            .where(ScheduledJobFailure.failed_at >= since)
            .order_by(ScheduledJobFailure.failed_at.desc(), ScheduledJobFailure.id.desc())
            .limit(limit)
        )
    )


class ScheduledJobFailed(RuntimeError):
    """A scheduled command exited with an error (its output is in the worker's log)."""


def run_scheduled(name: str) -> None:
    """What the queue runs for a scheduled job: its command, failing when the command does (so
    the queue retries it and then lists it as failed)."""
    job = next((j for j in JOBS if j.name == name), None)
    if job is None:
        raise ScheduledJobFailed(f"no scheduled job {name}")
    code = run_job(job)
    if code != 0:
        raise ScheduledJobFailed(f"{name} exited {code}")


def queue_scheduled(job: Job, due: datetime) -> bool:
    """Put one scheduled run on the queue unless a worker already has (claimed in Redis under
    the job and the moment it was due). True when this call queued it."""
    key = f"jobhub:scheduled:{current_app.config['QUEUE_NAME']}:{job.name}:{due:%Y%m%dT%H%M}"
    if not jobs.connection().set(key, "1", nx=True, ex=CLAIM_SECONDS):
        return False
    jobs.enqueue(
        run_scheduled,
        job.name,
        label=f"定时任务：{job.label}",
        timeout=SCHEDULED_TIMEOUT,
        scheduled=True,
    )
    log.info("%s queued (due %s)", job.name, due.isoformat())
    return True


def _now() -> datetime:
    return datetime.now(UTC)


def catch_up(
    fire: Callable[[Job, datetime], object], jobs_: tuple[Job, ...], now: datetime
) -> None:
    """The jobs run once when the worker starts, due at the minute it started."""
    started = now.replace(second=0, microsecond=0)
    for job in jobs_:
        if job.at_start:
            fire(job, started)


def schedule(
    fire: Callable[[Job, datetime], object],
    stop: threading.Event,
    jobs_: tuple[Job, ...] | None = None,
    clock: Callable[[], datetime] = _now,
    pause: Callable[[float], object] | None = None,
) -> None:
    """Call ``fire(job, due)`` for each job at its time until ``stop`` is set; the catch-up jobs
    once at the start (due: the moment the worker started). ``clock`` and ``pause`` (seconds;
    by default waiting on ``stop``) are the tests' to replace."""
    jobs_ = jobs_ or JOBS
    pause = pause or stop.wait
    catch_up(fire, jobs_, clock())
    now = clock()
    due = {job: next_run(now, job.at) for job in jobs_}
    while not stop.is_set():
        job, when = min(due.items(), key=lambda item: item[1])
        wait = (when - clock()).total_seconds()
        if wait > 0:
            pause(min(wait, 60.0))  # wake often enough to notice a stop or a clock change
            continue
        fire(job, when)
        due[job] = next_run(max(clock(), when), job.at)


def _announce(jobs_: tuple[Job, ...], how: str) -> None:
    times = ", ".join(f"{j.name} at {j.at:%H:%M} Asia/Shanghai" for j in jobs_)
    log.info("worker started (%s): %s", how, times)


def serve(jobs_: tuple[Job, ...] | None = None, stop: threading.Event | None = None) -> None:
    """Without a queue: run the jobs at their times in this process until SIGTERM or SIGINT."""
    jobs_ = jobs_ or JOBS
    stop = stop or threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    _announce(jobs_, "no queue: scheduled jobs run here")
    schedule(lambda job, _due: run_inline(job), stop, jobs_)
    log.info("worker stopped")


def serve_queue(
    jobs_: tuple[Job, ...] | None = None, burst: bool = False, which: str = "all"
) -> None:
    """With a queue: the RQ worker in this thread; ``which`` says what it serves.

    - ``all``: the notice queue here, the schedule in a thread that puts each job on the
      scheduled queue at its time, and that queue in a child process of its own (restarted
      if it stops), so a text never waits behind a scheduled job;
    - ``notices``: the same without the child (a ``scheduled`` worker runs beside it);
    - ``scheduled``: the scheduled queue alone, no schedule.

    ``burst``: queue the catch-up jobs, run the queues (notices first) until they are empty,
    and stop."""
    jobs_ = jobs_ or JOBS
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    stop = threading.Event()

    def fire(job: Job, due: datetime) -> None:
        try:
            with app.app_context():
                queue_scheduled(job, due)
        except Exception:  # noqa: BLE001 - Redis away for a moment: the worker goes on
            log.exception("%s could not be queued", job.name)

    if burst:
        if which != "scheduled":
            catch_up(fire, jobs_, _now())
        jobs.work(burst=True, which=which)
        return
    names = ", ".join(q.name for q in jobs.queues(which))
    threads = []
    if which != "scheduled":
        _announce(jobs_, f"RQ on {names}; scheduled jobs on {jobs.queue(True).name}")
        threads.append(threading.Thread(target=schedule, args=(fire, stop, jobs_), daemon=True))
    else:
        log.info("worker started: RQ on %s", names)
    if which == "all":
        argv = [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--queue", "scheduled"]
        threads.append(threading.Thread(target=keep_running, args=(argv, stop), daemon=True))
    for thread in threads:
        thread.start()
    try:
        # RQ handles SIGTERM / SIGINT: the job in hand finishes, then it returns
        jobs.work(which="notices" if which == "all" else which)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    log.info("worker stopped")


def keep_running(
    argv: list[str], stop: threading.Event, pause: Callable[[float], object] | None = None
) -> None:
    """Run ``argv`` as a child process until ``stop`` is set, starting it again (after a few
    seconds) whenever it ends; at the stop, ask it to finish its job and end (SIGTERM)."""
    pause = pause or stop.wait
    while not stop.is_set():
        child = subprocess.Popen(argv, cwd=PROJECT_ROOT)
        while child.poll() is None and not stop.is_set():
            pause(1.0)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                child.kill()
            return
        log.error("%s ended with %s; started again", " ".join(argv[3:]), child.returncode)
        pause(5.0)


@click.command("worker")
@click.option("--once", is_flag=True, help="立即依次运行每项定时任务一次后退出（不经队列）")
@click.option("--burst", is_flag=True, help="有任务队列时：处理完队列中已有的任务后退出")
@click.option(
    "--queue",
    "which",
    type=click.Choice(sorted(jobs.QUEUES)),
    default="all",
    show_default=True,
    help="有任务队列时：all＝本进程处理通知队列并另起一个进程处理定时任务队列；"
    "notices＝只处理通知队列（并按时排入定时任务）；scheduled＝只处理定时任务队列",
)
@with_appcontext
def worker_command(once: bool, burst: bool, which: str) -> None:
    """Run the job queue (RQ, when JOBHUB_QUEUE_REDIS_URL is set) and the scheduled jobs."""
    if not logging.getLogger().handlers:  # LOG_FORMAT=text: still say what ran
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    if once:
        failed = [job.name for job in JOBS if run_inline(job) != 0]
        if failed:
            raise click.ClickException("失败的任务：" + "、".join(failed))
        return
    if jobs.configured():
        serve_queue(burst=burst, which=which)
    elif burst:
        raise click.ClickException(
            "没有配置任务队列（JOBHUB_QUEUE_REDIS_URL）：--burst 只用于任务队列；"
            "立即运行每项定时任务请用 --once"
        )
    else:
        serve()
