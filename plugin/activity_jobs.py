"""Asking an activity's organiser, after its date, whether it happened: sent by `lerend-netwerk reminders`."""

from __future__ import annotations

from datetime import datetime

from plugin.config import Settings
from plugin.meeting_delivery import Sent
from storage.db import Database


def ask_activity_followups(settings: Settings, db: Database, now: datetime) -> list[Sent]:
    return []
