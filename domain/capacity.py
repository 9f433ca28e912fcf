"""Places left where it applies (course places, laptops to lend): "3 van 10 plaatsen vrij (bijgewerkt 2/12)".

A count is only as good as its date: after a week it is shown as possibly outdated, and the organisation
is asked again once a week for as long as the offer is shown (`capacity_prompt_due`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

MAX_CAPACITY = 10_000
STALE_AFTER_DAYS = 7  # places are asked again every week while they are shown
PROMPT_EVERY_DAYS = 7


def _day(now: date | datetime) -> date:
    return now.date() if isinstance(now, datetime) else now


class CapacityUnit(StrEnum):
    PLACES = "plaatsen"
    LAPTOPS = "laptops"
    DEVICES = "toestellen"


_UNIT_WORDS: dict[CapacityUnit, tuple[str, str, str]] = {  # singular, plural, "free"
    CapacityUnit.PLACES: ("plaats", "plaatsen", "vrij"),
    CapacityUnit.LAPTOPS: ("laptop", "laptops", "beschikbaar"),
    CapacityUnit.DEVICES: ("toestel", "toestellen", "beschikbaar"),
}


def unit_words(unit: CapacityUnit) -> tuple[str, str, str]:
    """(singular, plural, "free" word): ("laptop", "laptops", "beschikbaar")."""
    return _UNIT_WORDS[unit]


@dataclass(frozen=True)
class Capacity:
    """Places left where it applies (course places, laptops to lend), with the day it was last updated."""

    available: int
    maximum: int
    updated_on: date
    unit: CapacityUnit = CapacityUnit.PLACES

    @property
    def is_full(self) -> bool:
        return self.available <= 0

    def capacity_is_stale(self, now: date | datetime) -> bool:
        """Older than a week: the count may no longer be true."""
        return (_day(now) - self.updated_on).days > STALE_AFTER_DAYS

    def describe_nl(self, now: date | datetime) -> str:
        """ "3 van 10 plaatsen vrij (bijgewerkt 2/12)"; "Volzet: …"; an old count says it may be outdated."""
        singular, plural, free = _UNIT_WORDS[self.unit]
        noun = singular if self.maximum == 1 else plural
        stamp = f"{self.updated_on.day}/{self.updated_on.month}"
        if self.updated_on.year != _day(now).year:
            stamp += f"/{self.updated_on.year}"
        text = f"{self.available} van {self.maximum} {noun} {free}"
        if self.is_full:
            text = f"Volzet: {text}"
        if self.capacity_is_stale(now):
            return f"{text} op {stamp}, mogelijk niet meer actueel"
        return f"{text} (bijgewerkt {stamp})"


def _count(text: str, field: str, errors: dict[str, str]) -> int | None:
    value = text.strip()
    if not value:
        errors[field] = "Vul ook dit getal in, of laat beide leeg als er geen beperkt aantal plaatsen is."
    elif not value.isdigit():
        errors[field] = "Geef een geheel getal, bijvoorbeeld 3."
    elif int(value) > MAX_CAPACITY:
        errors[field] = f"Dat is meer dan {MAX_CAPACITY}: klopt het getal?"
    else:
        return int(value)
    return None


def validate_capacity(
    available_text: str, maximum_text: str, unit_code: str, today: date
) -> tuple[Capacity | None, dict[str, str]]:
    """Both fields empty: no capacity applies. Otherwise two whole numbers, available at most maximum."""
    if not available_text.strip() and not maximum_text.strip():
        return None, {}
    errors: dict[str, str] = {}
    unit = CapacityUnit.PLACES
    try:
        unit = CapacityUnit(unit_code.strip() or CapacityUnit.PLACES.value)
    except ValueError:
        errors["unit"] = f"Onbekende keuze: {unit_code.strip()}."
    available = _count(available_text, "available", errors)
    maximum = _count(maximum_text, "maximum", errors)
    if maximum is not None and maximum == 0:
        errors["maximum"] = "Het maximum is minstens 1."
    elif available is not None and maximum is not None and available > maximum:
        errors["available"] = (
            f"Er kunnen niet meer {_UNIT_WORDS[unit][1]} {_UNIT_WORDS[unit][2]} zijn dan het maximum ({maximum})."
        )
    if errors or available is None or maximum is None:
        return None, errors
    return Capacity(available, maximum, today, unit), {}


def capacity_prompt_due(
    capacity: Capacity | None,
    offer_shown: bool,
    last_prompted_on: date | None,
    now: date | datetime,
) -> bool:
    """Ask the organisation for a new count: only for an offer with places that is shown (active, not hidden),
    whose count is older than a week, and at most once a week."""
    if capacity is None or not offer_shown:
        return False
    today = _day(now)
    if (today - capacity.updated_on).days < PROMPT_EVERY_DAYS:
        return False
    return last_prompted_on is None or (today - last_prompted_on).days >= PROMPT_EVERY_DAYS
