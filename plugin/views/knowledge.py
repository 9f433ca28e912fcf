"""Block Kit for `/kennis`: the share form, result cards, the channel announcement, and the two
tips `/verwijs` shows under its referrals."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from domain.counts_nl import count_nl
from domain.dates_nl import BRUSSELS, format_date_nl
from domain.knowledge import EXPLANATION_MAX, TITLE_MAX, URL_MAX, MessagePrefill
from domain.labels_nl import TARGET_GROUP_LABELS
from plugin.views.kit import (
    Block,
    actions,
    button,
    clip,
    context,
    divider,
    escape,
    fit_message,
    header,
    link,
    modal,
    section,
    static_select,
    text_input,
)

if TYPE_CHECKING:  # the renderers read what they are handed; they never query
    from storage.knowledge import KnowledgeCard

SAVE = "kennis_save"
OPEN = "kennis_open"
REMOVE = "kennis_remove"
SHOWN = 8
HINTS_IN_REFERRALS = 2
HELP = (
    "*De kennisbank van het netwerk* — tips en materiaal over digitale inclusie, gedeeld door partners.\n"
    "• `/kennis` deelt een tip of materiaal (titel, link, uitleg, categorie)\n"
    "• `/kennis <zoekterm>` zoekt, bv. `/kennis itsme uitleg` of `/kennis schoolapp ouders`\n"
    "• `/kennis lijst` toont de nuttigste eerst (👍 op de aankondiging tellen mee)\n"
    "• In een kanaal: ⋯ bij een bericht → *Bewaar als kennis* maakt er een tip van, met een link terug."
)


def knowledge_modal(
    categories: Mapping[str, str],
    *,
    channel_id: str | None,
    prefill: MessagePrefill | None = None,
    guessed_categories: Sequence[str] = (),
    source: Mapping[str, str] | None = None,
) -> Block:
    """The share form; from a message (`source`: channel, ts, url) it comes prefilled."""
    blocks: list[Block] = []
    if source and source.get("url"):
        blocks.append(context(f"Uit <{source['url']}|dit bericht>. Pas aan wat nodig is."))
    blocks += [
        text_input(
            "title",
            "Titel",
            max_length=TITLE_MAX,
            initial=prefill.title if prefill else None,
            placeholder="bv. Stappenplan itsme activeren (met schermafbeeldingen)",
        ),
        text_input(
            "url",
            "Link",
            optional=True,
            max_length=URL_MAX,
            initial=prefill.url if prefill else None,
            placeholder="https://…",
        ),
        text_input(
            "explanation",
            "Korte uitleg",
            multiline=True,
            max_length=EXPLANATION_MAX,
            initial=prefill.explanation if prefill else None,
            hint="Wat is het, voor wie, en wat kan een organisatie ermee doen?",
        ),
        static_select(
            "categories",
            "Categorieën",
            list(categories.items()),
            multi=True,
            initial_many=guessed_categories,
        ),
        static_select("target_groups", "Doelgroep", list(TARGET_GROUP_LABELS.items()), multi=True, optional=True),
    ]
    meta = {"channel": channel_id or ""}
    if source:
        meta |= {"source_channel": source.get("channel", ""), "source_ts": source.get("ts", "")}
        meta["source_url"] = source.get("url", "")
    return modal("Kennis delen", blocks, callback_id=SAVE, submit="Delen", private_metadata=json.dumps(meta))


def already_saved_modal(card_title: str, announcement_url: str | None) -> Block:
    where = f" <{announcement_url}|Bekijk de aankondiging>." if announcement_url else ""
    text = f"📚 Dit bericht staat al in de kennisbank als *{escape(card_title)}*.{where}"
    return modal("Kennis delen", [section(text)], callback_id="kennis_al_bewaard", submit=None, close="Sluiten")


def _title(card: KnowledgeCard) -> str:
    """The title as typed, and the address as itself next to it: a label never hides where a link goes."""
    title = f"*{escape(card.title)}*"
    return f"{title} · {link(card.url)}" if card.url else title


def _byline(card: KnowledgeCard, labels: Mapping[str, str]) -> str:
    when = format_date_nl(card.created_at.astimezone(BRUSSELS).date())
    org = f" ({escape(card.organisation)})" if card.organisation else ""
    parts = [f"👍 {card.likes}", f"gedeeld door <@{card.shared_by}>{org} op {when}"]
    if card.categories:
        parts.append(", ".join(escape(labels.get(c, c)) for c in card.categories))
    if card.network_name:
        parts.append(f"📍 {escape(card.network_name)}")
    if card.source_url:
        parts.append(f"<{card.source_url}|oorspronkelijk bericht>")
    return " · ".join(parts)


def knowledge_card(card: KnowledgeCard, labels: Mapping[str, str], *, removable: bool = False) -> list[Block]:
    accessory = button("Verwijder", REMOVE, str(card.id)) if removable else None
    body = f"📚 {_title(card)}\n{escape(clip(card.explanation, 500))}"
    return [section(body, accessory=accessory), context(_byline(card, labels))]


def _empty(text: str) -> list[Block]:
    return [section(text), actions(button("Kennis delen", OPEN, style="primary"))]


def _listing(
    intro: list[Block],
    cards: Sequence[KnowledgeCard],
    total: int,
    more: str,
    labels: Mapping[str, str],
    *,
    viewer: str,
    coordinator: bool,
) -> list[Block]:
    """Cards under an intro; the sharer and the coordinator get *Verwijder*."""
    blocks = list(intro)
    for rank, card in enumerate(cards):
        if rank:
            blocks.append(divider())
        blocks += knowledge_card(card, labels, removable=coordinator or card.shared_by == viewer)
    if total > len(cards):
        blocks.append(context(f"… en nog {total - len(cards)}{more}"))
    return fit_message(blocks)


def results_message(
    query: str,
    cards: Sequence[KnowledgeCard],
    total: int,
    labels: Mapping[str, str],
    *,
    viewer: str,
    coordinator: bool,
) -> list[Block]:
    asked = escape(clip(query, 200))
    if not cards:
        return _empty(
            f"📚 Nog geen kennis over “{asked}” in het netwerk. Weet jij er iets over? "
            "Deel het: zo leert het hele netwerk mee."
        )
    intro = [section(f"📚 *{count_nl(total, 'tip')} in de kennisbank* voor “{asked}”")]
    more = ": maak je zoekterm preciezer."
    return _listing(intro, cards, total, more, labels, viewer=viewer, coordinator=coordinator)


def list_message(
    network_name: str,
    cards: Sequence[KnowledgeCard],
    total: int,
    labels: Mapping[str, str],
    *,
    viewer: str,
    coordinator: bool,
) -> list[Block]:
    if not cards:
        return _empty(f"📚 De kennisbank van *{escape(network_name)}* is nog leeg. Deel de eerste tip!")
    intro = [header(f"Kennisbank van {network_name}"), context("De nuttigste eerst (👍), dan de nieuwste.")]
    more = ". Zoek gericht met `/kennis <zoekterm>`."
    return _listing(intro, cards, total, more, labels, viewer=viewer, coordinator=coordinator)


def hints_for_referrals(cards: Sequence[KnowledgeCard], labels: Mapping[str, str]) -> list[Block]:
    """At most two tips under `/verwijs` results: knowledge that helps with the same question."""
    if not cards:
        return []
    blocks: list[Block] = [divider(), context("📚 *Uit de kennisbank* — kan ook helpen:")]
    for card in cards[:HINTS_IN_REFERRALS]:
        blocks += knowledge_card(card, labels)
    return blocks


def announcement(card: KnowledgeCard, labels: Mapping[str, str]) -> tuple[str, list[Block]]:
    text = f"📚 Nieuw in de kennisbank: {escape(card.title)}"
    org = f" ({escape(card.organisation)})" if card.organisation else ""
    blocks = [
        section(f"📚 <@{card.shared_by}>{org} deelde kennis: {_title(card)}\n{escape(clip(card.explanation, 1200))}"),
        context(
            " · ".join(
                [
                    ", ".join(escape(labels.get(c, c)) for c in card.categories),
                    "👍 als je er iets aan hebt: de nuttigste tips komen eerst in `/kennis`",
                ]
            )
        ),
    ]
    return clip(text, 300), blocks


def saved_message(card: KnowledgeCard, announced_in: str | None) -> str:
    where = f" en aangekondigd in <#{announced_in}>" if announced_in else ""
    return f"✅ *{escape(card.title)}* staat in de kennisbank{where}. Zoek alles terug met `/kennis <zoekterm>`."
