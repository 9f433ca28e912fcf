"""An offering as the neighbourhood scan reads it (`domain.neighbourhood_scan.ScanOffer`).

What the form does not ask is read, conservatively, from the offer's own words: *in groep* from
"cursus", "workshop", "les", "groep"; *individueel* from "individueel", "spreekuur", "één op één", or an
offer by appointment; *oefenkans* from the category taal-en-digitaal or "taalles", "taalcafé",
"huiswerkklas", "oefenkans";
*eigen toestel* when the offer asks to bring your phone or laptop or says "je eigen gsm/smartphone/laptop".
Free only when the cost says so (`is_free`); an unknown cost stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.neighbourhood_scan import Format, ScanOffer
from domain.practical import Document, Practical
from domain.schedule import Opening
from domain.search.filters import is_free
from domain.text_nl import normalize
from domain.vocabulary_nl import TAA

_GROUP_RE = re.compile(r"\b(cursus\w*|workshops?|lessen|les|groep\w*|opleiding\w*|infosessies?)\b")
_ONE_TO_ONE_RE = re.compile(r"\b(individue\w*|spreekuur|een op een|1 op 1|persoonlijke begeleiding)\b")
_PRACTICE_RE = re.compile(r"\b(taalles\w*|taalcafe\w*|huiswerkklas\w*|oefenkans\w*)\b")
_PRICE_RE = re.compile(r"\d|euro|\beur\b|€")
_OWN_DEVICE_RE = re.compile(r"\b(je|uw) eigen (gsm|smartphone|telefoon|laptop|tablet|toestel)\b|\beigen toestel")


def scan_offer(
    *,
    name: str,
    organisation: str,
    categories: Iterable[str],
    openings: Iterable[Opening],
    description: str,
    fees: str | None,
    access: str | None,
    practical: Practical,
) -> ScanOffer:
    text = normalize(f"{name} {description}")
    formats: set[Format] = set()
    if _GROUP_RE.search(text):
        formats.add(Format.GROUP)
    if _ONE_TO_ONE_RE.search(text) or access == "appointment":
        formats.add(Format.ONE_TO_ONE)
    cats = frozenset(categories)
    if TAA in cats or _PRACTICE_RE.search(text):
        formats.add(Format.PRACTICE)
    brings = set(practical.what_to_bring.items)
    own_device = bool(brings & {Document.PHONE, Document.LAPTOP}) or bool(_OWN_DEVICE_RE.search(text))
    free: bool | None = None  # a cost that names no price and is not "gratis" stays unknown
    if fees and fees.strip():
        free = True if is_free(fees) else (False if _PRICE_RE.search(fees.lower()) else None)
    return ScanOffer(
        name=name,
        organisation=organisation,
        categories=cats,
        openings=tuple(openings),
        facilities=practical.facilities.items if practical.facilities.known else frozenset(),
        free=free,
        formats=frozenset(formats),
        own_device=own_device,
    )
