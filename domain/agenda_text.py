"""Agenda text as people type it: one point per line, and what a meeting may hold.

Points come from a multiline text field; people paste numbered or bulleted lists, so the numbers
and bullets are dropped (the app numbers the points itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
