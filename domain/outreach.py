"""Rules of the coordinator's outreach list: the statuses, who deserves a nudge this month, and the
invitation text. No Slack, no database: plain values in, plain values out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.dates_nl import MONTH_NAMES_NL, add_months
from domain.labels_nl import ORGANISATION_KINDS
from domain.offering_form import EMAIL, clean_text

ON_LIST = "op-de-lijst"
INVITED = "uitgenodigd"
TAKES_PART = "neemt-deel"
JOINS_LATER = "sluit-later-aan"
NOT_INTERESTED = "niet-geinteresseerd"

# In the order the list shows them: who needs the coordinator's attention first.
STATUSES: dict[str, tuple[str, str]] = {
    ON_LIST: ("📋", "op de lijst"),
    INVITED: ("✉️", "uitgenodigd"),
    JOINS_LATER: ("⏳", "sluit later aan"),
    TAKES_PART: ("✅", "neemt deel"),
    NOT_INTERESTED: ("🚫", "niet geïnteresseerd"),
}
NO_CONTACT_MONTHS = 3
MISSED_MEETINGS = 2
NAME_MAX = 200
CONTACT_NAME_MAX = 120
EMAIL_MAX = 200
NOTE_MAX = 500
# A contact logged this soon after the previous one is the same contact: a double click, not news.
SAME_CONTACT = timedelta(minutes=1)


def status_label(status: str) -> str:
    emoji, label = STATUSES.get(status, ("", status))
    return f"{emoji} {label}".strip()


def default_status(has_members: bool) -> str:
    """An organisation someone on Slack speaks for takes part; any other is on the list."""
    return TAKES_PART if has_members else ON_LIST


def current_status(stored: str | None, has_members: bool) -> str:
    """The status the list shows. Someone of an organisation that was only listed or invited joined the
    Slack and said they speak for it (what the invitation asks): it takes part now, without the
    coordinator having to say so. A choice for *sluit later aan* or *niet geïnteresseerd* stands."""
    if stored is None or (has_members and stored in (ON_LIST, INVITED)):
        return default_status(has_members)
    return stored


def statuses_for(has_members: bool) -> list[str]:
    """What the coordinator may choose: once someone speaks for the organisation on Slack it is no
    longer merely listed or invited (current_status would show *neemt deel* anyway)."""
    return [s for s in STATUSES if not (has_members and s in (ON_LIST, INVITED))]


def status_change_is_contact(new_status: str) -> bool:
    """The coordinator knows a new status because they were in touch; back to the list is not contact."""
    return new_status != ON_LIST


def is_same_contact(previous: datetime | None, now: datetime) -> bool:
    return previous is not None and now - previous < SAME_CONTACT


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def last_contact_label(day: date | None) -> str:
    """ "12 november 2026", or "nog nooit": short enough for a card in the list."""
    return f"{day.day} {MONTH_NAMES_NL[day.month - 1]} {day.year}" if day else "nog nooit"


@dataclass(frozen=True)
class PartnerFacts:
    """What the nudge needs to know about one organisation."""

    organisation_id: int
    name: str
    status: str
    last_contact: date | None
    members: frozenset[str]
    listed_on: date | None = None  # when the network came to know the organisation


def without_contact(partners: Sequence[PartnerFacts], today: date) -> list[PartnerFacts]:
    """No contact for three months, except those who said they are not interested. An organisation never
    contacted counts once the network has known it for three months (a new one gets time to be invited).

    Organisations that take part on Slack count too: the seed's "separate conversation" is also for them.
    """
    limit = add_months(today, -NO_CONTACT_MONTHS)
    found = [p for p in partners if p.status != NOT_INTERESTED and (p.last_contact or p.listed_on or date.min) <= limit]
    return sorted(found, key=lambda p: (p.last_contact or date.min, p.name.casefold()))


def missed_last_meetings(partners: Sequence[PartnerFacts], coming: Sequence[frozenset[str]]) -> list[PartnerFacts]:
    """Partners with members on Slack, none of whom said *ik kom* to either of the last two meetings.

    `coming` holds, per past meeting (newest first), the members who answered that they come. The RSVPs
    are the only evidence, so an organisation nobody on Slack speaks for is never called absent (it may
    well come in person); the three months without contact cover it. *Niet geïnteresseerd* is left alone.
    """
    if len(coming) < MISSED_MEETINGS:
        return []
    recent = coming[:MISSED_MEETINGS]
    return sorted(
        (
            p
            for p in partners
            if p.status != NOT_INTERESTED and p.members and all(not (p.members & came) for came in recent)
        ),
        key=lambda p: p.name.casefold(),
    )


@dataclass(frozen=True)
class InvitationFacts:
    network_name: str
    neighbourhood: str | None
    organisation: str | None
    next_meeting: str | None  # "donderdag 4 december 2026 om 14:00", already in Dutch
    meeting_place: str | None
    coordinator_name: str | None


def invitation_text(facts: InvitationFacts) -> str:
    """A ready invitation the coordinator pastes in an e-mail or a message: why, when, how to join."""
    where = f" in {facts.neighbourhood}" if facts.neighbourhood else ""
    greeting = f"Beste collega's van {facts.organisation}," if facts.organisation else "Beste collega,"
    if facts.next_meeting:
        place = f" ({facts.meeting_place})" if facts.meeting_place else ""
        when = f"Ons volgende overleg is op {facts.next_meeting}{place}. Jullie zijn van harte welkom."
    else:
        when = "De datum van ons volgende overleg volgt nog; laat weten of jullie erbij willen zijn."
    signature = (
        [facts.coordinator_name, f"Trekker van {facts.network_name}"]
        if facts.coordinator_name
        else [f"De trekker van {facts.network_name}"]
    )
    return "\n".join(
        [
            greeting,
            "",
            f"Wij zijn {facts.network_name}, het lerend netwerk rond e-inclusie{where}. Organisaties die "
            "elke dag mensen ontmoeten — bibliotheek, basiseducatie, CAW, Huis van het Kind, buurtwerk, "
            "scholen, sociale huisvesting, digipunten, … — komen samen om elkaars aanbod te leren kennen, "
            "kennis over digitale uitsluiting te delen, de digitale noden van hun cliënten in kaart te brengen "
            "en mensen vlot naar elkaar door te verwijzen.",
            "Ook als digitale inclusie niet jullie kerntaak is, zien jullie mensen die vastlopen op "
            "itsme, Smartschool of een online formulier. Net die blik hebben we nodig.",
            "",
            when,
            "",
            "Meedoen is eenvoudig: antwoord op dit bericht of vraag mij een uitnodiging voor het kanaal van ons "
            "netwerk op Slack. Daar typ je /netwerk organisatie gevolgd door de naam van jullie organisatie, en "
            "met /aanbod delen jullie je aanbod. Kunnen jullie niet naar het overleg komen? Dan houden we jullie "
            "op de hoogte met het verslag.",
            "",
            "Hartelijke groet,",
            *signature,
        ]
    )


def counts_by_status(statuses: Mapping[int, str]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for status in statuses.values():
        if status in counts:
            counts[status] += 1
    return counts


@dataclass(frozen=True)
class PartnerDraft:
    """The organisation form, checked: `name`, `kind` and `status` only when adding."""

    name: str | None
    kind: str | None
    status: str | None
    contact_user_id: str | None
    contact_name: str | None
    contact_email: str | None
    note: str | None


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def validate_partner_form(raw: Mapping[str, object], *, adding: bool) -> tuple[PartnerDraft | None, dict[str, str]]:
    """The draft when valid, else Dutch errors per field (the form's block ids)."""
    errors: dict[str, str] = {}
    name = " ".join(clean_text(raw.get("name")).split()) or None
    contact_name = " ".join(clean_text(raw.get("contact_name")).split()) or None
    email = clean_text(raw.get("contact_email")) or None
    note = clean_text(raw.get("note")) or None
    kind, status, user = (_text_or_none(raw.get(key)) for key in ("kind", "status", "contact_user"))
    if adding:
        if not name:
            errors["name"] = "Geef de naam van de organisatie."
        elif len(name) > NAME_MAX:
            errors["name"] = f"Maximaal {NAME_MAX} tekens (nu {len(name)})."
        elif "<" in name or ">" in name:
            errors["name"] = "Geef de naam als gewone tekst, zonder vermeldingen of links."
        if kind is not None and kind not in ORGANISATION_KINDS:
            errors["kind"] = "Kies een soort uit de lijst."
        if status not in STATUSES:
            errors["status"] = "Kies een status uit de lijst."
    if contact_name and len(contact_name) > CONTACT_NAME_MAX:
        errors["contact_name"] = f"Maximaal {CONTACT_NAME_MAX} tekens (nu {len(contact_name)})."
    if email and (len(email) > EMAIL_MAX or not EMAIL.match(email)):
        errors["contact_email"] = "Dat lijkt geen e-mailadres, bv. naam@organisatie.be."
    if note and len(note) > NOTE_MAX:
        errors["note"] = f"Maximaal {NOTE_MAX} tekens (nu {len(note)})."
    if errors:
        return None, errors
    return PartnerDraft(name if adding else None, kind, status if adding else None, user, contact_name, email, note), {}
