"""Block Kit for signals: the `/nood` modal and confirmation, and the `/hiaten` answer."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from domain.activities import in_progress_summary
from domain.gaps import (
    DEFAULT_FREQUENCY,
    FREQUENCY_LABELS,
    FREQUENCY_WEIGHTS,
    HOUR_POINTS,
    OFFER_POINTS,
    UNCATEGORISED,
    UNMET_QUESTION_POINTS,
    GapAnalysis,
    GapRow,
    format_number_nl,
    uncategorised_nl,
)
from domain.labels_nl import TARGET_GROUP_LABELS
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
    select_element,
    static_select,
    text_input,
)
from storage.models import Need, Organisation
from storage.signals import GapReport

DESCRIPTION_MAX = 500
NEED_BLOCK_PREFIX = "nood_"  # block_id of a confirmation's selects: nood_<need id>
FIELDS_PER_SECTION = 10  # Slack's limit on a section's fields
PRIVACY_HINT = "Beschrijf de situatie, niet de persoon: geen namen, telefoonnummers of andere persoonsgegevens."
SCORING_NOTE = (
    "Nood = gemelde noden gewogen naar hoe vaak ze voorkomen ("
    + " · ".join(f"{FREQUENCY_LABELS[f].lower()} {w}" for f, w in FREQUENCY_WEIGHTS.items())
    + f") + {UNMET_QUESTION_POINTS} per vraag zonder antwoord. "
    f"Aanbod = {format_number_nl(OFFER_POINTS)} per actief aanbod + {format_number_nl(HOUR_POINTS)} per "
    "openingsuur per week; aanbod enkel op afspraak telt mee, met 0 uren. Tekort = nood − aanbod."
)


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


# -- /hiaten --------------------------------------------------------------------------------------
def _row_text(rank: int, label: str, row: GapRow, gap_word: str = "tekort") -> str:
    referrals = f" · {row.referrals} doorverwijzing{'en' if row.referrals != 1 else ''}" if row.referrals else ""
    return f"*{rank}. {escape(label)}* · {gap_word} {format_number_nl(row.gap)}{referrals}\n{escape(row.explanation)}."


def _period_line(report: GapReport) -> str:
    return f"Periode: {report.period.describe_nl()} ({report.period.days} dagen)"


def _empty(report: GapReport, title: str) -> list[Block]:
    return [
        header(title),
        section(
            f"Nog geen signalen in deze periode ({report.period.describe_nl()}). "
            "Meld wat je cliënten niet vinden met `/nood`, of *Meld als nood* bij een `/verwijs` zonder resultaat."
        ),
    ]


def gaps_message(report: GapReport) -> list[Block]:
    """The network's gaps, biggest first; a city-wide network compares its neighbourhoods."""
    if report.comparison is not None:
        return _comparison_message(report)
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
    else:
        blocks.append(section("🎉 Geen tekort: voor elke gemelde nood is er genoeg aanbod."))
    covered = [r for r in analysis.rows if r.gap <= 0]
    if covered:
        listed = ", ".join(f"{escape(report.label(r.category))} ({r.offers} aanbod, nood {r.need})" for r in covered)
        blocks.append(context(clip(f"Geen tekort: {listed}", 2000)))
    blocks += _addressed_elsewhere(report, {r.category for r in gaps})
    blocks += _footer(analysis)
    return fit_message(blocks)


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


def _footer(analysis: GapAnalysis) -> list[Block]:
    notes = [SCORING_NOTE]
    uncategorised = uncategorised_nl(analysis)
    if uncategorised:
        notes.append(f"Zonder categorie, dus niet meegeteld: {uncategorised}.")
    return [context(*notes), context("`/hiaten grafiek` zet dit als grafiek in het kanaal · `/nood` meldt een nood.")]


def _cell(name: str, row: GapRow | None) -> str:
    if row is None:
        return f"*{escape(name)}*\n–"
    lines = [
        f"*{escape(name)}*",
        f"nood {row.need} · {row.offers} aanbod ({format_number_nl(row.hours)} u/w)",
    ]
    extra = []
    if row.unmet:
        extra.append(f"{row.unmet} vr. zonder antw.")
    if row.referrals:
        extra.append(f"{row.referrals} doorverw.")
    if extra:
        lines.append(" · ".join(extra))
    return "\n".join(lines)


def _comparison_message(report: GapReport) -> list[Block]:
    comparison = report.comparison
    assert comparison is not None
    title = f"Hiaten in {report.network_name} per wijk"
    if report.analysis.is_empty:
        return _empty(report, title)
    blocks: list[Block] = [
        header(title),
        context(f"{_period_line(report)} · {len(comparison.columns)} netwerken naast elkaar, grootste tekort eerst"),
    ]
    for rank, total in enumerate(report.analysis.rows, start=1):
        cells = [
            mrkdwn(_cell(name, comparison.by_network[name].row(total.category)), 2000) for name in comparison.columns
        ]
        first = section(
            _row_text(rank, report.label(total.category), total, "samen tekort") + _addressed(report, total.category)
        )
        first["fields"] = cells[:FIELDS_PER_SECTION]
        blocks.append(first)
        for start in range(FIELDS_PER_SECTION, len(cells), FIELDS_PER_SECTION):
            blocks.append({"type": "section", "fields": cells[start : start + FIELDS_PER_SECTION]})
    blocks += _addressed_elsewhere(report, {r.category for r in report.analysis.rows})
    blocks += _footer(report.analysis)
    return fit_message(blocks, more_note="… en nog meer categorieën: zie `lerend-netwerk rapport` voor alles.")


def hiaten_help() -> list[Block]:
    return [
        section(
            "*Waar schiet het aanbod tekort?*\n"
            "• `/hiaten` toont per categorie de nood, het aanbod en de doorverwijzingen van de laatste 90 dagen, "
            "grootste tekort eerst.\n"
            "• `/hiaten grafiek` zet hetzelfde als grafiek in dit kanaal.\n"
            "• `/nood` meldt een nood die je bij cliënten ziet; `/nood <tekst>` doet het in één keer."
        )
    ]


def chart_caption(report: GapReport) -> str:
    """The message above the uploaded chart: the three biggest gaps in words."""
    top = report.analysis.gaps[:3]
    lines = [f"📊 Hiaten in *{escape(report.network_name)}*, {report.period.describe_nl()}."]
    lines += [f"{rank}. {escape(report.label(r.category))}: {escape(r.explanation)}." for rank, r in enumerate(top, 1)]
    if not top:
        lines.append("Geen tekort: voor elke gemelde nood is er genoeg aanbod.")
    return clip("\n".join(lines), 3000)
