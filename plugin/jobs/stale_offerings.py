"""Asking once whether an offering not confirmed for six months is still current: sent by `lerend-netwerk reminders`.

One DM per member of the offering's organisation (the coordinator when it has none) and stale period
(plugin.send_once, kind `aanbod`, key `o<offer id>-<last confirmed>`), so concurrent runs ask nobody
twice; a DM that does not land is released and asked again by the next run. Once everyone has it, the
offering is marked asked (`confirmation_requested_at`) and left alone until someone confirms it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plugin.config import Settings
from plugin.send_once import Sent, send_dm_once
from plugin.slack_clients import client_for_team
from plugin.views.offerings import confirm_request_message
from storage import catalog
from storage.db import Database

log = logging.getLogger(__name__)
KIND = "aanbod"
QUESTION = "Is dit aanbod nog actueel?"


@dataclass(frozen=True)
class _Ask:
    offering_id: int
    period_key: str
    recipients: tuple[str, ...]
    blocks: list[dict[str, Any]]


def ask_to_confirm_stale_offerings(settings: Settings, db: Database, now: datetime) -> int:
    """DM the members of each organisation whose offering was not confirmed for 6 months — once.

    Returns how many offerings this run asked about (an offering another run asked counts there).
    """
    asked = 0
    with db.transaction() as session:
        networks = catalog.networks_with_stale_offerings(session, now)
    for net in networks:
        client = client_for_team(settings, db, net.team_id)
        if client is None:
            log.warning("network %s (%s): the app is not installed there; offerings not asked", net.id, net.team_id)
            continue
        fallback = (net.coordinator_user_id,) if net.coordinator_user_id else ()
        with db.transaction() as session:
            asks = [
                _Ask(
                    offering.id,
                    f"o{offering.id}-{offering.last_confirmed_at:%Y%m%d%H%M%S%f}",
                    tuple(catalog.organisation_member_ids(session, net.id, offering.organisation_id)) or fallback,
                    confirm_request_message(offering, now),
                )
                for offering in catalog.unasked_stale_offerings(session, net.id, now)
            ]
        for ask in asks:
            outcomes = [
                send_dm_once(
                    db.transaction,
                    net.id,
                    client,
                    kind=KIND,
                    recipient=user_id,
                    period_key=ask.period_key,
                    now=now,
                    text=QUESTION,
                    blocks=ask.blocks,
                )
                for user_id in ask.recipients
            ]
            if not outcomes:
                log.warning("offering %s: nobody to ask whether it is still current", ask.offering_id)
                continue
            if Sent.FAILED in outcomes:
                log.warning("could not ask (everyone) to confirm offering %s; will retry next run", ask.offering_id)
                continue
            with db.transaction() as session:
                catalog.mark_asked_to_confirm(session, net.id, ask.offering_id, now)
            asked += Sent.SENT in outcomes
    return asked
