"""The referral loop: the receiving organisation answers what became of a referral with one click.

*Langsgekomen*, *Geholpen*, *Niet gekomen*, *Geen plaats* (buttons) and *Doorverwezen naar…* (a
select of the network's organisations, which starts a new referral linked to the first). The
buttons sit in the organisation's DM (sent by `/verwijs`), in the 14-day reminder and on App Home.
parse → rule (domain.referral_outcomes) → store (storage.referral_outcomes) → DMs (plugin.referral_delivery).
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.ids import parse_id
from domain.referral_outcomes import REFERRED_ON, may_set_outcome, parse_outcome
from plugin.home import HomeRequest, publish_home
from plugin.referral_delivery import deliver_now, outcome_view, queue_answer, send_to_organisation
from plugin.request_scope import network, transaction
from plugin.views.home import HOME_REFERRALS, referrals_section
from plugin.views.kit import Block, escape
from plugin.views.referral_outcomes import ONWARD_ACTION, OUTCOME_ACTION
from storage import catalog
from storage import referral_outcomes as loop
from storage.base import utcnow
from storage.referral_outcomes import ReferralCard

NOT_FOUND = "Deze doorverwijzing vind ik niet in je netwerk. Er is niets veranderd."


def _split(value: object) -> tuple[int | None, str]:
    text = value if isinstance(value, str) else ""
    head, _, tail = text.partition(":")
    return parse_id(head), tail


def _allowed(context: BoltContext, referral_id: int | None) -> tuple[ReferralCard | None, str | None]:
    """The referral, when this person may answer it; else a polite Dutch refusal."""
    if referral_id is None:
        return None, NOT_FOUND
    user_id = context.user_id or ""
    with transaction(context) as session:
        card = loop.find_in_network(session, network(context).id, referral_id)
        if card is None:
            return None, NOT_FOUND
        own = catalog.organisation_of_member(session, card.to_network_id, user_id) if card.to_network_id else None
        coordinators = {loop.coordinator_of(session, card.network_id)}
        if card.to_network_id is not None:
            coordinators.add(loop.coordinator_of(session, card.to_network_id))
    if any(may_set_outcome(user_id, own.id if own else None, card.to_organisation_id, c) for c in coordinators):
        return card, None
    return None, (
        f"Alleen wie voor *{escape(card.to_organisation)}* spreekt, of de trekker, kan de uitkomst van deze "
        "doorverwijzing aanduiden. Er is niets veranderd."
    )


def _after_answer(context: BoltContext, client: WebClient, body: dict[str, Any], outbox_ids: list[int]) -> None:
    """The DMs show the new outcome and the referring partner hears it once (stored with the change by
    `queue_answer`; what Slack refuses now is retried by the outbox); Home is redrawn when clicked there."""
    deliver_now(client, lambda: transaction(context), outbox_ids)
    view = body.get("view")
    if isinstance(view, dict) and view.get("type") == "home":
        publish_home(client, context, context.user_id or "")


def home_section(request: HomeRequest) -> list[Block]:
    """The Home tab: the oldest referrals to the person's organisation still waiting for an outcome."""
    organisation = request.organisation
    if organisation is None:
        return []
    waiting = loop.awaiting(request.session, request.network.id, organisation.id, HOME_REFERRALS + 1)
    blocks = [block for card in waiting[:HOME_REFERRALS] for block in outcome_view(request.session, card)]
    return referrals_section(organisation.name, blocks, more=len(waiting) > HOME_REFERRALS)


def register(app: App) -> None:
    @app.action(re.compile(f"^{OUTCOME_ACTION}_"))
    def answer(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient,
        respond: Respond,
    ) -> None:  # fmt: skip
        ack()
        referral_id, slug = _split(action.get("value"))
        outcome = parse_outcome(slug)
        card, refused = _allowed(context, referral_id if outcome and outcome != REFERRED_ON else None)
        if card is None or outcome is None:
            respond(text=refused or NOT_FOUND, response_type="ephemeral", replace_original=False)
            return
        with transaction(context) as session:
            changed = loop.set_outcome(session, card.id, outcome, context.user_id or "", utcnow())
            outbox_ids = queue_answer(session, card.id) if changed else []
        if changed:
            _after_answer(context, client, body, outbox_ids)

    @app.action(ONWARD_ACTION)
    def onward(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient,
        respond: Respond,
    ) -> None:  # fmt: skip
        ack()
        referral_id, org_text = _split((action.get("selected_option") or {}).get("value"))
        card, refused = _allowed(context, referral_id)
        if card is None:
            respond(text=refused or NOT_FOUND, response_type="ephemeral", replace_original=False)
            return
        now = utcnow()
        child: int | None = None
        outbox_ids: list[int] = []
        with transaction(context) as session:
            target = catalog.get_organisation(session, card.to_network_id or 0, parse_id(org_text) or 0)
            if target is None or target.id == card.to_organisation_id:
                target_name = None
            else:
                target_name = target.name
                child = loop.chain(session, card, target.id, context.user_id or "", now)
                receivers = catalog.organisation_member_ids(session, target.network_id, target.id)
                loop.set_outcome(session, card.id, REFERRED_ON, context.user_id or "", now)
                if child is not None:
                    outbox_ids = queue_answer(session, card.id, onward_to=target.name)
        if target_name is None:
            respond(text="Die organisatie vind ik niet in je netwerk. Er is niets veranderd.",
                    response_type="ephemeral", replace_original=False)  # fmt: skip
            return
        if child is None:
            respond(text=f"Deze doorverwijzing ging al naar *{escape(target_name)}*.", response_type="ephemeral",
                    replace_original=False)  # fmt: skip
            return
        sent = send_to_organisation(client, lambda: transaction(context), child, receivers) if receivers else 0
        _after_answer(context, client, body, outbox_ids)
        if sent > 0:
            reach = "Hun leden kregen een bericht met dezelfde knoppen."
        elif not receivers:
            reach = "Er is nog niemand van hen op Slack: laat het hen zelf weten."
        else:
            reach = "Slack bezorgde hun bericht nog niet; het wordt opnieuw geprobeerd. De doorverwijzing is bewaard."
        respond(
            text=f"Doorverwezen naar *{escape(target_name)}*. {reach}", response_type="ephemeral",
            replace_original=False,
        )  # fmt: skip
