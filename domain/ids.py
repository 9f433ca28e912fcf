"""Numbers that come back from Slack (button values, modal metadata, selected options) are untrusted text."""

from __future__ import annotations

ID_MAX = 2**31 - 1  # every id column fits a 32-bit integer on SQLite and PostgreSQL alike


def parse_id(value: object, *, low: int = 1, high: int = ID_MAX) -> int | None:
    """A whole number in [low, high] from text or an int, else None: dicts, '²', 5,000 digits, 2**70, -1, True."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(high))):
            return None
        number = int(text)
    else:
        return None
    return number if low <= number <= high else None
