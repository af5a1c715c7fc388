"""Structured logs: each request has an id (the caller's when it is a plain token), sent back
in X-Request-ID and carried by its log line; JSON lines name method, path, status, time taken
and the user's id, and never a person's phone, ID number or name."""

from __future__ import annotations

import json
import logging

from jobhub.logs import JsonFormatter
from tests.foundation.test_bad_input_by_document import WALK_IN


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record) -> None:
        self.lines.append(self.format(record))


def test_json_lines_carry_the_request_id_and_no_personal_data(make_app, accounts):
    app = make_app(LOG_FORMAT="json")
    accounts.app = app
    seen = Lines()
    logging.getLogger("jobhub.access").addHandler(seen)
    try:
        client = accounts.client_for("station_staff")
        given = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
        assert given.headers["X-Request-ID"] == "lb-7f3a.42"
        forged = client.get("/healthz", headers={"X-Request-ID": "<script>x"})
        assert forged.headers["X-Request-ID"] != "<script>x"
        assert len(forged.headers["X-Request-ID"]) == 32
        body = WALK_IN  # a man of 1990 with his ID number, phone and name
        number = body["id_number"]
        assert (
            client.post("/api/v1/stations/walk-ins?phone=13900001111", json=body).status_code == 201
        )
    finally:
        logging.getLogger("jobhub.access").removeHandler(seen)
    records = [json.loads(line) for line in seen.lines]
    first = next(r for r in records if r.get("request_id") == "lb-7f3a.42")
    assert first["method"] == "GET" and first["path"] == "/healthz" and first["status"] == 200
    assert first["duration_ms"] >= 0 and first["time"].endswith("+00:00")
    walk_in = records[-1]
    assert walk_in["path"] == "/api/v1/stations/walk-ins" and walk_in["status"] == 201
    assert walk_in["user_id"]
    everything = "\n".join(seen.lines)
    for personal in (number, body["phone"], body["name"]):
        assert personal not in everything
