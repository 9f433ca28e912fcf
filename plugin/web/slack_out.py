"""What the public pages tell the network in Slack, sent after the page has answered.

The report or offering is committed first; the message goes out on the app's lazy-work pool. A
report whose message failed keeps `notified_at` empty (it is in the database, not lost).
"""

from __future__ import annotations

import logging

from plugin.config import Settings
from plugin.delivery import deliver
from plugin.notify import SLACK_FAILURES
from plugin.slack_clients import client_for_team
from plugin.views.kit import escape, section
from storage import catalog, public_map
from storage.db import Database
from storage.models import Network
from storage.web_models import ErrorReport

log = logging.getLogger(__name__)


def send_error_report(settings: Settings, db: Database, report_id: int) -> None:
    """DM the organisation's members and the coordinator: what someone says is wrong with an offer."""
    with db.transaction() as session:
        report = session.get(ErrorReport, report_id)
        if report is None or report.offering_id is None:
            return
        offering = catalog.get_offering(session, report.network_id, report.offering_id)
        network = session.get(Network, report.network_id)
        if offering is None or network is None:
            return
        receivers = catalog.organisation_member_ids(session, network.id, offering.organisation_id)
        if network.coordinator_user_id:
            receivers.append(network.coordinator_user_id)
        team_id, name, org_name, message = network.team_id, offering.name, offering.organisation.name, report.message
    client = client_for_team(settings, db, team_id)
    if client is None:
        log.warning("error report %s kept: no Slack token for team %s", report_id, team_id)
        return
    text = (
        f"⚠️ Iemand meldt een fout bij *{escape(name)}* ({escape(org_name)}) op de publieke sociale kaart:\n"
        f">{escape(message)}\nKlopt het? Pas het aan met `/aanbod mijn`, of bevestig met *Nog actueel*."
    )
    sent = False
    for user_id in dict.fromkeys(receivers):
        try:
            client.chat_postMessage(channel=user_id, text=text, blocks=[section(text)])
            sent = True
        except SLACK_FAILURES:
            log.warning("could not tell %s about error report %s", user_id, report_id, exc_info=True)
    if sent:
        with db.transaction() as session:
            public_map.mark_report_notified(session, report_id)


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
