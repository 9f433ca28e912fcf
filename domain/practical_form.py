"""The practical part of the offering form: validate what a partner filled in, with a Dutch message per field,
and turn a stored offering back into the texts the form shows when editing.

Field names are the form's (the modal's block ids). Nothing filled in stays unknown, never a claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.capacity import validate_capacity
from domain.closures import Closure, parse_closures_nl, validate_temporary_closure
from domain.labels_nl import LANGUAGE_LABELS
from domain.offering_practical import capacity_of, closure_columns, practical_columns
from domain.practical import (
    Practical,
    validate_accessibility,
    validate_facilities,
    validate_sign_up,
    validate_what_to_bring,
)

MAX_CLOSURES_TEXT = 500
PRACTICAL_FIELDS = (
    "documents", "letter_from", "documents_other", "sign_up", "sign_up_contact", "wheelchair", "access_features",
    "access_details", "interpreter_languages", "facilities", "capacity_available", "capacity_maximum",
    "capacity_unit", "closures", "school_holidays", "closure_alert", "closure_until",
)  # fmt: skip


@dataclass(frozen=True)
class PracticalDraft:
    practical: Practical = Practical()
    interpreter_languages: list[str] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    temporary: Closure | None = None
    follows_school_holidays: bool = False


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return value.strip() if isinstance(value, str) else ""


def _codes(raw: dict[str, Any], key: str) -> list[str]:
    value = raw.get(key)
    return [str(v) for v in value] if isinstance(value, list) else []


def _prefixed(errors: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    return {names.get(key, key): message for key, message in errors.items()}


def validate_practical_form(raw: dict[str, Any], today: date) -> tuple[PracticalDraft | None, dict[str, str]]:
    errors: dict[str, str] = {}
    bring, found = validate_what_to_bring(
        _codes(raw, "documents"), _text(raw, "letter_from"), _text(raw, "documents_other")
    )
    errors |= _prefixed(found, {"other": "documents_other"})
    sign_up, found = validate_sign_up(_text(raw, "sign_up"), _text(raw, "sign_up_contact"))
    errors |= _prefixed(found, {"method": "sign_up", "contact": "sign_up_contact"})
    access, found = validate_accessibility(
        _text(raw, "wheelchair"), _codes(raw, "access_features"), _text(raw, "access_details")
    )
    errors |= _prefixed(found, {"features": "access_features", "details": "access_details"})
    facilities, found = validate_facilities(_codes(raw, "facilities"))
    errors |= found
    capacity, found = validate_capacity(
        _text(raw, "capacity_available"), _text(raw, "capacity_maximum"), _text(raw, "capacity_unit"), today
    )
    errors |= _prefixed(found, {k: f"capacity_{k}" for k in ("available", "maximum", "unit")})
    interpreters = [c for c in _codes(raw, "interpreter_languages") if c in LANGUAGE_LABELS]
    closures: list[Closure] = []
    closures_text = _text(raw, "closures")
    if len(closures_text) > MAX_CLOSURES_TEXT:
        errors["closures"] = f"Maximaal {MAX_CLOSURES_TEXT} tekens (nu {len(closures_text)})."
    elif closures_text:
        try:
            closures = parse_closures_nl(closures_text, today)
        except ValueError as error:
            errors["closures"] = str(error)
    temporary: Closure | None = None
    if _text(raw, "closure_alert") or _text(raw, "closure_until"):
        temporary, found = validate_temporary_closure(_text(raw, "closure_alert"), _text(raw, "closure_until"), today)
        errors |= _prefixed(found, {"alert": "closure_alert", "until": "closure_until"})
    if errors:
        return None, errors
    follows = "ja" in _codes(raw, "school_holidays")
    practical = Practical(bring, sign_up, access, facilities, capacity)
    return PracticalDraft(practical, interpreters, closures, temporary, follows), {}


def closures_text(closures: list[Closure], today: date) -> str:
    """Dated closures still to come, as the form shows them again: "23/12/2026-2/1/2027 (kerstvakantie)"."""
    parts = []
    for closure in closures:
        if closure.kind != "periode" or closure.end is None or closure.end < today:
            continue
        start = f"{closure.start.day}/{closure.start.month}/{closure.start.year}"
        end = f"{closure.end.day}/{closure.end.month}/{closure.end.year}"
        text = start if closure.start == closure.end else f"{start}-{end}"
        parts.append(f"{text} ({closure.reason})" if closure.reason else text)
    return ", ".join(parts)


def until_text(day: date | None) -> str:
    return "" if day is None else f"{day.day}/{day.month}/{day.year}"


def practical_offering_fields(draft: PracticalDraft, previous: Any = None) -> dict[str, Any]:
    """The offering's columns from a valid form. An unchanged count keeps the day it was last updated
    (editing the name does not make "3 van 10 vrij" newer than it is)."""
    columns = practical_columns(draft.practical)
    old = capacity_of(previous) if previous is not None else None
    new = draft.practical.capacity
    if (
        old is not None
        and new is not None
        and (old.available, old.maximum, old.unit)
        == (
            new.available,
            new.maximum,
            new.unit,
        )
    ):
        columns["capacity_updated_at"] = previous.capacity_updated_at
    columns["interpreter_languages"] = draft.interpreter_languages
    return columns | closure_columns(draft.closures, draft.temporary, draft.follows_school_holidays)
