"""Reading one HSDS object field by field, collecting every problem in Dutch instead of stopping."""

from __future__ import annotations

import re
from typing import Any

from domain.hsds.model import MAX_EMAIL, MAX_NAME, MAX_PHONE, MAX_URL

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,}$")
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


def label(kind: str, obj: object, index: int) -> str:
    """'Organisatie "Bib Deurne" (id org-1)', falling back to the position when name or id is missing."""
    name, ident = stripped(obj, "name"), stripped(obj, "id")
    if name and ident:
        return f'{kind} "{name}" (id {ident})'
    if name:
        return f'{kind} "{name}" (nr. {index + 1}, zonder id)'
    if ident:
        return f"{kind} zonder naam (id {ident})"
    return f"{kind} nr. {index + 1} (zonder naam of id)"


def stripped(obj: object, key: str) -> str:
    """The text under `key` without surrounding spaces; "" when `obj` is no object or that is no text."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value.strip() if isinstance(value, str) else ""


class Reader:
    """Reads one object (organisation or service) and records problems instead of stopping."""

    def __init__(self, problems: list[str], context: str) -> None:
        self.problems = problems
        self.context = context

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f'{self.context}: veld "{path}" {message}')

    def text(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = False, max_len: int = MAX_NAME
    ) -> str | None:
        """A stripped string, None when absent or empty; required fields must be non-empty."""
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, "ontbreekt of is leeg")
            return None
        if not isinstance(value, str):
            self.fail(path, f"moet tekst zijn, niet {show(value)}")
            return None
        value = value.strip()
        if len(value) > max_len:
            self.fail(path, f"is te lang: {len(value)} tekens, maximaal {max_len}")
            return None
        return value

    def email(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        value = self.text(obj, key, path, max_len=MAX_EMAIL)
        if value is not None and not _EMAIL_RE.match(value):
            self.fail(path, f'moet een e-mailadres zijn als naam@voorbeeld.be, niet "{value}"')
            return None
        return value

    def url(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        value = self.text(obj, key, path, max_len=MAX_URL)
        if value is not None and not _URL_RE.match(value):
            self.fail(path, f'moet een webadres zijn dat begint met https://, niet "{value}"')
            return None
        return value

    def items(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a list field with their paths; absent or null means an empty list."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, f"moet een lijst zijn, niet {show(value)}")
            return []
        out: list[tuple[str, dict[str, Any]]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{path}[{i}]", item))
            else:
                self.fail(f"{path}[{i}]", f"moet een object zijn, niet {show(item)}")
        return out

    def phones(self, obj: dict[str, Any]) -> list[str]:
        numbers: list[str] = []
        for path, item in self.items(obj, "phones", "phones"):
            number = self.text(item, "number", f"{path}.number", required=True, max_len=MAX_PHONE)
            if number is None:
                continue
            if not _PHONE_RE.match(number):
                self.fail(f"{path}.number", f'moet een telefoonnummer zijn als 03 123 45 67, niet "{number}"')
                continue
            numbers.append(number)
        return numbers


def show(value: object) -> str:
    """A short rendering of a wrong value for an error message."""
    if isinstance(value, str):
        return f'"{value[:40]}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "leeg (null)"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een object"
    return type(value).__name__


def clock_time(value: str) -> str | None:
    """'09:30' or '09:30:00' → '09:30'; None when it is not a valid clock time."""
    match = _TIME_RE.match(value)
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}"
