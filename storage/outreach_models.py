"""Tables of the coordinator's outreach list (`/netwerk partners`)."""

from __future__ import annotations
