"""Fixed-window counters for login failures, in process memory or in Redis.

Over the limit a login answers 429 until the window ends; nothing is locked and no counter
outlives its window, so an attacker cannot lock a real person out for good.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class CounterStore(Protocol):
    def hit(self, key: str, window: int) -> int: ...
    def count(self, key: str) -> int: ...


class MemoryStore:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[str, tuple[int, float]] = {}

    def _live(self, key: str) -> tuple[int, float] | None:
        entry = self._data.get(key)
        if entry and entry[1] <= time.monotonic():
            del self._data[key]
            return None
        return entry

    def hit(self, key: str, window: int) -> int:
        with self._lock:
            entry = self._live(key)
            count, reset = entry if entry else (0, time.monotonic() + window)
            self._data[key] = (count + 1, reset)
            return count + 1

    def count(self, key: str) -> int:
        with self._lock:
            entry = self._live(key)
            return entry[0] if entry else 0


class RedisStore:
    def __init__(self, url: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)

    def hit(self, key: str, window: int) -> int:
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window, nx=True)
        return int(pipe.execute()[0])

    def count(self, key: str) -> int:
        return int(self._redis.get(key) or 0)


def make_store(uri: str) -> CounterStore:
    if uri.startswith("memory://"):
        return MemoryStore()
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(uri)
    raise ValueError(f"unsupported THROTTLE_STORAGE_URI {uri!r}")


class LoginThrottle:
    """Counts failed logins per account (its HMAC) and per client address."""

    def __init__(self, store: CounterStore, per_account: int, per_ip: int, window: int) -> None:
        self.store, self.per_account, self.per_ip, self.window = store, per_account, per_ip, window

    def blocked(self, account_key: str, ip: str) -> bool:
        return (
            self.store.count(f"login:acct:{account_key}") >= self.per_account
            or self.store.count(f"login:ip:{ip}") >= self.per_ip
        )

    def failed(self, account_key: str, ip: str) -> None:
        self.store.hit(f"login:acct:{account_key}", self.window)
        self.store.hit(f"login:ip:{ip}", self.window)
