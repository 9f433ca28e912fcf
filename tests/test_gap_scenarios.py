"""Scenarios a coordinator would call a gap or not, checked on the rule (domain.gaps) and on what people
read: `/hiaten` through the signed HTTP edge, the chart's bars and the `rapport` CSV agree on each one."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pytest

from commands.hiaten import current_period
from domain.gaps import GapSignals, NeedCount, OfferSignal, UnmetQuestionSignal, analyse_gaps
from plugin.charts import GAP_MARK, chart_bars
from plugin.cli_signals import report_csv
from storage import catalog, signals
from storage.db import Database
from storage.networks import create_network
from storage.signals import gap_report
from tests.slack_driver import SlackDriver

CATEGORY = "school-en-ouders"
LABEL = "School en ouders"
TWO_HOURS_ON = {  # opening hours on n days a week, two hours each
    n: [[day, "14:00", "16:00"] for day in range(n)] for n in range(6)
}


@dataclass(frozen=True)
class Scenario:
    name: str
    needs: tuple[str, ...] = ()  # one frequency per partner who sees the need
    questions: int = 0  # unanswered /verwijs questions reported with Meld als nood
    offers: tuple[int, ...] = ()  # per offering: days a week with hours (0: by appointment only)
    is_gap: bool = False
    need: int = 0
    supply: int = 0


SCENARIOS = (
    Scenario(
        "dagelijks bij twee partners, één wekelijks aanbod van 2 uur", ("dagelijks", "dagelijks"), 0, (1,), True, 16, 4
    ),
    Scenario("maandelijks, drie inloopaanbiedingen", ("maandelijks",), 0, (1, 1, 1), False, 2, 12),
    Scenario("wekelijks, één wekelijkse inloop", ("wekelijks",), 0, (1,), False, 4, 4),
    Scenario("dagelijks, één wekelijkse inloop", ("dagelijks",), 0, (1,), True, 8, 4),
    Scenario("dagelijks, een digipunt 5 dagen open", ("dagelijks",), 0, (5,), False, 8, 8),
    Scenario("wekelijks, geen aanbod", ("wekelijks",), 0, (), True, 4, 0),
    Scenario("zelden, geen aanbod", ("zelden",), 0, (), True, 1, 0),
    Scenario("geen nood, veel aanbod", (), 0, (5, 1, 0), False, 0, 14),
    Scenario("wekelijks, enkel op afspraak", ("wekelijks",), 0, (0,), True, 4, 2),
    Scenario("maandelijks, enkel op afspraak", ("maandelijks",), 0, (0,), False, 2, 2),
    Scenario("drie vragen zonder antwoord, één wekelijkse inloop", (), 3, (1,), True, 6, 4),
    Scenario("één vraag zonder antwoord, één wekelijkse inloop", (), 1, (1,), False, 2, 4),
    Scenario("wekelijks bij twee partners, één wekelijkse inloop", ("wekelijks", "wekelijks"), 0, (1,), True, 8, 4),
    Scenario("dagelijks bij twee partners, twee digipunten 3 dagen open", ("dagelijks",) * 2, 0, (3, 3), False, 16, 16),
)
IDS = [s.name for s in SCENARIOS]


def gap_signals_of(scenario: Scenario) -> GapSignals:
    return GapSignals(
        needs=tuple(NeedCount(CATEGORY, frequency) for frequency in scenario.needs),
        unmet=tuple(UnmetQuestionSignal((CATEGORY,)) for _ in range(scenario.questions)),
        offers=tuple(
            OfferSignal((CATEGORY,), 2.0 * days, by_appointment=days == 0, days_per_week=days)
            for days in scenario.offers
        ),
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_rule_calls_it_as_a_coordinator_would(scenario: Scenario) -> None:
    row = analyse_gaps(gap_signals_of(scenario)).row(CATEGORY)
    assert row is not None
    assert (row.need, row.supply, row.is_gap) == (scenario.need, scenario.supply, scenario.is_gap)
    assert (
        row.balance
        == f"nood {scenario.need} punt{'en' if scenario.need != 1 else ''} · aanbod {scenario.supply} punt"
        + ("en" if scenario.supply != 1 else "")
    )


def _store(db: Database, index: int, scenario: Scenario) -> tuple[int, str, str]:
    team, channel = "T1", f"CS{index}"
    with db.transaction() as session:
        network = create_network(
            session, team_id=team, name=f"Netwerk {index}", coordinator_user_id="UTREKKER", channel_id=channel
        )
        organisation = catalog.get_or_create_organisation(session, network.id, "Partner", "bibliotheek")
        for n, days in enumerate(scenario.offers):
            catalog.add_offering(
                session,
                network.id,
                organisation,
                hsds_id="",
                name=f"Aanbod {n}",
                description="Hulp met Smartschool.",
                categories=[CATEGORY],
                openings=TWO_HOURS_ON[days],
                by_appointment=days == 0,
                access="appointment" if days == 0 else "walk_in",
            )
        for n, frequency in enumerate(scenario.needs):
            signals.record_need(
                session, network.id, user_id=f"UP{n}", description="…", category=CATEGORY, frequency=frequency
            )
        for n in range(scenario.questions):
            catalog.record_unmet_question(
                session, network.id, user_id=f"UQ{n}", query="hulp met smartschool", categories=[CATEGORY]
            )
        return network.id, team, channel


POINTS = r"punt(?:en)?"
ROW = re.compile(rf"\*\d+\. {LABEL}\* · (tekort \d+ {POINTS}|geen tekort)\nnood (\d+) {POINTS} · aanbod (\d+) {POINTS}")


def test_hiaten_chart_and_rapport_agree_on_every_scenario(slack: SlackDriver, db: Database) -> None:
    period = current_period()
    for index, scenario in enumerate(SCENARIOS):
        network_id, team, channel = _store(db, index, scenario)
        blocks = slack.command("/hiaten", "", team=team, channel=channel, user="UTREKKER").get_json()["blocks"]
        texts = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
        notes = " ".join(e.get("text", "") for b in blocks if b["type"] == "context" for e in b["elements"])
        shown = [m for m in (ROW.match(t) for t in texts) if m]
        if scenario.is_gap:
            assert len(shown) == 1, (scenario.name, texts)
            verdict, need, supply = shown[0].groups()
            assert verdict == f"tekort {scenario.need - scenario.supply} punt" + (
                "en" if scenario.need - scenario.supply != 1 else ""
            )
            assert (int(need), int(supply)) == (scenario.need, scenario.supply), scenario.name
            assert "Geen tekort" not in " ".join(texts)
        else:
            assert shown == [], (scenario.name, texts)
            plural = lambda n: f"{n} punt" + ("en" if n != 1 else "")  # noqa: E731
            assert f"{LABEL} (nood {plural(scenario.need)} · aanbod {plural(scenario.supply)})" in notes, scenario.name
            assert "Geen tekort: in elke categorie" in " ".join(texts)

        with db.transaction() as session:
            report = gap_report(session, network_id, period)
        assert report is not None
        [bar] = chart_bars(report)
        assert (bar.need, bar.supply, bar.is_gap) == (scenario.need, scenario.supply, scenario.is_gap), scenario.name
        assert bar.label.endswith(GAP_MARK) == scenario.is_gap

        [row] = list(csv.DictReader(io.StringIO(report_csv(report))))
        assert (row["nood_punten"], row["aanbod_punten"], row["hiaat"]) == (
            str(scenario.need),
            str(scenario.supply),
            "ja" if scenario.is_gap else "nee",
        ), scenario.name
        assert row["tekort_punten"] == str(max(scenario.need - scenario.supply, 0))
