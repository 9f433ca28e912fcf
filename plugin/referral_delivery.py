"""Sending the referral loop's DMs: to the receiving organisation (with the outcome buttons), the
update in place after an answer, and the one short DM to the referring partner.

The DMs to the organisation go through the outbox (plugin.delivery renders their current state at
every try, so a retry never shows an outdated outcome). `Work` is the caller's unit of work.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from plugin.delivery import Outcome, Work, deliver
from plugin.notify import SLACK_FAILURES
from plugin.views.referral_outcomes import REMINDER_INTRO, outcome_message, told_message
from storage import catalog, outbox
from storage import referral_outcomes as loop
from storage.referral_outcomes import ReferralCard

log = logging.getLogger(__name__)


def _render(session: Session, card: ReferralCard, intro: str | None) -> tuple[str, list[dict]]:
    labels = catalog.category_labels(session, card.network_id)
    orgs = [(o.id, o.name) for o in catalog.organisations(session, card.to_network_id)] if card.to_network_id else []
    return outcome_message(card, labels, orgs, intro=intro)


def outcome_view(session: Session, card: ReferralCard) -> list[dict]:
    """The blocks of one referral with its buttons (App Home)."""
    return _render(session, card, None)[1]


def render_referral(session: Session, referral_id: int, *, reminder: bool) -> tuple[str, list[dict]] | None:
    """What an outbox row of a referral shows now (plugin.delivery renders it at every try)."""
    card = loop.card(session, referral_id)
    if card is None:
        return None
    return _render(session, card, REMINDER_INTRO if reminder else None)


def queue_for_organisation(
    session: Session, card: ReferralCard, recipients: list[str], *, reminder: bool = False
) -> list[int]:
    """The DMs with the buttons, stored in the outbox in the caller's transaction (once per recipient
    and kind): they reach the organisation even when Slack fails now."""
    kind = "referral_reminder" if reminder else "referral"
    return [
        outbox.want(
            session, card.to_network_id or card.network_id, key=f"{kind}:{card.id}:{user_id}", kind=kind,
            subject_id=card.id, channel_id=user_id, tell_user_id=card.from_user_id,
        )  # fmt: skip
        for user_id in recipients
    ]


def deliver_now(client: WebClient, work: Work, outbox_ids: list[int]) -> int:
    """Deliver stored DMs right away; what fails stays in the outbox and is retried. How many arrived."""
    return sum(deliver(work, client, outbox_id).outcome is Outcome.SENT for outbox_id in outbox_ids)


def send_to_organisation(
    client: WebClient, work: Work, referral_id: int, recipients: list[str], *, reminder: bool = False
) -> int:
    """Store the DMs of this referral in the outbox, then deliver them; how many arrived now (the
    others are retried by the outbox, never sent twice)."""
    with work() as session:
        card = loop.card(session, referral_id)
        if card is None:
            return 0
        ids = queue_for_organisation(session, card, recipients, reminder=reminder)
    return deliver_now(client, work, ids)


def refresh(client: WebClient, work: Work, referral_id: int) -> None:
    """Every DM of this referral shows the current outcome and who set it."""
    with work() as session:
        card = loop.card(session, referral_id)
        if card is None:
            return
        text, blocks = _render(session, card, None)
    for channel, ts in card.messages:
        try:
            client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        except SLACK_FAILURES:
            log.warning("referral %s: message %s not updated", referral_id, ts, exc_info=True)


def tell_referrer(client: WebClient, work: Work, referral_id: int, outcome: str, onward_to: str | None) -> bool:
    """One short DM to the referring partner, once per outcome change (claimed in the database)."""
    with work() as session:
        if not loop.claim_telling(session, referral_id, outcome):
            return False
        card = loop.card(session, referral_id)
    if card is None:
        return False
    text, blocks = told_message(card, onward_to)
    try:
        client.chat_postMessage(channel=card.from_user_id, text=text, blocks=blocks, unfurl_links=False)
    except SLACK_FAILURES:
        log.warning("referral %s: the referring partner was not told", referral_id, exc_info=True)
        with work() as session:
            loop.release_telling(session, referral_id, outcome)
        return False
    return True
