"""Asking an activity's organiser, after its date, whether it happened: sent by `lerend-netwerk reminders`.

One DM per activity, ever (plugin.send_once, kind `activiteit`, key `activity-<id>`),
on any number of instances; a refused DM is released and asked again on the next run.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial

from slack_sdk import WebClient

from domain.dates_nl import BRUSSELS
from plugin.config import Settings
from plugin.send_once import DirectMessage, Sent, send_once
from plugin.slack_clients import client_for_team
from plugin.views.activities import follow_up_message
from storage import activities
from storage.db import Database

log = logging.getLogger(__name__)
KIND = "activiteit"


def _ask(client: WebClient, db: Database, network_id: int, activity_id: int, organiser: str) -> DirectMessage | None:
    """Built only once the claim is ours: an activity asked about before costs nothing on later runs."""
    with db.transaction() as session:
        activity = activities.get_activity(session, network_id, activity_id)
        if activity is None:
            return None
        text, blocks = follow_up_message(activities.describe(session, network_id, activity))
    return DirectMessage(client, organiser, text, blocks)


def ask_activity_followups(settings: Settings, db: Database, now: datetime) -> list[Sent]:
    today = now.astimezone(BRUSSELS).date()
    with db.transaction() as session:
        due = [
            (net.id, net.team_id, activity.organiser_user_id, activity.id)
            for net, activity in activities.due_for_follow_up(session, today)
        ]
    outcomes: list[Sent] = []
    for network_id, team_id, organiser, activity_id in due:
        client = client_for_team(settings, db, team_id)
        if client is None:
            log.warning("network %s (%s): no bot token; activity %s not followed up", network_id, team_id, activity_id)
            continue
        outcomes.append(
            send_once(
                db.transaction,
                network_id,
                kind=KIND,
                recipient=organiser,
                period_key=f"activity-{activity_id}",
                now=now,
                send=partial(_ask, client, db, network_id, activity_id, organiser),
            )
        )
    return outcomes
