"""Background jobs on a real RQ queue in Redis: a text to send waits on the queue, the request
answers at once, and `flask jobs work` delivers it. Without a queue the same work runs inline
(every other test)."""

from __future__ import annotations

import os
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

        jobs.queue().delete(delete_jobs=True)


def test_a_text_waits_on_the_queue_until_the_worker_sends_it(queued_app):
    app = queued_app
    client = app.test_client()
    data = {"phone": "13912348888", "display_name": "小王"}
    answer = client.post("/auth/register", data={**data, "send_code": "1"})
    assert answer.status_code == 200 and "验证码已经发出" in answer.get_data(as_text=True)
    assert sent_sms(app, data["phone"]) == []  # not sent yet: on the queue
    metrics = client.get("/metrics").text
    assert "jobhub_job_queue_depth 1.0" in metrics

    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 0, result.output
    (text,) = sent_sms(app, data["phone"])
    assert "验证码" in text
    assert "jobhub_job_queue_depth 0.0" in client.get("/metrics").text


def test_the_worker_refuses_to_start_without_a_queue(app):
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code != 0 and "JOBHUB_QUEUE_REDIS_URL" in result.output
