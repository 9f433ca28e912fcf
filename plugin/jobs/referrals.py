"""Asking the receiving organisation once more about a referral unanswered for 14 days: sent by
`lerend-netwerk reminders`.

One DM per member of the organisation and referral, ever (plugin.send_once, kind
`doorverwijzing`, key `referral-<id>`), on any number of instances; a refused DM is released and
asked again on the next run. After that the referral stays "onbekend" until someone answers.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial

from slack_sdk import WebClient

from domain.referral_outcomes import REMINDER_AFTER
from plugin.config import Settings
from plugin.referral_delivery import send_to_organisation
from plugin.send_once import Sent, send_once
from plugin.slack_clients import client_for_team
from storage import referral_outcomes as loop
from storage.db import Database

log = logging.getLogger(__name__)
KIND = "doorverwijzing"


def ask_referral_outcomes(settings: Settings, db: Database, now: datetime) -> list[Sent]:
    """Every referral without an outcome after REMINDER_AFTER: its organisation's members, once."""
    with db.transaction() as session:
        due = loop.due_for_reminder(session, now)
    outcomes: list[Sent] = []
    for team_id, network_id, referral_id, members in due:
        if not members:
            continue
        client = client_for_team(settings, db, team_id)
        if client is None:
            log.warning("team %s: no bot token; referral %s not asked after %s", team_id, referral_id, REMINDER_AFTER)
            continue
        for user_id in members:
            outcomes.append(
                send_once(
                    db.transaction,
                    network_id,
                    kind=KIND,
                    recipient=user_id,
                    period_key=f"referral-{referral_id}",
                    now=now,
                    send=partial(_ask, client, db, referral_id, user_id),
                )
            )
    return outcomes


def _ask(client: WebClient, db: Database, referral_id: int, user_id: str) -> None:
    send_to_organisation(client, db.transaction, referral_id, [user_id], reminder=True)
