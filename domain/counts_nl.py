"""Counts in idiomatic Dutch: "1 resultaat", "13 resultaten", "1 aanbieding", "25 aanbiedingen".

The one place for plurals shown with a number. "aanbod" is uncountable in Dutch ("13 aanbod"
reads wrong), so a counted offering is an *aanbieding*.
"""

from __future__ import annotations

PLURALS: dict[str, str] = {
    "aanbieding": "aanbiedingen",
    "resultaat": "resultaten",
    "organisatie": "organisaties",
    "vraag": "vragen",
    "nood": "noden",
    "doorverwijzing": "doorverwijzingen",
    "actiepunt": "actiepunten",
    "open actiepunt": "open actiepunten",
    "bericht": "berichten",
    "punt": "punten",
    "dag": "dagen",
    "netwerk": "netwerken",
    "probleem": "problemen",
    "ander probleem": "andere problemen",
    "lid": "leden",
    "persoon": "personen",
    "tip": "tips",
    "activiteit": "activiteiten",
    "overleg": "overleggen",
    "gepland overleg": "geplande overleggen",
    "gekoppeld wijknetwerk": "gekoppelde wijknetwerken",
    "bewerklink": "bewerklinks",
}


def count_nl(count: int, noun: str) -> str:
    """ "1 aanbieding", "0 aanbiedingen", "13 aanbiedingen"."""
    return f"{count} {noun if count == 1 else PLURALS[noun]}"
