"""Background jobs on a real RQ queue in Redis: a text to send waits on the queue, the request
answers at once, and `flask worker` delivers it; the scheduled jobs go on the same queue at
their times, once however many workers run, and a failing one is retried and then shown to the
admin. Without a queue the same work runs inline (every other test) and the worker runs the
scheduled jobs itself."""

from __future__ import annotations

import logging
import os
import re
import uuid

import pytest

from tests.conftest import sent_sms

REDIS_URL = os.environ.get("JOBHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def queued_app(make_app):
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    name = f"jobhub-test-{uuid.uuid4().hex}"
    app = make_app(QUEUE_REDIS_URL=REDIS_URL, QUEUE_NAME=name)
    yield app
    with app.app_context():
        from jobhub import jobs

        for queue in jobs.queues():
            queue.delete(delete_jobs=True)


def test_a_text_waits_on_the_queue_until_the_worker_sends_it(queued_app):
    app = queued_app
    client = app.test_client()
    data = {"phone": "13912348888", "display_name": "小王"}
    answer = client.post("/auth/register", data={**data, "send_code": "1"})
    assert answer.status_code == 200 and "验证码已经发出" in answer.get_data(as_text=True)
    assert sent_sms(app, data["phone"]) == []  # not sent yet: on the queue
    metrics = client.get("/metrics").text
    assert "jobhub_job_queue_depth 1.0" in metrics

    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    (text,) = sent_sms(app, data["phone"])
    assert "验证码" in text
    assert "jobhub_job_queue_depth 0.0" in client.get("/metrics").text


def test_the_queue_alone_refuses_to_start_without_a_queue(app):
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code != 0 and "JOBHUB_QUEUE_REDIS_URL" in result.output
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "--once" in result.output


class BrokenGateway:
    """An SMS platform that is down (its error names the phone, as real ones do)."""

    def __init__(self, config) -> None:
        self.config = config

    def send_sms(self, phone: str, text: str) -> None:
        raise RuntimeError(f"gateway down while sending to {phone}")

    def send_email(self, address: str, subject: str, body: str) -> None:
        raise RuntimeError("gateway down")


def test_a_failed_job_is_shown_to_the_admin_without_its_contents_and_can_be_retried(
    queued_app, accounts, caplog
):
    app = queued_app
    app.config.update(QUEUE_RETRIES=0, MESSAGE_GATEWAY=f"{__name__}:BrokenGateway")
    accounts.app = app
    phone = "13912347777"
    app.test_client().post("/auth/register", data={"phone": phone, "send_code": "1"})
    runner = app.test_cli_runner()
    with caplog.at_level(logging.INFO):
        assert runner.invoke(args=["jobs", "work", "--burst"]).exit_code == 0
    assert phone not in caplog.text  # the gateway's message named it; the worker's log does not
    admin = accounts.client_for("admin")
    page = admin.get("/admin/jobs").get_data(as_text=True)
    assert "失败的任务（1）" in page and "jobhub.messaging:deliver_sms" in page
    listed = page.split("<h2>失败的任务")[1]
    assert "RuntimeError" in listed and "验证码" not in listed
    assert phone not in page
    for role in ("seeker", "employer", "station_staff"):
        assert accounts.client_for(role).get("/admin/jobs").status_code == 403
    # the platform is back: the admin retries and the text goes out
    app.config["MESSAGE_GATEWAY"] = "file"
    app.extensions.pop("jobhub.gateway", None)
    job_id = re.search(r"/admin/jobs/([^/]+)/retry", page).group(1)
    assert admin.post(f"/admin/jobs/{job_id}/retry").status_code == 302
    assert "任务已重新放回队列" in admin.get("/admin/jobs").get_data(as_text=True)
    assert runner.invoke(args=["jobs", "work", "--burst"]).exit_code == 0
    assert len(sent_sms(app, phone)) == 1
    assert "失败的任务（0）" in admin.get("/admin/jobs").get_data(as_text=True)
    unknown = admin.post("/admin/jobs/no-such-job/retry")
    assert "没有这个失败的任务" in admin.get(unknown.headers["Location"]).get_data(as_text=True)


def _subprocess_env(app) -> dict[str, str]:
    """What a scheduled command's own process needs to reach this test's app."""
    return {
        "JOBHUB_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBHUB_SECRET_KEY": app.config["SECRET_KEY"],
        "JOBHUB_DATA_KEY": app.config["DATA_KEY"],
        "JOBHUB_MATCHING_INDEX_DIR": app.config["MATCHING_INDEX_DIR"],
        "JOBHUB_MESSAGE_OUTBOX_DIR": app.config["MESSAGE_OUTBOX_DIR"],
    }


def test_a_scheduled_job_goes_on_the_queue_once_and_the_worker_runs_it(queued_app, monkeypatch):
    from datetime import UTC, datetime

    from jobhub import jobs
    from jobhub.ops import worker

    app = queued_app
    for key, value in _subprocess_env(app).items():
        monkeypatch.setenv(key, value)
    client = app.test_client()
    assert client.get("/readyz").status_code == 503  # no matching index yet
    rebuild = next(job for job in worker.JOBS if job.name == "matching-rebuild")
    due = datetime(2026, 3, 10, 19, 0, tzinfo=UTC)  # 03:00 in China
    with app.app_context():
        assert worker.queue_scheduled(rebuild, due) is True
        # a second worker (or this one restarted) reaches the same moment: nothing more queued
        assert worker.queue_scheduled(rebuild, due) is False
        # on the scheduled jobs' own queue, not the texts'
        assert jobs.queue(scheduled=True).count == 1 and jobs.queue().count == 0
        # the next night is a run of its own
        assert worker.queue_scheduled(rebuild, due.replace(day=11)) is True
        assert jobs.queue(scheduled=True).count == 2
    assert client.get("/readyz").status_code == 503  # queued, not run

    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert client.get("/readyz").status_code == 200
    with app.app_context():
        assert jobs.depth() == 0 and jobs.failed() == []


def test_a_failing_scheduled_job_is_retried_then_shown_to_the_admin_by_name(
    queued_app, accounts, monkeypatch, caplog
):
    from datetime import UTC, datetime, time

    from jobhub import jobs
    from jobhub.ops import worker

    app = queued_app
    accounts.app = app
    app.config["QUEUE_RETRIES"] = 1
    monkeypatch.setattr(jobs, "RETRY_INTERVALS", [0])  # retried at once, within the burst
    broken = worker.Job("audit-verify", time(3, 30), ("no-such-command",), "审计日志校验")
    monkeypatch.setattr(worker, "JOBS", (broken,))
    with app.app_context():
        assert worker.queue_scheduled(broken, datetime(2026, 3, 10, 19, 30, tzinfo=UTC))
    with caplog.at_level(logging.INFO, logger="jobhub.worker"):
        # the queue alone (`flask jobs work`, the image's extra consumer) runs it too
        result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 0, result.output
    runs = [r for r in caplog.records if r.getMessage().startswith("audit-verify exited")]
    assert len(runs) == 2  # the first run and one retry
    page = accounts.client_for("admin").get("/admin/jobs").get_data(as_text=True)
    assert "失败的任务（1）" in page
    listed = page.split("<h2>失败的任务")[1]
    assert "定时任务：审计日志校验" in listed and "ScheduledJobFailed" in listed


def test_without_a_queue_the_worker_runs_each_job_at_its_time_in_china_once():
    import threading
    from datetime import UTC, datetime, timedelta

    from jobhub.ops import worker

    clock = [datetime(2026, 3, 10, 15, 58, 30, tzinfo=UTC)]  # 23:58:30 in China
    stop = threading.Event()
    fired: list[tuple[str, datetime]] = []

    def fire(job, due):
        fired.append((job.name, due))
        if len(fired) == 6:
            stop.set()

    def pause(seconds):
        clock[0] += timedelta(seconds=seconds)

    worker.schedule(fire, stop, clock=lambda: clock[0], pause=pause)
    assert fired == [
        # caught up at the start
        ("gigs-expire", datetime(2026, 3, 10, 15, 58, tzinfo=UTC)),
        ("acts-daily", datetime(2026, 3, 10, 15, 58, tzinfo=UTC)),
        # then at their times: 00:05 and 00:20 in China, 01:00, 02:00 ...
        ("gigs-expire", datetime(2026, 3, 10, 16, 5, tzinfo=UTC)),
        ("acts-daily", datetime(2026, 3, 10, 16, 20, tzinfo=UTC)),
        ("policy-refresh", datetime(2026, 3, 10, 17, 0, tzinfo=UTC)),
        ("market-refresh", datetime(2026, 3, 10, 18, 0, tzinfo=UTC)),
    ]


def test_without_a_queue_a_failed_scheduled_job_is_shown_to_the_admin(app, accounts, monkeypatch):
    import subprocess
    from datetime import UTC, datetime, time

    from jobhub.ops import worker

    admin = accounts.client_for("admin")
    assert "未经队列运行失败的定时任务（0）" in admin.get("/admin/jobs").get_data(as_text=True)

    # a real run of a command that fails (`flask worker --once`, the queue-less path)
    broken = worker.Job("audit-verify", time(3, 30), ("no-such-command",), "审计日志校验")
    monkeypatch.setattr(worker, "JOBS", (broken,))
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code != 0 and "audit-verify" in result.output

    # a run whose output names a person: only the error's type reaches the page
    said = "Traceback ...\nsqlalchemy.exc.IntegrityError: duplicate phone 13912346666\n"
    monkeypatch.setattr(
        subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 1, "", said)
    )
    alerts = worker.Job("job-alerts", time(7, 30), ("notices", "alerts"), "岗位提醒")
    with app.app_context():
        assert worker.run_inline(alerts) == 1
        # an old failure is listed in China time, and one past the kept days is dropped
        worker.record_failure(broken, 3, "", at=datetime(2026, 3, 10, 19, 30, tzinfo=UTC))
        worker.record_failure(broken, 4, "", at=datetime(2026, 1, 1, tzinfo=UTC))

    monkeypatch.setattr(worker, "_now", lambda: datetime(2026, 3, 12, tzinfo=UTC))
    page = admin.get("/admin/jobs").get_data(as_text=True)
    listed = page.split("未经队列运行失败的定时任务")[1]
    assert "2026-03-11 03:30" in listed and "退出码 3" in listed
    assert "退出码 4" not in listed  # January's is past the 30 days kept
    monkeypatch.setattr(worker, "_now", lambda: datetime.now(UTC))
    page = admin.get("/admin/jobs").get_data(as_text=True)
    listed = page.split("未经队列运行失败的定时任务")[1]
    assert listed.startswith("（2）")  # the two of today; March's are past the 30 days
    assert "定时任务：岗位提醒" in listed and "错误类型 IntegrityError" in listed
    assert re.search("定时任务：审计日志校验</strong> · 失败于 [^·]+ · 退出码 [1-9]", listed)
    assert "13912346666" not in page
    assert accounts.client_for("station_staff").get("/admin/jobs").status_code == 403


def test_a_text_never_waits_behind_a_scheduled_job(queued_app, monkeypatch, caplog):
    """Texts and scheduled jobs go on queues of their own: the notice worker sends a text while
    a scheduled job waits (or runs) on the other queue; a worker of both takes the text first."""
    from datetime import UTC, datetime, time

    from jobhub import jobs
    from jobhub.ops import worker

    app = queued_app
    for key, value in _subprocess_env(app).items():
        monkeypatch.setenv(key, value)
    verify = worker.Job("audit-verify", time(3, 30), ("audit", "verify"), "审计日志校验")
    monkeypatch.setattr(worker, "JOBS", (verify,))
    client = app.test_client()
    with app.app_context():
        assert worker.queue_scheduled(verify, datetime(2026, 3, 10, 19, 30, tzinfo=UTC))
    phone = "13912345555"
    client.post("/auth/register", data={"phone": phone, "send_code": "1"})  # queued after it
    with app.app_context():
        assert jobs.queue().count == 1 and jobs.queue(scheduled=True).count == 1
    runner = app.test_cli_runner()
    result = runner.invoke(args=["worker", "--queue", "notices", "--burst"])
    assert result.exit_code == 0, result.output
    assert len(sent_sms(app, phone)) == 1
    with app.app_context():  # the scheduled job still waits for its own worker
        assert jobs.queue().count == 0 and jobs.queue(scheduled=True).count == 1
    result = runner.invoke(args=["worker", "--queue", "scheduled", "--burst"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert jobs.depth() == 0 and jobs.failed() == []

    # one worker of both queues (`flask jobs work`): the text first, though queued later
    with app.app_context():
        assert worker.queue_scheduled(verify, datetime(2026, 3, 11, 19, 30, tzinfo=UTC))
    client.post("/auth/register", data={"phone": "13912345556", "send_code": "1"})
    with caplog.at_level(logging.INFO, logger="rq.worker"):
        assert runner.invoke(args=["jobs", "work", "--burst"]).exit_code == 0
    started = [r.getMessage() for r in caplog.records if r.name == "rq.worker"]
    texts = [i for i, m in enumerate(started) if "deliver_sms" in m]
    scheduled = [i for i, m in enumerate(started) if "定时任务：审计日志校验" in m]
    assert texts and scheduled and texts[0] < scheduled[0]


def test_without_a_queue_texts_and_scheduled_jobs_run_inline(app):
    from jobhub import jobs

    done: list[str] = []
    with app.app_context():
        jobs.enqueue(done.append, "text")
        jobs.enqueue(done.append, "scheduled", scheduled=True)
    assert done == ["text", "scheduled"]


def test_the_worker_starts_its_scheduled_queue_process_again_when_it_ends():
    import sys
    import threading

    from jobhub.ops import worker

    stop = threading.Event()
    waits: list[float] = []

    def pause(seconds):
        waits.append(seconds)
        if waits.count(5.0) == 2:  # ended twice, started again twice
            stop.set()

    worker.keep_running([sys.executable, "-c", "raise SystemExit(3)"], stop, pause)
    assert waits.count(5.0) == 2
    # at the stop, a child still running is asked to end
    stop = threading.Event()
    slept = [sys.executable, "-c", "import time; time.sleep(60)"]
    worker.keep_running(slept, stop, lambda _s: stop.set())
    assert stop.is_set()
