"""The referral loop's messages: the receiving organisation's DM with the outcome buttons (also on
App Home and in the 14-day reminder), and the one short DM to the referring partner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from domain.dates_nl import BRUSSELS, format_date_nl
from domain.referral_outcomes import BUTTONS, OUTCOME_LABELS, REFERRED_ON, outcome_label
from plugin.views.kit import actions, button, context, section, select_element
from plugin.views.kit import escape as esc

if TYPE_CHECKING:  # the renderers read what they are handed; they never query
    from storage.referral_outcomes import ReferralCard

Block = dict[str, Any]
OUTCOME_ACTION = "doorverwijzing_uitkomst"
ONWARD_ACTION = "doorverwijzing_verder"


def _what(card: ReferralCard, labels: dict[str, str]) -> str:
    category = esc(labels.get(card.category or "", card.category or "zonder categorie"))
    target = f"*{esc(card.offering)}*" if card.offering else f"*{esc(card.to_organisation)}*"
    via = f" (doorverwezen door {esc(card.parent_from_organisation)})" if card.parent_from_organisation else ""
    said = f"\n📝 Notitie: “{esc(card.note)}”" if card.note else ""
    return (
        f"📨 <@{card.from_user_id}> verwijst iemand door naar {target}{via} ({category}).{said}\nJe krijgt geen "
        "persoonsgegevens via Slack; de persoon neemt zelf contact op of komt langs."
    )


def _status(card: ReferralCard) -> str:
    if card.outcome is None:
        return "Nog geen uitkomst. Laat met één klik weten hoe het ging; je kan het later nog aanpassen."
    when = format_date_nl(card.outcome_at.astimezone(BRUSSELS).date()) if card.outcome_at else ""
    who = f"<@{card.outcome_by}>" if card.outcome_by else "iemand"
    return f"Uitkomst: *{outcome_label(card.outcome)}* — aangeduid door {who} op {when}. Klopt het niet? Kies opnieuw."


def outcome_blocks(
    card: ReferralCard, labels: dict[str, str], organisations: Sequence[tuple[int, str]], *, intro: str | None = None
) -> list[Block]:
    """The referral, its current outcome and the buttons (the select leaves out the receiving organisation)."""
    blocks: list[Block] = []
    if intro:
        blocks.append(section(intro))
    blocks += [section(_what(card, labels)), context(_status(card))]
    elements: list[Block] = [
        button(
            OUTCOME_LABELS[slug],
            f"{OUTCOME_ACTION}_{slug}",
            f"{card.id}:{slug}",
            style="primary" if slug == card.outcome else None,
        )
        for slug in BUTTONS
    ]
    others = [(f"{card.id}:{org_id}", name) for org_id, name in organisations if org_id != card.to_organisation_id]
    if others:
        elements.append(select_element(ONWARD_ACTION, others, placeholder="Doorverwezen naar…"))
    blocks.append(actions(*elements, block_id=f"uitkomst-{card.id}"))
    return blocks


def outcome_message(
    card: ReferralCard, labels: dict[str, str], organisations: Sequence[tuple[int, str]], *, intro: str | None = None
) -> tuple[str, list[Block]]:
    text = _what(card, labels) if intro is None else f"{intro}\n{_what(card, labels)}"
    return text, outcome_blocks(card, labels, organisations, intro=intro)


REMINDER_INTRO = (
    "⏰ Twee weken geleden kwam deze doorverwijzing binnen, en er is nog geen uitkomst. Weet je hoe het ging? "
    "Eén klik volstaat; ik vraag het niet opnieuw."
)


def told_message(card: ReferralCard, onward_to: str | None = None) -> tuple[str, list[Block]]:
    """The one short DM to the referring partner, per outcome change."""
    target = f"{esc(card.offering)} ({esc(card.to_organisation)})" if card.offering else esc(card.to_organisation)
    if card.outcome == REFERRED_ON:
        result = f"*doorverwezen naar {esc(onward_to)}*" if onward_to else "*verder doorverwezen*"
    else:
        result = f"*{outcome_label(card.outcome).lower()}*"
    text = f"🔁 Je doorverwijzing naar {target}: {result}."
    return text, [section(text)]


def refusal(reason: str) -> tuple[str, list[Block]]:
    return reason, [section(reason)]
