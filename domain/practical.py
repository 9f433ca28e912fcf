"""The practical side of an offer: what to bring, how to sign up, access, facilities and places left.

Every value starts as *unknown*, and unknown is shown as "niet bekend": the app never turns a blank
form field into a promise ("rolstoeltoegankelijk", "niets meebrengen"). Labels are Dutch; codes are
stable slugs for storage and HSDS (mapping in `domain.practical_hsds` and docs/practical-offers.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.capacity import Capacity

UNKNOWN_NL = "niet bekend"
NONE_CODE = "geen"  # "none of these", chosen explicitly in a form
MAX_FREE_TEXT = 200

_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ./()-]{5,24}$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _join_nl(parts: list[str]) -> str:
    """["a", "b", "c"] → "a, b en c"."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} en {parts[-1]}"


def _too_long(text: str) -> str | None:
    return f"Maximaal {MAX_FREE_TEXT} tekens (nu {len(text)})." if len(text) > MAX_FREE_TEXT else None


# --- Wat meebrengen ----------------------------------------------------------------------------


class Document(StrEnum):
    EID = "eid"
    EID_PIN = "eid-pincode"
    PHONE = "gsm"
    LAPTOP = "laptop"
    LETTER = "brief"
    BANK_CARD = "bankkaart"
    RESIDENCE_PERMIT = "verblijfsdocument"
    PASSWORDS = "wachtwoorden"


DOCUMENT_LABELS_NL: dict[Document, str] = {
    Document.EID: "identiteitskaart (eID)",
    Document.EID_PIN: "pincode van de eID",
    Document.PHONE: "gsm (smartphone)",
    Document.LAPTOP: "eigen laptop of tablet",
    Document.LETTER: "de brief waarover het gaat",
    Document.BANK_CARD: "bankkaart",
    Document.RESIDENCE_PERMIT: "verblijfsdocument",
    Document.PASSWORDS: "gebruikersnamen en wachtwoorden",
}


@dataclass(frozen=True)
class WhatToBring:
    """`known=False` means nobody said; `known=True` with nothing listed means "niets speciaals meebrengen"."""

    known: bool = False
    items: tuple[Document, ...] = ()
    letter_from: str = ""  # "de belastingen" → "de brief van de belastingen"
    other: tuple[str, ...] = ()

    def labels_nl(self) -> list[str]:
        labels = []
        for item in self.items:
            if item is Document.LETTER and self.letter_from:
                labels.append(f"de brief van {self.letter_from}")
            else:
                labels.append(DOCUMENT_LABELS_NL[item])
        return labels + list(self.other)

    def describe_nl(self) -> str:
        if not self.known:
            return f"Wat meebrengen: {UNKNOWN_NL}"
        labels = self.labels_nl()
        return f"Meebrengen: {_join_nl(labels)}" if labels else "Niets speciaals meebrengen"


def validate_what_to_bring(codes: Iterable[str], letter_from: str, other: str) -> tuple[WhatToBring, dict[str, str]]:
    """From the form: checkboxes (with "geen" for nothing), who the letter is from, and other things, one a line."""
    chosen = list(dict.fromkeys(codes))
    sender = _clean(letter_from)
    extra = tuple(dict.fromkeys(t for line in other.splitlines() if (t := _clean(line))))
    errors: dict[str, str] = {}
    known_codes = {d.value for d in Document} | {NONE_CODE}
    if unknown := [c for c in chosen if c not in known_codes]:
        errors["documents"] = f"Onbekende keuze: {', '.join(unknown)}."
    elif NONE_CODE in chosen and (len(chosen) > 1 or extra):
        errors["documents"] = "Kies “niets meebrengen” niet samen met iets om mee te brengen."
    if sender and Document.LETTER.value not in chosen:
        errors["letter_from"] = "Vink ook “de brief waarover het gaat” aan, of laat dit leeg."
    elif message := _too_long(sender):
        errors["letter_from"] = message
    if any(len(t) > MAX_FREE_TEXT for t in extra):
        errors["other"] = f"Maximaal {MAX_FREE_TEXT} tekens per regel."
    if errors:
        return WhatToBring(), errors
    items = tuple(Document(c) for c in chosen if c != NONE_CODE)
    return WhatToBring(bool(chosen or extra), items, sender, extra), {}


# --- Hoe aanmelden -----------------------------------------------------------------------------


class SignUpMethod(StrEnum):
    WALK_IN = "binnenlopen"
    CALL = "bellen"
    BOOK_ONLINE = "online"
    REFERRAL = "doorverwijzing"


SIGN_UP_LABELS_NL: dict[SignUpMethod, str] = {
    SignUpMethod.WALK_IN: "Gewoon binnenlopen",
    SignUpMethod.CALL: "Eerst bellen",
    SignUpMethod.BOOK_ONLINE: "Online inschrijven",
    SignUpMethod.REFERRAL: "Via doorverwijzing door een hulpverlener",
}


@dataclass(frozen=True)
class SignUp:
    """The next step for a client; `contact` is the number to call or the link to use (none to walk in)."""

    method: SignUpMethod | None = None
    contact: str = ""

    def describe_nl(self) -> str:
        if self.method is None:
            return f"Hoe aanmelden: {UNKNOWN_NL}"
        label = SIGN_UP_LABELS_NL[self.method]
        if not self.contact:
            return label
        if self.method is SignUpMethod.CALL:
            return f"{label}: {self.contact}"
        if self.method is SignUpMethod.BOOK_ONLINE:
            return f"{label} via {self.contact}"
        verb = "via" if _URL_RE.match(self.contact) else "bel"
        return f"{label} ({verb} {self.contact})"


def validate_sign_up(method_code: str, contact: str) -> tuple[SignUp, dict[str, str]]:
    """Empty method = not known. Calling needs a number, booking online a link, a referral one of both."""
    code, value = method_code.strip(), _clean(contact)
    if not code:
        return SignUp(), {"method": "Kies ook hoe iemand zich aanmeldt."} if value else {}
    try:
        method = SignUpMethod(code)
    except ValueError:
        return SignUp(), {"method": f"Onbekende keuze: {code}."}
    is_phone, is_url = bool(_PHONE_RE.match(value)), bool(_URL_RE.match(value))
    error: str | None = None
    if method is SignUpMethod.CALL and not is_phone:
        error = "Geef het telefoonnummer om te bellen, bijvoorbeeld 03 123 45 67."
    elif method is SignUpMethod.BOOK_ONLINE and not is_url:
        error = "Geef de link om in te schrijven, beginnend met https://."
    elif method is SignUpMethod.REFERRAL and not (is_phone or is_url):
        error = "Geef het nummer of de link waarmee een hulpverlener doorverwijst."
    elif method is SignUpMethod.WALK_IN and value:
        error = "Wie gewoon binnenloopt, heeft geen nummer of link nodig: laat dit leeg."
    if error:
        return SignUp(), {"contact": error}
    return SignUp(method, value), {}


# --- Toegankelijkheid --------------------------------------------------------------------------


class Wheelchair(StrEnum):
    YES = "ja"
    LIMITED = "beperkt"
    NO = "nee"
    UNKNOWN = "onbekend"


WHEELCHAIR_LABELS_NL: dict[Wheelchair, str] = {
    Wheelchair.YES: "Rolstoeltoegankelijk",
    Wheelchair.LIMITED: "Beperkt rolstoeltoegankelijk",
    Wheelchair.NO: "Niet rolstoeltoegankelijk",
    Wheelchair.UNKNOWN: f"Rolstoeltoegankelijkheid {UNKNOWN_NL}",
}


class AccessFeature(StrEnum):
    HEARING_LOOP = "ringleiding"
    LIFT = "lift"
    DOORBELL = "bel-aan"
    ADAPTED_TOILET = "aangepast-toilet"


ACCESS_FEATURE_LABELS_NL: dict[AccessFeature, str] = {
    AccessFeature.HEARING_LOOP: "ringleiding",
    AccessFeature.LIFT: "lift",
    AccessFeature.DOORBELL: "bel aan aan de ingang",
    AccessFeature.ADAPTED_TOILET: "aangepast toilet",
}


@dataclass(frozen=True)
class Accessibility:
    wheelchair: Wheelchair = Wheelchair.UNKNOWN
    features: frozenset[AccessFeature] = frozenset()
    details: str = ""  # free text: "ingang via de zijdeur, bel twee keer"

    def describe_nl(self) -> str:
        parts = [WHEELCHAIR_LABELS_NL[self.wheelchair]]
        if self.features:
            parts.append(", ".join(ACCESS_FEATURE_LABELS_NL[f] for f in AccessFeature if f in self.features))
        if self.details:
            parts.append(self.details)
        return " · ".join(parts)


def validate_accessibility(
    wheelchair_code: str, feature_codes: Iterable[str], details: str
) -> tuple[Accessibility, dict[str, str]]:
    errors: dict[str, str] = {}
    code = wheelchair_code.strip() or Wheelchair.UNKNOWN.value
    wheelchair = Wheelchair.UNKNOWN
    try:
        wheelchair = Wheelchair(code)
    except ValueError:
        errors["wheelchair"] = f"Onbekende keuze: {code}."
    chosen = list(dict.fromkeys(feature_codes))
    if unknown := [c for c in chosen if c not in {f.value for f in AccessFeature}]:
        errors["features"] = f"Onbekende keuze: {', '.join(unknown)}."
    text = _clean(details)
    if message := _too_long(text):
        errors["details"] = message
    if errors:
        return Accessibility(), errors
    return Accessibility(wheelchair, frozenset(AccessFeature(c) for c in chosen), text), {}


# --- Voorzieningen -----------------------------------------------------------------------------


class Facility(StrEnum):
    FREE_WIFI = "gratis-wifi"
    COMPUTERS = "computers"
    PRINTER = "printer"
    SCANNER = "scanner"
    CHARGING_POINT = "oplaadpunt"


FACILITY_LABELS_NL: dict[Facility, str] = {
    Facility.FREE_WIFI: "gratis wifi",
    Facility.COMPUTERS: "computers met internet om zelf te gebruiken",
    Facility.PRINTER: "printer",
    Facility.SCANNER: "scanner",
    Facility.CHARGING_POINT: "oplaadpunt voor gsm of laptop",
}


@dataclass(frozen=True)
class Facilities:
    """`known=False`: nobody said; `known=True` and no items: the place has none of these."""

    known: bool = False
    items: frozenset[Facility] = frozenset()

    def has(self, facility: Facility) -> bool:
        return self.known and facility in self.items

    def describe_nl(self) -> str:
        if not self.known:
            return f"Voorzieningen: {UNKNOWN_NL}"
        if not self.items:
            return "Geen wifi, computers, printer, scanner of oplaadpunt"
        text = _join_nl([FACILITY_LABELS_NL[f] for f in Facility if f in self.items])
        return text[0].upper() + text[1:]


def validate_facilities(codes: Iterable[str]) -> tuple[Facilities, dict[str, str]]:
    """Checkboxes, with "geen" for none of them; nothing ticked stays unknown."""
    chosen = list(dict.fromkeys(codes))
    if unknown := [c for c in chosen if c not in {f.value for f in Facility} | {NONE_CODE}]:
        return Facilities(), {"facilities": f"Onbekende keuze: {', '.join(unknown)}."}
    if NONE_CODE in chosen and len(chosen) > 1:
        return Facilities(), {"facilities": "Kies “geen van deze” niet samen met een voorziening."}
    return Facilities(bool(chosen), frozenset(Facility(c) for c in chosen if c != NONE_CODE)), {}


# --- all together -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Practical:
    """The practical answers of one offer; every part starts unknown."""

    what_to_bring: WhatToBring = WhatToBring()
    sign_up: SignUp = SignUp()
    accessibility: Accessibility = Accessibility()
    facilities: Facilities = Facilities()
    capacity: Capacity | None = None  # None: no limited number of places applies (or none was given)

    def lines_nl(self, now: date | datetime) -> list[str]:
        """What a result card or the public page shows, one line each."""
        lines = [
            self.what_to_bring.describe_nl(),
            self.sign_up.describe_nl(),
            self.accessibility.describe_nl(),
            self.facilities.describe_nl(),
        ]
        if self.capacity is not None:
            lines.append(self.capacity.describe_nl(now))
        return lines
