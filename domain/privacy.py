"""Referral notes must not carry a client's personal data; catch the obvious slips.

Linear time on any input: e-mail addresses are found per word (no regex that rescans a long word
from every position), and the remaining patterns are either bounded or unambiguous (each step of
a repetition consumes a digit), so a megabyte of hostile text is read a small number of times.
Forms still check the length first, so this normally sees at most a few hundred characters.
"""

from __future__ import annotations

import re

_DOMAIN = re.compile(r"[^@\s]\.[a-z]{2}", re.I)  # somewhere after the @: a character, a dot, two letters
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}\b"), "een rijksregisternummer"),
    (re.compile(r"\bBE\s?\d{2}(?:\s?\d{4}){3}\b", re.I), "een rekeningnummer"),
    (re.compile(r"(?:\+|\b0)\d(?:[\s./-]?\d){7,}"), "een telefoonnummer"),
    (re.compile(r"\b(?:geboren|geb\.)\s+(?:op\s+)?\d", re.I), "een geboortedatum"),
)


def has_email_address(text: str) -> bool:
    """Like the regex `[^@\\s]+@[^@\\s]+\\.[a-z]{2,}` (re.I), but word by word, and each @-part once."""
    for word in text.split():
        parts = word.split("@")
        for before, after in zip(parts, parts[1:], strict=False):
            if before and _DOMAIN.search(after):
                return True
    return False


def personal_data_found(text: str) -> str | None:
    """What kind of personal data the text seems to contain, in Dutch, or None."""
    text = text or ""
    if has_email_address(text):
        return "een e-mailadres"
    for pattern, label in _PATTERNS:
        if pattern.search(text):
            return label
    return None
