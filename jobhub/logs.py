"""Request ids and structured logs.

Every request gets an id: the caller's ``X-Request-ID`` when it is a plain token (letters,
digits, ``.``, ``_``, ``-``; at most 64), else a new one. It is sent back in the same header and
carried by every log line of the request. With ``LOG_FORMAT = "json"`` (production) each line is
one JSON object: time (ISO 8601 with its offset), level, logger, message, request_id, and for
the line written at the end of each request: method, path (no query string: it may hold what a
person typed), status, duration_ms and the user's id. Never a name, phone or ID number."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")
access_log = logging.getLogger("jobhub.access")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in _FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def install(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if app.config.get("LOG_FORMAT") == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(message)s")
        )
    for logger in (app.logger, access_log):
        logger.handlers = [h for h in logger.handlers if not getattr(h, "jobhub", False)]
        handler.jobhub = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    access_log.propagate = False

    @app.before_request
    def _start() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        from flask_login import current_user

        response.headers["X-Request-ID"] = g.get("request_id", "")
        started = g.get("request_started")
        access_log.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1)
                if started
                else None,
                "user_id": current_user.get_id() if current_user.is_authenticated else None,
            },
        )
        return response
