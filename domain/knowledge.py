"""Rules of the knowledge base: what a valid item is, what a saved message becomes, which 👍 count,
and how usefulness moves an item up among equally relevant ones. No Slack, no database."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from domain.labels_nl import TARGET_GROUP_LABELS
from domain.offering_form import clean_text

TITLE_MAX = 150
URL_MAX = 500
EXPLANATION_MAX = 1500
LIKE_REACTIONS = frozenset({"+1", "thumbsup"})
# Each 👍 is worth a little, with diminishing returns: a popular item goes before an equally
# relevant one, but ten thumbs do not lift an off-topic item above the one the question is about.
_LIKE_WEIGHT = 0.25
_URL_RE = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.I)
_SLACK_LINK_RE = re.compile(r"<(https?://[^|>\s]+)(?:\|([^>]*))?>")
_BARE_URL_RE = re.compile(r"https?://[^\s<>|]+")
_CHANNEL_RE = re.compile(r"<#[A-Z0-9]+\|([^>]*)>")
_SLACK_TOKEN_RE = re.compile(r"<[@#!][^>]*>")
_MRKDWN_RE = re.compile(r"[*_~`]")


@dataclass
class KnowledgeDraft:
    title: str
    url: str | None
    explanation: str
    categories: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)


def validate_knowledge_form(
    raw: Mapping[str, Any], *, known_categories: set[str]
) -> tuple[KnowledgeDraft | None, dict[str, str]]:
    """The draft when valid, else Dutch errors per field (the modal's block ids)."""
    errors: dict[str, str] = {}
    title = " ".join(clean_text(raw.get("title")).split())
    url = clean_text(raw.get("url")) or None
    explanation = clean_text(raw.get("explanation"))
    categories = [c for c in raw.get("categories") or [] if isinstance(c, str)]
    target_groups = [t for t in raw.get("target_groups") or [] if isinstance(t, str)]
    if not title:
        errors["title"] = "Geef je tip een korte titel."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Maximaal {TITLE_MAX} tekens (nu {len(title)})."
    if url is not None:
        if len(url) > URL_MAX:
            errors["url"] = f"Die link is te lang (maximaal {URL_MAX} tekens)."
        elif not _URL_RE.match(url):
            errors["url"] = "Dat lijkt geen link. Begin met https:// of laat het veld leeg."
    if not explanation:
        errors["explanation"] = "Leg in een paar zinnen uit waarom dit helpt."
    elif len(explanation) > EXPLANATION_MAX:
        errors["explanation"] = f"Maximaal {EXPLANATION_MAX} tekens (nu {len(explanation)})."
    if not categories:
        errors["categories"] = "Kies minstens één categorie: zo vinden anderen je tip terug."
    elif any(c not in known_categories for c in categories):
        errors["categories"] = "Een van die categorieën bestaat niet meer; kies opnieuw."
    if any(t not in TARGET_GROUP_LABELS for t in target_groups):
        errors["target_groups"] = "Kies de doelgroep uit de lijst."
    if errors:
        return None, errors
    return KnowledgeDraft(title, url, explanation, list(dict.fromkeys(categories)), target_groups), {}


@dataclass(frozen=True)
class MessagePrefill:
    """What *Bewaar als kennis* proposes for a message; the person corrects it in the form."""

    title: str
    url: str | None
    explanation: str


def prefill_from_message(text: str | None) -> MessagePrefill:
    """Title from the first line, the first link as the link, the whole message (plain) as explanation."""
    raw = text or ""
    link = _SLACK_LINK_RE.search(raw)
    url = link.group(1) if link else None
    if url is None:
        bare = _BARE_URL_RE.search(raw)
        url = bare.group(0) if bare else None
    plain = _SLACK_LINK_RE.sub(lambda m: m.group(2) or m.group(1), raw)
    plain = _CHANNEL_RE.sub(lambda m: f"#{m.group(1)}" if m.group(1) else "", plain)
    plain = _SLACK_TOKEN_RE.sub("", plain)
    plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    plain = "\n".join(" ".join(line.split()) for line in clean_text(plain).splitlines())
    lines = (" ".join(_MRKDWN_RE.sub("", line).split()).strip(" >•-") for line in plain.splitlines())
    first = next((line for line in lines if line), "")
    if url and first == url:
        first = ""
    title = first if len(first) <= TITLE_MAX else first[: TITLE_MAX - 1].rstrip() + "…"
    explanation = plain if len(plain) <= EXPLANATION_MAX else plain[: EXPLANATION_MAX - 1].rstrip() + "…"
    if url is not None and len(url) > URL_MAX:
        url = None
    return MessagePrefill(title, url, explanation)


def is_like(reaction_name: str) -> bool:
    return reaction_name in LIKE_REACTIONS


def usefulness(likes: int) -> float:
    """The factor 👍 give a relevance score: 1 with none, +0.25 per doubling."""
    return 1.0 + _LIKE_WEIGHT * math.log2(1 + max(likes, 0))


H = TypeVar("H")


def rank_by_usefulness(hits: Sequence[tuple[H, float, str]], likes: Mapping[str, int]) -> list[H]:
    """(hit, relevance score, item id) → hits, most useful first: relevance × usefulness, then more 👍."""
    return [
        hit
        for hit, _score, _id in sorted(
            hits, key=lambda h: (-h[1] * usefulness(likes.get(h[2], 0)), -likes.get(h[2], 0), h[2])
        )
    ]
