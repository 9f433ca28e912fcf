"""The weekly question about places left, sent by `lerend-netwerk reminders`.

For every active offer with a number of places whose count is a week old (and that is not closed today):
a DM to each member of its organisation, at most once per ISO week (plugin.send_once,
kind `plaatsen`, key `<week>-o<offer id>`), exactly once across concurrent runs and instances.
"""

from __future__ import annotations

import logging
from datetime import datetime

from domain.action_items import week_key
from domain.dates_nl import BRUSSELS
from plugin.config import Settings
from plugin.send_once import Sent, send_dm_once
from plugin.slack_clients import client_for_team
from plugin.views.offering_practical import capacity_prompt_message
from storage import catalog
from storage.capacity_prompts import due_capacity_prompts
from storage.db import Database

log = logging.getLogger(__name__)
KIND = "plaatsen"


def ask_capacity_updates(settings: Settings, db: Database, now: datetime) -> list[Sent]:
    week = week_key(now.astimezone(BRUSSELS).date())
    with db.transaction() as session:
        due = due_capacity_prompts(session, now)
    outcomes: list[Sent] = []
    for prompt in due:
        client = client_for_team(settings, db, prompt.team_id)
        if client is None:
            log.warning("team %s: no bot token; places of offer %s not asked", prompt.team_id, prompt.offering_id)
            continue
        with db.transaction() as session:
            offering = catalog.get_offering(session, prompt.network_id, prompt.offering_id)
            if offering is None:
                continue
            text, blocks = capacity_prompt_message(offering, now)
        for user_id in prompt.members:
            outcomes.append(
                send_dm_once(
                    db.transaction,
                    prompt.network_id,
                    client,
                    kind=KIND,
                    recipient=user_id,
                    period_key=f"{week}-o{prompt.offering_id}",
                    now=now,
                    text=text,
                    blocks=blocks,
                )
            )
    return outcomes
