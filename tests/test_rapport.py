"""`lerend-netwerk rapport`: the signals report, in Markdown and CSV, with the numbers of `/hiaten`."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from commands.hiaten import current_period
from plugin.cli import main
from plugin.cli_signals import CSV_HEADER
from storage.db import Database
from tests.slack_driver import SlackDriver
from tests.test_hiaten import add_borgerhout_signals, make_city

ROW_RE = re.compile(
    r"^\*(\d+)\. (.+)\* · tekort (\d+) punten\nnood (\d+) punten · aanbod (\d+) punten(?: · .*)?\n(.+)\.$"
)


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return CliRunner()


def run(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(main, ["rapport", "--team", "T1", *args])
    assert result.exit_code == 0, result.output
    return result.output


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def period_args() -> list[str]:
    period = current_period()
    return ["--from", period.first.isoformat(), "--to", period.last.isoformat()]


def test_report_has_the_numbers_of_hiaten_for_the_same_days(
    cli: CliRunner, slack: SlackDriver, db: Database, social_map: dict[str, int]
) -> None:
    add_borgerhout_signals(db, social_map)
    blocks = slack.command("/hiaten", "", user="UBIB").get_json()["blocks"]
    shown = [
        ROW_RE.match(b["text"]["text"]).groups()  # type: ignore[union-attr]
        for b in blocks
        if b["type"] == "section" and ROW_RE.match(b["text"]["text"])
    ]
    assert len(shown) == 2

    text = run(cli, *period_args(), "--format", "csv")
    assert text.splitlines()[0] == ",".join(CSV_HEADER)
    rows = csv_rows(text)
    reported = [
        (r["rang"], r["categorie_naam"], r["tekort_punten"], r["nood_punten"], r["aanbod_punten"], r["toelichting"])
        for r in rows
        if r["hiaat"] == "ja"
    ]
    assert reported == shown
    itsme = next(r for r in rows if r["categorie"] == "e-overheid-en-itsme")
    assert (itsme["nood_punten"], itsme["gemelde_noden"], itsme["vragen_zonder_antwoord"]) == ("18", "2", "1")
    assert (itsme["aanbiedingen"], itsme["uren_per_week"], itsme["aanbod_punten"], itsme["tekort_punten"]) == (
        "2",
        "6",
        "8",
        "10",
    )
    toestel = next(r for r in rows if r["categorie"] == "toestel-en-internet")
    assert (toestel["doorverwijzingen"], toestel["tekort_punten"], toestel["hiaat"]) == ("2", "0", "nee")
    school = next(r for r in rows if r["categorie"] == "school-en-ouders")
    assert (school["aanbiedingen"], school["uren_per_week"], school["enkel_op_afspraak"]) == ("1", "0", "1")
    apart = rows[-1]
    assert (apart["categorie_naam"], apart["vragen_zonder_antwoord"], apart["gemelde_noden"]) == (
        "Zonder categorie",
        "1",
        "0",
    )
    assert {r["netwerk"] for r in rows} == {"Lerend netwerk Borgerhout"}
    assert {(r["van"], r["tot"]) for r in rows} == {
        (current_period().first.isoformat(), current_period().last.isoformat())
    }


def test_markdown_report_has_a_dutch_title_and_a_table(
    cli: CliRunner, db: Database, social_map: dict[str, int], tmp_path: Path
) -> None:
    add_borgerhout_signals(db, social_map)
    target = tmp_path / "rapport.md"
    result = cli.invoke(
        main, ["rapport", "--team", "T1", "--network", "Lerend netwerk Borgerhout", *period_args(), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Signalenrapport Lerend netwerk Borgerhout"
    assert f"Periode: {current_period().describe_nl()} (90 dagen)." in text
    assert "| # | Categorie | Nood (punten) | Aanbod (punten) | Tekort (punten) | Gemelde noden |" in text
    assert (
        "| 1 | E-overheid en itsme | 18 | 8 | 10 | 2 | 1 | 2 | 6 | 0 | 0 | "
        "Veel nood, te weinig aanbod (2 aanbiedingen, 6 u/week) en 1 vraag zonder antwoord |"
    ) in lines
    toestel = next(line for line in lines if "| Toestel en internet |" in line)
    assert "| 2 | 4 | geen tekort |" in toestel and "-" not in toestel.split("|")[5]
    assert "Zonder categorie (niet in de tabel): 1 vraag zonder antwoord." in text
    assert "## Zo lees je de cijfers" in text


def test_the_period_decides_what_counts(cli: CliRunner, db: Database, social_map: dict[str, int]) -> None:
    add_borgerhout_signals(db, social_map)
    today = current_period().last
    longer = csv_rows(
        run(cli, "--from", (today - timedelta(days=99)).isoformat(), "--to", today.isoformat(), "--format", "csv")
    )
    itsme = next(r for r in longer if r["categorie"] == "e-overheid-en-itsme")
    assert itsme["gemelde_noden"] == "3"  # the need of 91 days ago is in a 100-day period
    before = csv_rows(
        run(
            cli,
            "--from",
            (today - timedelta(days=30)).isoformat(),
            "--to",
            (today - timedelta(days=1)).isoformat(),
            "--format",
            "csv",
        )
    )
    assert before == []  # nothing was reported, nor offered, before today


def test_city_report_gives_totals_then_each_linked_network(
    cli: CliRunner, db: Database, social_map: dict[str, int]
) -> None:
    make_city(db, social_map)
    rows = csv_rows(run(cli, "--network", "Stad Antwerpen", *period_args(), "--format", "csv"))
    assert list(dict.fromkeys(r["netwerk"] for r in rows)) == ["Totaal", "Borgerhout", "Deurne"]
    school = [(r["netwerk"], r["nood_punten"]) for r in rows if r["categorie"] == "school-en-ouders"]
    assert school == [("Totaal", "16"), ("Deurne", "16")]
    assert not any(r["categorie"] == "jongeren" for r in rows)  # Hoboken belongs to another city
    markdown = run(cli, "--network", "Stad Antwerpen", *period_args())
    assert "## Samen (Stad Antwerpen, Borgerhout, Deurne)" in markdown and "## Deurne" in markdown
    assert "Hoboken" not in markdown


def test_refusals(cli: CliRunner, db: Database, social_map: dict[str, int]) -> None:
    unknown = cli.invoke(main, ["rapport", "--team", "T1", "--network", "Nergens", *period_args()])
    assert unknown.exit_code == 1 and "Geen netwerk gevonden voor werkruimte T1 met de naam “Nergens”" in unknown.output
    reversed_ = cli.invoke(main, ["rapport", "--team", "T1", "--from", "2025-06-01", "--to", "2025-05-01"])
    assert reversed_.exit_code == 2 and "--from ligt na --to" in reversed_.output
    wrong_format = cli.invoke(main, ["rapport", "--team", "T1", *period_args(), "--format", "xlsx"])
    assert wrong_format.exit_code == 2
    # days still to come: "Geen gemelde nood" would be said of a month nobody has lived yet
    tomorrow = current_period().last + timedelta(days=1)
    future = cli.invoke(main, ["rapport", "--team", "T1", "--from", tomorrow.isoformat(),
                               "--to", (tomorrow + timedelta(days=30)).isoformat()])  # fmt: skip
    assert future.exit_code == 2 and f"--from ligt in de toekomst ({tomorrow.isoformat()})" in future.output
    assert "Geen gemelde nood" not in future.output
    ongoing = cli.invoke(main, ["rapport", "--team", "T1", "--from", current_period().first.isoformat(),
                                "--to", tomorrow.isoformat()])  # fmt: skip
    assert ongoing.exit_code == 0, ongoing.output  # a period that includes today may end later
