"""Running JobHub as a service: request ids and JSON log lines (``logs``), Prometheus metrics
(``metrics``), liveness and readiness (``views``) and the scheduled jobs' worker (``worker``)."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    """Request ids, log format and request metrics; called by the factory before any other
    ``before_request`` hook, so that a request refused by a later hook is still counted and
    logged with its id."""
    from jobhub.ops import logs, metrics

    logs.install(app)
    metrics.install(app)
