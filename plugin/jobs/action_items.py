"""Due action items and the weekly digest: one DM a day per owner about items due tomorrow or overdue,
one digest per ISO week for each coordinator (the first run from Monday 08:00), each exactly once
(plugin.send_once, kinds `KIND_DUE` and `KIND_DIGEST` of domain.action_items)."""

from __future__ import annotations

import logging
from datetime import datetime

from domain.action_items import KIND_DIGEST, KIND_DUE, daily_key, week_key
from domain.dates_nl import BRUSSELS
from plugin.config import Settings
from plugin.jobs.report import ReminderRun
from plugin.send_once import send_dm_once
from plugin.slack_clients import client_for_team
from plugin.views.meetings import digest_message, due_reminder_message
from storage import action_items, meetings
from storage.db import Database

log = logging.getLogger(__name__)


def remind(settings: Settings, db: Database, now: datetime, run: ReminderRun) -> None:
    """Every network that ever had a meeting: its owners' due items, then its coordinator's digest."""
    today = now.astimezone(BRUSSELS).date()
    with db.transaction() as session:
        networks = meetings.networks_with_meetings(session)
    for net in networks:
        client = client_for_team(settings, db, net.team_id)
        if client is None:
            log.warning("network %s (%s): no bot token for the workspace; skipped", net.id, net.team_id)
            run.networks_without_token += 1
            continue
        with db.transaction() as session:
            due = action_items.items_to_remind(session, net.id, today)
        for owner, items in due.items():
            text, blocks = due_reminder_message(items, today)
            run.count(
                send_dm_once(
                    db.transaction,
                    net.id,
                    client,
                    kind=KIND_DUE,
                    recipient=owner,
                    period_key=daily_key(today),
                    now=now,
                    text=text,
                    blocks=blocks,
                )
            )
        coordinator = net.coordinator_user_id
        if coordinator:
            with db.transaction() as session:
                week = action_items.digest(session, net.id, now)
            text, blocks = digest_message(net.name, week, today)
            run.count(
                send_dm_once(
                    db.transaction,
                    net.id,
                    client,
                    kind=KIND_DIGEST,
                    recipient=coordinator,
                    period_key=week_key(today),
                    now=now,
                    text=text,
                    blocks=blocks,
                )
            )
