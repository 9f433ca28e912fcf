"""The demo network's life beyond its offerings, so every README example shows something.

Knowledge tips (`/kennis itsme activeren`), needs and unanswered questions (`/hiaten`, `rapport`),
a planned joint activity (`/activiteit lijst`), a past meeting with minutes, a 📌 decision and open
action items (`/verslag`, `lerend-netwerk verslag --latest`), and an organisation that is not on
Slack yet (`/netwerk uitnodiging Buurtwerk De Kiem`). `UDEV`, the person `lerend-netwerk try`
acts as, is the coordinator; the other people are demo partners who speak for an organisation.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from domain.activities import ActivityDraft
from domain.dates_nl import BRUSSELS
from domain.knowledge import KnowledgeDraft
from storage import action_items, catalog, knowledge, meeting_minutes, meetings, outreach, signals
from storage.activities import add_activity
from storage.meeting_models import Decision
from storage.models import Network

COORDINATOR = "UDEV"
CHANNEL = "CDEV"  # the channel `lerend-netwerk try` acts in
PARTNERS = {  # demo person → the organisation they speak for
    "UDEMOBIB": "Bibliotheek Deurne",
    "UDEMOCAW": "CAW Antwerpen – onthaal Deurne",
    "UDEMOHVK": "Huis van het Kind Deurne",
}
COORDINATOR_ORGANISATION = "Samenlevingsopbouw – buurtwerk Deurne-Noord"  # so `/aanbod mijn` shows something
INVITABLE = "Buurtwerk De Kiem"

TIPS = (
    KnowledgeDraft(
        "itsme activeren op een nieuwe smartphone: stappenplan",
        "https://www.itsme-id.com/nl-BE/get-started",
        "Met eID en kaartlezer, of via de bank-app. Neem de pincode van de identiteitskaart mee.",
        ["e-overheid-en-itsme", "smartphone-en-apps"],
        ["iedereen"],
    ),
    KnowledgeDraft(
        "Smartschool voor ouders: inloggen met de co-account",
        "https://www.smartschool.be/ouders",
        "Ouders krijgen een eigen co-account van de school; vraag de gegevens aan het secretariaat.",
        ["school-en-ouders"],
        ["ouders"],
    ),
    KnowledgeDraft(
        "Valse sms'jes en phishing herkennen",
        "https://safeonweb.be",
        "Safeonweb: voorbeelden van valse berichten en waar je een verdacht bericht doorstuurt.",
        ["veiligheid-online"],
        ["senioren"],
    ),
)
NEEDS = (  # (who sees it, what, category, how often)
    ("UDEMOHVK", "Ouders raken elke dag niet in Smartschool", "school-en-ouders", "dagelijks"),
    ("UDEMOCAW", "Ouders vinden de berichten van de school niet in Smartschool", "school-en-ouders", "dagelijks"),
    ("UDEMOBIB", "Ouders vragen aan de balie hoe ze in Smartschool inloggen", "school-en-ouders", "wekelijks"),
    ("UDEMOCAW", "itsme activeren lukt niet zonder kaartlezer", "e-overheid-en-itsme", "dagelijks"),
    ("UDEMOBIB", "itsme op een nieuwe gsm zetten", "e-overheid-en-itsme", "wekelijks"),
    (
        "UDEMOBIB",
        "Senioren krijgen een afspraak bij de huisarts niet online geboekt",
        "gezondheid-online",
        "maandelijks",
    ),
)
# unanswered /verwijs questions: one whose category was guessed, one the coordinator still sorts
QUESTIONS: tuple[tuple[str, str, list[str]], ...] = (
    ("UDEMOCAW", "hulp bij de aanvraag van een sociaal tarief voor internet", ["toestel-en-internet"]),
    ("UDEMOBIB", "iemand die een klacht bij de loodgieter helpt opstellen", []),
)


def _at(day: datetime, hour: int) -> datetime:
    return datetime.combine(day.astimezone(BRUSSELS).date(), time(hour), tzinfo=BRUSSELS)


def load_demo_signals(session: Session, network: Network, now: datetime) -> None:
    network.coordinator_user_id = COORDINATOR
    session.flush()
    organisations = {}
    for user_id, name in PARTNERS.items():
        organisation = catalog.find_organisation_by_name(session, network.id, name)
        if organisation is not None:
            catalog.link_member(session, network, user_id, organisation)
            organisations[user_id] = organisation
    own = catalog.find_organisation_by_name(session, network.id, COORDINATOR_ORGANISATION)
    if own is not None:
        catalog.link_member(session, network, COORDINATOR, own)
    outreach.add_organisation(session, network.id, INVITABLE, "buurtwerk")

    for draft, user_id in zip(TIPS, PARTNERS, strict=True):
        knowledge.add_item(session, network.id, draft, shared_by=user_id, organisation_id=organisations[user_id].id)
    smartschool = None
    for user_id, text, category, frequency in NEEDS:
        need = signals.record_need(
            session,
            network.id,
            user_id=user_id,
            description=text,
            category=category,
            frequency=frequency,
            organisation_id=organisations[user_id].id,
        )
        smartschool = smartschool or need
    for user_id, query, categories in QUESTIONS:
        catalog.record_unmet_question(session, network.id, user_id=user_id, query=query, categories=categories)

    in_two_weeks = (now + timedelta(days=14)).astimezone(BRUSSELS).date()
    add_activity(
        session,
        network.id,
        ActivityDraft(
            "Infosessie Smartschool voor ouders",
            "Samen met de school: inloggen, berichten lezen en de agenda vinden, met eigen gsm.",
            [organisations["UDEMOBIB"].id],
            in_two_weeks,
            "18:30",
            "Huis van het Kind Deurne",
            "school-en-ouders",
            smartschool.id if smartschool else None,
            False,
        ),
        organiser="UDEMOHVK",
        organisation_id=organisations["UDEMOHVK"].id,
    )
    _past_meeting(session, network, now)


def _past_meeting(session: Session, network: Network, now: datetime) -> None:
    """Three weeks ago: posted, answered, one 📌 decision, items of which two are still open, minutes made."""
    starts_at = _at(now - timedelta(days=21), 14)
    meeting = meetings.create_meeting(
        session,
        network.id,
        channel_id=CHANNEL,
        title="Lerend netwerk november",
        starts_at=starts_at,
        location="Bibliotheek Deurne, zaal 1",
        created_by=COORDINATOR,
        points=["Digiweek in maart: doen we mee?", "Signalen van dit najaar: Smartschool en itsme"],
    )
    root = f"{int(starts_at.timestamp()) - 86400}.000100"
    meeting.message_ts = root
    answered = starts_at - timedelta(days=2)
    meetings.set_rsvp(session, network.id, meeting.id, COORDINATOR, coming=True, now=answered)
    meetings.set_rsvp(session, network.id, meeting.id, "UDEMOBIB", coming=True, now=answered)
    meetings.set_rsvp(session, network.id, meeting.id, "UDEMOHVK", coming=True, now=answered)
    meetings.set_rsvp(session, network.id, meeting.id, "UDEMOCAW", coming=False, now=answered)
    session.add(
        Decision(
            network_id=network.id,
            meeting_id=meeting.id,
            channel_id=CHANNEL,
            message_ts=f"{int(starts_at.timestamp())}.000200",
            text="We doen mee aan de Digiweek in maart, met een digicafé in de bib.",
            author_user_id="UDEMOBIB",
        )
    )
    today = now.astimezone(BRUSSELS).date()
    for n, (text, owner, due, done) in enumerate(
        (
            ("Flyer voor de Digiweek rondsturen", COORDINATOR, today + timedelta(days=5), False),
            ("Smartschool-vragen van ouders bundelen voor de school", "UDEMOHVK", None, False),
            ("Zaal in de bib reserveren voor de Digiweek", "UDEMOBIB", None, True),
        ),
        start=1,
    ):
        item = action_items.create_action_item(
            session, network.id, meeting, text=text, owner=owner, due=due, created_by=COORDINATOR
        )
        item.message_ts = f"{int(starts_at.timestamp())}.00030{n}"
        if done:
            item.done_by, item.done_at = owner, starts_at + timedelta(days=2)
    session.flush()
    meeting_minutes.mark_minutes_made(session, network.id, meeting.id, starts_at + timedelta(hours=2))
