"""What the public pages show of one offering, as plain strings for the templates (which escape them).

Never a Slack id, never a paused or ended offering (the search snapshot holds active ones only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote_plus, urlsplit

from domain.closures import describe_next_open_respecting_closures_nl, next_opening_respecting_closures
from domain.dates_nl import BRUSSELS, DAY_NAMES_NL, MONTH_NAMES_NL, format_date_nl
from domain.labels_nl import LANGUAGE_LABELS, TARGET_GROUP_LABELS
from domain.offering_practical import closures_of, is_possibly_outdated, known_facts_nl, openings_of
from domain.public_map import ASK, how_to_get_in
from domain.schedule import describe_openings_nl
from storage.models import Offering

OSM_SEARCH = "https://www.openstreetmap.org/search?query="


@dataclass(frozen=True)
class OfferView:
    id: int
    name: str
    organisation: str
    description: str
    summary: str
    next_open: str
    hours: str
    next_openings: list[str]
    where: str
    map_url: str | None
    languages: str
    cost: str
    access: str
    email: str | None
    phone: str | None
    website: str | None  # only http(s) addresses become links
    categories: list[str]
    target_groups: list[str]
    area: str
    network_name: str | None
    confirmed: str
    outdated: bool
    practical: tuple[str, ...] = ()  # known practical facts only ("Meebrengen: …", "3 van 10 plaatsen vrij …")


def safe_web_url(url: str | None) -> str | None:
    """An address that may become a link: http or https with a host; anything else (javascript:, data:) is not."""
    if not url:
        return None
    candidate = url.strip()
    if candidate.lower().startswith("www."):
        candidate = "https://" + candidate
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in candidate for c in " <>\"'"):
        return None
    return candidate


def where_text(offering: Offering) -> str:
    if offering.location_kind == "online":
        return "online"
    if offering.location_kind == "at_home":
        return "aan huis"
    parts = [offering.location_name, offering.address]
    if offering.postal_code or offering.city:
        parts.append(" ".join(p for p in (offering.postal_code, offering.city) if p))
    return ", ".join(dict.fromkeys(p for p in parts if p)) or "adres niet opgegeven"


def _map_url(offering: Offering) -> str | None:
    if offering.location_kind != "address" or not offering.address:
        return None
    place = ", ".join(p for p in (offering.address, offering.postal_code, offering.city) if p)
    return OSM_SEARCH + quote_plus(place)


def _openings_list(offering: Offering, now: datetime, count: int = 3) -> list[str]:
    """The next few windows with their date: "woensdag 3 december 13:30–16:30"."""
    openings, closures = openings_of(offering), closures_of(offering)
    result: list[str] = []
    moment = now
    for _ in range(count):
        found = next_opening_respecting_closures(openings, closures, moment, bool(offering.follows_school_holidays))
        if found is None:
            break
        start, end = found
        closes = "24:00" if end.time().hour == 0 and end.time().minute == 0 else f"{end.hour}:{end.minute:02d}"
        result.append(
            f"{DAY_NAMES_NL[start.weekday()]} {start.day} {MONTH_NAMES_NL[start.month - 1]} "
            f"{start.hour}:{start.minute:02d}–{closes}"
        )
        moment = end + timedelta(minutes=1)
    return result


def offer_view(
    offering: Offering,
    now: datetime,
    category_labels: dict[str, str],
    network_name: str | None = None,
    *,
    upcoming: int = 3,
) -> OfferView:
    """`upcoming`: how many of the next opening windows to list (the offer page 3, the slip 1, a card 0)."""
    org = offering.organisation
    openings = openings_of(offering)
    description = (offering.description or "").strip()
    summary = description.split("\n", 1)[0]
    if len(summary) > 180:
        summary = summary[:179].rstrip() + "…"
    return OfferView(
        id=offering.id,
        name=offering.name,
        organisation=org.name,
        description=description,
        summary=summary,
        next_open=describe_next_open_respecting_closures_nl(
            list(openings),
            closures_of(offering),
            now,
            offering.by_appointment,
            bool(offering.follows_school_holidays),
        ),  # fmt: skip
        hours=describe_openings_nl(list(openings)),
        next_openings=_openings_list(offering, now, upcoming) if upcoming else [],
        where=where_text(offering),
        map_url=_map_url(offering),
        languages=", ".join(LANGUAGE_LABELS.get(c, c) for c in offering.languages or ()) or ASK,
        cost=(offering.fees or "").strip() or ASK,
        access=how_to_get_in(offering.access, openings),
        email=offering.contact_email or org.email,
        phone=offering.contact_phone or org.phone,
        website=safe_web_url(offering.url or org.website),
        categories=[category_labels.get(c, c) for c in offering.categories or ()],
        target_groups=[TARGET_GROUP_LABELS.get(t, t) for t in offering.target_groups or ()],
        area="stadsbreed" if offering.area is None else offering.area,
        network_name=network_name,
        confirmed=format_date_nl(offering.last_confirmed_at.astimezone(BRUSSELS).date()),
        outdated=is_possibly_outdated(offering, now),
        practical=tuple(text for _, text in known_facts_nl(offering, now.astimezone(BRUSSELS).date())),
    )
