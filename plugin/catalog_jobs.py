"""Scheduled work of the social map, run by `lerend-netwerk reminders`: ask once to confirm old offerings."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select

from plugin.config import Settings
from plugin.delivery import Outcome, deliver
from plugin.slack_clients import client_for_team
from plugin.views.offerings import confirm_request_message
from storage import catalog, outbox
from storage.db import Database
from storage.models import Network

log = logging.getLogger(__name__)
QUESTION = "Is dit aanbod nog actueel?"


def ask_to_confirm_stale_offerings(settings: Settings, db: Database, now: datetime) -> int:
    """DM the members of each organisation whose offering was not confirmed for 6 months — once.

    The claim (`confirmation_requested_at`) is committed before sending, so concurrent runs do not
    ask twice; if Slack refuses, the claim is released and a later run asks again.
    """
    sent = 0
    with db.transaction() as session:
        networks = [(n.id, n.team_id, n.coordinator_user_id) for n in session.scalars(select(Network))]
    for network_id, team_id, coordinator in networks:
        client = client_for_team(settings, db, team_id)
        if client is None:
            log.warning("network %s (%s): the app is not installed there; offerings not asked", network_id, team_id)
            continue
        with db.transaction() as session:
            stale = catalog.claim_stale_for_confirmation(session, network_id, now)
            asks = [
                (o.id, catalog.organisation_member_ids(session, network_id, o.organisation_id)
                 or ([coordinator] if coordinator else []),
                 confirm_request_message(o, now), o.last_confirmed_at.isoformat())
                for o in stale
            ]  # fmt: skip
        for offering_id, recipients, blocks, stamp in asks:
            # Through the outbox, one message per person (a retry never asks anyone twice); while one is
            # still on its way the claim is given back, so the next run (or the outbox) finishes the ask.
            if all(
                _asked(db, client, network_id, f"confirm:{offering_id}:{stamp}:{user_id}", user_id, blocks)
                for user_id in filter(None, recipients)
            ):
                sent += 1
                continue
            log.warning("could not ask (everyone) to confirm offering %s; will retry next run", offering_id)
            with db.transaction() as session:
                offering = catalog.get_offering(session, network_id, offering_id)
                if offering is not None:
                    offering.confirmation_requested_at = None
    return sent


def _asked(db: Database, client: WebClient, network_id: int, key: str, user_id: str, blocks: list[Any]) -> bool:
    with db.transaction() as session:
        outbox_id = outbox.want(
            session, network_id, key=key, kind="dm", channel_id=user_id, text=QUESTION, blocks=blocks
        )
        row = outbox.get(session, outbox_id)
        if row is not None and row.state in (outbox.SENT, outbox.FAILED):
            return True
    return deliver(db.transaction, client, outbox_id).outcome in (Outcome.SENT, Outcome.FAILED)
