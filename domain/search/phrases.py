"""The search's filters said in Dutch ("op zondag", "in het Arabisch"), and what the nearest
alternatives do not match. One wording for Slack's `/verwijs` and the public page alike."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from domain.labels_nl import TARGET_GROUP_LABELS, language_label
from domain.search.types import SearchFilters, SearchOutcome

_DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _or(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " of " + items[-1]


def _in_language(label: str) -> str:
    """ "in het Frans", but "in de Vlaamse Gebarentaal"."""
    return f"in de {label}" if label.lower().endswith("taal") else f"in het {label}"


def filter_phrases(filters: SearchFilters, categories: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each applied filter in Dutch, by the name `SearchOutcome.unmet` uses: {"day": "op zondag", …}."""
    f = filters
    out: dict[str, str] = {}
    if f.weekdays:
        said = dict(f.said_days)  # "vandaag" is said back as such: it is today's date, not every Wednesday
        plain = [_DAYS[d] for d in sorted(f.weekdays) if d not in said]
        items = (["op " + _or(plain)] if plain else []) + [f"{said[d]} ({_DAYS[d]})" for d in sorted(said)]
        out["day"] = _or(items)
    if f.part_of_day:
        out["part_of_day"] = f"tussen {f.part_of_day[0]:%H:%M} en {f.part_of_day[1]:%H:%M}"
    if f.open_now:
        out["open_now"] = "nu open"
    if f.languages:
        out["language"] = _or([_in_language(language_label(code)) for code in sorted(f.languages)])
    if f.neighbourhood:
        out["neighbourhood"] = f"in {f.neighbourhood} (of stadsbreed)"
    if f.target_groups:
        names = [TARGET_GROUP_LABELS.get(g, g).lower() for g in sorted(f.target_groups)]
        out["target_group"] = "voor " + _or(names)
    if f.category:
        out["category"] = f"in de categorie {(categories or {}).get(f.category, f.category)}"
    if f.free:
        out["free"] = "gratis"
    if f.walk_in:
        out["walk_in"] = "zonder afspraak"
    return out


_TIME_FILTERS = ("day", "part_of_day", "open_now")


def alternatives_heading(outcome: SearchOutcome) -> str:
    """What the nearest alternatives do NOT match: "Wel op andere dagen:", "Wel, maar niet in het Tigrinya:"."""
    if outcome.unmet == {"day"}:
        return "Wel op andere dagen:"
    if outcome.unmet and outcome.unmet <= {"day", "part_of_day"}:
        return "Wel op andere momenten:"
    phrases = filter_phrases(outcome.filters)
    parts: set[str] = set()
    for name in outcome.unmet:
        if name == "open_now":
            parts.add("nu niet open")
        elif name in _TIME_FILTERS:
            parts.add("op een ander moment")
        elif name in phrases:
            parts.add("niet " + phrases[name])
    return "Wel, maar " + " en ".join(sorted(parts)) + ":"


# Wishes a question may word that `/verwijs` ranks by but does not filter on (the public page has controls
# for them): the answer says so, so that nobody reads the list as meeting them.
_UNFILTERED_WISHES = (
    ("free", "gratis", re.compile(r"\b(gratis|kosteloos|zonder kosten|geen kosten)\b")),
    ("walk_in", "zonder afspraak", re.compile(r"\b(zonder afspraak|binnenlopen|binnenspringen|vrije inloop)\b")),
)


def unfiltered_wishes(question: str, filters: SearchFilters) -> list[str]:
    """ "gratis", "zonder afspraak": asked for in the question's words, not applied as a filter."""
    text = question.lower()
    return [word for name, word, pattern in _UNFILTERED_WISHES if not getattr(filters, name) and pattern.search(text)]
