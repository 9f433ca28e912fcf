"""A process-wide cache of things built from the database, rebuilt when their version moves.

Shared by the referral index (offerings) and the knowledge index: each lookup passes the version
it just read (one small query); one thread rebuilds a stale entry while the others wait for it.
Bounded: past `max_size` entries the least recently used one is dropped, so a worker's memory
stays within limits whatever the number of networks. Keyed by the scope's own network, a scope
whose links changed replaces its old entry instead of staying next to it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

DEFAULT_SIZE = 32


class VersionedCache(Generic[K, V]):
    """Thread-safe; Bolt deep-copies its context for lazy listeners, so copying returns the cache itself."""

    def __init__(self, max_size: int = DEFAULT_SIZE) -> None:
        self.max_size = max(1, max_size)
        self._lock = threading.Lock()
        self._entries: OrderedDict[K, tuple[Hashable, V]] = OrderedDict()
        self._builders: dict[K, threading.Lock] = {}
        self._hits = 0
        self._misses = 0

    def __deepcopy__(self, memo: dict[int, object]) -> VersionedCache[K, V]:
        return self

    def get(self, key: K, version: Hashable, build: Callable[[], V]) -> V:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == version:
                self._entries.move_to_end(key)
                self._hits += 1
                return entry[1]
            builder = self._builders.setdefault(key, threading.Lock())
        with builder:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None and entry[0] == version:  # another thread just built it
                    self._entries.move_to_end(key)
                    self._hits += 1
                    return entry[1]
                self._misses += 1
            value = build()
            with self._lock:
                self._entries[key] = (version, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_size:
                    dropped, _ = self._entries.popitem(last=False)
                    if dropped != key:
                        self._builders.pop(dropped, None)
            return value

    def discard(self, key: K) -> None:
        """Forget an entry whose subject no longer exists (a channel no longer bound)."""
        with self._lock:
            self._entries.pop(key, None)

    def stats(self) -> dict[str, int]:
        """Lookups served from the cache, lookups that built, entries held now."""
        with self._lock:
            return {"hits": self._hits, "misses": self._misses, "size": len(self._entries)}
