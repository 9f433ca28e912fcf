"""Sending the referral loop's DMs: to the receiving organisation (with the outcome buttons), the
update in place after an answer, and the one short DM to the referring partner.

All of them go through the outbox: the DMs to the organisation show the referral's current state at
every try (plugin.delivery renders it, so a retry never shows an outdated outcome, and an answer
updates them in place); the note to the referring partner is stored with the change it tells. `Work`
is the caller's unit of work.
"""

from __future__ import annotations

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from plugin.delivery import Outcome, Work, deliver
from plugin.views.referral_outcomes import REMINDER_INTRO, outcome_message, told_message
from storage import catalog, outbox
from storage import referral_outcomes as loop
from storage.referral_outcomes import ReferralCard


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
    # once answered, the reminder shows the outcome like the first DM (its question is no longer true)
    return _render(session, card, REMINDER_INTRO if reminder and card.outcome is None else None)


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


# The kinds whose message shows a referral with its buttons (updated in place when the outcome changes).
SHOWING_REFERRAL = ("referral", "referral_reminder", "referral_update")


def queue_answer(session: Session, referral_id: int, onward_to: str | None = None) -> list[int]:
    """In the transaction that changed the outcome: every posted DM of this referral is to show it (its
    outbox row made pending again: an update in place, retried until Slack has it), and the referring
    partner's one short DM per change is stored (claimed with the change, so it is sent once and never
    lost). Deliver the returned ids after the commit (`deliver_now`); what fails is retried by the outbox."""
    card = loop.card(session, referral_id)
    if card is None:
        return []
    ids = _queue_updates(session, card)
    if card.outcome and loop.claim_telling(session, card.id, card.outcome):
        text, blocks = told_message(card, onward_to)
        ids.append(
            outbox.want(
                session, card.network_id, key=told_key(card), kind="referral_told", subject_id=card.id,
                channel_id=card.from_user_id, text=text, blocks=blocks,
            )  # fmt: skip
        )
    return ids


def told_key(card: ReferralCard) -> str:
    """The outbox key of the note about the referral's current outcome: one per change of outcome."""
    change = card.outcome_at.isoformat() if card.outcome_at else ""
    return f"referral_told:{card.id}:{card.outcome}:{change}"[:160]


def told_is_current(session: Session, referral_id: int, key: str) -> bool:
    """A note still waiting for Slack tells the referral's current outcome; one overtaken by a newer
    change is not sent any more (the newer note tells what became of it)."""
    card = loop.card(session, referral_id)
    return card is not None and told_key(card) == key


def _queue_updates(session: Session, card: ReferralCard) -> list[int]:
    rows = outbox.of_subject(session, SHOWING_REFERRAL, card.id)
    ids = [row.id for row in rows if row.message_ts and outbox.rearm(session, row.network_id, row.key)]
    known = {row.message_ts for row in rows if row.message_ts}
    for channel, ts in card.messages:  # a DM the outbox does not know (sent before it kept them): update it too
        if ts not in known:
            outbox_id = outbox.want(
                session, card.to_network_id or card.network_id, key=f"referral_update:{card.id}:{ts}",
                kind="referral_update", subject_id=card.id, channel_id=channel,
            )  # fmt: skip
            outbox.record_posted(session, outbox_id, channel, ts)
            ids.append(outbox_id)
    return ids
