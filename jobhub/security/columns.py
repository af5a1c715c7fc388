"""Column types that keep personal data encrypted at rest.

The cipher is the app's (``app.extensions["jobhub.cipher"]``), so the key never leaves
instance config and nothing here runs at import time.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from jobhub.security.crypto import FieldCipher


def cipher() -> FieldCipher:
    return current_app.extensions["jobhub.cipher"]


def lookup_hash(value: str, kind: str) -> str:
    """HMAC of a normalised value, for the ``*_hmac`` look-up columns."""
    return cipher().lookup_hash(value, kind)


class EncryptedText(TypeDecorator[str]):
    """A string stored as AES-GCM ciphertext bound to ``context`` (normally table.column)."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else cipher().encrypt(value, self.context)

    def process_result_value(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else cipher().decrypt(value, self.context)


class EncryptedJSON(TypeDecorator[dict]):
    """A JSON object stored encrypted (sensitive statuses and their consent records)."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: dict | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return cipher().encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True), self.context)

    def process_result_value(self, value: str | None, dialect: Any) -> dict | None:
        return None if value is None else json.loads(cipher().decrypt(value, self.context))
