"""Action items: made three ways, each posted as a reply in its meeting's thread, closed with ✅.

- *Actiepunt toevoegen* on the meeting message → the item form;
- the message shortcut *Maak actiepunt* (`maak_actiepunt`) → the same form, prefilled with the
  message and a link to it, for the meeting of that thread (else the channel's latest meeting);
- `/actie <tekst> @eigenaar <datum>` → at once, for the channel's (else the network's) latest meeting.

A ✅ (any of Slack's check-mark shapes, any skin tone) on an item's reply closes it, removing the
last one opens it again (`plugin.reactions.on_reaction`).
parse → store (storage.action_items) → render and post (plugin.views.meetings, plugin.meeting_delivery).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.action_items import ITEM_TEXT_MAX, PAST, is_check, reaction_name, validate_item_form
from domain.agenda_text import from_slack
from domain.dates_nl import BRUSSELS, date_problem_nl, format_date_nl, split_trailing_date_nl
from domain.ids import parse_id
from plugin.forms import FormRejected, handle_form
from plugin.home import publish_home
from plugin.meeting_delivery import failure_text, permalink, publish_item
from plugin.notify import SLACK_FAILURES, tell
from plugin.reactions import on_reaction
from plugin.request_scope import network, sealed, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.kit import escape
from plugin.views.meetings import ADD_ITEM, ITEM_MODAL, action_item_modal, one_line, open_items_message, rich
from storage import action_items, meetings
from storage.base import utcnow
from storage.meeting_models import Meeting

log = logging.getLogger(__name__)

SHORTCUT = "maak_actiepunt"
SAVED_ITEM = "item"  # in the context: the new item, for the lazy listener that posts it
USAGE = (
    "Zo maak je een actiepunt: `/actie flyer rondsturen @naam vrijdag` — wat, wie (zonder naam: jij) en "
    "tegen wanneer (`vrijdag`, `20/12`, `volgende week`, …; mag ontbreken). Het komt in de thread van het "
    "laatste overleg van dit kanaal. `/actie lijst` toont de open actiepunten."
)
LIST_WORDS = ("lijst", "open", "overzicht")
NO_MEETING = "Er is nog geen overleg om dit actiepunt bij te zetten. Start er een met `/agenda`."
GONE = "Dit overleg bestaat niet meer."
MEETING_UNPOSTED = (
    "Het actiepunt is bewaard, maar het overleg zelf staat nog niet in Slack. "
    "Typ `/agenda opnieuw` in het kanaal van het overleg: dan komen het overleg en zijn actiepunten erin."
)
MENTION_RE = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class ParsedItem:
    text: str
    owner: str
    due: date | None


def parse_actie(raw: str, sender: str, today: date) -> ParsedItem | str:
    """`/actie <tekst> @eigenaar <datum>`: the last mention is the owner (else the sender), a Dutch
    date at the end (or after "tegen", "voor", …) the due date. A string is the Dutch refusal."""
    typed = raw or ""
    mentions = list(MENTION_RE.finditer(raw or ""))
    owner = sender
    if mentions:
        last = mentions[-1]
        owner = last.group(1)
        raw = raw[: last.start()] + " " + raw[last.end() :]
    if problem := date_problem_nl(from_slack(raw), today):  # before reading a date: "vorige vrijdag" is no Friday
        return f"{problem} Er is niets bewaard; je typte: /actie {typed.strip()}"
    text, due = split_trailing_date_nl(from_slack(raw), today)
    text = " ".join(text.split()).strip(" ,;:-–")
    if not text:
        return USAGE
    if len(text) > ITEM_TEXT_MAX:
        return f"Een actiepunt mag maximaal {ITEM_TEXT_MAX} tekens hebben (nu {len(text)})."
    if due is not None and due < today:
        return f"{PAST} ({format_date_nl(due)}) Er is niets bewaard; je typte: /actie {typed.strip()}"
    return ParsedItem(text=text, owner=owner, due=due)


def today_in_brussels() -> date:
    return utcnow().astimezone(BRUSSELS).date()


def _saved(item_id: int, channel_id: str | None, meeting: Meeting) -> dict[str, Any]:
    """What the lazy listener needs after the acknowledgement: which item, and where its maker is."""
    return {"id": item_id, "channel": channel_id, "meeting_title": meeting.title}


def post_new_item(context: BoltContext, client: WebClient) -> None:
    """After the acknowledgement: post the stored item in its meeting's thread, or say what failed."""
    saved = context.get(SAVED_ITEM)
    if not saved:
        return
    net = network(context)
    respond = context.respond if context.response_url else None
    try:
        posted = publish_item(lambda: transaction(context), client, net.id, saved["id"])
    except SLACK_FAILURES as error:
        text = failure_text("Het actiepunt", error)
    else:
        if posted:
            return
        text = MEETING_UNPOSTED
    tell(client, user_id=context.user_id or "", channel_id=saved["channel"], text=text, respond=respond)


def register(app: App) -> None:
    # -- /actie ------------------------------------------------------------------------------------
    def actie(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        net = network(context)
        user_id = context.user_id or ""
        raw = command.get("text") or ""
        if raw.strip().lower() in ("", "help", "hulp", "?"):
            ack(response_type="ephemeral", text=USAGE)
            return
        if raw.strip().lower() in LIST_WORDS:
            with transaction(context) as session:
                items = action_items.open_items(session, net.id)
            text, blocks = open_items_message(net.name, items, today_in_brussels())
            ack(response_type="ephemeral", text=text, blocks=blocks)
            return
        parsed = parse_actie(raw, user_id, today_in_brussels())
        if isinstance(parsed, str):
            ack(response_type="ephemeral", text=parsed)
            return
        channel_id = command.get("channel_id")
        with transaction(context) as session:
            meeting = meetings.resolve_meeting(session, net.id, utcnow(), channel_id)
            if meeting is not None:
                item = action_items.create_action_item(
                    session, net.id, meeting, text=parsed.text, owner=parsed.owner, due=parsed.due, created_by=user_id
                )
                context[SAVED_ITEM] = _saved(item.id, channel_id, meeting)
        if meeting is None:
            ack(response_type="ephemeral", text=NO_MEETING)
            return
        elsewhere = f" (in <#{meeting.channel_id}>)" if meeting.channel_id != channel_id else ""
        due = f", tegen {format_date_nl(parsed.due)}" if parsed.due else ""
        ack(
            response_type="ephemeral",
            text=(
                f"📝 Actiepunt genoteerd bij *{escape(meeting.title)}*{elsewhere}: "
                f"{rich(one_line(parsed.text))} — <@{parsed.owner}>{due}."
            ),
        )

    app.command("/actie")(ack=actie, lazy=[post_new_item])

    # -- the form: from the meeting's button or the message shortcut --------------------------------
    @app.action(ADD_ITEM)
    def open_from_meeting(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        net = network(context)
        value = str(action.get("value") or "")
        with transaction(context) as session:
            meeting = meetings.get_meeting(session, net.id, parse_id(value) or 0)
            view = (
                action_item_modal(meeting.id, meeting.title, channel_id=meeting.channel_id, owner=context.user_id)
                if meeting
                else None
            )
        if view is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        client.views_open(trigger_id=body["trigger_id"], view=sealed(context, view))

    @app.message_shortcut(SHORTCUT)
    def open_from_message(
        ack: Ack, shortcut: dict[str, Any], context: BoltContext, client: WebClient, respond: Respond
    ) -> None:
        """The meeting is the one of the message's thread, else the channel's (or network's) latest."""
        ack()
        net = network(context)
        message = shortcut.get("message") or {}
        channel_id = (shortcut.get("channel") or {}).get("id")
        message_ts = message.get("ts")
        with transaction(context) as session:
            meeting = meetings.resolve_meeting(
                session, net.id, utcnow(), channel_id, message.get("thread_ts") or message_ts
            )
            found = (meeting.id, meeting.title) if meeting else None
        if found is None:
            respond(text=NO_MEETING, response_type="ephemeral", replace_original=False)
            return
        link = permalink(client, channel_id, message_ts) if channel_id and message_ts else None
        author = message.get("user")
        view = action_item_modal(
            found[0],
            found[1],
            channel_id=channel_id,
            text=from_slack(message.get("text")) or None,
            owner=author if author and author[:1] in "UW" else context.user_id,
            source_url=link,
        )
        client.views_open(trigger_id=shortcut["trigger_id"], view=sealed(context, view))

    def save_item(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        net = network(context)
        values = view["state"]["values"]
        meta = view_data(context)
        raw = {key: value_of(values, key) for key in ("text", "owner", "due")}
        draft, errors = validate_item_form(raw, today_in_brussels())
        if draft is None:
            raise FormRejected(errors)
        with transaction(context) as session:
            meeting = meetings.get_meeting(session, net.id, parse_id(meta.get("meeting")) or 0)
            if meeting is None:
                raise FormRejected({"text": GONE})
            item = action_items.create_action_item(
                session,
                net.id,
                meeting,
                text=draft.text,
                owner=draft.owner,
                due=draft.due,
                created_by=context.user_id or "",
                source_url=meta.get("source"),
            )
            return _saved(item.id, meta.get("channel") or meeting.channel_id, meeting)

    handle_form(app, ITEM_MODAL, save_item, then=[post_new_item], key=SAVED_ITEM)

    # -- reactions: ✅ on an item's reply ------------------------------------------------------------
    def check_changed(event: dict[str, Any], context: BoltContext, added: bool) -> None:
        """Within the request: a member's check mark opens or closes the item it is on."""
        item = event.get("item") or {}
        if item.get("type") != "message" or not event.get("user"):
            return
        net = network(context)
        with transaction(context) as session:
            result = action_items.apply_check(
                session,
                net.id,
                channel_id=str(item.get("channel")),
                message_ts=str(item.get("ts")),
                user_id=event["user"],
                reaction=reaction_name(event.get("reaction")),
                added=added,
                now=utcnow(),
            )
        if result is not None and result.changed:
            context["refresh_item"] = result.item_id

    def show_check(event: dict[str, Any], context: BoltContext, client: WebClient, added: bool) -> None:
        """After the acknowledgement: show the item's new state."""
        item_id = context.get("refresh_item")
        if item_id:
            try:
                publish_item(lambda: transaction(context), client, network(context).id, item_id)
            except SLACK_FAILURES:
                log.warning("action item %s changed, but its message could not be updated", item_id, exc_info=True)

    on_reaction(app, is_check, changed=check_changed, follow_up=show_check)

    @app.action("actie_klaar")
    def done_from_home(ack: Ack, action: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        """*Klaar* on the Home tab counts as the person's own ✅ on the item's message."""
        ack()
        net = network(context)
        user_id = context.user_id or ""
        with transaction(context) as session:
            card = action_items.item_card(session, net.id, parse_id(action.get("value")) or 0)
            result = (
                action_items.apply_check(
                    session, net.id, channel_id=card.channel_id, message_ts=card.message_ts, user_id=user_id,
                    reaction="white_check_mark", added=True, now=utcnow(),
                )
                if card is not None and card.message_ts
                else None
            )  # fmt: skip
        if result is not None and result.changed:
            try:
                publish_item(lambda: transaction(context), client, net.id, result.item_id)
            except SLACK_FAILURES:
                log.warning("action item %s closed, but its message could not be updated", result.item_id)
        publish_home(client, context, user_id)
