"""Agenda text as people type it: one point per line, and what a meeting may hold.

Points come from a multiline text field; people paste numbered or bulleted lists, so the numbers
and bullets are dropped (the app numbers the points itself).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from domain.dates_nl import BRUSSELS

MAX_POINTS = 100  # per meeting: a longer agenda is a list nobody reads in one meeting
MAX_POINT_LENGTH = 3000  # Slack's limit for one text field
MAX_TITLE_LENGTH = 120
MAX_PLACE_LENGTH = 500

# A list marker needs a space after it, so "1.5 uur" and "-5 graden" keep their numbers.
_BULLET_RE = re.compile(r"^\s*(?:[•·▪●◦]\s*|(?:[-–—*]|\d{1,3}[.)]|[a-zA-Z][.)])\s+)")


def split_points(text: str | None) -> list[str]:
    """Non-empty lines without their list markers ("1.", "2)", "-", "•")."""
    points = []
    for line in (text or "").splitlines():
        point = _BULLET_RE.sub("", line, count=1).strip()
        if point:
            points.append(point)
    return points


def points_problem(new_points: Sequence[str], already: int = 0) -> str | None:
    """Why these points cannot be added to a meeting that has `already` points, in Dutch, or None."""
    total = already + len(new_points)
    if total > MAX_POINTS:
        room = max(MAX_POINTS - already, 0)
        return (
            f"Maximaal {MAX_POINTS} agendapunten per overleg (dit zouden er {total} worden; nog {room} mogelijk). "
            "Bundel wat samenhoort in één punt."
        )
    for number, point in enumerate(new_points, start=1):
        if len(point) > MAX_POINT_LENGTH:
            return f"Punt {number} is te lang: maximaal {MAX_POINT_LENGTH} tekens (nu {len(point)})."
    return None


@dataclass(frozen=True)
class MeetingDraft:
    """A meeting as the agenda form gave it, checked."""

    title: str
    place: str | None
    points: list[str]
    starts_at: datetime


def meeting_start(day_text: str | None, time_text: str | None, now: datetime) -> tuple[datetime | None, dict[str, str]]:
    """The meeting's start from the pickers (Brussels time), or the Dutch problem; a moment already past is refused."""
    try:
        day = date.fromisoformat(day_text or "")
    except ValueError:
        return None, {"date": "Kies een datum."}
    try:
        hour, minute = (int(part) for part in (time_text or "").split(":")[:2])
        clock = time(hour, minute)
    except ValueError:
        return None, {"time": "Kies een uur."}
    local_now = now.astimezone(BRUSSELS)
    moment = datetime.combine(day, clock, tzinfo=BRUSSELS)
    if day < local_now.date():
        return None, {"date": "Deze datum ligt in het verleden. Kies vandaag of later."}
    if moment < local_now:
        return None, {"time": "Dit uur is vandaag al voorbij."}
    return moment, {}


def validate_meeting_form(raw: Mapping[str, str | None], now: datetime) -> tuple[MeetingDraft | None, dict[str, str]]:
    """The agenda form's fields (`title`, `place`, `points`, `date`, `time`): every field's problem at once."""
    title = " ".join((raw.get("title") or "").split())
    place = raw.get("place") or None
    points = split_points(raw.get("points"))
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Geef het overleg een titel."
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = f"Maximaal {MAX_TITLE_LENGTH} tekens."
    if place and len(place) > MAX_PLACE_LENGTH:
        errors["place"] = f"Maximaal {MAX_PLACE_LENGTH} tekens."
    problem = points_problem(points)
    if problem:
        errors["points"] = problem
    moment, when = meeting_start(raw.get("date"), raw.get("time"), now)
    errors.update(when)
    if errors or moment is None:
        return None, errors
    return MeetingDraft(title=title, place=place, points=points, starts_at=moment), {}


@dataclass(frozen=True)
class PreviousPoint:
    text: str
    handled: bool
    action_item_id: int | None  # a point that stood for an open action item


@dataclass(frozen=True)
class OpenItem:
    id: int
    text: str


@dataclass(frozen=True)
class CarriedPoint:
    text: str
    action_item_id: int | None


def carry_over(previous_points: Sequence[PreviousPoint], open_items: Sequence[OpenItem]) -> list[CarriedPoint]:
    """What a new agenda inherits: the previous meeting's points not handled in minutes (`/verslag`),
    then every action item of the network that is still open.

    A point that stood for an action item is not carried as a point: the item itself is carried
    while it is open, and only once.
    """
    carried = [CarriedPoint(p.text, None) for p in previous_points if not p.handled and p.action_item_id is None]
    seen: set[int] = set()
    for item in open_items:
        if item.id not in seen:
            seen.add(item.id)
            carried.append(CarriedPoint(item.text, item.id))
    return carried


def from_slack(text: str | None) -> str:
    """Text as Slack sends it (message text, escaped command text) as we store it: `&amp;`, `&lt;`
    and `&gt;` become the characters typed; mention and link tokens stay as they are."""
    return (text or "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
