"""A process-wide cache of things built from the database, rebuilt when their version moves.

Shared by the referral index (offerings) and the knowledge index: each lookup passes the version
it just read (one small query); one thread rebuilds a stale entry while the others wait for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class VersionedCache(Generic[K, V]):
    """Thread-safe; Bolt deep-copies its context for lazy listeners, so copying returns the cache itself."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[K, tuple[Hashable, V]] = {}
        self._builders: dict[K, threading.Lock] = {}

    def __deepcopy__(self, memo: dict[int, object]) -> VersionedCache[K, V]:
        return self

    def get(self, key: K, version: Hashable, build: Callable[[], V]) -> V:
        entry = self._entries.get(key)
        if entry is not None and entry[0] == version:
            return entry[1]
        with self._lock:
            builder = self._builders.setdefault(key, threading.Lock())
        with builder:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == version:
                return entry[1]
            value = build()
            with self._lock:
                self._entries[key] = (version, value)
            return value
