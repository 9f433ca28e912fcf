"""The Home tab: a person's dashboard of their network. Bounded to well under 100 blocks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from domain.dates_nl import format_date_nl, format_datetime_nl
from domain.gaps import GapRow
from domain.labels_nl import STATUS_LABELS
from domain.offering_practical import is_possibly_outdated
from plugin.views.kit import Block, actions, button, clip, context, divider, escape, header, rich, section
from plugin.views.offering_practical import closure_line, practical_lines

if TYPE_CHECKING:  # the renderers read rows handed to them; they never query
    from storage.meeting_cards import ItemCard
    from storage.meeting_models import Meeting
    from storage.models import Offering, Organisation
    from storage.networks import NetworkRef

HOME_OFFERINGS = 10
HOME_GAPS = 3
HOME_ITEMS = 10
HOME_REFERRALS = 5  # referrals waiting for an outcome, three blocks each


def meeting_blocks(meeting: Meeting | None, items: Sequence[ItemCard]) -> list[Block]:
    """The next meeting, and the person's own open action items with a *Klaar* button each."""
    if meeting is None:
        blocks = [section("*Volgend overleg*: nog niet gepland. De trekker plant het met `/agenda`.")]
    else:
        where = f" · 📍 {escape(meeting.location)}" if meeting.location else ""
        blocks = [
            section(f"*Volgend overleg*: {escape(meeting.title)}\n🗓️ {format_datetime_nl(meeting.starts_at)}{where}")
        ]
    if not items:
        return [*blocks, context("Je hebt geen open actiepunten.")]
    blocks.append(section(f"*Jouw open actiepunten* ({len(items)})"))
    for item in items[:HOME_ITEMS]:
        due = f" · tegen {format_date_nl(item.due)}" if item.due else ""
        blocks.append(
            section(
                clip(f"{rich(item.text)}\n_{escape(item.meeting_title)}{due}_", 3000),
                accessory=button("Klaar", "actie_klaar", str(item.id), style="primary"),
            )
        )
    if len(items) > HOME_ITEMS:
        blocks.append(context(f"… en nog {len(items) - HOME_ITEMS} open actiepunten."))
    return blocks


def _offering_line(offering: Offering, now: datetime) -> Block:
    state = STATUS_LABELS.get(offering.status, offering.status)
    confirmed = f"laatst bevestigd {offering.last_confirmed_at:%d/%m/%Y}"
    if is_possibly_outdated(offering, now):
        confirmed = f"⚠️ {confirmed}: mogelijk verouderd"
    facts = [line for line in (closure_line(offering, now), *practical_lines(offering, now)) if line]
    return section(
        clip("\n".join([f"*{escape(offering.name)}* · {state}", *facts, confirmed]), 3000),
        accessory=button("Nog actueel", "aanbod_confirm", str(offering.id)),
    )


NO_ORGANISATION = (
    "Je bent nog niet aan een organisatie gekoppeld. "
    "Registreer een aanbod, of typ `/netwerk organisatie` en de naam van je organisatie."
)


def offerings_section(organisation: Organisation | None, offerings: Sequence[Offering], now: datetime) -> list[Block]:
    """The person's organisation and its offerings with *Nog actueel*; without one, how to get one."""
    if organisation is None:
        return [section(NO_ORGANISATION)]
    blocks = [section(f"*Aanbod van {escape(organisation.name)}*")]
    blocks += [_offering_line(o, now) for o in offerings[:HOME_OFFERINGS]]
    if not offerings:
        blocks.append(context("Nog geen aanbod. Begin met *Aanbod registreren*."))
    elif len(offerings) > HOME_OFFERINGS:
        blocks.append(context(f"… en nog {len(offerings) - HOME_OFFERINGS}: `/aanbod mijn` toont ze allemaal."))
    return blocks


def referrals_section(organisation_name: str, referrals: Sequence[Block], *, more: bool) -> list[Block]:
    """The organisation's referrals waiting for an outcome, with their buttons (commands/doorverwijzing.py
    answers them); `more` when older ones are left out."""
    blocks = [section(f"*Doorverwijzingen naar {escape(organisation_name)} zonder uitkomst*")]
    blocks += list(referrals)[: HOME_REFERRALS * 4]
    if not referrals:
        blocks.append(context("Geen doorverwijzingen die op een uitkomst wachten."))
    elif more:
        blocks.append(
            context(f"De {HOME_REFERRALS} oudste staan hier; de volgende verschijnen zodra deze beantwoord zijn.")
        )
    return blocks


NO_NEED_YET = "Nog geen nood gemeld. Zie je een nood bij je cliënten? *Nood melden*."
NO_SHORTAGE = "Geen tekort: in elke categorie is er minstens zoveel aanbod als nood. `/hiaten` toont ze naast elkaar."
UNCOUNTED = "{count} zonder categorie {verb} nog niet mee; de trekker kiest er een categorie voor in `/hiaten`."


def gaps_section(gaps: Sequence[tuple[str, GapRow]], *, need_seen: bool = False, uncounted: int = 0) -> list[Block]:
    """`gaps` are (Dutch label, row) pairs, biggest first. Without gaps it says why: `need_seen` (need in a
    category) means the offer meets it; `uncounted` signals without a category do not count yet."""
    blocks = [section("*Grootste hiaten* (laatste 90 dagen)")]
    if gaps:
        blocks += [
            section(clip(f"*{i}. {escape(label)}* · {row.verdict}\n{row.balance} · {escape(row.explanation)}.", 3000))
            for i, (label, row) in enumerate(gaps[:HOME_GAPS], start=1)
        ]
        return blocks
    if need_seen:
        text = NO_SHORTAGE
    elif uncounted:
        text = "Nog geen nood in een categorie."
    else:
        text = NO_NEED_YET
    if uncounted:
        signals = f"{uncounted} {'melding' if uncounted == 1 else 'meldingen'}"
        text += " " + UNCOUNTED.format(count=signals, verb="telt" if uncounted == 1 else "tellen")
    blocks.append(context(text))
    return blocks


def home_view(net: NetworkRef, *, choice: Sequence[Block] = (), sections: Sequence[Sequence[Block]]) -> Block:
    """`choice` is the network select for a member of several networks; `sections` are what the features
    show (plugin/features.py `home_sections`), in order, a divider between them; an empty one is left out."""
    coordinator = f"<@{net.coordinator_user_id}>" if net.coordinator_user_id else "nog niemand"
    blocks: list[Block] = [
        header(f"Lerend Netwerk · {net.name}"),
        *list(choice)[:1],
        section(f"Trekker: {coordinator}"),
        actions(
            button("Aanbod registreren", "aanbod_open", style="primary"),
            button("Nood melden", "nood_open"),
            button("Zoek doorverwijzing", "verwijs_zoek_open"),
            button("Kennis delen", "kennis_open"),
            block_id="home_buttons",
        ),
    ]
    for number, part in enumerate(part for part in sections if part):
        blocks += [divider(), *part] if number else list(part)
    blocks.append(
        context(
            "`/verwijs` zoekt een partner · `/aanbod` beheert je aanbod · `/hiaten` toont alle hiaten · "
            "`/kennis` zoekt in de kennisbank"
        )
    )
    return {"type": "home", "callback_id": "home", "blocks": blocks[:100]}
