"""Referral notes must not carry a client's personal data; catch the obvious slips."""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.I), "een e-mailadres"),
    (re.compile(r"\b\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}\b"), "een rijksregisternummer"),
    (re.compile(r"\bBE\s?\d{2}(?:\s?\d{4}){3}\b", re.I), "een rekeningnummer"),
    (re.compile(r"(?:\+|\b0)\d(?:[\s./-]?\d){7,}"), "een telefoonnummer"),
    (re.compile(r"\b(?:geboren|geb\.)\s+(?:op\s+)?\d", re.I), "een geboortedatum"),
)


def personal_data_found(text: str) -> str | None:
    """What kind of personal data the text seems to contain, in Dutch, or None."""
    for pattern, label in _PATTERNS:
        if pattern.search(text or ""):
            return label
    return None
