"""Helpers for the public social map's tests: turn a page on, read a page's text."""

from __future__ import annotations

import html
import re

from storage import public_map
from storage.db import Database


def turn_on(db: Database, network_id: int) -> str:
    with db.transaction() as session:
        return public_map.set_public(session, network_id, True, None).slug


def page_text(markup: str) -> str:
    """What a reader sees, roughly: tags dropped, entities decoded, spaces squeezed."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def result_titles(markup: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h3 id="aanbod-\d+"><a [^>]*>([^<]*)</a>', markup)]
