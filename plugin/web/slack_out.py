"""What the public pages tell the network in Slack, sent after the page has answered.

The report or offering is committed together with its messages in the outbox; they go out on the
app's lazy-work pool, and what Slack refuses is retried by `lerend-netwerk reminders`/`deliver`. A
report's `notified_at` is set once its first message is in Slack.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from plugin.config import Settings
from plugin.delivery import deliver
from plugin.slack_clients import client_for_team
from plugin.views.kit import escape, section
from storage import catalog, outbox
from storage.db import Database
from storage.models import Network
from storage.web_models import ErrorReport

log = logging.getLogger(__name__)


def queue_error_report(session: Session, report_id: int) -> list[int]:
    """In the report's own transaction: one DM to each of the organisation's members and the coordinator,
    stored in the outbox (kind `error_report`), so Slack failing now loses none of them; the first one
    in Slack stamps the report's `notified_at` (plugin.delivery_kinds ON_POSTED)."""
    report = session.get(ErrorReport, report_id)
    if report is None or report.offering_id is None:
        return []
    offering = catalog.get_offering(session, report.network_id, report.offering_id)
    network = session.get(Network, report.network_id)
    if offering is None or network is None:
        return []
    receivers = catalog.organisation_member_ids(session, network.id, offering.organisation_id)
    if network.coordinator_user_id:
        receivers.append(network.coordinator_user_id)
    text = (
        f"⚠️ Iemand meldt een fout bij *{escape(offering.name)}* ({escape(offering.organisation.name)}) op de "
        f"publieke sociale kaart:\n>{escape(report.message)}\nKlopt het? Pas het aan met `/aanbod mijn`, of "
        "bevestig met *Nog actueel*."
    )
    return [
        outbox.want(
            session, network.id, key=f"error_report:{report_id}:{user_id}", kind="error_report",
            subject_id=report_id, channel_id=user_id, text=text, blocks=[section(text)],
        )  # fmt: skip
        for user_id in dict.fromkeys(receivers)
    ]


def send_error_report(settings: Settings, db: Database, team_id: str, outbox_ids: list[int]) -> None:
    """Deliver the report's DMs now; what Slack refuses stays in the outbox for
    `lerend-netwerk reminders`/`deliver` (and the coordinator is told once if one fails for good)."""
    client = client_for_team(settings, db, team_id)
    if client is None:
        log.warning("error report DMs %s kept for later: no Slack token for team %s", outbox_ids, team_id)
        return
    for outbox_id in outbox_ids:
        result = deliver(db.transaction, client, outbox_id)
        if result.error is not None:
            log.warning("outbox %s (error report) not delivered yet: %s", outbox_id, type(result.error).__name__)


def announce_web_offering(settings: Settings, db: Database, team_id: str, outbox_id: int) -> None:
    """A new offering saved through an edit link is announced in the channel, as `/aanbod` does: the
    announcement was stored in the outbox with the offering, so what Slack refuses now is retried by
    `lerend-netwerk reminders`/`deliver` and the coordinator is told once if it fails for good."""
    client = client_for_team(settings, db, team_id)
    if client is None:
        log.warning("outbox %s kept for later: no Slack token for team %s", outbox_id, team_id)
        return
    result = deliver(db.transaction, client, outbox_id)
    if result.error is not None:
        log.warning("outbox %s (web offering) not delivered yet: %s", outbox_id, type(result.error).__name__)
