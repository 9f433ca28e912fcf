"""`/agenda`: the coordinator plans a meeting; the app posts it where `/agenda` was typed, and the
thread under that message is the meeting's home.

`/agenda [titel]` opens the form · `/agenda lijst` lists the meetings still to come ·
`/agenda iedereen` / `/agenda alleen-trekker` (coordinator) decide who may post agendas ·
`/agenda opnieuw` posts what a Slack failure left unposted.
The meeting message's buttons add points and record who comes (action items: commands.actie).
parse → validate (domain.agenda_text) → store (storage.meetings) → render (plugin.views.meetings),
post (plugin.meeting_delivery).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.agenda_text import MAX_TITLE_LENGTH, points_problem, split_points, validate_meeting_form
from domain.counts_nl import count_nl
from domain.ids import parse_id
from plugin.forms import FormRejected, handle_form
from plugin.home import HomeRequest
from plugin.meeting_delivery import failure_text, publish_meeting, repost_pending
from plugin.notify import SLACK_FAILURES, tell
from plugin.request_scope import network, retry_on_conflict, sealed, transaction, view_data
from plugin.views.form_values import value_of
from plugin.views.home import meeting_blocks
from plugin.views.kit import Block, escape
from plugin.views.meetings import (
    ADD_POINT,
    AGENDA_MODAL,
    COMING,
    NOT_COMING,
    POINT_MODAL,
    agenda_modal,
    point_modal,
    upcoming_meetings_message,
)
from storage import action_items, meetings
from storage.base import utcnow
from storage.networks import NetworkRef

HELP = (
    "*`/agenda`* plant een overleg en post het in dit kanaal; de thread eronder is de thuis van het overleg.\n"
    "• `/agenda` of `/agenda <titel>` opent het formulier (titel, datum, uur, plaats, agendapunten)\n"
    "• `/agenda lijst` toont de geplande overleggen van het netwerk: wanneer, de thread en wie komt\n"
    "• `/agenda iedereen` laat elk lid een agenda posten, `/agenda alleen-trekker` enkel de trekker (trekker)\n"
    "• `/agenda opnieuw` post wat door een storing bij Slack nog niet gepost is\n"
    "Actiepunten: `/actie` · verslag: `/verslag`"
)
ONLY_COORDINATOR = (
    "Alleen de trekker ({who}) zet de agenda klaar. Wil je een punt op de agenda? Klik op *Punt toevoegen* "
    "onder het overleg, of vraag de trekker om `/agenda iedereen`."
)
SETTING_ONLY_COORDINATOR = "Alleen de trekker ({who}) beslist wie een agenda mag posten."
EVERYONE = "Vanaf nu mag elk lid van het netwerk een agenda posten met `/agenda`."
COORDINATOR_ONLY = "Vanaf nu post alleen de trekker een agenda."
GONE = "Dit overleg bestaat niet meer."
LIST_WORDS = ("lijst", "overzicht")
LIST_MAX = 10
NOTHING_PENDING = "Alles staat al in Slack; het bericht van het overleg is bijgewerkt."


def _who(net: NetworkRef) -> str:
    return f"<@{net.coordinator_user_id}>" if net.coordinator_user_id else "nog niemand"


def may_post_agenda(net: NetworkRef, user_id: str | None) -> bool:
    return net.is_coordinator(user_id) or (net.members_may_post_agenda and user_id is not None)


def refresh_meeting(context: BoltContext, client: WebClient, meeting_id: int, respond: Any = None) -> None:
    """Update the meeting message in place after a change; on failure, tell the person who changed it."""
    net = network(context)
    try:
        publish_meeting(lambda: transaction(context), client, net.id, meeting_id)
    except SLACK_FAILURES as error:
        saved = context.get("meeting") or {}
        tell(
            client,
            user_id=context.user_id or "",
            channel_id=saved.get("channel"),
            text=failure_text("Je wijziging", error),
            respond=respond,
        )


def home_section(request: HomeRequest) -> list[Block]:
    """The Home tab: the next meeting, and the person's own open action items with *Klaar*."""
    session, net = request.session, request.network
    return meeting_blocks(
        meetings.next_meeting(session, net.id, request.now),
        action_items.open_items(session, net.id, owner=request.user_id),
    )


def register(app: App) -> None:
    # -- /agenda -----------------------------------------------------------------------------------
    def agenda(ack: Ack, command: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        net = network(context)
        user_id = context.user_id
        text = " ".join((command.get("text") or "").split())
        word = text.lower()
        if word in ("help", "hulp", "?"):
            ack(response_type="ephemeral", text=HELP)
            return
        if word in LIST_WORDS:
            with transaction(context) as session:
                upcoming = meetings.upcoming_meetings(session, net.id, utcnow(), LIST_MAX + 1)
            text, blocks = upcoming_meetings_message(net.name, upcoming[:LIST_MAX], more=len(upcoming) > LIST_MAX)
            ack(response_type="ephemeral", text=text, blocks=blocks)
            return
        if word in ("iedereen", "alleen-trekker", "alleen trekker"):
            if not net.is_coordinator(user_id):
                ack(response_type="ephemeral", text=SETTING_ONLY_COORDINATOR.format(who=_who(net)))
                return
            allowed = word == "iedereen"
            with transaction(context) as session:
                meetings.set_members_may_post_agenda(session, net.id, allowed)
            ack(response_type="ephemeral", text=EVERYONE if allowed else COORDINATOR_ONLY)
            return
        if word == "opnieuw":
            context["repost"] = command.get("channel_id")
            ack(response_type="ephemeral", text="Ik probeer opnieuw te posten…")
            return
        if not may_post_agenda(net, user_id):
            ack(response_type="ephemeral", text=ONLY_COORDINATOR.format(who=_who(net)))
            return
        ack()
        client.views_open(
            trigger_id=command["trigger_id"],
            view=sealed(context, agenda_modal(command["channel_id"], title=text[:MAX_TITLE_LENGTH] or None)),
        )

    def repost(context: BoltContext, client: WebClient, respond: Respond) -> None:
        """`/agenda opnieuw`, after the acknowledgement: post what is pending, then say how it went."""
        channel_id = context.get("repost")
        if not channel_id:
            return
        net = network(context)
        result = repost_pending(lambda: transaction(context), client, net.id, channel_id, utcnow())
        if result.failures:
            text = f"⚠️ Het lukt nog niet: {result.failures[0]}. Probeer het straks opnieuw met `/agenda opnieuw`."
        elif result.posted:
            text = f"✅ {count_nl(result.posted, 'bericht')} alsnog gepost."
        else:
            text = NOTHING_PENDING
        respond(text=text, response_type="ephemeral", replace_original=False)

    app.command("/agenda")(ack=agenda, lazy=[repost])

    # -- the form ------------------------------------------------------------------------------------
    def save_agenda(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        values = view["state"]["values"]
        net = network(context)
        user_id = context.user_id or ""
        channel_id = str(view_data(context).get("channel") or "")
        raw = {key: value_of(values, key) for key in ("title", "place", "points", "date", "time")}
        draft, errors = validate_meeting_form(raw, utcnow())
        if not may_post_agenda(net, user_id):
            errors["title"] = ONLY_COORDINATOR.format(who=_who(net))
        if not channel_id:
            errors["title"] = "Typ `/agenda` in het kanaal waar het overleg moet komen."
        if errors or draft is None:
            raise FormRejected(errors)
        with transaction(context) as session:
            meeting = meetings.create_meeting(
                session,
                net.id,
                channel_id=channel_id,
                title=draft.title,
                starts_at=draft.starts_at,
                location=draft.place,
                created_by=user_id,
                points=draft.points,
            )
            return {"id": meeting.id, "channel": channel_id, "title": draft.title}

    def post_agenda(context: BoltContext, client: WebClient) -> None:
        """After the form closed: post the stored meeting; if Slack refuses, say so (it stays stored)."""
        saved = context.get("meeting")
        if not saved:
            return
        net = network(context)
        try:
            publish_meeting(lambda: transaction(context), client, net.id, saved["id"])
        except SLACK_FAILURES as error:
            tell(
                client,
                user_id=context.user_id or "",
                channel_id=saved["channel"],
                text=failure_text(f"Het overleg *{escape(saved['title'])}*", error),
            )

    handle_form(app, AGENDA_MODAL, save_agenda, then=[post_agenda], key="meeting")

    # -- Punt toevoegen ------------------------------------------------------------------------------
    @app.action(ADD_POINT)
    def open_point_modal(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        respond: Respond,
    ) -> None:
        ack()
        net = network(context)
        with transaction(context) as session:
            meeting = meetings.get_meeting(session, net.id, _meeting_id(action))
            view = point_modal(meeting.id, meeting.title) if meeting else None
        if view is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)
            return
        client.views_open(trigger_id=body["trigger_id"], view=sealed(context, view))

    def save_point(view: dict[str, Any], context: BoltContext) -> dict[str, Any]:
        net = network(context)
        points = split_points(value_of(view["state"]["values"], "point"))
        meeting_id = parse_id(view_data(context).get("meeting")) or 0

        def store() -> dict[str, Any]:
            with transaction(context) as session:
                meeting = meetings.get_meeting(session, net.id, meeting_id)
                if meeting is None:
                    raise FormRejected({"point": GONE})
                problem = points_problem(points, meetings.point_count(session, net.id, meeting_id))
                if problem:
                    raise FormRejected({"point": problem})
                meetings.add_points(session, net.id, meeting_id, points, context.user_id or "")
                return {"id": meeting_id, "channel": meeting.channel_id, "title": meeting.title}

        if not points:
            raise FormRejected({"point": "Schrijf het punt dat je wilt bespreken."})
        return retry_on_conflict(store)  # a point added at the same moment took the next position: take the one after

    def show_point(context: BoltContext, client: WebClient) -> None:
        saved = context.get("meeting")
        if saved:
            refresh_meeting(context, client, saved["id"])

    handle_form(app, POINT_MODAL, save_point, then=[show_point], key="meeting")

    # -- Ik kom / Ik kan niet ----------------------------------------------------------------------
    def answer(action: dict[str, Any], context: BoltContext, respond: Respond, *, coming: bool) -> None:
        net = network(context)
        with transaction(context) as session:
            meeting = meetings.get_meeting(session, net.id, _meeting_id(action))
            if meeting is not None:
                meetings.set_rsvp(session, net.id, meeting.id, context.user_id or "", coming=coming, now=utcnow())
                context["meeting"] = {"id": meeting.id, "channel": meeting.channel_id, "title": meeting.title}
        if meeting is None:
            respond(text=GONE, response_type="ephemeral", replace_original=False)

    def coming_ack(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        answer(action, context, respond, coming=True)

    def not_coming_ack(ack: Ack, action: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        answer(action, context, respond, coming=False)

    def show_answers(context: BoltContext, client: WebClient, respond: Respond) -> None:
        saved = context.get("meeting")
        if saved:
            refresh_meeting(context, client, saved["id"], respond=respond)

    app.action(COMING)(ack=coming_ack, lazy=[show_answers])
    app.action(NOT_COMING)(ack=not_coming_ack, lazy=[show_answers])


def _meeting_id(action: dict[str, Any]) -> int:
    value = str(action.get("value") or "")
    return parse_id(value) or 0
