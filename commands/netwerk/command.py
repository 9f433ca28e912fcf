"""`/netwerk`: the network at a glance, your organisation, the coordinator, and the city-wide link.

parse → storage (network_links, networks, catalog, meetings) → render (plugin.views.network).

Who may do what:
- anyone: see the network, link themselves to an organisation, start a network in a channel that
  belongs to no network yet;
- the coordinator: hand over the role, move their channel to a new network, make the network
  city-wide (`code`), link it to a city-wide network (`koppel`) or undo that (`ontkoppel`);
- a workspace admin or owner: hand over the coordinator role too (a coordinator who left cannot).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import IntegrityError

from commands.netwerk import partners, publiek
from domain.offering_form import clean_text
from plugin.delivery import deliver
from plugin.organisation_access import ask_approvers, remember_request
from plugin.request_scope import network, refusal_unless_coordinator, transaction
from plugin.views.access import asked_text, pending_text
from plugin.views.kit import Block, escape
from plugin.views.network import help_message, join_code_message, overview_message
from storage import catalog, outbox, referral_outcomes
from storage.base import utcnow
from storage.join_requests import Joined, join_organisation
from storage.meetings import next_meeting
from storage.models import Network
from storage.network_links import (
    NAME_MAX,
    channel_network,
    city_network_by_code,
    link_to_city,
    make_city_wide,
    network_named,
    overview,
    start_network_in_channel,
)
from storage.networks import ensure_member, set_coordinator

Reply = tuple[str, list[Block] | None]

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
ORGANISATION_MAX = 200
CODE_MAX = 32

HELP_TEXT = "Wat kan /netwerk?"
ORGANISATION_USAGE = "Geef de naam van je organisatie, bv. `/netwerk organisatie Bibliotheek Deurne`."
TREKKER_USAGE = "Noem de nieuwe trekker met @, bv. `/netwerk trekker @An`."
NIEUW_USAGE = "Geef het nieuwe netwerk een naam, bv. `/netwerk nieuw Lerend netwerk Hoboken`."
KOPPEL_USAGE = (
    "Geef de code van het stadsnetwerk, bv. `/netwerk koppel Xy12ab34Cd56`. "
    "De trekker ervan vindt ze met `/netwerk code`."
)


def _slack_text(text: str) -> str:
    """Slash-command text arrives with &, < and > escaped (should_escape); names are stored as typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _coordinator_mention(coordinator: str | None) -> str:
    return f"<@{coordinator}>" if coordinator else "nog niemand"


# -- /netwerk ---------------------------------------------------------------------------------------
def show(context: BoltContext, client: WebClient, _arg: str) -> Reply:
    net = network(context)
    user_id = context.user_id or ""
    with transaction(context) as session:
        summary = overview(session, session.get_one(Network, net.id))
        own = catalog.organisation_of_member(session, net.id, user_id)
        blocks = overview_message(
            net,
            summary,
            viewer=user_id,
            own_organisation=own.name if own else None,
            meeting=next_meeting(session, net.id, utcnow()),
            flows=referral_outcomes.flows(session, net.id) if net.is_coordinator(user_id) else None,
        )
    return f"Netwerk {escape(net.name)}", blocks


# -- /netwerk organisatie <naam> -------------------------------------------------------------------
def organisation(context: BoltContext, client: WebClient, arg: str) -> Reply:
    net = network(context)
    user_id = context.user_id or ""
    name = " ".join(_slack_text(arg).split())
    if not name:
        with transaction(context) as session:
            own = catalog.organisation_of_member(session, net.id, user_id)
        if own is None:
            return ORGANISATION_USAGE, None
        return f"Je spreekt voor *{escape(own.name)}*. Een andere? {ORGANISATION_USAGE}", None
    if "<" in name or ">" in name:
        return "Geef de naam van je organisatie als gewone tekst, zonder vermeldingen of links.", None
    if len(name) > ORGANISATION_MAX:
        return f"Die naam is te lang ({len(name)} tekens). Hou het onder {ORGANISATION_MAX}.", None
    with transaction(context) as session:
        before = catalog.organisation_of_member(session, net.id, user_id)
        existed = catalog.find_organisation_by_name(session, net.id, name) is not None
        try:
            with session.begin_nested():
                chosen = catalog.get_or_create_organisation(session, net.id, name)
        except IntegrityError:  # two long names that differ only after the 60 characters of their id
            return (
                f"Er bestaat al een organisatie met een bijna gelijke naam als “{escape(name)}”. "
                "`/netwerk` toont de organisaties: gebruik precies die naam.",
                None,
            )
        joined = join_organisation(
            session, session.get_one(Network, net.id), chosen, user_id, channel_id=context.channel_id
        )
        if joined.result is Joined.ALREADY:
            return f"Je spreekt al voor *{escape(chosen.name)}*.", None
        if joined.result is Joined.PENDING:
            return pending_text(chosen.name), None
        if joined.result is Joined.ASKED:
            remember_request(context, joined, chosen.name, net.name, context.channel_id)
            return asked_text(chosen.name), None
        text = f"✅ Je spreekt nu voor *{escape(chosen.name)}*"
        text += "." if existed else " (nieuw in het netwerk)."
        if before is not None:
            text += f" Voordien was dat {escape(before.name)}."
        return text + " Registreer jullie aanbod met `/aanbod`.", None


# -- /netwerk trekker @iemand ----------------------------------------------------------------------
def _is_workspace_admin(client: WebClient, user_id: str) -> bool:
    user = client.users_info(user=user_id)["user"]
    return bool(user.get("is_admin") or user.get("is_owner"))


def _person(client: WebClient, user_id: str) -> dict[str, Any] | None:
    try:
        return client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_found", "user_not_visible"):
            return None
        raise


def coordinator(context: BoltContext, client: WebClient, arg: str) -> Reply:
    net = network(context)
    user_id = context.user_id or ""
    mention = MENTION.fullmatch(arg.strip())
    if mention is None:
        return TREKKER_USAGE, None
    target = mention[1]
    if target == net.coordinator_user_id:
        return f"<@{target}> is al de trekker van *{escape(net.name)}*.", None
    if not net.is_coordinator(user_id) and not _is_workspace_admin(client, user_id):
        return (
            f"Alleen de trekker van *{escape(net.name)}* ({_coordinator_mention(net.coordinator_user_id)}) "
            "of een beheerder van de werkruimte kan de trekkersrol doorgeven.",
            None,
        )
    person = _person(client, target)
    if person is None or person.get("deleted"):
        return f"Ik vind <@{target}> niet als actieve gebruiker in deze werkruimte.", None
    if person.get("is_bot"):
        return "Een bot kan geen trekker zijn. Kies een collega.", None
    text = (
        f"👋 <@{user_id}> gaf jou de rol van trekker van *{escape(net.name)}*. "
        "`/netwerk` toont het netwerk; met `/netwerk trekker @iemand` geef je de rol later weer door."
    )
    with transaction(context) as session:
        set_coordinator(session, net.id, target)
        ensure_member(session, net, target)
        # the DM is stored with the hand-over: it reaches them even when Slack fails now (retried by the
        # outbox; who handed over hears it if it fails for good), and is never sent twice
        context["new_coordinator"] = outbox.want(
            session, net.id, key=f"coordinator:{target}:{utcnow().isoformat()}", kind="coordinator_dm",
            channel_id=target, text=text, tell_user_id=user_id,
        )  # fmt: skip
    return f"✅ <@{target}> is nu de trekker van *{escape(net.name)}*. Ik laat het hen weten.", None


# -- /netwerk nieuw <naam> -------------------------------------------------------------------------
def new_network(context: BoltContext, client: WebClient, arg: str) -> Reply:
    """A channel belongs to one network: taking a bound channel needs its network's coordinator.
    The same name at the same moment elsewhere: the unique name refuses the second, which is then
    answered like any taken name."""
    try:
        return _new_network(context, arg)
    except IntegrityError:
        return _new_network(context, arg)


def _new_network(context: BoltContext, arg: str) -> Reply:
    user_id = context.user_id or ""
    team_id = context.team_id or ""
    channel_id = context.channel_id or ""
    name = " ".join(_slack_text(arg).split())
    if not name:
        return NIEUW_USAGE, None
    if "<" in name or ">" in name:
        return "Geef het netwerk een naam als gewone tekst, zonder vermeldingen of links.", None
    if len(name) > NAME_MAX:
        return f"Die naam is te lang ({len(name)} tekens). Hou het onder {NAME_MAX}.", None
    if not channel_id or channel_id.startswith("D"):
        return "Start een nieuw netwerk in het kanaal dat erbij hoort, niet in een privébericht.", None
    with transaction(context) as session:
        if network_named(session, team_id, name) is not None:
            return f"Er is al een netwerk “{escape(name)}” in deze werkruimte. Kies een andere naam.", None
        owner = channel_network(session, team_id, channel_id)
        if owner is not None and owner.coordinator_user_id not in (None, user_id):
            return (
                f"Dit kanaal hoort bij *{escape(owner.name)}*. Een kanaal hoort bij één netwerk: alleen de trekker "
                f"({_coordinator_mention(owner.coordinator_user_id)}) kan het aan een nieuw netwerk geven. "
                "Start het nieuwe netwerk in een eigen kanaal.",
                None,
            )
        created = start_network_in_channel(session, team_id, name, user_id, channel_id)
        moved = f" Dit kanaal hoorde bij {escape(owner.name)}; nu bij het nieuwe netwerk." if owner else ""
        return (
            f"✅ Netwerk *{escape(created.name)}* is gestart in dit kanaal, met jou als trekker.{moved}\n"
            "Partners koppelen zich met `/netwerk organisatie <naam>`; hoort het bij een stadsnetwerk, "
            "koppel het dan met `/netwerk koppel <code>`.",
            None,
        )


# -- /netwerk code, koppel, ontkoppel --------------------------------------------------------------
def join_code(context: BoltContext, client: WebClient, _arg: str) -> Reply:
    net = network(context)
    refusal = refusal_unless_coordinator(context)
    if refusal:
        return refusal, None
    with transaction(context) as session:
        if net.city_network_id is not None:
            city = session.get(Network, net.city_network_id)
            return (
                f"*{escape(net.name)}* is zelf gekoppeld aan stadsnetwerk *{escape(city.name if city else '?')}*. "
                "Ontkoppel eerst met `/netwerk ontkoppel` om er een stadsnetwerk van te maken.",
                None,
            )
        code = make_city_wide(session, net.id)
    return f"Deelcode van {escape(net.name)}: {code}", join_code_message(net.name, code)


def link(context: BoltContext, client: WebClient, arg: str) -> Reply:
    net = network(context)
    code = arg.strip().strip("`'\"“”‘’ ")  # pasted from the message that showed it
    if not code:
        return KOPPEL_USAGE, None
    refusal = refusal_unless_coordinator(context)
    if refusal:
        return refusal, None
    with transaction(context) as session:
        city = city_network_by_code(session, code) if len(code) <= CODE_MAX else None
        if city is None:
            return (
                f"Geen stadsnetwerk gevonden met code `{escape(code[:CODE_MAX])}`. Controleer de code: "
                "hoofdletters tellen mee. De trekker van het stadsnetwerk vindt ze met `/netwerk code`.",
                None,
            )
        if city.id == net.id:
            return "Dat is de code van dit netwerk zelf: een netwerk koppel je niet aan zichzelf.", None
        if net.is_city_wide:
            return (
                f"*{escape(net.name)}* is zelf een stadsnetwerk; een stadsnetwerk koppel je niet aan een ander. "
                "Koppel de wijknetwerken rechtstreeks aan het stadsnetwerk.",
                None,
            )
        if net.city_network_id == city.id:
            return f"*{escape(net.name)}* is al gekoppeld aan *{escape(city.name)}*.", None
        previous = session.get(Network, net.city_network_id) if net.city_network_id else None
        link_to_city(session, net.id, city.id)
        was = f" (voordien aan {escape(previous.name)})" if previous else ""
        return (
            f"✅ *{escape(net.name)}* is nu gekoppeld aan stadsnetwerk *{escape(city.name)}*{was}. "
            f"Wie daar `/verwijs` gebruikt, vindt ook jullie aanbod, met de vermelding 📍 {escape(net.name)}.",
            None,
        )


def unlink(context: BoltContext, client: WebClient, _arg: str) -> Reply:
    net = network(context)
    refusal = refusal_unless_coordinator(context)
    if refusal:
        return refusal, None
    if net.city_network_id is None:
        return f"*{escape(net.name)}* is niet gekoppeld aan een stadsnetwerk.", None
    with transaction(context) as session:
        city = session.get(Network, net.city_network_id)
        link_to_city(session, net.id, None)
    name = escape(city.name) if city else "het stadsnetwerk"
    return f"✅ *{escape(net.name)}* is niet langer gekoppeld aan {name}.", None


def show_help(context: BoltContext, client: WebClient, _arg: str) -> Reply:
    return HELP_TEXT, help_message()


def unknown(word: str) -> Reply:
    return f"/netwerk {word} ken ik niet. {HELP_TEXT}", help_message(unknown=word)


SUBCOMMANDS: dict[str, Callable[[BoltContext, WebClient, str], Reply]] = {
    "": show,
    "organisatie": organisation,
    "trekker": coordinator,
    "nieuw": new_network,
    "code": join_code,
    "koppel": link,
    "ontkoppel": unlink,
    "partners": partners.partners,
    "uitnodiging": partners.invitation,
    "publiek": publiek.publiek,
    "help": show_help,
    "hulp": show_help,
}


def register(app: App) -> None:
    def netwerk(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        word, _, arg = clean_text(command.get("text")).partition(" ")
        handler = SUBCOMMANDS.get(word.lower())
        text, blocks = unknown(word) if handler is None else handler(context, client, arg.strip())
        if blocks:
            ack(response_type="ephemeral", text=text, blocks=blocks)
        else:
            ack(response_type="ephemeral", text=text)

    def tell_new_coordinator(context: BoltContext, client: WebClient) -> None:
        outbox_id = context.get("new_coordinator")
        if outbox_id:
            deliver(lambda: transaction(context), client, outbox_id)

    app.command("/netwerk")(ack=netwerk, lazy=[tell_new_coordinator, ask_approvers])
