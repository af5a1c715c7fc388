"""Prometheus metrics, served at ``/metrics`` (see ``views``).

- ``jobhub_http_request_duration_seconds{route, method}``: latency histogram; ``route`` is the
  URL rule (``/api/v1/gigs/<int:gig_id>``), so no id or personal value ever becomes a label.
- ``jobhub_http_requests_total{route, method, status}``: requests by status class (2xx…5xx).
- ``jobhub_matching_index_age_seconds``: since the rows of the matching index this process
  serves were read (its last ``flask matching rebuild``); absent while no index exists.
- ``jobhub_review_queue_depth{kind}``: vacancies and gigs waiting for a person's review;
- ``jobhub_job_queue_depth``: background jobs waiting on the RQ queue (when one is configured).

Under gunicorn each worker process counts its own requests: with ``PROMETHEUS_MULTIPROC_DIR``
set (to an empty directory, before the server starts) ``prometheus_client`` keeps the counts
in files there and a scrape adds up every worker's. The gauges are read at scrape time.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from ipaddress import ip_network

from flask import Flask, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

from jobhub.db import as_utc
from jobhub.ops.logs import route_of

# 5 ms … 10 s: a page answers in tens of milliseconds, a ranked list in hundreds
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class RequestMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.latency = Histogram(
            "jobhub_http_request_duration_seconds",
            "Time to answer a request, by URL rule",
            ["route", "method"],
            buckets=BUCKETS,
            registry=registry,
        )
        self.requests = Counter(
            "jobhub_http_requests",
            "Requests answered, by URL rule and status class",
            ["route", "method", "status"],
            registry=registry,
        )

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        self.latency.labels(route, method).observe(seconds)
        self.requests.labels(route, method, f"{status // 100}xx").inc()


def index_age_seconds(now: datetime | None = None) -> float | None:
    """Seconds since the rows of the loaded matching index were read; None without an index
    (or one that does not say when it was built). Loads the index if this process has not."""
    from jobhub.matchsvc import MatchIndexMissing, loaded_index

    try:
        read_at = loaded_index().note.get("rows_read_at")
    except MatchIndexMissing:
        return None
    if not read_at:
        return None
    built = as_utc(datetime.fromisoformat(str(read_at)))
    return max(0.0, ((now or datetime.now(UTC)) - built).total_seconds())


def review_queue_depth() -> dict[str, int]:
    from sqlalchemy import func

    from jobhub.employers.models import Vacancy
    from jobhub.extensions import db
    from jobhub.gigs.models import Gig

    return {
        kind: db.session.scalar(
            db.select(func.count()).select_from(model).where(model.status == "pending_review")
        )
        or 0
        for kind, model in (("vacancy", Vacancy), ("gig", Gig))
    }


def jobs_waiting() -> int | None:
    """Jobs on the RQ queue; ``None`` without a queue, or when Redis does not answer (the
    scrape still returns the other figures)."""
    from redis.exceptions import RedisError

    from jobhub import jobs

    try:
        return jobs.depth()
    except RedisError:
        return None


class StateCollector:
    """The gauges, read when scraped (inside the app context of the ``/metrics`` request)."""

    def collect(self):  # noqa: ANN201 - prometheus_client's collector protocol
        age = index_age_seconds()
        if age is not None:
            yield GaugeMetricFamily(
                "jobhub_matching_index_age_seconds",
                "Seconds since the rows of the loaded matching index were read",
                value=age,
            )
        depth = GaugeMetricFamily(
            "jobhub_review_queue_depth",
            "Postings waiting for a person's review",
            labels=["kind"],
        )
        for kind, count in review_queue_depth().items():
            depth.add_metric([kind], count)
        yield depth
        waiting = jobs_waiting()
        if waiting is not None:
            yield GaugeMetricFamily(
                "jobhub_job_queue_depth",
                "Background jobs waiting on the RQ queue",
                value=waiting,
            )


def parse_networks(setting: str | None) -> list:
    """``"127.0.0.1/32, 10.0.0.0/8"`` → networks; a malformed entry stops the app at start."""
    try:
        return [
            ip_network(p.strip(), strict=False) for p in (setting or "").split(",") if p.strip()
        ]
    except ValueError as exc:
        raise RuntimeError(f"METRICS_NETWORKS: {exc}") from exc


def install(app: Flask) -> None:
    app.extensions["jobhub.metrics_networks"] = parse_networks(app.config.get("METRICS_NETWORKS"))
    registry = CollectorRegistry(auto_describe=False)
    app.extensions["jobhub.metrics"] = RequestMetrics(registry)
    app.extensions["jobhub.metrics_registry"] = registry

    @app.after_request
    def count_request(response):  # noqa: ANN001, ANN202
        started = g.get("request_started")
        if started is not None:
            app.extensions["jobhub.metrics"].observe(
                route_of(request),
                request.method,
                response.status_code,
                time.perf_counter() - started,
            )
        return response


def exposition() -> bytes:
    """The text a scrape gets: this process's request metrics (every worker's in multiprocess
    mode) and the gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry(auto_describe=False)
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = current_app.extensions["jobhub.metrics_registry"]
    state = CollectorRegistry(auto_describe=False)
    state.register(StateCollector())
    return generate_latest(registry) + generate_latest(state)
