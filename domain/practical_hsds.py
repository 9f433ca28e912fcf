"""The practical fields of an offer in Open Referral HSDS terms, both ways (`from_hsds(to_hsds(x)) == x`).

HSDS 3.0 fields used: service.required_documents[].document, service.application_process,
service.attributes[] (taxonomy_term + value), location.accessibility[] (description, details) and
service_capacity (available, maximum, unit, updated; added to the standard in HSDS 3.1). What HSDS has
no field for is an attribute with one of our taxonomies below; importers ignore taxonomies they do not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

from domain.capacity import Capacity, CapacityUnit
from domain.closures import MAX_ALERT, MAX_REASON, Closure
from domain.dates_nl import BRUSSELS
from domain.practical import (
    DOCUMENT_LABELS_NL,
    NONE_CODE,
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

TAXONOMY_BRING = "meebrengen"
TAXONOMY_SIGN_UP = "aanmelding"
TAXONOMY_WHEELCHAIR = "rolstoel"
TAXONOMY_ACCESS = "toegankelijkheid"
TAXONOMY_FACILITIES = "voorzieningen"
NOTHING_TO_BRING = "niets"
CAPACITY_SCHEME = "lerend-netwerk"

_E = TypeVar("_E", Document, SignUpMethod, Wheelchair, AccessFeature, Facility, CapacityUnit)
_LETTER_FROM_RE = re.compile(r"^de brief van (?P<sender>.+)$")
_LABEL_TO_DOCUMENT = {label: document for document, label in DOCUMENT_LABELS_NL.items()}


def _attribute(taxonomy: str, term: str, value: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"taxonomy_term": {"term": term, "taxonomy": taxonomy}}
    if value:
        out["value"] = value
    return out


def practical_to_hsds(practical: Practical) -> dict[str, Any]:
    """Service fields ("required_documents", "application_process", "attributes", "capacities") and the
    location's "accessibility"; unknown parts are left out, so they stay unknown on the way back."""
    out: dict[str, Any] = {}
    attributes: list[dict[str, Any]] = []
    bring = practical.what_to_bring
    if bring.known:
        labels = bring.labels_nl()
        out["required_documents"] = [{"document": label} for label in labels]
        if not labels:
            attributes.append(_attribute(TAXONOMY_BRING, NOTHING_TO_BRING))
    sign_up = practical.sign_up
    if sign_up.method is not None:
        out["application_process"] = sign_up.describe_nl()
        attributes.append(_attribute(TAXONOMY_SIGN_UP, sign_up.method.value, sign_up.contact))
    access = practical.accessibility
    if access.wheelchair is not Wheelchair.UNKNOWN:
        attributes.append(_attribute(TAXONOMY_WHEELCHAIR, access.wheelchair.value))
    attributes += [_attribute(TAXONOMY_ACCESS, f.value) for f in AccessFeature if f in access.features]
    if access != Accessibility():
        out["accessibility"] = [{"description": access.describe_nl(), "details": access.details}]
    facilities = practical.facilities
    if facilities.known:
        terms = [f.value for f in Facility if f in facilities.items] or [NONE_CODE]
        attributes += [_attribute(TAXONOMY_FACILITIES, term) for term in terms]
    if attributes:
        out["attributes"] = attributes
    capacity = practical.capacity
    if capacity is not None:
        updated = datetime.combine(capacity.updated_on, time(0), tzinfo=BRUSSELS)
        out["capacities"] = [
            {
                "available": capacity.available,
                "maximum": capacity.maximum,
                "unit": {"name": capacity.unit.value, "scheme": CAPACITY_SCHEME, "identifier": capacity.unit.value},
                "updated": updated.isoformat(),
            }
        ]
    return out


def _terms(attributes: list[dict[str, Any]], taxonomy: str) -> list[tuple[str, str]]:
    found = []
    for item in attributes:
        term = item.get("taxonomy_term") or {}
        if isinstance(term, dict) and str(term.get("taxonomy", "")).strip().lower() == taxonomy:
            found.append((str(term.get("term", "")).strip(), str(item.get("value") or "").strip()))
    return found


def _choice(kind: type[_E], code: str, what: str) -> _E:
    try:
        return kind(code)
    except ValueError:
        raise ValueError(f'{what}: "{code}" is geen gekende waarde') from None


def _what_to_bring(fragment: dict[str, Any], attributes: list[dict[str, Any]]) -> WhatToBring:
    texts = [str(d.get("document", "")).strip() for d in fragment.get("required_documents") or []]
    texts = [t for t in texts if t]
    if not texts:
        return WhatToBring(known=True) if _terms(attributes, TAXONOMY_BRING) else WhatToBring()
    items: list[Document] = []
    sender = ""
    other: list[str] = []
    for text in texts:
        if (match := _LETTER_FROM_RE.match(text)) and not sender:
            items.append(Document.LETTER)
            sender = match.group("sender")
        elif text in _LABEL_TO_DOCUMENT:
            items.append(_LABEL_TO_DOCUMENT[text])
        else:
            other.append(text)
    return WhatToBring(True, tuple(items), sender, tuple(other))


def _capacity(fragment: dict[str, Any]) -> Capacity | None:
    rows = fragment.get("capacities") or []
    if not rows:
        return None
    row = rows[0]
    try:
        available, maximum = int(row["available"]), int(row["maximum"])
        updated = datetime.fromisoformat(str(row["updated"]))
    except (KeyError, TypeError, ValueError):
        raise ValueError("capacities: available, maximum en updated zijn nodig") from None
    if updated.tzinfo is not None:
        updated = updated.astimezone(BRUSSELS)
    unit = (row.get("unit") or {}).get("identifier") or CapacityUnit.PLACES.value
    if not 0 <= available <= maximum or maximum < 1:
        raise ValueError(f"capacities: {available} van {maximum} kan niet")
    return Capacity(available, maximum, updated.date(), _choice(CapacityUnit, unit, "capacities.unit"))


def practical_from_hsds(fragment: dict[str, Any]) -> Practical:
    """Read back what `practical_to_hsds` wrote (and the same fields from other HSDS publishers).

    Raises ValueError with a Dutch message for a value we do not know.
    """
    attributes = [a for a in fragment.get("attributes") or [] if isinstance(a, dict)]
    sign_up = SignUp()
    if methods := _terms(attributes, TAXONOMY_SIGN_UP):
        code, contact = methods[0]
        sign_up = SignUp(_choice(SignUpMethod, code, "aanmelding"), contact)
    wheelchair = Wheelchair.UNKNOWN
    if levels := _terms(attributes, TAXONOMY_WHEELCHAIR):
        wheelchair = _choice(Wheelchair, levels[0][0], "rolstoel")
    features = frozenset(
        _choice(AccessFeature, code, "toegankelijkheid") for code, _ in _terms(attributes, TAXONOMY_ACCESS)
    )
    access_rows = fragment.get("accessibility") or []
    details = str(access_rows[0].get("details") or "").strip() if access_rows else ""
    facility_codes = [code for code, _ in _terms(attributes, TAXONOMY_FACILITIES)]
    facilities = Facilities(
        bool(facility_codes),
        frozenset(_choice(Facility, c, "voorzieningen") for c in facility_codes if c != NONE_CODE),
    )
    return Practical(
        what_to_bring=_what_to_bring(fragment, attributes),
        sign_up=sign_up,
        accessibility=Accessibility(wheelchair, features, details),
        facilities=facilities,
        capacity=_capacity(fragment),
    )


# --- interpreters and closures ------------------------------------------------------------------
# HSDS has no closure object: each dated closure is an attribute with an ISO 8601 interval as its term
# (docs/practical-offers.md); a temporary closure is `service.alert` (+ status "temporarily closed" when
# the offer is otherwise active) with its dates as an interval attribute, open-ended "2026-12-01/..".

TAXONOMY_INTERPRETER = "tolk"
TAXONOMY_CLOSED = "gesloten"
TAXONOMY_TEMPORARY = "tijdelijk-gesloten"
TAXONOMY_SCHOOL_HOLIDAYS = "schoolvakanties"
FOLLOWS_SCHOOL_HOLIDAYS = "gesloten"
TEMPORARILY_CLOSED = "temporarily closed"
DEFAULT_ALERT = "Tijdelijk gesloten"


@dataclass(frozen=True)
class ClosureFacts:
    """What an offer says besides `Practical`: interpreter languages, dated closures, a temporary closure."""

    interpreter_languages: tuple[str, ...] = ()
    closures: tuple[Closure, ...] = ()
    temporary: Closure | None = None
    follows_school_holidays: bool = False


def closure_facts_to_hsds(facts: ClosureFacts) -> dict[str, Any]:
    """`attributes` (and `alert` for a temporary closure); nothing for what is not said."""
    attributes = [_attribute(TAXONOMY_INTERPRETER, code) for code in facts.interpreter_languages]
    for closure in facts.closures:
        if closure.end is not None:
            term = f"{closure.start.isoformat()}/{closure.end.isoformat()}"
            attributes.append(_attribute(TAXONOMY_CLOSED, term, closure.reason))
    if facts.follows_school_holidays:
        attributes.append(_attribute(TAXONOMY_SCHOOL_HOLIDAYS, FOLLOWS_SCHOOL_HOLIDAYS))
    out: dict[str, Any] = {}
    if facts.temporary is not None:
        start, end = facts.temporary.start, facts.temporary.end
        since = ".." if start == date.min else start.isoformat()
        attributes.append(_attribute(TAXONOMY_TEMPORARY, f"{since}/{end.isoformat() if end else '..'}"))
        out["alert"] = facts.temporary.alert
    if attributes:
        out["attributes"] = attributes
    return out


def _interval(term: str, what: str) -> tuple[date, date | None]:
    start, sep, end = (part.strip().strip(".") for part in term.partition("/"))  # ".." = open (ISO 8601-2)
    try:
        first = date.fromisoformat(start) if start else date.min
        last = date.fromisoformat(end) if end else None
    except ValueError:
        raise ValueError(f'{what}: "{term}" is geen periode als 2026-12-23/2027-01-02') from None
    if not sep or (last is not None and last < first):
        raise ValueError(f'{what}: "{term}" is geen periode als 2026-12-23/2027-01-02')
    return first, last


def closure_facts_from_hsds(fragment: dict[str, Any], status: str = "") -> ClosureFacts:
    """Read back what `closure_facts_to_hsds` wrote. Raises ValueError with a Dutch message."""
    attributes = [a for a in fragment.get("attributes") or [] if isinstance(a, dict)]
    interpreters = tuple(dict.fromkeys(code.lower() for code, _ in _terms(attributes, TAXONOMY_INTERPRETER) if code))
    closures = []
    for term, reason in _terms(attributes, TAXONOMY_CLOSED):
        start, end = _interval(term, "gesloten")
        if end is None or start == date.min:
            raise ValueError(f'gesloten: "{term}" heeft geen begin- of einddatum; gebruik een tijdelijke sluiting')
        closures.append(Closure(start, end, "periode", reason[:MAX_REASON]))
    follows = any(t == FOLLOWS_SCHOOL_HOLIDAYS for t, _ in _terms(attributes, TAXONOMY_SCHOOL_HOLIDAYS))
    alert = " ".join(str(fragment.get("alert") or "").split())[:MAX_ALERT]
    temporary: Closure | None = None
    periods = _terms(attributes, TAXONOMY_TEMPORARY)
    if alert or periods or status.strip().lower() == TEMPORARILY_CLOSED:
        start, end = _interval(periods[0][0], "tijdelijk-gesloten") if periods else (date.min, None)
        temporary = Closure(start, end, "tijdelijk", alert=alert or DEFAULT_ALERT)
    return ClosureFacts(interpreters, tuple(sorted(closures, key=lambda c: c.start)), temporary, follows)
