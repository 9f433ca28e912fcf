"""`/verslag`: the coordinator compiles the minutes of the meeting, posts them in its thread, and
everyone who did not say *Ik kom* gets a catch-up message with the link and their open items.

The minutes are one model (domain.minutes, built by storage.meetings.minutes_of), rendered here as
Block Kit and by `lerend-netwerk verslag --format md` as Markdown. Posting them marks the
meeting's points handled, so they are not carried over to the next agenda. Decisions are the
thread's replies with a 📌: `record_pin` keeps them (called by the reaction listener in
commands.actie). Running `/verslag` again posts the minutes again (e.g. after more 📌), but
each member gets the catch-up message only once per meeting.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from domain.action_items import KIND_CATCH_UP, meeting_key
from domain.agenda_text import from_slack
from plugin.meeting_delivery import DirectMessage, Sent, permalink, send_once, slack_problem
from plugin.notify import SLACK_FAILURES
from plugin.request_scope import network, transaction
from plugin.views.kit import escape
from plugin.views.meetings import catch_up_message, minutes_blocks, split_messages
from storage import meetings
from storage.base import utcnow
from storage.networks import member_user_ids

log = logging.getLogger(__name__)

ONLY_COORDINATOR = "Alleen de trekker ({who}) stelt het verslag op."
NO_MEETING = "Er is nog geen overleg om een verslag van te maken. Start er een met `/agenda`."
UNPOSTED = "Het overleg staat nog niet in Slack. Typ eerst `/agenda opnieuw`, dan `/verslag`."


def fetch_message(client: WebClient, channel_id: str, message_ts: str) -> dict[str, Any] | None:
    """A message of a thread, with its text and `thread_ts` (conversations.replies answers for a reply's ts)."""
    try:
        answer = client.conversations_replies(
            channel=channel_id, ts=message_ts, oldest=message_ts, latest=message_ts, inclusive=True, limit=10
        )
    except SLACK_FAILURES:
        log.warning("could not read message %s in %s", message_ts, channel_id, exc_info=True)
        return None
    for message in answer.get("messages") or []:
        if message.get("ts") == message_ts:
            return message
    return None


def record_pin(event: dict[str, Any], context: BoltContext, client: WebClient, *, added: bool) -> None:
    """A 📌 on a reply in a meeting's thread makes it a decision; removing the last 📌 undoes that.

    The reaction event does not say which thread the message is in, so Slack is asked, but only
    for channels that hold a posted meeting.
    """
    net = network(context)
    item = event.get("item") or {}
    channel_id, message_ts, user_id = str(item.get("channel")), str(item.get("ts")), event.get("user")
    if not user_id:
        return
    if not added:
        with transaction(context) as session:
            meetings.unpin_decision(session, net.id, channel_id=channel_id, message_ts=message_ts, user_id=user_id)
        return
    with transaction(context) as session:
        roots = meetings.posted_meeting_roots(session, net.id, channel_id)
    if not roots:
        return
    message = fetch_message(client, channel_id, message_ts)
    thread_ts = (message or {}).get("thread_ts")
    if message is None or thread_ts not in roots:
        return
    with transaction(context) as session:
        meetings.pin_decision(
            session,
            net.id,
            channel_id=channel_id,
            thread_ts=thread_ts,
            message_ts=message_ts,
            text=from_slack(message.get("text")),
            author=message.get("user"),
            pinned_by=user_id,
        )


def register(app: App) -> None:
    def verslag(ack: Ack, command: dict[str, Any], context: BoltContext) -> None:
        net = network(context)
        if not net.is_coordinator(context.user_id):
            who = f"<@{net.coordinator_user_id}>" if net.coordinator_user_id else "nog niemand"
            ack(response_type="ephemeral", text=ONLY_COORDINATOR.format(who=who))
            return
        with transaction(context) as session:
            meeting = meetings.resolve_meeting(session, net.id, utcnow(), command.get("channel_id"))
            found = (meeting.id, meeting.title, meeting.message_ts) if meeting else None
        if found is None:
            ack(response_type="ephemeral", text=NO_MEETING)
            return
        if found[2] is None:
            ack(response_type="ephemeral", text=UNPOSTED)
            return
        context["minutes_for"] = found[0]
        ack(response_type="ephemeral", text=f"📝 Ik stel het verslag van *{escape(found[1])}* op…")

    def compile_minutes(context: BoltContext, client: WebClient) -> None:
        """After the acknowledgement: post the minutes in the thread, then the catch-up messages."""
        meeting_id = context.get("minutes_for")
        if not meeting_id:
            return
        net = network(context)
        work = lambda: transaction(context)  # noqa: E731
        with work() as session:
            meeting = meetings.get_meeting(session, net.id, meeting_id)
            where = (meeting.channel_id, meeting.message_ts) if meeting else None
        if where is None or where[1] is None:
            return
        channel_id, root = where
        thread_url = permalink(client, channel_id, root)
        with work() as session:
            minutes = meetings.minutes_of(session, net.id, meeting_id, thread_url)
            members = member_user_ids(session, net.id)
        if minutes is None:
            return
        try:
            for blocks in split_messages(minutes_blocks(minutes)):
                client.chat_postMessage(
                    channel=channel_id, thread_ts=root, text=f"Verslag: {minutes.title}", blocks=blocks
                )
        except SLACK_FAILURES as error:
            context.respond(
                text=f"⚠️ Het verslag kon niet in de thread: {slack_problem(error)}. Probeer `/verslag` zo opnieuw.",
                response_type="ephemeral",
                replace_original=False,
            )
            return
        now = utcnow()
        with work() as session:
            meetings.mark_minutes_made(session, net.id, meeting_id, now)
        outcomes: dict[Sent, list[str]] = {}
        for user_id in minutes.missed_it(members):
            if user_id == context.user_id:
                continue
            with work() as session:
                own = meetings.open_items(session, net.id, owner=user_id)
            text, blocks = catch_up_message(minutes, thread_url, own)
            outcome = send_once(
                work,
                net.id,
                kind=KIND_CATCH_UP,
                recipient=user_id,
                period_key=meeting_key(meeting_id),
                now=now,
                send=partial(DirectMessage, client, user_id, text, blocks),  # through the outbox
            )
            outcomes.setdefault(outcome, []).append(user_id)
        context.respond(text=_summary(outcomes), response_type="ephemeral", replace_original=False)

    app.command("/verslag")(ack=verslag, lazy=[compile_minutes])


def _summary(outcomes: dict[Sent, list[str]]) -> str:
    sent = outcomes.get(Sent.SENT, [])
    failed = outcomes.get(Sent.FAILED, [])
    text = "✅ Het verslag staat in de thread."
    if sent:
        text += f" Bijgepraat via een privébericht: {', '.join(f'<@{u}>' for u in sent)}."
    elif not outcomes.get(Sent.TAKEN):
        text += " Iedereen had laten weten te komen: niemand hoeft bijgepraat te worden."
    if outcomes.get(Sent.TAKEN):
        text += f" {len(outcomes[Sent.TAKEN])} kreeg het bericht al eerder."
    if failed:
        text += f" ⚠️ Niet gelukt voor {', '.join(f'<@{u}>' for u in failed)}: `/verslag` probeert het opnieuw."
    return text
