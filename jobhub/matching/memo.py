"""A bounded memo for the text paths (tokens per block, term ids, canonical skills)."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V], Generic[K, V]):
    """A dict that forgets everything once it holds `limit` entries. Free text has a long
    tail but its common pieces come back at once, so clearing costs little and bounds memory
    without the bookkeeping of an LRU; lookups stay plain (C-speed) dict lookups."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
