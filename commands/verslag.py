"""`/verslag`: the coordinator compiles the minutes of the meeting, posts them in its thread, and
everyone who did not say *Ik kom* gets a catch-up message with the link and their open items.

The minutes are one model (domain.minutes, built by storage.meeting_minutes.minutes_of), rendered here
as Block Kit and by `lerend-netwerk verslag --format md` as Markdown. Posting them marks the
meeting's points handled, so they are not carried over to the next agenda. Decisions are the
thread's replies with a 📌: `record_pin` keeps them (this feature's reaction listener). Running
`/verslag` again (e.g. after more 📌) updates the minutes' messages in place (`post_minutes`, the one
place that puts them in Slack), and only members not told yet get the catch-up message: each member
gets it once per meeting.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.action_items import KIND_CATCH_UP, is_decision_pin, meeting_key
from domain.agenda_text import from_slack
from domain.minutes import Minutes
from plugin.meeting_delivery import Work, permalink, slack_problem
from plugin.notify import SLACK_FAILURES
from plugin.reactions import on_reaction
from plugin.request_scope import network, transaction
from plugin.send_once import DirectMessage, Sent, send_once
from plugin.views.kit import escape, section
from plugin.views.meetings import catch_up_message, minutes_blocks, split_messages
from storage import action_items, meeting_minutes, meetings
from storage.base import utcnow
from storage.networks import member_user_ids

log = logging.getLogger(__name__)

ONLY_COORDINATOR = "Alleen de trekker ({who}) stelt het verslag op."
NO_MEETING = "Er is nog geen overleg om een verslag van te maken. Start er een met `/agenda`."
SPARE_PART = "(Dit deel van het verslag is niet meer nodig: het bijgewerkte verslag staat hierboven.)"
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


def record_pin(event: dict[str, Any], context: BoltContext, client: WebClient, added: bool) -> None:
    """A 📌 on a reply in a meeting's thread makes it a decision; removing the last 📌 undoes that.

    The reaction event does not say which thread the message is in, so Slack is asked, but only
    for channels that hold a posted meeting.
    """
    net = network(context)
    item = event.get("item") or {}
    channel_id, message_ts, user_id = str(item.get("channel")), str(item.get("ts")), event.get("user")
    if item.get("type") != "message" or not user_id:
        return
    if not added:
        with transaction(context) as session:
            meeting_minutes.unpin_decision(
                session, net.id, channel_id=channel_id, message_ts=message_ts, user_id=user_id
            )
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
        meeting_minutes.pin_decision(
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
    on_reaction(app, is_decision_pin, follow_up=record_pin)  # 📌, after the acknowledgement

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

    def compile_minutes(context: BoltContext, client: WebClient, respond: Respond) -> None:
        """After the acknowledgement: post the minutes in the thread, then the catch-up messages."""
        meeting_id = context.get("minutes_for")
        if not meeting_id:
            return
        net = network(context)
        work = lambda: transaction(context)  # noqa: E731
        with work() as session:
            meeting = meetings.get_meeting(session, net.id, meeting_id)
            where = (meeting.channel_id, meeting.message_ts) if meeting else None
        if where is None:
            return
        channel_id, root = where
        if root is None:
            return
        thread_url = permalink(client, channel_id, root)
        with work() as session:
            minutes = meeting_minutes.minutes_of(session, net.id, meeting_id, thread_url)
            members = member_user_ids(session, net.id)
        if minutes is None:
            return
        try:
            updated = post_minutes(work, client, net.id, meeting_id, root, minutes)
        except SLACK_FAILURES as error:
            respond(
                text=f"⚠️ Het verslag kon niet in de thread: {slack_problem(error)}. Probeer `/verslag` zo opnieuw.",
                response_type="ephemeral",
                replace_original=False,
            )
            return
        now = utcnow()
        with work() as session:
            meeting_minutes.mark_minutes_made(session, net.id, meeting_id, now)
        outcomes: dict[Sent, list[str]] = {}
        others = [m for m in members if m != context.user_id]
        for user_id in minutes.missed_it(others):
            with work() as session:
                own = action_items.open_items(session, net.id, owner=user_id)
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
        respond(
            text=_summary(outcomes, updated=updated, others=others), response_type="ephemeral", replace_original=False
        )

    app.command("/verslag")(ack=verslag, lazy=[compile_minutes])


def post_minutes(work: Work, client: WebClient, network_id: int, meeting_id: int, root: str, minutes: Minutes) -> bool:
    """Put the minutes in the meeting's thread: the first time as new replies, later by updating those
    replies in place (a longer verslag adds replies; a shorter one empties the spare ones). Each new
    reply's ts is stored at once, so a failure halfway never leads to a second set. True when updated.
    Raises SLACK_FAILURES."""
    with work() as session:
        stored = meeting_minutes.minutes_messages(session, network_id, meeting_id)
        channel_id = meetings.get_meeting(session, network_id, meeting_id).channel_id  # type: ignore[union-attr]
    text = f"Verslag: {escape(minutes.title)}"
    parts = split_messages(minutes_blocks(minutes))
    kept = list(stored)
    for index, blocks in enumerate(parts):
        if index < len(kept):
            try:
                client.chat_update(channel=channel_id, ts=kept[index], text=text, blocks=blocks)
                continue
            except SlackApiError as error:
                if error.response.get("error") != "message_not_found":
                    raise
        posted = client.chat_postMessage(channel=channel_id, thread_ts=root, text=text, blocks=blocks)
        if index < len(kept):
            kept[index] = str(posted["ts"])
        else:
            kept.append(str(posted["ts"]))
        with work() as session:
            meeting_minutes.set_minutes_messages(session, network_id, meeting_id, kept)
    for spare in kept[len(parts) :]:
        client.chat_update(channel=channel_id, ts=spare, text=SPARE_PART, blocks=[section(SPARE_PART)])
    return bool(stored)


def _people(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def _summary(outcomes: dict[Sent, list[str]], *, updated: bool, others: list[str]) -> str:
    """What happened, and only that: who got a message now, who had one already, who could not be reached."""
    sent = outcomes.get(Sent.SENT, [])
    taken = outcomes.get(Sent.TAKEN, [])
    failed = outcomes.get(Sent.FAILED, [])
    text = "✅ Het verslag in de thread is bijgewerkt." if updated else "✅ Het verslag staat in de thread."
    if sent:
        text += f" Bijgepraat via een privébericht: {_people(sent)}."
    if taken:
        text += f" Kreeg het bericht al eerder: {_people(taken)}."
    if failed:
        text += f" ⚠️ Niet gelukt voor {_people(failed)}: `/verslag` probeert het opnieuw."
    if not outcomes:
        if others:
            said = "zei" if len(others) == 1 else "zeiden"
            text += f" Niemand hoeft bijgepraat te worden: {_people(others)} {said} te komen."
        else:
            text += " Er zijn nog geen andere leden in het netwerk om bij te praten."
    return text
