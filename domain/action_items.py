"""Action-item rules: which reactions count, when an item is done or open again, and who hears when.

Plain Python on purpose: the listeners, the reminders job and the minutes all follow these rules,
and they are easiest to trust when tested without Slack or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

# A ✅ in any of Slack's three check-mark shapes marks an item done.
CHECK_REACTIONS: frozenset[str] = frozenset({"white_check_mark", "heavy_check_mark", "ballot_box_with_check"})
# A 📌 on a message in a meeting's thread records it as a decision for the minutes.
DECISION_REACTION = "pushpin"

# Reminders wait for the working day: an hourly cron would otherwise send them at midnight.
SEND_FROM_HOUR = 8

# What a claim in `sent_reminders` is for (its `kind`).
KIND_DUE = "due"  # an owner's daily DM about items due tomorrow or overdue
KIND_DIGEST = "digest"  # the coordinator's weekly overview
KIND_CATCH_UP = "catch_up"  # the minutes for someone who did not come (once per meeting)


# An action item's text: the form's field and `/actie` take at most this many characters.
ITEM_TEXT_MAX = 2000
PAST = "Die datum ligt in het verleden. Kies vandaag of later."


@dataclass(frozen=True)
class ItemDraft:
    """An action item as the form gave it, checked: what, who (a Slack user id), by when (or not)."""

    text: str
    owner: str
    due: date | None


def validate_item_form(raw: Mapping[str, str | None], today: date) -> tuple[ItemDraft | None, dict[str, str]]:
    """The item form's fields (`text`, `owner`, `due` as an ISO date); every field's problem at once, in Dutch."""
    text = (raw.get("text") or "").strip()
    owner = raw.get("owner") or ""
    due_text = raw.get("due")
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Schrijf wat er moet gebeuren."
    elif len(text) > ITEM_TEXT_MAX:
        errors["text"] = f"Maximaal {ITEM_TEXT_MAX} tekens (nu {len(text)})."
    if not owner:
        errors["owner"] = "Kies wie het doet."
    try:
        due = date.fromisoformat(due_text) if due_text else None
    except ValueError:
        due = None
        errors["due"] = "Kies een datum."
    if due is not None and due < today:
        errors["due"] = PAST
    if errors:
        return None, errors
    return ItemDraft(text=text, owner=owner, due=due), {}


def reaction_name(raw: str | None) -> str:
    """Slack adds skin tones as `name::skin-tone-2`; the rule is about the shape, not the tone."""
    return (raw or "").split("::", 1)[0]


def is_check(reaction: str | None) -> bool:
    return reaction_name(reaction) in CHECK_REACTIONS


def is_decision_pin(reaction: str | None) -> bool:
    return reaction_name(reaction) == DECISION_REACTION


@dataclass(frozen=True)
class CheckMark:
    """One member's check reaction on an item's message (a member may add several shapes)."""

    user_id: str
    reaction: str
    at: datetime


@dataclass(frozen=True)
class Completion:
    done_by: str
    done_at: datetime


def completion(marks: Iterable[CheckMark]) -> Completion | None:
    """Done while at least one check remains; the earliest remaining check says by whom and since when.

    So removing one of two checks keeps the item done (now credited to the other member), and
    removing the last one opens it again. Marks of non-members never reach this function.
    """
    counted = [m for m in marks if is_check(m.reaction)]
    if not counted:
        return None
    first = min(counted, key=lambda m: (m.at, m.user_id))
    return Completion(done_by=first.user_id, done_at=first.at)


class Urgency(Enum):
    OVERDUE = "overdue"
    TODAY = "today"
    TOMORROW = "tomorrow"
    LATER = "later"
    UNDATED = "undated"


def urgency(due: date | None, today: date) -> Urgency:
    if due is None:
        return Urgency.UNDATED
    if due < today:
        return Urgency.OVERDUE
    if due == today:
        return Urgency.TODAY
    if due == today + timedelta(days=1):
        return Urgency.TOMORROW
    return Urgency.LATER


def needs_reminder(due: date | None, today: date) -> bool:
    """An owner's daily DM lists open items due tomorrow and those overdue (not today's: they were
    in yesterday's DM as "morgen")."""
    return urgency(due, today) in (Urgency.TOMORROW, Urgency.OVERDUE)


def may_send_reminders(local_now: datetime) -> bool:
    """Before 08:00 (Brussels) an hourly run sends nothing; the first run from 08:00 does."""
    return local_now.hour >= SEND_FROM_HOUR


def daily_key(today: date) -> str:
    return today.isoformat()


def week_key(today: date) -> str:
    """The ISO week: the first run of the week (Monday, normally) sends the digest, later runs find it sent."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def meeting_key(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"
