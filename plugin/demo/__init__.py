"""Demo network for `make run` (stub)."""

from __future__ import annotations

from plugin.config import Settings


def load_demo_network(settings: Settings) -> str | None:
    return None
