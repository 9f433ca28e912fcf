"""`lerend-netwerk rapport`: the signals report a coordinator hands to the city.

Needs, gaps, unanswered questions and referrals per category over a period, as Markdown or CSV.
It reads through `storage.signals.gap_report`, the function `/hiaten` uses, so for the same days
its numbers are those of `/hiaten`.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import click

from domain.activities import in_progress_summary
from domain.counts_nl import count_nl
from domain.dates_nl import BRUSSELS, format_date_nl
from domain.gaps import (
    SCORING_NOTE,
    GapAnalysis,
    GapRow,
    Period,
    format_number_nl,
    uncategorised_nl,
)
from domain.neighbourhood_scan import compare_neighbourhoods, scan_neighbourhood
from domain.referral_outcomes import Tally, shown_outside
from plugin.cli_context import CliContext
from plugin.views.scan import scan_markdown
from storage import referral_outcomes
from storage.base import utcnow
from storage.db import Database
from storage.networks import find_network_by_name
from storage.scan import scan_inputs
from storage.signals import GapReport, gap_report

TOTAL = "Totaal"
CSV_HEADER = (
    "van",
    "tot",
    "netwerk",
    "rang",
    "categorie",
    "categorie_naam",
    "nood_punten",
    "gemelde_noden",
    "vragen_zonder_antwoord",
    "aanbiedingen",
    "uren_per_week",
    "enkel_op_afspraak",
    "aanbod_punten",
    "tekort_punten",
    "hiaat",
    "doorverwijzingen",
    "toelichting",
)
# `--deel doorverwijzingen`: the referrals section as a CSV of its own, per receiving organisation and category
REFERRALS_CSV_HEADER = (
    "van",
    "tot",
    "netwerk",
    "organisatie",
    "categorie",
    "categorie_naam",
    "verwezen",
    "langsgekomen",
    "geholpen",
    "geen_plaats",
    "onbekend",
)
REFERRALS_NOTE = (
    "Per organisatie die de cliënt ontving en per categorie: hoeveel er werden doorverwezen, hoeveel cliënten "
    "langskwamen (ook wie geholpen werd), geholpen werden, geen plaats vonden, en waarvan de uitkomst onbekend is "
    "(niemand antwoordde). Getallen van 1 tot 4 staan als “< 5”, zodat niemand herkenbaar is."
)
Referrals = dict[tuple[str, str | None], Tally]
MD_HEADER = (
    "#",
    "Categorie",
    "Nood (punten)",
    "Aanbod (punten)",
    "Tekort (punten)",
    "Gemelde noden",
    "Vragen zonder antwoord",
    "Aanbiedingen",
    "Uren/week",
    "Enkel op afspraak",
    "Doorverwijzingen",
    "Toelichting",
)


def _number(value: float) -> str:
    """CSV numbers for spreadsheets and scripts: a decimal point, no trailing .0."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


# -- Markdown ---------------------------------------------------------------------------------------
def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(report: GapReport, analysis: GapAnalysis) -> list[str]:
    lines = ["| " + " | ".join(MD_HEADER) + " |", "|" + "---|" * len(MD_HEADER)]
    for rank, row in enumerate(analysis.rows, start=1):
        cells = (
            str(rank),
            report.label(row.category),
            str(row.need),
            str(row.supply),
            str(row.gap) if row.is_gap else "geen tekort",
            str(row.needs),
            str(row.unmet),
            str(row.offers),
            format_number_nl(row.hours),
            str(row.appointment_only),
            str(row.referrals),
            row.explanation,
        )
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    if not analysis.rows:
        lines.append("| – | Geen signalen in deze periode |" + " |" * (len(MD_HEADER) - 2))
    uncategorised = uncategorised_nl(analysis)
    if uncategorised:
        lines += ["", f"Zonder categorie (niet in de tabel): {uncategorised}."]
    return lines


def _md_referrals(report: GapReport, referrals: Referrals) -> list[str]:
    lines = ["", "## Doorverwijzingen", "", REFERRALS_NOTE, ""]
    if not referrals:
        return [*lines, "Geen doorverwijzingen in deze periode."]
    lines += [
        "| Organisatie | Categorie | Verwezen | Langsgekomen | Geholpen | Geen plaats | Onbekend |",
        "|---|---|---|---|---|---|---|",
    ]
    for (organisation, category), t in referrals.items():
        numbers = [shown_outside(n) for n in (t.sent, t.arrived, t.helped, t.no_place, t.unknown)]
        name = report.label(category) if category else "Zonder categorie"
        lines.append(f"| {_md_cell(organisation)} | {_md_cell(name)} | {' | '.join(numbers)} |")
    return lines


def report_markdown(
    report: GapReport, made_on: date, referrals: Referrals | None = None, scan: list[str] | None = None
) -> str:
    """`scan`: the Markdown lines of the neighbourhood scan section (plugin.views.scan.scan_markdown)."""
    period = report.period
    lines = [
        f"# Signalenrapport {report.network_name}",
        "",
        f"Periode: {period.describe_nl()} ({count_nl(period.days, 'dag')}). Opgemaakt op {format_date_nl(made_on)}.",
        "",
        "Per categorie: hoeveel nood partners zien, hoeveel aanbod er is en hoeveel er werd doorverwezen. "
        "Grootste tekort eerst.",
        "",
    ]
    if report.comparison is not None:
        lines += [f"## Samen ({', '.join(report.comparison.columns)})", ""]
    lines += _md_table(report, report.analysis)
    if report.comparison is not None:
        for name in report.comparison.columns:
            lines += ["", f"## {name}", "", *_md_table(report, report.comparison.by_network[name])]
    if report.in_progress:
        lines += ["", "## In aanpak", "", "Gezamenlijke activiteiten (`/activiteit`) tegen een hiaat:", ""]
        for category, found in report.in_progress.items():
            lines.append(f"- **{report.label(category)}**: {in_progress_summary(found, limit=len(found), mark='**')}")
    if referrals is not None:
        lines += _md_referrals(report, referrals)
    lines += scan or []
    lines += [
        "",
        "## Zo lees je de cijfers",
        "",
        SCORING_NOTE,
        "",
        "Doorverwijzingen tonen dat het aanbod gebruikt wordt; ze tellen niet mee, behalve als de organisatie "
        "antwoordde dat er geen plaats was (2 punten nood in die categorie). "
        "Het aanbod is het actieve aanbod van vandaag dat vóór het einde van de periode bestond.",
        "",
    ]
    return "\n".join(lines)


# -- CSV --------------------------------------------------------------------------------------------
def _csv_rows(report: GapReport, name: str, analysis: GapAnalysis) -> list[dict[str, str]]:
    base = {"van": report.period.first.isoformat(), "tot": report.period.last.isoformat(), "netwerk": name}

    def line(rank: int, row: GapRow) -> dict[str, str]:
        return base | {
            "rang": str(rank),
            "categorie": row.category,
            "categorie_naam": report.label(row.category),
            "nood_punten": str(row.need),
            "gemelde_noden": str(row.needs),
            "vragen_zonder_antwoord": str(row.unmet),
            "aanbiedingen": str(row.offers),
            "uren_per_week": _number(row.hours),
            "enkel_op_afspraak": str(row.appointment_only),
            "aanbod_punten": str(row.supply),
            "tekort_punten": str(max(row.gap, 0)),
            "hiaat": "ja" if row.is_gap else "nee",
            "doorverwijzingen": str(row.referrals),
            "toelichting": row.explanation,
        }

    rows = [line(rank, row) for rank, row in enumerate(analysis.rows, start=1)]
    if analysis.uncategorised_needs or analysis.uncategorised_unmet:
        rows.append(
            base
            | {
                "categorie_naam": "Zonder categorie",
                "gemelde_noden": str(analysis.uncategorised_needs),
                "vragen_zonder_antwoord": str(analysis.uncategorised_unmet),
            }
        )
    return rows


def referrals_csv(report: GapReport, referrals: Referrals) -> str:
    """The referrals section: one row per receiving organisation and category, small numbers as "< 5"."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REFERRALS_CSV_HEADER, lineterminator="\n")
    writer.writeheader()
    base = {"van": report.period.first.isoformat(), "tot": report.period.last.isoformat()}
    for (organisation, category), t in referrals.items():
        writer.writerow(
            base
            | {
                "netwerk": report.network_name,
                "organisatie": organisation,
                "categorie": category or "",
                "categorie_naam": report.label(category) if category else "Zonder categorie",
                "verwezen": shown_outside(t.sent),
                "langsgekomen": shown_outside(t.arrived),
                "geholpen": shown_outside(t.helped),
                "geen_plaats": shown_outside(t.no_place),
                "onbekend": shown_outside(t.unknown),
            }
        )
    return buffer.getvalue()


def report_csv(report: GapReport) -> str:
    """One header row, then one row per category; a city adds its totals (netwerk "Totaal") first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_HEADER, restval="", lineterminator="\n")
    writer.writeheader()
    if report.comparison is None:
        writer.writerows(_csv_rows(report, report.network_name, report.analysis))
    else:
        writer.writerows(_csv_rows(report, TOTAL, report.analysis))
        for name in report.comparison.columns:
            writer.writerows(_csv_rows(report, name, report.comparison.by_network[name]))
    return buffer.getvalue()


# -- the command ------------------------------------------------------------------------------------
def build_reports(db: Database, team_id: str, network_name: str | None, period: Period) -> tuple[GapReport, Referrals]:
    """The gap report and the referrals per receiving organisation and category of the period."""
    with db.transaction() as session:
        network = find_network_by_name(session, team_id, network_name)
        report = gap_report(session, network.id, period) if network is not None else None
        referrals = referral_outcomes.tallies(session, network.id, *period.bounds_utc()) if network else {}
    if report is None:
        where = f" met de naam “{network_name}”" if network_name else ""
        raise click.ClickException(f"Geen netwerk gevonden voor werkruimte {team_id}{where}.")
    return report, referrals


def scan_section(db: Database, team_id: str, network_name: str | None) -> list[str]:
    """The report's neighbourhood scan (today's offer), compared per neighbourhood for a city-wide network."""
    with db.transaction() as session:
        network = find_network_by_name(session, team_id, network_name)
        if network is None:
            return []
        own, linked = scan_inputs(session, network.id)
    comparison = compare_neighbourhoods(linked) if linked else None
    return scan_markdown(own.name, scan_neighbourhood(own.offers, own.has_coordinator), comparison)


def register(group: click.Group) -> None:
    @group.command("rapport", help="Signals report per category (needs, gaps, unanswered questions, referrals).")
    @click.option("--team", "team_id", required=True, help="Slack workspace (team) id, e.g. TDEV.")
    @click.option("--network", "network_name", default=None, help="Network name (default: the workspace's first).")
    @click.option("--from", "first", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD.")
    @click.option("--to", "last", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Last day (included).")
    @click.option("--format", "fmt", type=click.Choice(["md", "csv"]), default="md", show_default=True)
    @click.option(
        "--deel",
        "part",
        type=click.Choice(["signalen", "doorverwijzingen"]),
        default="signalen",
        show_default=True,
        help="CSV only: the signals per category, or the referrals per organisation and category "
        "(Markdown always has both).",
    )
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None)
    @click.pass_obj
    def rapport(
        cli: CliContext,
        team_id: str,
        network_name: str | None,
        first: datetime,
        last: datetime,
        fmt: str,
        part: str,
        output: Path | None,
    ) -> None:
        if first.date() > last.date():
            raise click.BadParameter("--from ligt na --to.", param_hint="--from")
        today = utcnow().astimezone(BRUSSELS).date()
        if first.date() > today:  # nothing was signalled yet: never "geen gemelde nood" for days still to come
            raise click.BadParameter(
                f"--from ligt in de toekomst ({first.date().isoformat()}): een rapport telt wat al gebeurde. "
                f"Kies een begindatum tot en met vandaag ({today.isoformat()}).",
                param_hint="--from",
            )
        period = Period(first.date(), last.date())
        report, referrals = build_reports(cli.unbounded_db, team_id, network_name, period)
        if fmt == "md":
            text = report_markdown(report, today, referrals, scan_section(cli.unbounded_db, team_id, network_name))
        else:
            text = referrals_csv(report, referrals) if part == "doorverwijzingen" else report_csv(report)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            click.echo(f"Rapport geschreven naar {output}", err=True)
