"""Warm the search caches at start, in the background, so that no person waits for an index build.

Bounded: at most the cache's size of networks (the most recently created first: the ones in use),
within a time budget, and stopped at shutdown. A network whose snapshot is already there (a request
came first) costs one small query. Failures are logged and end the warm-up; requests build what is
missing as before.
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy import select

from storage.db import Database
from storage.models import Network
from storage.search_index import SearchIndexCache, search_scope

log = logging.getLogger(__name__)
BUDGET_SECONDS = 120.0


def warm_search_caches(
    db: Database, cache: SearchIndexCache, *, limit: int, stop: threading.Event, budget_s: float = BUDGET_SECONDS
) -> int:
    """Build the search snapshot of up to `limit` networks; returns how many were warmed."""
    start, warmed = time.monotonic(), 0
    try:
        with db.transaction() as session:
            ids = list(session.scalars(select(Network.id).order_by(Network.id.desc()).limit(limit)))
        for network_id in ids:
            if stop.is_set() or time.monotonic() - start > budget_s:
                break
            with db.transaction() as session:
                scope = search_scope(session, network_id)
                if scope:
                    cache.snapshot(session, scope)
                    warmed += 1
    except Exception:  # the app works without it: the first request of a network builds its index
        log.warning("warming the search caches stopped after %d networks", warmed, exc_info=True)
        return warmed
    log.info("search caches warmed for %d networks in %.1f s", warmed, time.monotonic() - start)
    return warmed
