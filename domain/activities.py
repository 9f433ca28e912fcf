"""Rules of joint activities: a valid plan, when to ask how it went, and how it reads under a gap.
No Slack, no database."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from domain.dates_nl import format_date_nl
from domain.offering_form import clean_text
from domain.privacy import personal_data_found

PLANNED = "gepland"
HELD = "doorgegaan"
NOT_HELD = "niet-doorgegaan"
STATUS_LABELS = {PLANNED: "gepland", HELD: "ging door", NOT_HELD: "ging niet door"}
TITLE_MAX = 200
DESCRIPTION_MAX = 1500
PLACE_MAX = 300
PARTICIPANTS_MAX = 10000
RECURRING = "terugkerend"
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class ActivityDraft:
    title: str
    description: str
    partner_ids: list[int]
    starts_on: date
    start_time: str | None
    place: str
    category: str
    need_id: int | None
    recurring: bool


def validate_activity_form(
    raw: Mapping[str, object],
    *,
    today: date,
    known_categories: set[str],
    organisation_ids: set[int],
    need_categories: Mapping[int, str],
) -> tuple[ActivityDraft | None, dict[str, str]]:
    """The plan when valid, else Dutch errors per field. A need given without a category lends its own."""
    errors: dict[str, str] = {}
    title = " ".join(clean_text(raw.get("title")).split())
    description = clean_text(raw.get("description"))
    place = " ".join(clean_text(raw.get("place")).split())
    if not title:
        errors["title"] = "Zeg kort wat jullie organiseren."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Maximaal {TITLE_MAX} tekens (nu {len(title)})."
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"Maximaal {DESCRIPTION_MAX} tekens (nu {len(description)})."
    elif found := personal_data_found(description):
        errors["description"] = f"Dit lijkt {found}. Beschrijf de activiteit zonder persoonsgegevens."
    if not place:
        errors["place"] = "Waar gaat het door?"
    elif len(place) > PLACE_MAX:
        errors["place"] = f"Maximaal {PLACE_MAX} tekens (nu {len(place)})."
    starts_on: date | None = None
    try:
        starts_on = date.fromisoformat(str(raw.get("date") or ""))
    except ValueError:
        errors["date"] = "Kies de datum."
    if starts_on is not None and starts_on < today:
        errors["date"] = "Die datum ligt in het verleden. Kies vandaag of later."
    start_time = raw.get("time") if isinstance(raw.get("time"), str) and raw.get("time") else None
    if start_time is not None and not _TIME_RE.match(start_time):
        errors["time"] = "Kies een uur, bv. 14:00."
    partners = [str(p) for p in raw.get("partners") or []] if isinstance(raw.get("partners"), list) else []
    partner_ids = [int(p) for p in partners if p.isdigit()]
    if len(partner_ids) != len(partners) or any(p not in organisation_ids for p in partner_ids):
        errors["partners"] = "Een van die organisaties bestaat niet meer; kies opnieuw."
    need_value = str(raw.get("need") or "")
    need_id = int(need_value) if need_value.isdigit() else None
    if need_value and (need_id is None or need_id not in need_categories):
        errors["need"] = "Die nood bestaat niet meer; kies een andere."
    category = str(raw.get("category") or "") or (need_categories.get(need_id, "") if need_id else "")
    if not category:
        errors["category"] = "Kies het hiaat dat jullie aanpakken (of een gemelde nood)."
    elif category not in known_categories:
        errors["category"] = "Die categorie bestaat niet meer; kies een andere."
    recurring = RECURRING in (raw.get("recurring") or [])
    if errors or starts_on is None:
        return None, errors
    return (
        ActivityDraft(
            title, description, list(dict.fromkeys(partner_ids)), starts_on, start_time, place, category, need_id,
            recurring,
        ),
        {},
    )  # fmt: skip


def participants_problem(value: object) -> str | None:
    """Why a reported number of participants is refused, in Dutch, or None."""
    text = str(value if value is not None else "").strip()
    if not text.isdigit():
        return "Geef een aantal, bv. 12 (0 als er niemand kwam)."
    if int(text) > PARTICIPANTS_MAX:
        return f"Dat is meer dan {PARTICIPANTS_MAX}: klopt het aantal?"
    return None


def needs_follow_up(status: str, starts_on: date, today: date) -> bool:
    """The organiser is asked how it went once the day is over, and only while it is still planned."""
    return status == PLANNED and starts_on < today


def when_nl(starts_on: date, start_time: str | None) -> str:
    return format_date_nl(starts_on) + (f" om {start_time}" if start_time else "")


@dataclass(frozen=True)
class ActivityLine:
    """An activity as `/hiaten` and the report show it under its gap."""

    title: str
    starts_on: date
    status: str
    organisations: tuple[str, ...]
    participants: int | None = None
    network: str | None = None


def in_progress_text(line: ActivityLine) -> str:
    """ "Infosessie Smartschool (woensdag 9 december 2026, Buurtwerk, Basisschool De Kleine Wereld)"."""
    who = ", ".join(line.organisations)
    details = [format_date_nl(line.starts_on)]
    if who:
        details.append(who)
    if line.status == HELD:
        details.append(f"ging door, {line.participants or 0} deelnemers")
    if line.network:
        details.append(line.network)
    return f"{line.title} ({', '.join(details)})"


def in_progress_summary(lines: Sequence[ActivityLine], limit: int = 3) -> str:
    shown = "; ".join(in_progress_text(line) for line in lines[:limit])
    more = f"; en nog {len(lines) - limit}" if len(lines) > limit else ""
    return shown + more
