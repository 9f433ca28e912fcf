"""`/kennis`: the network's knowledge base — share a tip, find it back, most useful first.

- `/kennis` (or *Kennis delen*) opens the share form; the message shortcut *Bewaar als kennis*
  (`bewaar_kennis`) opens it prefilled from a message, with a link back to it;
- `/kennis <zoekterm>` searches with the Dutch understanding of `/verwijs`; `/kennis lijst` lists all;
- 👍 (any skin tone) on an item's announcement counts as "useful" (`like_changed`);
- `/verwijs` shows up to two matching items under its referrals (`plugin.knowledge_hints`).
parse → validate (domain.knowledge) → store and search (storage.knowledge) → render (plugin.views.knowledge).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.ids import parse_id
from domain.knowledge import is_like, prefill_from_message, validate_knowledge_form
from domain.offering_form import clean_text
from domain.referral_search import guess_categories
from plugin.delivery import deliver
from plugin.forms import FormRejected, handle_form
from plugin.meeting_delivery import permalink, slack_problem
from plugin.notify import tell
from plugin.reactions import on_reaction
from plugin.request_scope import network, sealed, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.kit import escape
from plugin.views.knowledge import (
    HELP,
    OPEN,
    REMOVE,
    SAVE,
    SHOWN,
    already_saved_modal,
    announcement,
    knowledge_modal,
    list_message,
    results_message,
    saved_message,
)
from storage import catalog, knowledge, outbox
from storage.search_index import search_scope

log = logging.getLogger(__name__)

SHORTCUT = "bewaar_kennis"
QUERY_MAX = 500
LIST_WORDS = ("lijst", "alles", "alle")
HELP_WORDS = ("help", "hulp", "?")
GONE = "Deze tip bestaat niet meer."
NOT_YOURS = "Alleen wie de tip deelde of de trekker kan hem verwijderen."


def _guessed(text: str, known: set[str]) -> list[str]:
    """At most two categories the message is clearly about; a faint second guess is left out."""
    guesses = [(slug, score) for slug, score in guess_categories(text) if slug in known]
    top = guesses[0][1] if guesses else 0.0
    return [slug for slug, score in guesses[:2] if score >= 0.3 * top]


def open_share_modal(client: WebClient, trigger_id: str, context: BoltContext, channel_id: str | None) -> None:
    with transaction(context) as session:
        labels = catalog.category_labels(session, network(context).id)
    client.views_open(trigger_id=trigger_id, view=sealed(context, knowledge_modal(labels, channel_id=channel_id)))


def like_changed(event: dict[str, Any], context: BoltContext, added: bool) -> None:
    """Within the reaction's transaction: a 👍 on an announcement counts once per person."""
    item = event.get("item") or {}
    if item.get("type") != "message" or not event.get("user"):
        return
    with transaction(context) as session:
        knowledge.apply_like(
            session,
            network(context).id,
            channel_id=str(item.get("channel")),
            message_ts=str(item.get("ts")),
            user_id=str(event["user"]),
            added=added,
        )


def register(app: App) -> None:
    on_reaction(app, is_like, changed=like_changed)

    @app.command("/kennis")
    def kennis(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        text = clean_text(command.get("text"))
        net = network(context)
        viewer = context.user_id or ""
        if not text:
            ack()
            open_share_modal(client, command["trigger_id"], context, command.get("channel_id"))
            return
        if text.lower() in HELP_WORDS:
            ack(response_type="ephemeral", text=HELP)
            return
        if len(text) > QUERY_MAX:
            ack(
                response_type="ephemeral",
                text=f"Je zoekterm is te lang ({len(text)} tekens). Hou het onder {QUERY_MAX}.",
            )
            return
        coordinator = net.is_coordinator(viewer)
        with transaction(context) as session:
            labels = catalog.category_labels(session, net.id)
            if text.lower() in LIST_WORDS:
                cards, total = knowledge.most_useful(session, net.id, limit=SHOWN)
                blocks = list_message(net.name, cards, total, labels, viewer=viewer, coordinator=coordinator)
                ack(response_type="ephemeral", text=f"Kennisbank van {escape(net.name)}", blocks=blocks)
                return
            scope = search_scope(session, net.id)
            cards, total = knowledge.find_knowledge(session, context["search"], scope, text, limit=SHOWN)
            blocks = results_message(text, cards, total, labels, viewer=viewer, coordinator=coordinator)
        ack(response_type="ephemeral", text=f"Kennis over “{escape(text)}”", blocks=blocks)

    @app.action(OPEN)
    def open_from_button(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id")
        open_share_modal(client, body["trigger_id"], context, channel)

    @app.message_shortcut(SHORTCUT)
    def save_message(ack: Ack, shortcut: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """*Bewaar als kennis*: the form prefilled from the message, or a note that it is saved already."""
        ack()
        net = network(context)
        message = shortcut.get("message") or {}
        channel_id = str((shortcut.get("channel") or {}).get("id") or "")
        ts = str(message.get("ts") or "")
        with transaction(context) as session:
            existing = knowledge.item_for_message(session, net.id, channel_id, ts) if channel_id and ts else None
            found = (existing.title, existing.channel_id, existing.message_ts) if existing else None
            labels = catalog.category_labels(session, net.id)
        if found is not None:
            title, where, where_ts = found
            link = permalink(client, where, where_ts) if where and where_ts else None
            client.views_open(trigger_id=shortcut["trigger_id"], view=sealed(context, already_saved_modal(title, link)))
            return
        prefill = prefill_from_message(message.get("text"))
        source = {"channel": channel_id, "ts": ts, "url": permalink(client, channel_id, ts) or ""}
        view = knowledge_modal(
            labels,
            channel_id=channel_id,
            prefill=prefill,
            guessed_categories=_guessed(f"{prefill.title} {prefill.explanation}", set(labels)),
            source=source if channel_id and ts else None,
        )
        client.views_open(trigger_id=shortcut["trigger_id"], view=sealed(context, view))

    def save_item(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        values = view["state"]["values"]
        meta = view_data(context)
        net = network(context)
        user_id = context.user_id or ""
        raw = {key: value_of(values, key) for key in ("title", "url", "explanation", "categories", "target_groups")}
        with transaction(context) as session:
            draft, errors = validate_knowledge_form(raw, known_categories=set(catalog.category_labels(session, net.id)))
            if draft is None:
                raise FormRejected(errors)
            own = catalog.organisation_of_member(session, net.id, user_id)
            item = knowledge.add_item(
                session,
                net.id,
                draft,
                shared_by=user_id,
                organisation_id=own.id if own else None,
                source_channel_id=meta.get("source_channel") or None,
                source_ts=meta.get("source_ts") or None,
                source_url=meta.get("source_url") or None,
            )
            if item is None:
                raise FormRejected({"title": "Dit bericht staat al in de kennisbank (iemand was je voor)."})
            where = meta.get("channel") or None
            saved: dict[str, Any] = {"id": item.id, "channel": where}
            channel = net.announce_channel_id or (where if where and not where.startswith("D") else None)
            if channel:  # the announcement is stored with the item: it reaches the channel even if Slack fails now
                card = knowledge.cards_by_id(session, net.id, [item.id])[0]
                text, blocks = announcement(card, catalog.category_labels(session, net.id))
                saved["outbox"] = outbox.want(
                    session, net.id, key=f"knowledge:{item.id}", kind="knowledge", subject_id=item.id,
                    channel_id=channel, text=text, blocks=blocks, tell_user_id=user_id,
                )  # fmt: skip
            return saved

    def announce_item(context: BoltContext, client: WebClient) -> None:
        """After the form closed: announce in the channel (👍 there count) and confirm to the sharer."""
        saved = context.get("knowledge_item")
        if not saved:
            return
        net = network(context)
        user_id = context.user_id or ""
        where = saved.get("channel")
        if saved.get("outbox"):
            result = deliver(lambda: transaction(context), client, saved["outbox"])
            if result.error is not None:
                log.warning("knowledge item %s saved, announcement refused (kept in the outbox)", saved["id"])
                with transaction(context) as session:
                    cards = knowledge.cards_by_id(session, net.id, [saved["id"]])
                title = cards[0].title if cards else ""
                text = (
                    f"✅ *{escape(title)}* staat in de kennisbank, maar ik kon het niet aankondigen: "
                    f"{slack_problem(result.error)}. Collega's vinden het wel met `/kennis`; ik probeer de "
                    "aankondiging zelf opnieuw."
                )
                tell(client, user_id=user_id, channel_id=where, text=text)
                return
        with transaction(context) as session:
            cards = knowledge.cards_by_id(session, net.id, [saved["id"]])
            item = knowledge.get_item(session, net.id, saved["id"])
            announced_in = item.channel_id if item is not None and item.message_ts else None
        if not cards:
            return
        card = cards[0]
        tell(client, user_id=user_id, channel_id=where, text=saved_message(card, announced_in))

    handle_form(app, SAVE, save_item, then=[announce_item], key="knowledge_item")

    @app.action(REMOVE)
    def remove(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        net = network(context)
        user_id = context.user_id or ""
        value = str(action.get("value") or "")
        with transaction(context) as session:
            item = knowledge.get_item(session, net.id, parse_id(value) or 0)
            if item is None:
                respond(text=GONE, response_type="ephemeral", replace_original=False)
                return
            if item.shared_by != user_id and not net.is_coordinator(user_id):
                respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
                return
            title = item.title
            knowledge.remove_item(session, item)
        removed = f"🗑️ *{escape(title)}* is uit de kennisbank verwijderd."
        respond(text=removed, response_type="ephemeral", replace_original=False)
