"""The monthly outreach nudge to each coordinator, sent by `lerend-netwerk reminders`."""

from __future__ import annotations

from datetime import datetime

from plugin.config import Settings
from plugin.meeting_delivery import Sent
from storage.db import Database


def send_outreach_nudges(settings: Settings, db: Database, now: datetime) -> list[Sent]:
    return []
