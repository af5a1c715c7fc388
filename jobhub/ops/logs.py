"""Request ids and log lines.

Every request gets an id: the caller's ``X-Request-ID`` when it is a safe token (a proxy's or
a load balancer's id, so one request can be followed through both logs), else a new one; the
answer echoes it in ``X-Request-ID``. With ``LOG_FORMAT = "json"`` every log record is one
JSON object per line on stderr, and every request ends with one line saying what it was:

    {"time": "2026-12-05T16:40:00.123+00:00", "level": "INFO", "logger": "jobhub.request",
     "message": "GET /api/v1/gigs/<int:gig_id> 404", "request_id": "…", "method": "GET",
     "path": "/api/v1/gigs/12", "route": "/api/v1/gigs/<int:gig_id>", "status": 404,
     "duration_ms": 3.1, "user_id": 7}

Nothing personal goes into a request line: no query string, no form or JSON body, no name,
and runs of 7 or more digits (a phone or an ID number typed into an address) and non-ASCII
text in the path are replaced by ``***``. The signed-in user is named by the account id only.
``LOG_FORMAT = "text"`` (the default) leaves Flask's own logging as it is.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
_PERSONAL_IN_PATH = re.compile(r"\d{7,}[0-9Xx]?|[^\x00-\x7f]+")
# the request-line fields, in the order they are written
FIELDS = ("request_id", "method", "path", "route", "status", "duration_ms", "user_id")
FORMATS = ("text", "json")

request_logger = logging.getLogger("jobhub.request")


def safe_path(path: str) -> str:
    """The path with anything that could be a phone, an ID number or a name masked."""
    return _PERSONAL_IN_PATH.sub("***", path)


def route_of(req) -> str:  # noqa: ANN001 - a flask.Request
    """The URL rule that served the request (``/api/v1/gigs/<int:gig_id>``), never the raw
    path; ``<unmatched>`` for a path no rule serves."""
    rule = req.url_rule
    return rule.rule if rule is not None else "<unmatched>"


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestContextFilter(logging.Filter):
    """Adds the request id to every record logged while a request is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (ISO 8601, UTC offset), level, logger, message, the
    request fields the record carries, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when the record is emitted (a test's capture too)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # noqa: ANN201
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:  # noqa: ANN001 - StreamHandler.__init__ assigns it
        pass


def json_handler(level: str | int = logging.INFO) -> logging.Handler:
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    handler.setLevel(level)
    handler.jobhub_json = True  # type: ignore[attr-defined]  (found again by the next install)
    return handler


def _configure(app: Flask) -> None:
    fmt = app.config.get("LOG_FORMAT", "text")
    if fmt not in FORMATS:
        raise RuntimeError(f"LOG_FORMAT must be one of {FORMATS}, not {fmt!r}")
    if fmt != "json":
        return
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "jobhub_json", False)]:
        root.removeHandler(old)
    root.addHandler(json_handler())
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.removeHandler(default_handler)  # the root handler writes the app's records


def _start() -> None:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _signed_in_user_id() -> int | None:
    # only if the request already loaded its user: a log line never makes a database query
    user = g.get("_login_user")
    return getattr(user, "id", None) if user is not None and user.is_authenticated else None


def _finish(response):  # noqa: ANN001, ANN202 - flask.Response
    if "request_id" not in g:  # a hook before ours answered; the id is still given
        _start()
    response.headers[REQUEST_ID_HEADER] = g.request_id
    route = route_of(request)
    request_logger.info(
        "%s %s %s",
        request.method,
        route,
        response.status_code,
        extra={
            "method": request.method,
            "path": safe_path(request.path),
            "route": route,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
            "user_id": _signed_in_user_id(),
        },
    )
    return response


def install(app: Flask) -> None:
    _configure(app)
    app.before_request(_start)
    app.after_request(_finish)
