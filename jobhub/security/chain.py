"""The audit log's hash chain: each row carries the hash of the row before it, so a row
changed, removed or slipped in later breaks the chain at that row (``flask audit verify``).

Pure: stdlib only, used by the recorder, the verifier and the migration that chained the
rows written before the chain existed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The hash the first row links to.
GENESIS = "0" * 64
# The columns a row's hash covers, in this order (everything but the id and the hashes).
FIELDS = (
    "at",
    "actor_user_id",
    "actor_role",
    "action",
    "subject_type",
    "subject_id",
    "field",
    "purpose",
    "outcome",
    "ip",
)


def _canonical_time(value: datetime) -> str:
    # SQLite gives back naive UTC, PostgreSQL an aware time in the session's zone: one form.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


def canonical(row: Mapping[str, Any]) -> str:
    """The row's fields as one JSON text, the same for the same values on every database."""
    values = {name: row[name] for name in FIELDS}
    values["at"] = _canonical_time(values["at"])
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    """sha256 over the previous row's hash and this row's canonical text."""
    return hashlib.sha256(f"{prev_hash}\n{canonical(row)}".encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    rows: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify(rows: Iterable[Mapping[str, Any]]) -> Verdict:
    """Walk rows in id order (each with ``id``, ``prev_hash``, ``row_hash`` and FIELDS) and
    name the first one that does not follow from the row before it."""
    prev = GENESIS
    count = 0
    for row in rows:
        count += 1
        if row["prev_hash"] != prev:
            return Verdict(count, row["id"], "与上一条的哈希不衔接（其前有记录被删除、插入或改动）")
        if row["row_hash"] != link_hash(prev, row):
            return Verdict(count, row["id"], "内容与其哈希不符（该条记录被改动）")
        prev = row["row_hash"]
    return Verdict(count)
