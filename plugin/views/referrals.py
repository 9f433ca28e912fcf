"""Block Kit for `/verwijs`: ranked results, the honest gap answer, and the help with categories."""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping, Sequence
from datetime import datetime, time
from typing import Any

from domain.counts_nl import count_nl
from domain.offering_practical import is_possibly_outdated, openings_of
from domain.referral_search import SearchFilters, SearchOutcome
from domain.search.filters import openings_asked
from domain.search.phrases import alternatives_heading, filter_phrases, unfiltered_wishes
from plugin.views.kit import Block, KeptBlock, actions, button, clip, context, escape, modal, section, text_input
from plugin.views.offerings import category_buttons, offering_card
from storage.models import Offering

PAGE = 5
MAX_SHOWN = 15
_BUTTON_VALUE = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps makes one per call otherwise
_DIVIDER = KeptBlock(type="divider")  # the same in every answer: encoded once (plugin.views.kit.message_json)
_MORE_HINT = KeptBlock(context("Vind je niet wat je zoekt? `/verwijs` zonder tekst toont de categorieën."))


HoursAsked = tuple[frozenset[int], tuple[time, time] | None]  # weekdays (none: any), part of the day


def hours_asked(filters: SearchFilters) -> HoursAsked | None:
    """The days and part of the day a question asked for ("woensdagnamiddag", "vandaag"), if any."""
    if not filters.weekdays and filters.part_of_day is None:
        return None
    return filters.weekdays, filters.part_of_day


def result_card(
    offering: Offering,
    now: datetime,
    memo: MutableMapping[Any, Any] | None,
    *,
    city_wide: bool,
    network_name: str | None,
    often_helped: bool = False,
    hours: HoursAsked | None = None,
) -> list[Block]:
    """The offering's card with its *Verwijs door* button, rendered once per catalogue version and minute.
    `hours`: the days and part of the day the question asked for; the card's 🕒 line then gives the next
    opening that meets them (the one the partner is looking for), not merely the next one.

    `memo` belongs to the catalogue snapshot the offering comes from (storage.search_index): it goes
    when the catalogue changes. What a card says depends on the offering, its marks, and on the time
    only through the minute (open now, today's hours, closures and practical facts of today: opening
    hours are whole minutes, dates change at a minute) and whether it is possibly outdated — so those
    are the key, and a card served from memory is the card rendered now."""
    if memo is None:
        return _result_card(offering, now, city_wide, network_name, often_helped, hours)
    minute = now.replace(second=0, microsecond=0)
    key = (minute, offering.id, city_wide, network_name, often_helped, is_possibly_outdated(offering, now), hours)
    cards: dict[Any, list[Block]] | None = memo.get("cards")
    if cards is None or cards.get("minute") != minute:  # a new minute: the old cards go
        cards = {"minute": minute}  # type: ignore[dict-item]
        memo["cards"] = cards
    card = cards.get(key)
    if card is None:
        made = _result_card(offering, now, city_wide, network_name, often_helped, hours)
        card = cards[key] = [KeptBlock(block) for block in made]  # served to many answers: encoded once
    return card


def _result_card(
    offering: Offering,
    now: datetime,
    city_wide: bool,
    network_name: str | None,
    often_helped: bool,
    hours: HoursAsked | None,
) -> list[Block]:
    # none meets them (never for a hit): the card gives the next opening as always
    openings = (openings_asked(openings_of(offering), *hours) or None) if hours is not None else None
    return offering_card(
        offering,
        now,
        openings=openings,
        action=button("Verwijs door", "verwijs_refer", str(offering.id), style="primary"),
        city_wide=city_wide,
        network_name=network_name,
        often_helped=often_helped,
    )


def filtered_out_message(
    query: str,
    outcome: SearchOutcome,
    offerings: Mapping[str, Offering],
    now: datetime,
    *,
    own_neighbourhood: str | None = None,
    show_network: bool = False,
    memo: MutableMapping[Any, Any] | None = None,
) -> list[Block]:
    """The filters leave nothing: say so plainly, then the nearest offerings under a heading that
    says what they do not match, and the button to report the need."""
    what = " en ".join(filter_phrases(outcome.filters).values()) or "met die voorwaarden"
    if outcome.subject:
        line = f"🤷 Niets {escape(what)} voor “{escape(clip(outcome.subject, 200))}”."
    else:  # only filters were asked ("/verwijs zondag")
        line = f"🤷 Niets {escape(what)} in het netwerk."
    blocks: list[Block] = [section(line)]
    shown = [hit for hit in outcome.alternatives if hit.doc.id in offerings]
    if shown:
        blocks.append(section(f"*{escape(alternatives_heading(outcome))}*"))
        for rank, hit in enumerate(shown, start=1):
            blocks += result_card(
                offerings[hit.doc.id],
                now,
                memo,
                city_wide=hit.city_wide and own_neighbourhood is not None,
                network_name=hit.doc.network if show_network else None,
            )
            if rank < len(shown):
                blocks.append(_DIVIDER)
    blocks += [
        actions(
            button("Meld als nood", "verwijs_report_gap", clip(query, 500), style="primary"),
            block_id="verwijs_gap",
        ),
        context("Een vraag die je vaker hoort? Meld ze als nood: zo ziet het netwerk waar aanbod ontbreekt."),
    ]
    return blocks


def results_message(
    query: str,
    outcome: SearchOutcome,
    offerings: Mapping[str, Offering],
    now: datetime,
    *,
    shown: int = PAGE,
    own_neighbourhood: str | None = None,
    show_network: bool = False,
    slip_url: str | None = None,
    often_helped: frozenset[int] = frozenset(),
    memo: MutableMapping[Any, Any] | None = None,
) -> list[Block]:
    """`memo`: the catalogue snapshot's, where result cards are kept (see `result_card`)."""
    hits = outcome.hits[: min(shown, MAX_SHOWN)]
    hours = hours_asked(outcome.filters)
    understood = " · ".join(filter_phrases(outcome.filters).values())
    intro = f"🔎 *{count_nl(len(outcome.hits), 'resultaat')}* voor “{escape(clip(query, 200))}”"
    if understood:
        intro += f"\nGefilterd: {understood}"
    wishes = unfiltered_wishes(query, outcome.filters)
    if wishes:  # ranked by, not filtered on: the cards say what each one costs and how to get in
        said = " en ".join(f"“{w}”" for w in wishes)
        intro += f"\nNiet gefilterd op {said}: kijk bij elk aanbod naar de kostprijs en de toegang."
    blocks: list[Block] = [section(intro)]
    for rank, hit in enumerate(hits, start=1):
        offering = offerings.get(hit.doc.id)
        if offering is None:
            continue
        blocks += result_card(
            offering,
            now,
            memo,
            city_wide=hit.city_wide and own_neighbourhood is not None,
            network_name=hit.doc.network if show_network else None,
            often_helped=offering.id in often_helped,
            hours=hours,
        )
        if rank < len(hits):
            blocks.append(_DIVIDER)
    more = len(outcome.hits) - len(hits)
    if more > 0 and len(hits) < MAX_SHOWN:
        value = _BUTTON_VALUE({"q": clip(query, 500), "n": len(hits) + PAGE})
        blocks.append(actions(button(f"Meer ({more})", "verwijs_more", value), block_id="verwijs_more"))
    if slip_url:  # the network's public page is on: a printable slip of the first results
        first = min(len(hits), 3)
        blocks.append(context(f"🖨️ <{slip_url}|Briefje voor de cliënt> met de eerste {first}, om af te drukken"))
    blocks.append(_MORE_HINT)
    return blocks


def gap_message(query: str, *, empty_network: bool = False) -> list[Block]:
    """Nothing answers the question. `empty_network`: the network (its scope) has no active offer at all,
    so no other words would help: say that, and how offers get in."""
    asked = escape(clip(query, 200))
    report = actions(
        button("Meld als nood", "verwijs_report_gap", clip(query, 500), style="primary"), block_id="verwijs_gap"
    )
    if empty_network:
        return [
            section(
                f"🤷 Er staat nog geen aanbod in dit netwerk, dus ook niets voor “{asked}”.\n"
                "Partners registreren hun aanbod met `/aanbod`. Meld de vraag intussen als nood: "
                "zo ziet het netwerk wat ontbreekt."
            ),
            report,
        ]
    return [
        section(
            f"🤷 Ik vond in het netwerk geen aanbod dat past bij “{asked}”.\n"
            "Liever eerlijk dan een lijst die niet helpt. Is dit een vraag die je vaker hoort? "
            "Meld ze als nood: zo ziet het netwerk waar aanbod ontbreekt."
        ),
        report,
        context("Tip: probeer andere woorden, of `/verwijs` zonder tekst voor de categorieën."),
    ]


def gap_reported_message(query: str, *, already: bool = False, uncategorised: bool = False) -> list[Block]:
    if already:
        return [
            section(
                f"☑️ “{escape(clip(query, 200))}” staat al genoteerd als nood: je meldde deze vraag eerder. "
                "Ze telt één keer mee bij de hiaten van het netwerk."
            )
        ]
    return [
        section(
            f"✅ Genoteerd als nood: “{escape(clip(query, 200))}”. "
            + (
                "Ik kon er geen categorie bij raden: de trekker kiest er een in `/hiaten`, dan telt ze mee."
                if uncategorised
                else "De trekker ziet dit signaal bij de hiaten van het netwerk."
            )
        )
    ]


def help_message(categories: Mapping[str, str]) -> list[Block]:
    return [
        section(
            "*Zoek de juiste partner voor je cliënt.* Typ in gewone taal wat iemand nodig heeft, bv.\n"
            "• `/verwijs laptop lenen`\n• `/verwijs hulp met itsme`\n"
            "• `/verwijs woensdagnamiddag computerles in het Arabisch`\n• `/verwijs nu open wifi`\n"
            "Of kies een categorie:"
        ),
        *category_buttons(categories, "verwijs_category"),
    ]


def referral_logged_message(offering: Offering, notified: Sequence[str]) -> list[Block]:
    who = ", ".join(f"<@{u}>" for u in notified)
    tail = (
        f"{who} kreeg een bericht."
        if notified
        else ("Deze organisatie heeft nog niemand op Slack: neem contact op via de gegevens hierboven.")
    )
    return [section(f"📨 Doorverwijzing naar *{escape(offering.name)}* genoteerd. {tail}")]


def search_modal() -> Block:
    field = text_input(
        "query", "Wat heeft je cliënt nodig?", max_length=500, placeholder="bv. laptop lenen, hulp bij itsme"
    )
    return modal("Zoek doorverwijzing", [field], callback_id="verwijs_zoek", submit="Zoeken", close="Sluiten")


def search_results_modal(query: str, blocks: list[Block]) -> Block:
    """Results in a modal (from the Home tab): the same blocks as the message, without the tip line."""
    kept = [b for b in blocks if b.get("type") != "context" or "zonder tekst" not in str(b)]
    return modal(f"Zoek: {query}", kept, callback_id="verwijs_resultaten", submit=None, close="Sluiten")
