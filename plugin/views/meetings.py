"""Block Kit for meetings: the modals, the meeting message (the thread's root), action items,
the minutes, and the direct messages (catch-up, reminders, the coordinator's digest).

Texts are stored as typed; `rich()` (plugin.views.escape) shows them with Slack's tokens made
readable (`@naam`, `#kanaal`, a link's address): only the app's own mentions (an item's owner, a
point's proposer) notify anyone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from domain.action_items import ITEM_TEXT_MAX
from domain.agenda_text import MAX_PLACE_LENGTH, MAX_POINT_LENGTH, MAX_TITLE_LENGTH
from domain.counts_nl import count_nl
from domain.dates_nl import BRUSSELS, format_date_nl, format_datetime_nl
from domain.minutes import (
    NO_ACTIONS,
    NO_ANSWER,
    NO_DECISIONS,
    NO_POINTS,
    NOBODY_ANSWERED,
    SAID_COMING,
    SAID_NOT_COMING,
    Minutes,
    MinutesAction,
    due_text,
)
from plugin.views.kit import (
    MESSAGE_BLOCKS_MAX,
    Block,
    actions,
    button,
    clip,
    context,
    escape,
    fit_message,
    header,
    input_block,
    modal,
    plain,
    rich,
    section,
    sections,
    text_input,
)
from storage.meeting_cards import Digest, ItemCard, MeetingCard, PointCard, UpcomingMeeting

POINT_PREVIEW = 600  # a point's length in the meeting message; the minutes show it whole
CARRIED_TITLE = "*Openstaand van vorige keer*"
CHECK_HINT = "Reageer met ✅ als het klaar is"
NO_UPCOMING = "Geen geplande overleggen. Plan er een met `/agenda`."
DONE_HINT = "Klaar? Reageer met ✅ op het actiepunt in de thread van het overleg."

# action ids of the meeting message's buttons
ADD_POINT = "agenda_punt_open"
COMING = "agenda_ik_kom"
NOT_COMING = "agenda_ik_kan_niet"
ADD_ITEM = "actiepunt_open"

# modal callback ids
AGENDA_MODAL = "agenda_nieuw"
POINT_MODAL = "agenda_punt"
ITEM_MODAL = "actiepunt_nieuw"


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def who(user_id: str | None) -> str:
    return f"<@{user_id}>" if user_id else "niemand"


def _struck(text: str) -> str:
    """Strike-through per line: mrkdwn's `~` does not span line breaks."""
    return "\n".join(f"~{line.strip()}~" if line.strip() else "" for line in text.splitlines())


def split_messages(blocks: list[Block], limit: int = MESSAGE_BLOCKS_MAX) -> list[list[Block]]:
    """Blocks for several messages of at most `limit` blocks each (long minutes in a thread)."""
    return [blocks[i : i + limit] for i in range(0, len(blocks), limit)] or [[section(" ")]]


# -- modals --------------------------------------------------------------------------------------------
def _element(kind: str, placeholder: str, **extra: object) -> Block:
    return {"type": kind, "action_id": "value", "placeholder": plain(placeholder), **extra}


def agenda_modal(channel_id: str, title: str | None = None) -> Block:
    """`/agenda`: the channel it was typed in travels in private_metadata (the meeting is posted there)."""
    blocks = [
        text_input(
            "title",
            "Titel",
            max_length=MAX_TITLE_LENGTH,
            initial=title,
            placeholder="bv. Lerend netwerk december",
        ),
        input_block("date", "Datum", _element("datepicker", "Kies een dag")),
        input_block("time", "Uur", _element("timepicker", "Kies een uur")),
        text_input(
            "place",
            "Plaats of online link",
            optional=True,
            max_length=MAX_PLACE_LENGTH,
            placeholder="bv. Bibliotheek Borgerhout, zaal 2 — of een Teams/Zoom-link",
        ),
        text_input(
            "points",
            "Agendapunten",
            multiline=True,
            optional=True,
            max_length=MAX_POINT_LENGTH,
            placeholder="Eén punt per regel",
            hint="Eén punt per regel. Wat vorige keer openbleef, komt er vanzelf onder.",
        ),
    ]
    return modal(
        "Overleg plannen",
        blocks,
        callback_id=AGENDA_MODAL,
        submit="Posten",
        private_metadata=json.dumps({"channel": channel_id}),
    )


def point_modal(meeting_id: int, meeting_title: str) -> Block:
    blocks = [
        section(f"Overleg: *{escape(clip(meeting_title, 200))}*"),
        text_input(
            "point",
            "Agendapunt",
            multiline=True,
            max_length=MAX_POINT_LENGTH,
            placeholder="Wat wil je bespreken?",
            hint="Meer punten tegelijk? Zet elk punt op een eigen regel.",
        ),
    ]
    return modal(
        "Agendapunt toevoegen",
        blocks,
        callback_id=POINT_MODAL,
        submit="Toevoegen",
        private_metadata=json.dumps({"meeting": meeting_id}),
    )


def action_item_modal(
    meeting_id: int,
    meeting_title: str,
    *,
    channel_id: str | None = None,
    text: str | None = None,
    owner: str | None = None,
    source_url: str | None = None,
) -> Block:
    owner_element = _element("users_select", "Kies wie het doet")
    if owner:
        owner_element["initial_user"] = owner
    blocks: list[Block] = [section(f"Overleg: *{escape(clip(meeting_title, 200))}*")]
    if source_url:
        blocks.append(context(f"Uit <{source_url}|dit bericht>"))
    blocks += [
        text_input(
            "text", "Wat", multiline=True, max_length=ITEM_TEXT_MAX, initial=text, placeholder="Wat moet er gebeuren?"
        ),
        input_block("owner", "Wie", owner_element),
        input_block("due", "Tegen wanneer", _element("datepicker", "Kies een dag"), optional=True),
    ]
    return modal(
        "Actiepunt",
        blocks,
        callback_id=ITEM_MODAL,
        submit="Bewaren",
        private_metadata=json.dumps({"meeting": meeting_id, "channel": channel_id, "source": source_url}),
    )


# -- the meeting message ---------------------------------------------------------------------------------
def rsvp_line(coming: int, not_coming: int) -> str:
    if not coming and not not_coming:
        return "Nog niemand heeft geantwoord. Laat weten of je komt."
    come = "komt" if coming == 1 else "komen"
    cannot = "kan" if not_coming == 1 else "kunnen"
    return f"✅ {coming} {come} · ❌ {not_coming} {cannot} niet"


def _point_line(point: PointCard) -> str:
    text = rich(clip(one_line(point.text), POINT_PREVIEW))
    if point.item_owner is not None:
        due = f", {due_text(point.item_due)}" if point.item_due else ""
        line = f"{text} — {who(point.item_owner)}{due}"
        return f"{_struck(line)} ✅" if point.item_done else line
    by = f" _(voorgesteld door {who(point.proposed_by)})_" if point.proposed_by else ""
    return text + by


def agenda_text(points: Sequence[PointCard]) -> str:
    if not points:
        return f"*Agenda*\n_{NO_POINTS}_"
    return "*Agenda*\n" + "\n".join(f"{n}. {_point_line(p)}" for n, p in enumerate(points, start=1))


def carried_text(carried: Sequence[PointCard]) -> str:
    return CARRIED_TITLE + "\n" + "\n".join(f"• {_point_line(p)}" for p in carried)


def meeting_message(card: MeetingCard) -> tuple[str, list[Block]]:
    """The meeting's home: when and where, the agenda, the answers, and the buttons.

    The buttons always stay: if the points need more than the blocks left, the agenda is cut
    with a note (the minutes, `/verslag`, hold every point in full).
    """
    when = format_datetime_nl(card.starts_at)
    where = f"\n📍 *Waar:* {rich(card.location)}" if card.location else ""
    head = [header(f"📅 {card.title}"), section(f"🗓️ *Wanneer:* {when}{where}")]
    value = str(card.id)
    tail = [
        context(rsvp_line(card.coming, card.not_coming)),
        actions(
            button("Punt toevoegen", ADD_POINT, value),
            button("Ik kom", COMING, value, style="primary"),
            button("Ik kan niet", NOT_COMING, value),
            button("Actiepunt toevoegen", ADD_ITEM, value),
        ),
        context("Voorstellen, 📌 beslissingen en actiepunten horen in de thread onder dit bericht."),
    ]
    body = sections(agenda_text(card.points))
    if card.carried:
        body += sections(carried_text(card.carried))
    room = MESSAGE_BLOCKS_MAX - len(head) - len(tail)
    if len(body) > room:
        body = [*body[: room - 1], context("… de agenda is te lang voor één bericht; het verslag toont alle punten.")]
    text = f"Overleg: {rich(card.title)} — {when}"
    return text, [*head, *body, *tail]


# -- action items --------------------------------------------------------------------------------------------
def _item_details(owner: str, due: date | None) -> str:
    return f"👤 {who(owner)} · 📅 {due_text(due)}"


def action_item_message(item: ItemCard) -> tuple[str, list[Block]]:
    """The item's reply in the meeting thread: open with the ✅ hint, or struck through when done."""
    text = rich(item.text)
    source = f" · <{item.source_url}|bron>" if item.source_url else ""
    if item.done and item.done_at is not None:
        done_on = format_date_nl(item.done_at.astimezone(BRUSSELS).date())
        blocks = [
            section(f"✅ *Actiepunt*\n{_struck(text)}\n{_item_details(item.owner, item.due)}"),
            context(f"afgerond door {who(item.done_by)} op {done_on}{source}"),
        ]
        return f"Actiepunt afgerond: {rich(one_line(item.text)[:200])}", blocks
    blocks = [
        section(f"📝 *Actiepunt*\n{text}\n{_item_details(item.owner, item.due)}"),
        context(f"{CHECK_HINT}{source}"),
    ]
    return f"Actiepunt voor {who(item.owner)}: {rich(one_line(item.text)[:200])}", blocks


def item_line(item: ItemCard | MinutesAction, *, with_owner: bool = True) -> str:
    """One item in a list: the minutes, the digest, the catch-up and reminder messages."""
    owner = f" — {who(item.owner)}" if with_owner else ""
    line = f"{rich(clip(one_line(item.text), 300))}{owner}, {due_text(item.due)}"
    if item.done_by:
        return f"✅ {_struck(line)} (afgerond door {who(item.done_by)})"
    return f"⬜ {line}"


# -- minutes --------------------------------------------------------------------------------------------------
def _people(user_ids: Sequence[str]) -> str:
    return ", ".join(who(u) for u in user_ids) if user_ids else "niemand"


def minutes_blocks(minutes: Minutes) -> list[Block]:
    """The minutes as Block Kit; `split_messages` cuts them into messages of 50 blocks."""
    where = f" · 📍 {rich(minutes.location)}" if minutes.location else ""
    blocks = [
        header(f"📝 Verslag: {minutes.title}"),
        section(f"🗓️ {minutes.when}{where}"),
        *sections(
            f"*Aanwezigheid:* {NOBODY_ANSWERED}"
            if minutes.nobody_answered
            else f"*{SAID_COMING}:* {_people(minutes.coming)}\n"
            f"*{SAID_NOT_COMING}:* {_people(minutes.not_coming)}\n"
            f"*{NO_ANSWER}:* {_people(minutes.no_answer)}"
        ),
    ]
    points = [
        f"{n}. {rich(p.text)}" + (f" _(voorgesteld door {who(p.proposed_by)})_" if p.proposed_by else "")
        for n, p in enumerate(minutes.points, start=1)
    ]
    blocks += sections("*Agenda*\n" + ("\n".join(points) if points else f"_{NO_POINTS}_"))
    if minutes.carried:
        carried = [f"• {rich(p.text)}" + (" _(intussen afgerond)_" if p.item_done else "") for p in minutes.carried]
        blocks += sections(CARRIED_TITLE + "\n" + "\n".join(carried))
    decisions = [f"• {rich(d.text)}" + (f" _({who(d.author)})_" if d.author else "") for d in minutes.decisions]
    blocks += sections("*Beslissingen* 📌\n" + ("\n".join(decisions) if decisions else f"_{NO_DECISIONS}_"))
    items = [item_line(a) for a in minutes.actions]
    blocks += sections("*Actiepunten*\n" + ("\n".join(items) if items else f"_{NO_ACTIONS}_"))
    blocks.append(
        context("Wie niet zei te komen, krijgt een bericht met de link naar deze thread en zijn actiepunten.")
    )
    return blocks


def catch_up_message(
    minutes: Minutes, thread_url: str | None, own_items: Sequence[ItemCard]
) -> tuple[str, list[Block]]:
    """For a member who did not say *Ik kom*: where the minutes are, what was decided, what is theirs."""
    link = f"<{thread_url}|in de thread van het overleg>" if thread_url else "in de thread van het overleg"
    blocks = [section(f"👋 Je was er niet bij op *{rich(minutes.title)}* ({minutes.when}). Het verslag staat {link}.")]
    if minutes.decisions:
        blocks += sections(
            "*Beslist* 📌\n" + "\n".join(f"• {rich(clip(one_line(d.text), 500))}" for d in minutes.decisions)
        )
    if own_items:
        blocks += sections(
            "*Jouw openstaande actiepunten*\n" + "\n".join(item_line(i, with_owner=False) for i in own_items)
        )
    else:
        blocks.append(context("Je hebt geen openstaande actiepunten."))
    return f"Verslag van {rich(minutes.title)}", fit_message(blocks)


# -- reminders -----------------------------------------------------------------------------------------------
def due_reminder_message(items: Sequence[ItemCard], today: date) -> tuple[str, list[Block]]:
    """An owner's daily DM: what is overdue, what is due tomorrow."""
    late = [i for i in items if i.due and i.due < today]
    soon = [i for i in items if i.due and i.due >= today]

    def line(item: ItemCard) -> str:
        where = f"overleg *{rich(item.meeting_title)}*, <#{item.channel_id}>"
        return f"• {rich(clip(one_line(item.text), 300))} — {due_text(item.due)} ({where})"

    blocks = [section("⏰ *Herinnering: je actiepunten*")]
    if late:
        blocks += sections(f"*Te laat ({len(late)})*\n" + "\n".join(line(i) for i in late))
    if soon:
        blocks += sections(f"*Morgen ({len(soon)})*\n" + "\n".join(line(i) for i in soon))
    blocks.append(context(DONE_HINT))
    count = len(items)
    return f"Herinnering: {count_nl(count, 'actiepunt')}", fit_message(blocks)


def _late_and_open(items: Sequence[ItemCard], today: date) -> list[Block]:
    """Open items in two lists: past their date first, then the others."""
    late = [i for i in items if i.due and i.due < today]
    still_open = [i for i in items if not (i.due and i.due < today)]
    blocks: list[Block] = []
    if late:
        blocks += sections(f"*Te laat ({len(late)})*\n" + "\n".join(item_line(i) for i in late))
    if still_open:
        blocks += sections(f"*Open ({len(still_open)})*\n" + "\n".join(item_line(i) for i in still_open))
    return blocks


def open_items_message(network_name: str, items: Sequence[ItemCard], today: date) -> tuple[str, list[Block]]:
    """`/actie lijst`: every open action item of the network, late ones first."""
    blocks = [header(f"Open actiepunten · {network_name}")]
    if items:
        blocks += _late_and_open(items, today)
        blocks.append(context(DONE_HINT))
    else:
        blocks.append(section("Geen openstaande actiepunten. Een nieuw maak je met `/actie wat @wie wanneer`."))
    text = f"{count_nl(len(items), 'open actiepunt')} in {escape(network_name)}"
    return text, fit_message(blocks, more_note="… en meer actiepunten.")


def message_link(channel_id: str, message_ts: str) -> str:
    """A link to a message (a meeting's thread) without asking Slack: its archive address."""
    return f"https://slack.com/archives/{channel_id}/p{message_ts.replace('.', '')}"


def upcoming_meetings_message(
    network_name: str, upcoming: Sequence[UpcomingMeeting], *, more: bool
) -> tuple[str, list[Block]]:
    """`/agenda lijst`: the network's meetings still to come, soonest first."""
    blocks = [header(f"Geplande overleggen · {network_name}")]
    if not upcoming:
        blocks.append(section(NO_UPCOMING))
        return f"Geen geplande overleggen in {escape(network_name)}", blocks
    for meeting in upcoming:
        where = (
            f"<{message_link(meeting.channel_id, meeting.message_ts)}|thread>"
            if meeting.message_ts
            else f"nog niet in Slack (`/agenda opnieuw` in <#{meeting.channel_id}>)"
        )
        who_comes = f"Komen: {_people(meeting.coming)}" if meeting.coming else "Nog niemand zei *Ik kom*."
        blocks.append(
            section(f"*{rich(meeting.title)}* — {format_datetime_nl(meeting.starts_at)} · {where}\n{who_comes}")
        )
    shown = f"De {len(upcoming)} eerstvolgende" if more else count_nl(len(upcoming), "overleg")
    blocks.append(context(f"{shown} · een nieuw overleg plan je met `/agenda`."))
    text = f"{count_nl(len(upcoming), 'gepland overleg')} in {escape(network_name)}"
    return text, fit_message(blocks, more_note="… en meer overleggen.")


def digest_message(network_name: str, week: Digest, today: date) -> tuple[str, list[Block]]:
    """The coordinator's Monday overview: the next meeting, what is late, open, and done."""
    blocks = [header(f"Weekoverzicht · {network_name}")]
    upcoming = week.next_meeting
    if upcoming:
        when = format_datetime_nl(upcoming.starts_at)
        answers = rsvp_line(upcoming.coming, upcoming.not_coming)
        blocks.append(section(f"📅 Volgend overleg: *{rich(upcoming.title)}*, {when} ({answers})"))
    else:
        blocks.append(section("📅 Nog geen volgend overleg gepland. Zet de agenda klaar met `/agenda`."))
    blocks += _late_and_open(week.open_items, today)
    if week.done_this_week:
        blocks += sections(
            f"*Afgerond de voorbije week ({len(week.done_this_week)})*\n"
            + "\n".join(item_line(i) for i in week.done_this_week)
        )
    if not week.open_items and not week.done_this_week:
        blocks.append(section("Geen openstaande actiepunten. 🎉"))
    blocks.append(context("Elke week van Lerend Netwerk · actiepunten sluiten met ✅ in de thread van het overleg"))
    return f"Weekoverzicht {escape(network_name)}", fit_message(blocks, more_note="… en meer actiepunten.")
