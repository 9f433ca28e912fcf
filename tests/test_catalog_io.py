"""`lerend-netwerk import` / `export`: HSDS 3.0 in and out, one transaction, per-network ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from plugin.cli import main
from storage.db import Database
from storage.models import Network, Offering, Organisation

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data" / "public_sample.json"
DEMO = Path(__file__).resolve().parents[1] / "plugin" / "demo" / "demo_network.json"


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return CliRunner()


def counts(db: Database, team: str) -> tuple[int, int]:
    with db.transaction() as session:
        ids = select(Network.id).where(Network.team_id == team)
        orgs = session.scalar(select(func.count()).select_from(Organisation).where(Organisation.network_id.in_(ids)))
        offers = session.scalar(select(func.count()).select_from(Offering).where(Offering.network_id.in_(ids)))
        return orgs or 0, offers or 0


def test_import_the_demo_twice_updates_instead_of_duplicating(cli: CliRunner, db: Database) -> None:
    first = cli.invoke(main, ["import", str(DEMO), "--team", "T1"])
    assert first.exit_code == 0, first.output
    orgs, offers = counts(db, "T1")
    assert orgs >= 8 and offers >= 20
    second = cli.invoke(main, ["import", str(DEMO), "--team", "T1"])
    assert second.exit_code == 0 and "0 aanbiedingen nieuw" in second.output
    assert counts(db, "T1") == (orgs, offers)


def test_same_file_in_two_networks_keeps_two_copies(cli: CliRunner, db: Database) -> None:
    assert cli.invoke(main, ["import", str(DEMO), "--team", "T1"]).exit_code == 0
    assert cli.invoke(main, ["import", str(DEMO), "--team", "T2", "--network", "Wijk Hoboken"]).exit_code == 0
    assert counts(db, "T1") == counts(db, "T2")


def test_export_then_import_round_trips(cli: CliRunner, tmp_path: Path) -> None:
    source = SAMPLE if SAMPLE.exists() else DEMO
    assert cli.invoke(main, ["import", str(source), "--team", "T1"]).exit_code == 0
    exported = tmp_path / "export.json"
    result = cli.invoke(main, ["export", "--team", "T1", "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert cli.invoke(main, ["import", str(exported), "--team", "T9"]).exit_code == 0
    again = cli.invoke(main, ["export", "--team", "T9"])
    assert json.loads(again.output) == json.loads(exported.read_text())
    original = json.loads(source.read_text())
    exported_services = {
        s["id"]: s for org in json.loads(exported.read_text())["organizations"] for s in org["services"]
    }
    for org in original["organizations"]:
        for service in org["services"]:
            mine = exported_services[service["id"]]
            for key in ("name", "description", "languages", "fees_description", "email"):
                assert mine.get(key) == service.get(key), (service["id"], key)
            hours = {(x["byday"], x["opens_at"], x["closes_at"]) for x in mine["schedules"]}
            assert hours == {(x["byday"], x["opens_at"], x["closes_at"]) for x in service["schedules"]}


def test_a_bad_file_is_refused_whole_and_names_the_field(cli: CliRunner, db: Database, tmp_path: Path) -> None:
    document = json.loads(DEMO.read_text())
    bad_org = document["organizations"][-1]
    bad_service = bad_org["services"][0]
    bad_service["schedules"] = [{"byday": "MO", "opens_at": "9u", "closes_at": "12:00"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = cli.invoke(main, ["import", str(path), "--team", "T1"])
    assert result.exit_code == 1
    assert bad_org["name"] in result.output and bad_service["name"] in result.output and "opens_at" in result.output
    assert counts(db, "T1") == (0, 0)


def test_not_json_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{not json")
    result = cli.invoke(main, ["import", str(path), "--team", "T1"])
    assert result.exit_code == 1 and "geen geldige JSON" in result.output
