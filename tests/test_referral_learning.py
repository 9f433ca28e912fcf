"""What the network learns from the referral loop: "vaak geholpen" on `/verwijs` (only with enough
answers), the referrals section of `rapport` (small numbers as "< 5"), and the flows between
organisations that `/netwerk` shows the coordinator."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from commands.hiaten import current_period
from domain.referral_outcomes import HELPED, NO_PLACE, NOT_CAME
from plugin.cli import main
from plugin.cli_signals import REFERRALS_CSV_HEADER
from plugin.views.offerings import OFTEN_HELPED_MARK
from storage import catalog, referral_outcomes
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, Offering
from tests.conftest import COORDINATOR
from tests.meeting_helpers import text_of
from tests.slack_driver import SlackDriver


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return CliRunner()


def seed(db: Database, offering_id: int, outcomes: list[str | None], *, by: str = "UBIB", days_ago: int = 3) -> None:
    """Referrals to this offering, answered as given (None: never answered)."""
    when = utcnow() - timedelta(days=days_ago)
    with db.transaction() as session:
        network = session.scalars(select(Network).where(Network.name == "Lerend netwerk Borgerhout")).one()
        offering = session.get_one(Offering, offering_id)
        for outcome in outcomes:
            referral = catalog.record_referral(
                session, network.id, offering, from_user_id=by, category=offering.categories[0], note=None
            )
            referral.created_at = when
            session.flush()
            if outcome is not None:  # as the DM's buttons answer (which tells every instance's cache)
                assert referral_outcomes.set_outcome(session, referral.id, outcome, "UCAW", when)


def itsme_card(slack: SlackDriver) -> str:
    blocks = slack.command("/verwijs", "hulp bij itsme", user="UBIB").get_json()["blocks"]
    return next(b["text"]["text"] for b in blocks if "Hulp bij itsme en e-loket" in b.get("text", {}).get("text", ""))


def test_vaak_geholpen_needs_five_recent_answers_mostly_helped(slack: SlackDriver, db: Database, social_map) -> None:
    seed(db, social_map["itsme"], [HELPED] * 4 + [None] * 3)  # four answers: too few to say anything
    assert OFTEN_HELPED_MARK not in itsme_card(slack)
    seed(db, social_map["itsme"], [NOT_CAME, NOT_CAME])  # six answers, four helped: 67 %
    assert OFTEN_HELPED_MARK in itsme_card(slack)
    seed(db, social_map["itsme"], [NO_PLACE] * 2)  # eight answers, four helped: 50 %
    assert OFTEN_HELPED_MARK not in itsme_card(slack)


def test_old_answers_do_not_make_vaak_geholpen(slack: SlackDriver, db: Database, social_map) -> None:
    seed(db, social_map["itsme"], [HELPED] * 6, days_ago=200)
    assert OFTEN_HELPED_MARK not in itsme_card(slack)


def test_rapport_has_a_referrals_section_with_small_numbers_hidden(cli: CliRunner, db: Database, social_map) -> None:
    seed(db, social_map["itsme"], [HELPED] * 5 + [NO_PLACE])
    seed(db, social_map["laptop"], [None], by="UCAW")
    period = current_period()
    args = ["rapport", "--team", "T1", "--from", period.first.isoformat(), "--to", period.last.isoformat()]
    markdown = cli.invoke(main, args)
    assert markdown.exit_code == 0, markdown.output
    assert "## Doorverwijzingen" in markdown.output
    assert "| CAW onthaal | E-overheid en itsme | 6 | 5 | 5 | < 5 | 0 |" in markdown.output
    assert "| Bibliotheek Borgerhout | Toestel en internet | < 5 | 0 | 0 | 0 | < 5 |" in markdown.output

    result = cli.invoke(main, [*args, "--format", "csv", "--deel", "doorverwijzingen"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(REFERRALS_CSV_HEADER)
    rows = {r["organisatie"]: r for r in csv.DictReader(io.StringIO(result.output))}
    caw = rows["CAW onthaal"]
    assert (caw["verwezen"], caw["geholpen"], caw["geen_plaats"], caw["onbekend"]) == ("6", "5", "< 5", "0")
    assert rows["Bibliotheek Borgerhout"]["verwezen"] == "< 5"
    signals = cli.invoke(main, [*args, "--format", "csv"]).output  # the signals CSV keeps its own shape
    assert "organisatie" not in signals.splitlines()[0]


def test_netwerk_shows_the_coordinator_the_flows_between_organisations(
    slack: SlackDriver, db: Database, social_map
) -> None:
    seed(db, social_map["itsme"], [HELPED] * 5 + [NO_PLACE])
    seed(db, social_map["laptop"], [None], by="UCAW")
    shown = text_of(slack.command("/netwerk", "", user=COORDINATOR).get_json()["blocks"])
    assert "Bibliotheek Borgerhout → CAW onthaal: 6 doorverwijzingen, 5 geholpen, 1 zonder plaats" in shown
    assert "CAW onthaal → Bibliotheek Borgerhout: 1 doorverwijzing, 0 geholpen" in shown
    member = text_of(slack.command("/netwerk", "", user="UBIB").get_json()["blocks"])
    assert "Doorverwijzingen tussen organisaties" not in member and "→" not in member
