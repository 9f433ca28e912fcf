"""The outbox sweep, the first job of every run: each message to Slack whose next try is due
(plugin.delivery.deliver_due). `lerend-netwerk deliver` runs it alone, more often."""

from __future__ import annotations

from datetime import datetime

from plugin.config import Settings
from plugin.delivery import Sweep, deliver_due
from plugin.slack_clients import client_for_team
from storage.db import Database


def sweep(settings: Settings, db: Database, now: datetime) -> Sweep:
    return deliver_due(db.transaction, lambda team_id: client_for_team(settings, db, team_id), now)
