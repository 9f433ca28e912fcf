"""An offering's stored practical columns <-> the domain values (`Practical`, closures), both ways.

Works on any object with the offering's attributes (a storage row, a search document), so domain/ stays
free of the database. Unknown stays unknown: None / empty columns give the "niet bekend" values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from domain.capacity import Capacity, CapacityUnit
from domain.closures import Closure
from domain.dates_nl import BRUSSELS
from domain.labels_nl import language_label
from domain.practical import (
    ACCESS_FEATURE_LABELS_NL,
    WHEELCHAIR_LABELS_NL,
    AccessFeature,
    Accessibility,
    Document,
    Facilities,
    Facility,
    Practical,
    SignUp,
    SignUpMethod,
    WhatToBring,
    Wheelchair,
)
from domain.schedule import Opening


def _enum_or_none(kind: Any, code: Any) -> Any:
    try:
        return kind(code)
    except ValueError:
        return None


def practical_of(row: Any) -> Practical:
    documents = getattr(row, "required_documents", None)
    other = tuple(getattr(row, "documents_other", None) or ())
    bring = WhatToBring()
    if documents is not None or other:
        items = tuple(d for c in documents or [] if (d := _enum_or_none(Document, c)) is not None)
        bring = WhatToBring(True, items, getattr(row, "documents_letter_from", None) or "", other)
    method = _enum_or_none(SignUpMethod, getattr(row, "sign_up_method", None) or "")
    sign_up = SignUp(method, getattr(row, "sign_up_contact", None) or "") if method else SignUp()
    wheelchair = _enum_or_none(Wheelchair, getattr(row, "wheelchair", None) or "") or Wheelchair.UNKNOWN
    features = frozenset(
        f for c in getattr(row, "access_features", None) or [] if (f := _enum_or_none(AccessFeature, c)) is not None
    )
    access = Accessibility(wheelchair, features, getattr(row, "access_details", None) or "")
    codes = getattr(row, "facilities", None)
    facilities = Facilities()
    if codes is not None:
        facilities = Facilities(True, frozenset(f for c in codes if (f := _enum_or_none(Facility, c)) is not None))
    return Practical(bring, sign_up, access, facilities, capacity_of(row))


def capacity_of(row: Any) -> Capacity | None:
    available, maximum = getattr(row, "capacity_available", None), getattr(row, "capacity_maximum", None)
    updated = getattr(row, "capacity_updated_at", None)
    if available is None or maximum is None or updated is None:
        return None
    if isinstance(updated, datetime):
        updated = (updated if updated.tzinfo else updated.replace(tzinfo=UTC)).astimezone(BRUSSELS).date()
    unit = _enum_or_none(CapacityUnit, getattr(row, "capacity_unit", None) or "") or CapacityUnit.PLACES
    return Capacity(available, maximum, updated, unit)


def practical_columns(practical: Practical) -> dict[str, Any]:
    """The columns for a `Practical` (a form or an import); `capacity_updated_at` is the day, at noon in Brussels."""
    bring, access, capacity = practical.what_to_bring, practical.accessibility, practical.capacity
    return {
        "required_documents": [d.value for d in bring.items] if bring.known else None,
        "documents_letter_from": bring.letter_from or None,
        "documents_other": list(bring.other),
        "sign_up_method": practical.sign_up.method.value if practical.sign_up.method else None,
        "sign_up_contact": practical.sign_up.contact or None,
        "wheelchair": None if access.wheelchair is Wheelchair.UNKNOWN else access.wheelchair.value,
        "access_features": [f.value for f in AccessFeature if f in access.features],
        "access_details": access.details or None,
        "facilities": [f.value for f in Facility if f in practical.facilities.items]
        if practical.facilities.known
        else None,
        **capacity_columns(capacity),
    }


def capacity_columns(capacity: Capacity | None) -> dict[str, Any]:
    if capacity is None:
        return {k: None for k in ("capacity_available", "capacity_maximum", "capacity_unit", "capacity_updated_at")}
    noon = datetime.combine(capacity.updated_on, time(12), tzinfo=BRUSSELS).astimezone(UTC)
    return {
        "capacity_available": capacity.available,
        "capacity_maximum": capacity.maximum,
        "capacity_unit": capacity.unit.value,
        "capacity_updated_at": noon,
    }


STALE_AFTER = timedelta(days=182)  # "not confirmed for 6 months"


def is_possibly_outdated(row: Any, now: datetime) -> bool:
    """Not confirmed for six months: the offering may have changed without anyone saying so."""
    return bool(now - row.last_confirmed_at > STALE_AFTER)


def openings_of(row: Any) -> tuple[Opening, ...]:
    """The weekly openings stored as (weekday, "HH:MM", "HH:MM") rows."""
    return tuple(
        Opening(int(weekday), time.fromisoformat(opens), time.fromisoformat(closes))
        for weekday, opens, closes in getattr(row, "openings", None) or []
    )


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def closures_of(row: Any) -> list[Closure]:
    """The dated closures and the temporary closure (if any) of an offering."""
    out: list[Closure] = []
    for item in getattr(row, "closures", None) or []:
        start, end = _day(item.get("start")), _day(item.get("end"))
        if start is not None and end is not None:
            out.append(Closure(start, end, "periode", str(item.get("reason") or "")))
    alert = getattr(row, "closure_alert", None)
    if alert:
        since = _day(getattr(row, "closure_since", None)) or date.min
        out.append(Closure(since, _day(getattr(row, "closure_until", None)), "tijdelijk", alert=alert))
    return sorted(out, key=lambda c: c.start)


def closure_columns(
    closures: list[Closure], temporary: Closure | None, follows_school_holidays: bool
) -> dict[str, Any]:
    return {
        "closures": [
            {"start": c.start.isoformat(), "end": c.end.isoformat(), "reason": c.reason}
            for c in closures
            if c.kind == "periode" and c.end is not None
        ],
        "closure_alert": temporary.alert if temporary else None,
        "closure_since": temporary.start if temporary and temporary.start != date.min else None,
        "closure_until": temporary.end if temporary else None,
        "follows_school_holidays": follows_school_holidays,
    }


def _sign_up_nl(sign_up: SignUp) -> str:
    """ "bel 03 123 45 67", "online via https://…", "gewoon binnenlopen"."""
    contact = sign_up.contact
    if sign_up.method is SignUpMethod.CALL and contact:
        return f"bel {contact}"
    if sign_up.method is SignUpMethod.BOOK_ONLINE and contact:
        return f"online via {contact}"
    text = sign_up.describe_nl()
    return text[:1].lower() + text[1:]


def known_facts_nl(row: Any, today: date) -> list[tuple[str, str]]:
    """What is known of the practical side, one Dutch line each, keyed (plaatsen, meebrengen, aanmelden,
    toegang, tolk, voorzieningen). Unknown parts are left out: never "rolstoeltoegankelijk" by default."""
    practical = practical_of(row)
    facts: list[tuple[str, str]] = []
    if practical.capacity is not None:
        facts.append(("plaatsen", practical.capacity.describe_nl(today)))
    if practical.what_to_bring.known:
        facts.append(("meebrengen", practical.what_to_bring.describe_nl()))
    if practical.sign_up.method is not None:
        facts.append(("aanmelden", f"Aanmelden: {_sign_up_nl(practical.sign_up)}"))
    access = practical.accessibility
    parts = [] if access.wheelchair is Wheelchair.UNKNOWN else [WHEELCHAIR_LABELS_NL[access.wheelchair]]
    parts += [ACCESS_FEATURE_LABELS_NL[f] for f in AccessFeature if f in access.features]
    if access.details:
        parts.append(access.details)
    if parts:
        facts.append(("toegang", " · ".join(parts)))
    if interpreters := getattr(row, "interpreter_languages", None):
        facts.append(("tolk", f"Met tolk: {', '.join(language_label(c) for c in interpreters)}"))
    if practical.facilities.known:
        facts.append(("voorzieningen", practical.facilities.describe_nl()))
    return facts
