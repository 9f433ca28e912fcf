"""`/netwerk publiek aan|uit|nieuw-adres` and the outreach list's *Weblink*: the social map on the web.

The coordinator turns the network's public page on or off and renews its address; from
`/netwerk partners` they make a personal edit link for one organisation that is not on Slack, or
revoke it. parse → store (storage.public_map) → render (plugin.views.kit).
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.counts_nl import count_nl
from domain.dates_nl import BRUSSELS, format_date_nl
from plugin.request_scope import network, refusal_unless_coordinator, settings, transaction
from plugin.views.kit import Block, actions, button, escape, section
from storage import public_map
from storage.base import utcnow
from storage.models import Organisation
from storage.public_map import EDIT_LINK_DAYS, organisation_in

Reply = tuple[str, list[Block] | None]
WEBLINK = "partner_weblink"
WEBLINK_REVOKE = "partner_weblink_revoke"
USAGE = (
    "`/netwerk publiek aan` zet de publieke sociale kaart van het netwerk aan, `/netwerk publiek uit` zet ze uit, "
    "`/netwerk publiek nieuw-adres` geeft ze een nieuw adres (het oude werkt dan niet meer)."
)


def page_url(context: BoltContext, slug: str) -> str:
    return f"{settings(context).public_url}/kaart/{slug}"


def _ask_the_coordinator(coordinator: str | None) -> str:
    who = f"de trekker (<@{coordinator}>)" if coordinator else "de trekker"
    return f"Aan- of uitzetten doet {who}."


def publiek(context: BoltContext, client: WebClient, arg: str) -> Reply:
    word = arg.strip().lower()
    net = network(context)
    if word not in ("", "aan", "uit", "nieuw-adres"):
        return f"`/netwerk publiek {escape(word[:40])}` ken ik niet. {USAGE}", None
    if word == "":
        with transaction(context) as session:
            slug = public_map.public_slug(session, net.id)
        # what can be done about it: the coordinator's commands for the coordinator, who to ask for others
        then = USAGE if net.is_coordinator(context.user_id) else _ask_the_coordinator(net.coordinator_user_id)
        if slug is None:
            return f"De publieke sociale kaart van *{escape(net.name)}* staat uit. {then}", None
        return f"De publieke sociale kaart van *{escape(net.name)}* staat aan: {page_url(context, slug)}\n{then}", None
    refusal = refusal_unless_coordinator(context)
    if refusal:
        return refusal, None
    user_id = context.user_id
    with transaction(context) as session:
        if word == "uit":
            was = public_map.public_slug(session, net.id)
            public_map.set_public(session, net.id, False, user_id)
            if was is None:
                return f"De publieke sociale kaart van *{escape(net.name)}* stond al uit.", None
            return (
                f"✅ De publieke sociale kaart van *{escape(net.name)}* staat uit: het adres toont niets meer. "
                "`/netwerk publiek aan` zet ze weer aan op hetzelfde adres.",
                None,
            )
        if word == "nieuw-adres":
            row = public_map.renew_slug(session, net.id, user_id)
            if not row.enabled:
                return (
                    "✅ De kaart heeft een nieuw adres; ze staat nog uit. `/netwerk publiek aan` zet ze aan.",
                    None,
                )
            return f"✅ Nieuw adres: {page_url(context, row.slug)}\nHet oude adres werkt niet meer.", None
        row = public_map.set_public(session, net.id, True, user_id)
        slug = row.slug
    return (
        f"✅ De publieke sociale kaart van *{escape(net.name)}* staat aan: {page_url(context, slug)}\n"
        "Iedereen met dit adres ziet het actieve aanbod (geen gepauzeerd aanbod, geen Slack-gegevens). "
        "Deel het met partners die niet op Slack zijn. `/netwerk publiek uit` zet ze uit.",
        None,
    )


def _organisation_id(action: dict[str, Any]) -> int | None:
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        return None
    org = value.get("o") if isinstance(value, dict) else None
    return org if isinstance(org, int) else None


def _coordinators_organisation(
    session: Session, context: BoltContext, action: dict[str, Any], respond: Respond
) -> Organisation | None:
    """The organisation a partner-list button names, for the coordinator only; else says why not."""
    refusal = refusal_unless_coordinator(context)
    if refusal:
        _aside(respond, refusal)
        return None
    org_id = _organisation_id(action)
    org = organisation_in(session, network(context).id, org_id) if org_id is not None else None
    if org is None:
        _aside(respond, "Deze organisatie bestaat niet (meer) in dit netwerk.")
    return org


def _aside(respond: Respond, text: str, blocks: list[Block] | None = None) -> None:
    respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)


def register(app: App) -> None:
    @app.action(WEBLINK)
    def make_link(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        net = network(context)
        with transaction(context) as session:
            org = _coordinators_organisation(session, context, action, respond)
            if org is None:
                return
            link, token = public_map.create_edit_link(session, net.id, org.id, context.user_id or "")
            org_id, name, expires = org.id, org.name, link.expires_at
        url = f"{settings(context).public_url}/bewerk/{token}"
        until = format_date_nl(expires.astimezone(BRUSSELS).date())
        text = (
            f"🔗 Persoonlijke bewerklink voor *{escape(name)}* (geldig tot {until}, {EDIT_LINK_DAYS} dagen):\n{url}\n"
            "Stuur ze enkel naar die organisatie: wie de link heeft, kan hun aanbod op het web registreren en "
            "bijwerken, zonder Slack. Bewaren werkt zoals `/aanbod` (aankondiging in het kanaal)."
        )
        revoke = button("Trek bewerklinks in", WEBLINK_REVOKE, json.dumps({"o": org_id}), style="danger")
        _aside(respond, f"Bewerklink voor {escape(name)}", [section(text), actions(revoke, block_id="partner_weblink")])

    @app.action(WEBLINK_REVOKE)
    def revoke_links(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        net = network(context)
        with transaction(context) as session:
            org = _coordinators_organisation(session, context, action, respond)
            if org is None:
                return
            count = public_map.revoke_edit_links(session, net.id, org.id, utcnow())
            name = org.name
        text = (
            f"✅ {count_nl(count, 'bewerklink')} van *{escape(name)}* ingetrokken: ze openen niets meer."
            if count
            else f"*{escape(name)}* had geen open bewerklinks."
        )
        respond(text=text, response_type="ephemeral", replace_original=True)
