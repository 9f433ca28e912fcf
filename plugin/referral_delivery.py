"""Sending the referral loop's DMs: to the receiving organisation (with the outcome buttons), the
update in place after an answer, and the one short DM to the referring partner.

Each kind of message goes out through one function here (the integrator may route them through
an outbox). `Work` is the caller's unit of work, as in plugin.meeting_delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from plugin.notify import SLACK_FAILURES
from plugin.views.referral_outcomes import outcome_message, told_message
from storage import catalog
from storage import referral_outcomes as loop
from storage.referral_outcomes import ReferralCard

log = logging.getLogger(__name__)
Work = Callable[[], AbstractContextManager[Session]]


def _render(session: Session, card: ReferralCard, intro: str | None) -> tuple[str, list[dict]]:
    labels = catalog.category_labels(session, card.network_id)
    orgs = [(o.id, o.name) for o in catalog.organisations(session, card.to_network_id)] if card.to_network_id else []
    return outcome_message(card, labels, orgs, intro=intro)


def outcome_view(session: Session, card: ReferralCard) -> list[dict]:
    """The blocks of one referral with its buttons (App Home)."""
    return _render(session, card, None)[1]


def send_to_organisation(
    client: WebClient, work: Work, referral_id: int, recipients: list[str], *, intro: str | None = None
) -> int:
    """The DM with the buttons to each member of the receiving organisation. Raises the last
    failure when nobody got it (so a reminder claim is released); returns how many got it."""
    with work() as session:
        card = loop.card(session, referral_id)
        if card is None:
            return 0
        text, blocks = _render(session, card, intro)
    refs: list[tuple[str, str]] = []
    failure: Exception | None = None
    for user_id in recipients:
        try:
            posted = client.chat_postMessage(channel=user_id, text=text, blocks=blocks, unfurl_links=False)
            refs.append((str(posted["channel"]), str(posted["ts"])))
        except SLACK_FAILURES as error:
            log.warning("referral %s: no DM to %s", referral_id, user_id, exc_info=True)
            failure = error
    with work() as session:
        loop.add_messages(session, referral_id, refs)
    if failure is not None and not refs:
        raise failure
    return len(refs)


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
