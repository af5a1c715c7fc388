"""Sending text messages (SMS) and e-mail through a pluggable gateway.

The gateway is chosen by ``MESSAGE_GATEWAY``:

* ``"file"`` (the default, for development and tests): each message is appended as one JSON line
  to ``sms.jsonl`` or ``email.jsonl`` in ``MESSAGE_OUTBOX_DIR`` (``instance/outbox`` unless set),
  so a developer reads a verification code with ``tail instance/outbox/sms.jsonl``;
* ``"package.module:Class"``: a class of the operator's, built with the app's config, with the
  methods of :class:`Gateway` (the bureau's SMS platform, its mail relay).

Every message is short Chinese text with the platform's signature; none carries an ID number.
Sending goes through the job queue when one is configured (jobhub.jobs), so a slow gateway never
holds up a page.
"""

from __future__ import annotations

import importlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flask import current_app

from jobhub import jobs
from jobhub.db import now_utc

SIGNATURE = "【就业服务平台】"


class Gateway(Protocol):
    def send_sms(self, phone: str, text: str) -> None: ...

    def send_email(self, address: str, subject: str, body: str) -> None: ...


@dataclass(frozen=True)
class Message:
    channel: str  # "sms" or "email"
    to: str
    text: str
    subject: str = ""
    sent_at: str = ""


class FileGateway:
    """Writes each message as a JSON line to the outbox folder instead of sending it."""

    _lock = threading.Lock()

    def __init__(self, config) -> None:
        self.folder = Path(config["MESSAGE_OUTBOX_DIR"])

    def _append(self, message: Message) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(message.__dict__, ensure_ascii=False)
        with self._lock, open(self.folder / f"{message.channel}.jsonl", "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def send_sms(self, phone: str, text: str) -> None:
        self._append(Message("sms", phone, text, sent_at=now_utc().isoformat()))

    def send_email(self, address: str, subject: str, body: str) -> None:
        self._append(Message("email", address, body, subject, now_utc().isoformat()))

    def sent(self, channel: str = "sms") -> list[Message]:
        """What this outbox holds, oldest first (for the developer and the tests)."""
        path = self.folder / f"{channel}.jsonl"
        if not path.exists():
            return []
        with open(path, encoding="utf-8") as f:
            return [Message(**json.loads(line)) for line in f if line.strip()]


def gateway() -> Gateway:
    """The app's gateway, built once per app."""
    cache = current_app.extensions.setdefault("jobhub.gateway", {})
    if "gateway" not in cache:
        choice = current_app.config["MESSAGE_GATEWAY"]
        if choice == "file":
            cache["gateway"] = FileGateway(current_app.config)
        else:
            module, _, name = choice.partition(":")
            cache["gateway"] = getattr(importlib.import_module(module), name)(current_app.config)
    return cache["gateway"]


def deliver_sms(phone: str, text: str) -> None:
    gateway().send_sms(phone, text)


def deliver_email(address: str, subject: str, body: str) -> None:
    gateway().send_email(address, subject, body)


def send_sms(phone: str, text: str) -> None:
    """Send a text, through the job queue when there is one (jobhub.jobs)."""
    jobs.enqueue(deliver_sms, phone, SIGNATURE + text)


def send_email(address: str, subject: str, body: str) -> None:
    jobs.enqueue(deliver_email, address, subject, body)
