"""`/verslag`: the coordinator compiles the minutes of the meeting, posts them in its thread, and
everyone who did not say *Ik kom* gets a catch-up message with the link and their open items.

The minutes are one model (domain.minutes, built by storage.meeting_minutes.minutes_of), rendered here
as Block Kit and by `lerend-netwerk verslag --format md` as Markdown. Posting them marks the
meeting's points handled, so they are not carried over to the next agenda. Decisions are the
thread's replies with a 📌: `record_pin` keeps them (this feature's reaction listener). The minutes'
messages go through the outbox (`publish_minutes`; plugin.minutes_delivery): stored, delivered at
once, found again after a try whose outcome Slack did not tell, retried by `lerend-netwerk reminders`
when Slack fails, the coordinator told once when it fails for good. Running `/verslag` again (e.g.
after more 📌) updates the same messages in place, and only members not told yet get the catch-up
message: each member gets it once per meeting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.action_items import is_decision_pin
from domain.agenda_text import from_slack
from domain.offering_form import clean_text
from plugin.answers import answer_later
from plugin.delivery import Delivered, Outcome, deliver
from plugin.meeting_delivery import Work, slack_problem
from plugin.minutes_delivery import SPARE_PART, catch_up, minutes_parts
from plugin.minutes_delivery import summary as _summary
from plugin.notify import SLACK_FAILURES
from plugin.reactions import on_reaction
from plugin.request_scope import network, transaction
from plugin.views.kit import escape
from storage import meeting_minutes, meetings, minutes_outbox
from storage.base import utcnow

log = logging.getLogger(__name__)

ONLY_COORDINATOR = "Alleen de trekker ({who}) stelt het verslag op."
NO_MEETING = "Er is nog geen overleg om een verslag van te maken. Start er een met `/agenda`."
__all__ = ["SPARE_PART", "publish_minutes", "record_pin", "register"]
UNPOSTED = "Het overleg staat nog niet in Slack. Typ eerst `/agenda opnieuw`, dan `/verslag`."
UNKNOWN_WORD = (
    "`/verslag {word}` ken ik niet. Typ `/verslag` zonder tekst in het kanaal van het overleg: dan zet ik het "
    "verslag van het laatste overleg in de thread en krijgt wie niet kwam een bericht. Er is niets verstuurd."
)


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
        word = clean_text(command.get("text"))
        if word:  # the minutes go to everyone: never on a word that was meant as something else
            ack(response_type="ephemeral", text=UNKNOWN_WORD.format(word=escape(word[:40])))
            return
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
        """After the acknowledgement: the minutes in the thread (through the outbox), then the catch-up messages."""
        meeting_id = context.get("minutes_for")
        if not meeting_id:
            return
        net = network(context)
        work = lambda: transaction(context)  # noqa: E731
        published = publish_minutes(work, client, net.id, meeting_id, context.user_id)
        if published is None:
            return
        if published.trouble is not None:
            _tell(respond, published.trouble)
            return
        with work() as session:
            meeting_minutes.mark_minutes_made(session, net.id, meeting_id, utcnow())
        caught = catch_up(work, client, net.id, meeting_id, context.user_id)
        _tell(respond, _summary(caught.outcomes, updated=published.updated, others=caught.others))

    app.command("/verslag")(ack=verslag, lazy=[compile_minutes])


def _tell(respond: Respond, text: str) -> None:
    """The coordinator's answer after the lazy step (logged when it does not reach them)."""
    answer_later(respond, text)


@dataclass(frozen=True)
class Published:
    updated: bool  # the minutes were in the thread before: updated in place
    trouble: str | None = None  # what to tell the coordinator when a message is not (yet) in Slack


def publish_minutes(
    work: Work, client: WebClient, network_id: int, meeting_id: int, writer: str | None
) -> Published | None:
    """Put the minutes in the meeting's thread through the outbox: the first time as new replies, later
    by updating those replies in place (a longer verslag adds replies; a shorter one empties the spare
    ones). Each message is stored before it is sent and its ts remembered at once, so neither a failure
    halfway nor a timeout ever leads to a second set. None when the meeting is gone or not in Slack."""
    with work() as session:
        minutes = meeting_minutes.minutes_of(session, network_id, meeting_id)
        updated = minutes_outbox.shown_before(session, network_id, meeting_id)
        parts = len(minutes_parts(minutes)[1]) if minutes is not None else 0
        rows = minutes_outbox.want_minutes(session, network_id, meeting_id, parts, writer) if parts else []
    if not rows:
        return None
    for outbox_id in rows:
        result = deliver(work, client, outbox_id)
        if result.outcome is not Outcome.SENT:
            return Published(updated, _trouble(result, updated=updated))
    return Published(updated)


def _trouble(result: Delivered, *, updated: bool) -> str:
    """What the coordinator hears when a message of the minutes is not (yet) in Slack as it should be."""
    error = result.error
    if result.outcome is Outcome.BUSY or error is None:
        return (
            "⏳ Het verslag wordt op dit moment al in de thread gezet (een andere poging is nog bezig). "
            "Kijk zo in de thread; typ `/verslag` opnieuw als het er niet (bijgewerkt) staat."
        )
    if isinstance(error, TimeoutError):  # Slack may have posted it: say only what we know
        return (
            "⚠️ Slack antwoordde niet op tijd: misschien staat het verslag al in de thread. Ik kijk het na en zet "
            "het er zo nodig alsnog in, nooit twee keer; wie niet kwam, wordt daarna bijgepraat en jij hoort het."
        )
    what = "Het verslag in de thread kon niet bijgewerkt worden" if updated else "Het verslag kon niet in de thread"
    if result.outcome is Outcome.FAILED:
        return f"⚠️ {what}: {slack_problem(error)}. Het is bewaard; typ `/verslag` opnieuw zodra het opgelost is."
    later = "" if updated else ", en wie niet kwam, wordt bijgepraat zodra het er staat (jij hoort het dan)"
    return (
        f"⚠️ {what}: {slack_problem(error)}. Het is bewaard: ik probeer het vanzelf opnieuw{later}. Lukt het "
        "niet, dan laat ik het je weten. Typ `/verslag` om het meteen opnieuw te proberen."
    )
