"""Rules of joint activities: a valid plan, when to ask how it went, and how it reads under a gap.
No Slack, no database."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from domain.dates_nl import MONTH_NAMES_NL, format_date_nl
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
GONE = "Deze activiteit bestaat niet meer."
NOT_YOURS = "Alleen wie de activiteit organiseert of de trekker kan dit beantwoorden."
ALREADY_AN_OFFERING = "Van deze activiteit is al aanbod gemaakt: zie `/aanbod mijn`."
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ID_RE = re.compile(r"^[0-9]{1,9}$")  # ASCII digits that fit a database integer


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
    chosen_time = raw.get("time")
    start_time = chosen_time if isinstance(chosen_time, str) and chosen_time else None
    if start_time is not None and not _TIME_RE.match(start_time):
        errors["time"] = "Kies een uur, bv. 14:00."
    chosen_partners = raw.get("partners")
    partners = [str(p) for p in chosen_partners] if isinstance(chosen_partners, list) else []
    partner_ids = [n for n in map(whole_number, partners) if n is not None]
    if len(partner_ids) != len(partners) or any(p not in organisation_ids for p in partner_ids):
        errors["partners"] = "Een van die organisaties bestaat niet meer; kies opnieuw."
    need_value = str(raw.get("need") or "")
    need_id = whole_number(need_value)
    if need_value and (need_id is None or need_id not in need_categories):
        errors["need"] = "Die nood bestaat niet meer; kies een andere."
    category = str(raw.get("category") or "") or (need_categories.get(need_id, "") if need_id else "")
    if not category:
        errors["category"] = "Kies het hiaat dat jullie aanpakken (of een gemelde nood)."
    elif category not in known_categories:
        errors["category"] = "Die categorie bestaat niet meer; kies een andere."
    chosen_recurring = raw.get("recurring")
    recurring = isinstance(chosen_recurring, Collection) and RECURRING in chosen_recurring
    if errors or starts_on is None:
        return None, errors
    return (
        ActivityDraft(
            title, description, list(dict.fromkeys(partner_ids)), starts_on, start_time, place, category, need_id,
            recurring,
        ),
        {},
    )  # fmt: skip


def whole_number(value: object) -> int | None:
    """An id or a count from a form or a button, or None: "²", "-3" or twenty digits never reach int() or SQL."""
    text = str(value if value is not None else "").strip()
    return int(text) if _ID_RE.match(text) else None


def participants_problem(value: object) -> str | None:
    """Why a reported number of participants is refused, in Dutch, or None."""
    number = whole_number(value)
    if number is None:
        return "Geef een aantal, bv. 12 (0 als er niemand kwam)."
    if number > PARTICIPANTS_MAX:
        return f"Dat is meer dan {PARTICIPANTS_MAX}: klopt het aantal?"
    return None


def may_answer(user_id: str | None, organiser_user_id: str, coordinator_user_id: str | None) -> bool:
    """The follow-up (and *Maak er aanbod van*) is the organiser's, or the coordinator's of the activity's network."""
    return bool(user_id) and user_id in (organiser_user_id, coordinator_user_id)


def needs_follow_up(status: str, starts_on: date, today: date) -> bool:
    """The organiser is asked how it went once the day is over, and only while it is still planned."""
    return status == PLANNED and starts_on < today


def counts_in_progress(status: str, starts_on: date, first: date, last: date) -> bool:
    """*In aanpak* in a report of `first`–`last`: every plan not yet reported on (whatever its date), and
    what took place within the period. What did not take place leaves the gap row."""
    return status == PLANNED or (status == HELD and first <= starts_on <= last)


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


def short_date_nl(d: date) -> str:
    """ "9 dec": a line under a gap row has no room for the weekday and the year."""
    return f"{d.day} {MONTH_NAMES_NL[d.month - 1][:3]}"


def in_progress_text(line: ActivityLine, mark: str = "*") -> str:
    """ "*Infosessie Smartschool* (9 dec, Buurtwerk, Basisschool De Kleine Wereld)"; `mark` makes the
    title bold (Slack's `*`, Markdown's `**`)."""
    who = ", ".join(line.organisations)
    details = [short_date_nl(line.starts_on)]
    if who:
        details.append(who)
    if line.status == HELD:
        details.append(f"ging door, {line.participants or 0} deelnemers")
    if line.network:
        details.append(line.network)
    return f"{mark}{line.title}{mark} ({', '.join(details)})"


def in_progress_summary(lines: Sequence[ActivityLine], limit: int = 3, mark: str = "*") -> str:
    shown = "; ".join(in_progress_text(line, mark) for line in lines[:limit])
    more = f"; en nog {len(lines) - limit}" if len(lines) > limit else ""
    return shown + more
