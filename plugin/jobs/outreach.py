"""The monthly outreach nudge to each coordinator, sent by `lerend-netwerk reminders`.

Once per calendar month (Brussels) per network and coordinator, exactly once across runs and
instances (plugin.send_once, kind `outreach`), and only when there is someone to
nudge about: organisations without contact for three months, partners absent from the last two meetings.
"""

from __future__ import annotations

import logging
from datetime import datetime

from domain.dates_nl import BRUSSELS
from domain.outreach import missed_last_meetings, month_key, without_contact
from plugin.config import Settings
from plugin.send_once import Sent, send_dm_once
from plugin.slack_clients import client_for_team
from plugin.views.partners import nudge_message
from storage import outreach
from storage.db import Database

log = logging.getLogger(__name__)
KIND = "outreach"


def send_outreach_nudges(settings: Settings, db: Database, now: datetime) -> list[Sent]:
    today = now.astimezone(BRUSSELS).date()
    outcomes: list[Sent] = []
    with db.transaction() as session:
        networks = outreach.networks_with_coordinator(session)
    for net in networks:
        coordinator = net.coordinator_user_id or ""
        with db.transaction() as session:
            facts = [row.facts() for row in outreach.partners(session, net.id)]
            coming = outreach.coming_to_last_meetings(session, net.id, now)
        to_contact, missing = without_contact(facts, today), missed_last_meetings(facts, coming)
        if not to_contact and not missing:
            continue
        client = client_for_team(settings, db, net.team_id)
        if client is None:
            log.warning("network %s (%s): no bot token for the workspace; outreach nudge skipped", net.id, net.team_id)
            continue
        text, blocks = nudge_message(net.name, to_contact, missing)
        outcomes.append(
            send_dm_once(
                db.transaction,
                net.id,
                client,
                kind=KIND,
                recipient=coordinator,
                period_key=month_key(today),
                now=now,
                text=text,
                blocks=blocks,
            )
        )
    return outcomes
