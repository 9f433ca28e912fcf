"""Block Kit for signals: the `/nood` modal and confirmation, and the `/hiaten` answer."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from domain.activities import in_progress_summary
from domain.counts_nl import count_nl
from domain.dates_nl import format_date_nl
from domain.gaps import (
    DEFAULT_FREQUENCY,
    FREQUENCY_LABELS,
    SCORING_NOTE,
    UNCATEGORISED,
    GapAnalysis,
    GapRow,
    UnsortedSignal,
    format_number_nl,
    uncategorised_nl,
)
from domain.labels_nl import TARGET_GROUP_LABELS
from domain.needs import DESCRIPTION_MAX
from plugin.views.kit import (
    Block,
    actions,
    clip,
    context,
    escape,
    fit_message,
    header,
    modal,
    mrkdwn,
    section,
    sections,
    select_element,
    static_select,
    text_input,
)

if TYPE_CHECKING:  # the renderers read what they are handed; they never query
    from storage.models import Need, Organisation
    from storage.signals import GapReport, NeedLine

NEED_BLOCK_PREFIX = "nood_"  # block_id of a confirmation's selects: nood_<need id>
FIELDS_PER_SECTION = 10  # Slack's limit on a section's fields
PRIVACY_HINT = "Beschrijf de situatie, niet de persoon: geen namen, telefoonnummers of andere persoonsgegevens."


# -- /nood ----------------------------------------------------------------------------------------
def need_modal(
    *,
    categories: Mapping[str, str],
    organisations: Sequence[Organisation],
    own_organisation_id: int | None,
    channel_id: str | None,
) -> Block:
    blocks: list[Block] = [
        text_input(
            "description",
            "Waar lopen je cliënten op vast?",
            multiline=True,
            max_length=DESCRIPTION_MAX,
            placeholder="bv. ouders raken niet in Smartschool, itsme activeren lukt niet",
            hint=PRIVACY_HINT,
        ),
        static_select(
            "category",
            "Categorie",
            list(categories.items()),
            optional=True,
            hint="Laat je dit leeg, dan raden we de categorie uit je beschrijving.",
        ),
        static_select(
            "frequency",
            "Hoe vaak zie je dit?",
            list(FREQUENCY_LABELS.items()),
            initial=DEFAULT_FREQUENCY,
        ),
        static_select("target_group", "Doelgroep", list(TARGET_GROUP_LABELS.items()), optional=True),
    ]
    if organisations:
        blocks.append(
            static_select(
                "organisation",
                "Organisatie die dit ziet",
                [(str(o.id), o.name) for o in organisations],
                initial=str(own_organisation_id) if own_organisation_id else None,
                optional=True,
            )
        )
    return modal(
        "Nood melden",
        blocks,
        callback_id="nood_save",
        submit="Melden",
        private_metadata=json.dumps({"channel": channel_id}),
    )


def need_recorded_message(need: Need, categories: Mapping[str, str], *, guessed: bool = False) -> list[Block]:
    """The confirmation, with selects to correct the (guessed) category and the frequency."""
    quote = escape(clip(need.description, 300))
    if need.category == UNCATEGORISED:
        status = "Ik kon geen categorie raden. *Kies er een*, dan telt deze nood mee bij `/hiaten`."
    else:
        label = categories.get(need.category, need.category)
        how = " (geraden)" if guessed else ""
        status = f"Categorie: *{escape(label)}*{how}. Klopt het niet? Kies hieronder een andere."
    return [
        section(f"✅ Nood genoteerd: “{quote}”\n{status}"),
        actions(
            select_element(
                "nood_category",
                list(categories.items()),
                initial=need.category or None,
                placeholder="Kies een categorie",
            ),
            select_element(
                "nood_frequency", list(FREQUENCY_LABELS.items()), initial=need.frequency, placeholder="Hoe vaak?"
            ),
            block_id=f"{NEED_BLOCK_PREFIX}{need.id}",
        ),
        context(
            f"Hoe vaak: *{FREQUENCY_LABELS.get(need.frequency, need.frequency).lower()}* · "
            "De trekker ziet het verschil tussen nood en aanbod met `/hiaten`."
        ),
    ]


def needs_list_message(
    network_name: str, needs: Sequence[NeedLine], categories: Mapping[str, str], *, days: int, more: bool
) -> list[Block]:
    """`/nood lijst`: the needs partners reported lately, newest first."""
    blocks: list[Block] = [header(f"Gemelde noden · {network_name}")]
    if not needs:
        blocks.append(section(f"Nog geen noden gemeld in de laatste {days} dagen. Meld er een met `/nood`."))
        return blocks
    lines = []
    for need in needs:
        label = categories.get(need.category) if need.category != UNCATEGORISED else None
        where = f" · {escape(need.organisation)}" if need.organisation else ""
        how = FREQUENCY_LABELS.get(need.frequency, need.frequency).lower()
        kind = escape(label) if label else "_nog zonder categorie_"
        lines.append(
            f"• “{escape(clip(need.description, 200))}” — {kind} · {how}{where} · {format_date_nl(need.reported_on)}"
        )
    blocks += sections("\n".join(lines))
    shown = f"De {len(needs)} nieuwste" if more else count_nl(len(needs), "nood")
    blocks.append(context(f"{shown} uit de laatste {days} dagen · `/hiaten` zet nood tegenover aanbod."))
    return fit_message(blocks)


# -- /hiaten --------------------------------------------------------------------------------------
UNSORTED_SHOWN = 10  # questions without a category listed with a select in /hiaten
UNSORTED_ACTION = "hiaten_categorie"  # the select; its block_id is "<kind>_<id>" (vraag_12, nood_3)


def _row_text(rank: int, label: str, row: GapRow, prefix: str = "") -> str:
    referrals = f" · {count_nl(row.referrals, 'doorverwijzing')}" if row.referrals else ""
    return f"*{rank}. {escape(label)}* · {prefix}{row.verdict}\n{row.balance}{referrals}\n{escape(row.explanation)}."


def _period_line(report: GapReport) -> str:
    return f"Periode: {report.period.describe_nl()} ({count_nl(report.period.days, 'dag')})"


def _empty(report: GapReport, title: str) -> list[Block]:
    return [
        header(title),
        section(
            f"Nog geen signalen in deze periode ({report.period.describe_nl()}). "
            "Meld wat je cliënten niet vinden met `/nood`, of *Meld als nood* bij een `/verwijs` zonder resultaat."
        ),
    ]


def gaps_message(
    report: GapReport, unsorted: Sequence[UnsortedSignal] = (), categories: Mapping[str, str] | None = None
) -> list[Block]:
    """The network's gaps, biggest first; a city-wide network compares its neighbourhoods.

    `unsorted` (only for the coordinator) lists the signals without a category, each with a select
    (`categories`) that makes it count."""
    if report.comparison is not None:
        return _comparison_message(report, unsorted, categories)
    title = f"Hiaten in {report.network_name}"
    analysis = report.analysis
    if analysis.is_empty:
        return _empty(report, title)
    blocks: list[Block] = [header(title), context(_period_line(report))]
    gaps = analysis.gaps
    if gaps:
        blocks += [
            section(_row_text(rank, report.label(r.category), r) + _addressed(report, r.category))
            for rank, r in enumerate(gaps, start=1)
        ]
    elif analysis.rows:
        blocks.append(section("🎉 Geen tekort: in elke categorie is er minstens zoveel aanbod als nood."))
    covered = [r for r in analysis.rows if not r.is_gap]
    if covered:
        listed = ", ".join(f"{escape(report.label(r.category))} ({r.balance})" for r in covered)
        blocks.append(context(clip(f"Zonder tekort: {listed}", 2000)))
    blocks += _addressed_elsewhere(report, {r.category for r in gaps})
    blocks += _unsorted_blocks(analysis, unsorted, categories)
    blocks += _footer()
    return fit_message(blocks)


def _unsorted_blocks(
    analysis: GapAnalysis, unsorted: Sequence[UnsortedSignal], categories: Mapping[str, str] | None
) -> list[Block]:
    """Signals without a category: a select per question for the coordinator, else one line."""
    left_out = uncategorised_nl(analysis)
    if not left_out:
        return []
    if not unsorted or not categories:
        return [
            context(
                f"Zonder categorie, dus nog niet meegeteld: {left_out}. "
                "De trekker kiest er een categorie voor in `/hiaten`."
            )
        ]
    blocks: list[Block] = [
        section(f"*Zonder categorie, dus nog niet meegeteld:* {left_out}. Kies een categorie, dan telt het mee.")
    ]
    options = list(categories.items())
    for signal in unsorted[:UNSORTED_SHOWN]:
        what = "Vraag zonder antwoord" if signal.kind == "vraag" else "Nood"
        block = section(f"{what}: “{escape(clip(signal.text, 200))}” · {format_date_nl(signal.created_on)}")
        block["block_id"] = f"{signal.kind}_{signal.id}"
        block["accessory"] = select_element(UNSORTED_ACTION, options, placeholder="Kies een categorie")
        blocks.append(block)
    more = len(unsorted) - UNSORTED_SHOWN
    if more > 0:
        blocks.append(context(f"… en nog {more}: kies eerst deze, dan toont `/hiaten` de volgende."))
    return blocks


def _addressed(report: GapReport, category: str) -> str:
    """Under a gap: the joint activities that address it (`/activiteit`)."""
    lines = report.in_progress.get(category)
    return f"\n🛠 In aanpak: {escape(in_progress_summary(lines))}" if lines else ""


def _addressed_elsewhere(report: GapReport, shown: set[str]) -> list[Block]:
    """Activities whose category is no gap (any more) still show, in one line."""
    rest = [
        f"{escape(report.label(category))}: {escape(in_progress_summary(lines))}"
        for category, lines in report.in_progress.items()
        if category not in shown
    ]
    return [context(clip("🛠 In aanpak (buiten de hiaten hierboven): " + " · ".join(rest), 2000))] if rest else []


def _footer() -> list[Block]:
    return [
        context(SCORING_NOTE),
        context("`/hiaten grafiek` zet dit als grafiek in het kanaal · `/nood` meldt een nood."),
    ]


def _cell(name: str, row: GapRow | None) -> str:
    if row is None:
        return f"*{escape(name)}*\n–"
    lines = [
        f"*{escape(name)}*",
        f"{row.balance} · {row.verdict}",
        f"{count_nl(row.offers, 'aanbieding')} ({format_number_nl(row.hours)} u/w)",
    ]
    extra = []
    if row.unmet:
        extra.append(f"{count_nl(row.unmet, 'vraag')} zonder antwoord")
    if row.referrals:
        extra.append(count_nl(row.referrals, "doorverwijzing"))
    if extra:
        lines.append(" · ".join(extra))
    return "\n".join(lines)


def _comparison_message(
    report: GapReport, unsorted: Sequence[UnsortedSignal], categories: Mapping[str, str] | None
) -> list[Block]:
    comparison = report.comparison
    assert comparison is not None
    title = f"Hiaten in {report.network_name} per wijk"
    if report.analysis.is_empty:
        return _empty(report, title)
    blocks: list[Block] = [
        header(title),
        context(
            f"{_period_line(report)} · {count_nl(len(comparison.columns), 'netwerk')} naast elkaar, "
            "grootste tekort eerst"
        ),
    ]
    for rank, total in enumerate(report.analysis.rows, start=1):
        cells = [
            mrkdwn(_cell(name, comparison.by_network[name].row(total.category)), 2000) for name in comparison.columns
        ]
        first = section(
            _row_text(rank, report.label(total.category), total, "samen: ") + _addressed(report, total.category)
        )
        first["fields"] = cells[:FIELDS_PER_SECTION]
        blocks.append(first)
        for start in range(FIELDS_PER_SECTION, len(cells), FIELDS_PER_SECTION):
            blocks.append({"type": "section", "fields": cells[start : start + FIELDS_PER_SECTION]})
    blocks += _addressed_elsewhere(report, {r.category for r in report.analysis.rows})
    blocks += _unsorted_blocks(report.analysis, unsorted, categories)
    blocks += _footer()
    return fit_message(blocks, more_note="… en nog meer categorieën: zie `lerend-netwerk rapport` voor alles.")


def hiaten_help(unknown: str | None = None) -> list[Block]:
    """What `/hiaten` can do; after a word it does not know, it says so first."""
    said = [section(f"`/hiaten {escape(clip(unknown, 40))}` ken ik niet.")] if unknown else []
    return said + [
        section(
            "*Waar schiet het aanbod tekort?*\n"
            "• `/hiaten` toont per categorie de nood, het aanbod en de doorverwijzingen van de laatste 90 dagen, "
            "grootste tekort eerst.\n"
            "• `/hiaten grafiek` zet hetzelfde als grafiek in dit kanaal.\n"
            "• `/hiaten scan` toetst de wijk aan de criteria van een Digitaal Inclusieve Wijk (✅/❌ per criterium).\n"
            "• `/nood` meldt een nood die je bij cliënten ziet; `/nood <tekst>` doet het in één keer."
        )
    ]


def chart_caption(report: GapReport) -> str:
    """The message above the uploaded chart: the three biggest gaps in words."""
    top = report.analysis.gaps[:3]
    lines = [f"📊 Hiaten in *{escape(report.network_name)}*, {report.period.describe_nl()}."]
    lines += [
        f"{rank}. {escape(report.label(r.category))}: {r.verdict} ({r.balance}). {escape(r.explanation)}."
        for rank, r in enumerate(top, 1)
    ]
    if not top:
        lines.append("Geen tekort: in elke categorie is er minstens zoveel aanbod als nood.")
    return clip("\n".join(lines), 3000)
