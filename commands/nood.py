"""`/nood`: register a digital need partners see in clients, a signal for `/hiaten`.

`/nood` opens the full form; `/nood <tekst>` records the need at once with a guessed category
(domain.referral_search) that the confirmation's select corrects.
parse → store (storage.signals) → render (plugin.views.signals).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.gaps import DEFAULT_FREQUENCY, DEFAULT_PERIOD_DAYS, FREQUENCY_LABELS, frequency_in_text
from domain.ids import parse_id
from domain.needs import description_problem, guess_category, validate_need_form
from domain.offering_form import clean_text
from plugin.forms import FormRejected, handle_form
from plugin.notify import tell
from plugin.request_scope import network, sealed, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.kit import escape
from plugin.views.signals import NEED_BLOCK_PREFIX, need_modal, need_recorded_message, needs_list_message
from storage import catalog, signals
from storage.base import utcnow

HELP = (
    "`/nood` opent een formulier om een nood te melden die je bij cliënten ziet · "
    "`/nood <tekst>` meldt ze meteen, bv. `/nood ouders raken elke week niet in Smartschool` · "
    "`/nood lijst` toont de gemelde noden · "
    "`/hiaten` toont waar het aanbod tekortschiet."
)
LIST_WORDS = ("lijst", "overzicht")
LIST_MAX = 25
GONE = "Deze nood bestaat niet meer, of je meldde ze niet zelf."


def open_need_modal(client: WebClient, trigger_id: str, context: BoltContext, channel_id: str | None) -> None:
    net = network(context)
    with transaction(context) as session:
        own = catalog.organisation_of_member(session, net.id, context.user_id or "")
        view = need_modal(
            categories=catalog.category_labels(session, net.id),
            organisations=catalog.organisations(session, net.id),
            own_organisation_id=own.id if own else None,
            channel_id=channel_id,
        )
    client.views_open(trigger_id=trigger_id, view=sealed(context, view))


def register(app: App) -> None:
    @app.action("nood_open")
    def open_from_button(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """*Nood melden* on the Home tab opens the same form as `/nood`."""
        ack()
        open_need_modal(client, body["trigger_id"], context, None)

    @app.command("/nood")
    def nood(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        text = clean_text(command.get("text"))
        net = network(context)
        user_id = context.user_id or ""
        if not text:
            ack()
            open_need_modal(client, command["trigger_id"], context, command.get("channel_id"))
            return
        if text.lower() in ("help", "hulp", "?"):
            ack(response_type="ephemeral", text=HELP)
            return
        if text.lower() in LIST_WORDS:
            since = utcnow() - timedelta(days=DEFAULT_PERIOD_DAYS)
            with transaction(context) as session:
                found = signals.recent_needs(session, net.id, since, LIST_MAX + 1)
                labels = catalog.category_labels(session, net.id)
            blocks = needs_list_message(
                net.name, found[:LIST_MAX], labels, days=DEFAULT_PERIOD_DAYS, more=len(found) > LIST_MAX
            )
            ack(response_type="ephemeral", text=f"Gemelde noden in {escape(net.name)}", blocks=blocks)
            return
        problem = description_problem(text)
        if problem:
            ack(response_type="ephemeral", text=f"{problem} Er is niets bewaard.")
            return
        with transaction(context) as session:
            own = catalog.organisation_of_member(session, net.id, user_id)
            need = signals.record_need(
                session,
                net.id,
                user_id=user_id,
                description=text,
                category=guess_category(text),
                frequency=frequency_in_text(text) or DEFAULT_FREQUENCY,
                organisation_id=own.id if own else None,
            )
            blocks = need_recorded_message(need, catalog.category_labels(session, net.id), guessed=True)
        ack(response_type="ephemeral", text="Nood genoteerd", blocks=blocks)

    def save_need(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        values = view["state"]["values"]
        net = network(context)
        user_id = context.user_id or ""
        raw = {key: value_of(values, key) for key in ("description", "category", "frequency", "target_group")}
        with transaction(context) as session:
            draft, errors = validate_need_form(raw, set(catalog.category_labels(session, net.id)))
            if draft is None:
                raise FormRejected(errors)
            chosen = value_of(values, "organisation")
            organisation = catalog.get_organisation(session, net.id, parse_id(chosen) or 0) if chosen else None
            if chosen and organisation is None:
                raise FormRejected({"organisation": "Deze organisatie bestaat niet meer; kies een andere."})
            need = signals.record_need(
                session,
                net.id,
                user_id=user_id,
                description=draft.description,
                category=draft.category,
                frequency=draft.frequency,
                target_group=draft.target_group,
                organisation_id=organisation.id if organisation else None,
            )
            return {"id": need.id, "guessed": draft.guessed, "channel": view_data(context).get("channel")}

    def confirm_need(context: BoltContext, client: WebClient) -> None:
        """After the modal closed: the same confirmation as `/nood <tekst>`, where the command was typed."""
        saved = context.get("need")
        if not saved:
            return
        net = network(context)
        with transaction(context) as session:
            need = signals.get_need(session, net.id, saved["id"])
            if need is None:
                return
            blocks = need_recorded_message(need, catalog.category_labels(session, net.id), guessed=saved["guessed"])
        tell(
            client, user_id=context.user_id or "", channel_id=saved.get("channel"), text="Nood genoteerd", blocks=blocks
        )

    handle_form(app, "nood_save", save_need, then=[confirm_need], key="need")

    def change(action: dict[str, Any], context: BoltContext, respond: Respond, field: str) -> None:
        """A confirmation's select changed: update the need it names, if this person reported it."""
        net = network(context)
        block_id = str(action.get("block_id", ""))
        value = (action.get("selected_option") or {}).get("value")
        need_id = block_id[len(NEED_BLOCK_PREFIX) :] if block_id.startswith(NEED_BLOCK_PREFIX) else ""
        with transaction(context) as session:
            need = signals.get_need(session, net.id, parse_id(need_id) or 0)
            if need is None or (need.user_id != context.user_id and not net.is_coordinator(context.user_id)):
                respond(text=GONE, response_type="ephemeral", replace_original=False)
                return
            labels = catalog.category_labels(session, net.id)
            allowed = labels if field == "category" else FREQUENCY_LABELS
            if value not in allowed:
                return
            signals.change_need(session, need, **{field: value})
            blocks = need_recorded_message(need, labels)
        respond(text="Nood aangepast", blocks=blocks, replace_original=True)

    @app.action("nood_category")
    def change_category(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        change(action, context, respond, "category")

    @app.action("nood_frequency")
    def change_frequency(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        change(action, context, respond, "frequency")
