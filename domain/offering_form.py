"""Validating what a partner typed about an offering, with Dutch messages per field.

Kept apart from Slack so the same rules serve the modal, the importer and tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from domain.labels_nl import ACCESS_LABELS, LANGUAGE_LABELS, LOCATION_KIND_LABELS, TARGET_GROUP_LABELS
from domain.schedule import Opening, parse_hours_nl

NAME_MAX = 120
DESCRIPTION_MAX = 1500
SHORT_MAX = 300
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[+0-9][0-9 ./()-]{5,24}$")
APPOINTMENT_WORDS = ("op afspraak", "afspraak", "na afspraak")


@dataclass
class OfferingDraft:
    name: str
    description: str
    categories: list[str]
    target_groups: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    openings: list[Opening] = field(default_factory=list)
    by_appointment: bool = False
    location_kind: str = "address"
    address: str | None = None
    area_city_wide: bool = False
    fees: str | None = None
    access: str | None = None  # None: the form left it open, shown as "toegang: vraag na"
    contact_email: str | None = None
    contact_phone: str | None = None


def clean_text(value: Any) -> str:
    """Trim, normalise unicode (NFC) and drop control characters users paste by accident."""
    if not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFC", value)
    if not text.isprintable():  # only then can a control or format character be in it
        text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return text.strip()


def _too_long(text: str, limit: int) -> str:
    return f"Maximaal {limit} tekens (nu {len(text)})."


def validate_offering_form(
    raw: dict[str, Any], *, known_categories: set[str]
) -> tuple[OfferingDraft | None, dict[str, str]]:
    """Return the draft when valid, else the errors per field (nothing is saved until valid)."""
    errors: dict[str, str] = {}
    name = clean_text(raw.get("name"))
    if not name:
        errors["name"] = "Geef het aanbod een naam."
    elif len(name) > NAME_MAX:
        errors["name"] = _too_long(name, NAME_MAX)
    description = clean_text(raw.get("description"))
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _too_long(description, DESCRIPTION_MAX)
    categories = [c for c in raw.get("categories") or [] if c in known_categories]
    if not categories:
        errors["categories"] = "Kies minstens één categorie."
    target_groups = [t for t in raw.get("target_groups") or [] if t in TARGET_GROUP_LABELS]
    languages = [code for code in raw.get("languages") or [] if code in LANGUAGE_LABELS]  # none chosen: unknown

    hours_text = clean_text(raw.get("hours"))
    openings: list[Opening] = []
    by_appointment = False
    if len(hours_text) > SHORT_MAX:
        errors["hours"] = _too_long(hours_text, SHORT_MAX)
    elif hours_text:
        by_appointment = any(word in hours_text.lower() for word in APPOINTMENT_WORDS)
        try:
            openings = parse_hours_nl(hours_text)
        except ValueError as exc:
            errors["hours"] = str(exc)
    location_kind = raw.get("location_kind") or "address"
    if location_kind not in LOCATION_KIND_LABELS:
        location_kind = "address"
    address = clean_text(raw.get("address")) or None
    if address and len(address) > SHORT_MAX:
        errors["address"] = _too_long(address, SHORT_MAX)
    if location_kind == "address" and not address:
        errors["address"] = "Waar gaat het door? Geef een adres, of kies online of aan huis."
    fees = clean_text(raw.get("fees")) or None
    if fees and len(fees) > SHORT_MAX:
        errors["fees"] = _too_long(fees, SHORT_MAX)
    chosen = raw.get("access")
    access = chosen if isinstance(chosen, str) and chosen in ACCESS_LABELS else None  # not chosen: not known
    if by_appointment and access in (None, "walk_in"):
        access = "appointment"  # "op afspraak" in the hours means nobody just walks in
    by_appointment = access == "appointment"

    email, phone = None, None
    contact = clean_text(raw.get("contact"))
    if len(contact) > SHORT_MAX:  # the length first: the patterns below never read a huge paste
        errors["contact"] = _too_long(contact, SHORT_MAX)
        contact = ""
    for part in re.split(r"[,;]|\s{2,}| / ", contact):
        part = part.strip()
        if not part:
            continue
        if EMAIL.match(part):
            email = part
        elif PHONE.match(part):
            phone = part
        else:
            errors["contact"] = f"\u201c{part[:40]}\u201d is geen e-mailadres of telefoonnummer."
    if errors:
        return None, errors
    return (
        OfferingDraft(
            name=name,
            description=description,
            categories=categories,
            target_groups=target_groups,
            languages=languages,
            openings=openings,
            by_appointment=by_appointment,
            location_kind=location_kind,
            address=address if location_kind == "address" else None,
            area_city_wide=raw.get("area") == "city",
            fees=fees,
            access=access,
            contact_email=email,
            contact_phone=phone,
        ),
        {},
    )


def offering_fields(draft: OfferingDraft) -> dict[str, Any]:
    """The columns an offering gets from a valid form (the Slack modal and the web form alike)."""
    return {
        "name": draft.name,
        "description": draft.description,
        "categories": draft.categories,
        "target_groups": draft.target_groups,
        "languages": draft.languages,
        "openings": [[o.weekday, o.opens.strftime("%H:%M"), o.closes.strftime("%H:%M")] for o in draft.openings],
        "by_appointment": draft.by_appointment,
        "location_kind": draft.location_kind,
        "address": draft.address,
        "fees": draft.fees,
        "access": draft.access,
        "contact_email": draft.contact_email,
        "contact_phone": draft.contact_phone,
    }
