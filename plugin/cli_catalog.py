"""`lerend-netwerk import` / `export`: the social map in and out as HSDS 3.0 JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from domain.hsds import HsdsError, dump_document, parse_document
from plugin.cli_context import CliContext
from storage.db import Database
from storage.hsds_io import export_organisations, import_organisations
from storage.models import Network
from storage.networks import create_network, find_network_by_name


def import_file(db: Database, path: Path, team_id: str, network_name: str | None) -> str:
    """Parse and validate first, then write everything in one transaction. Returns a Dutch summary."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"Kan {path} niet lezen: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{path} is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}).") from exc
    try:
        organisations = parse_document(data)
    except HsdsError as exc:
        raise click.ClickException(f"{path} is geweigerd, er is niets geïmporteerd. {exc}") from exc
    with db.transaction() as session:
        network = find_network_by_name(session, team_id, network_name)
        if network is None:
            network = create_network(
                session, team_id=team_id, name=network_name or "Lerend netwerk", coordinator_user_id=None
            )
        summary = import_organisations(session, network, organisations)
        return f"Geïmporteerd in netwerk “{network.name}” ({team_id}): {summary.describe()}"


def _network_or_fail(db: Database, team_id: str, network_name: str | None) -> Network:
    with db.transaction() as session:
        network = find_network_by_name(session, team_id, network_name)
        if network is None:
            raise click.ClickException(f"Geen netwerk gevonden voor werkruimte {team_id}" + (
                f" met de naam “{network_name}”." if network_name else "."
            ))  # fmt: skip
        return network


def register(group: click.Group) -> None:
    @group.command("import", help="Import organisations and services from Open Referral HSDS 3.0 JSON.")
    @click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("--team", "team_id", required=True, help="Slack workspace (team) id, e.g. T0123ABCD.")
    @click.option("--network", "network_name", default=None, help="Network name (default: the workspace's first).")
    @click.pass_obj
    def import_command(cli: CliContext, file: Path, team_id: str, network_name: str | None) -> None:
        click.echo(import_file(cli.unbounded_db, file, team_id, network_name))

    @group.command("export", help="Export a network's organisations and services as HSDS 3.0 JSON.")
    @click.option("--team", "team_id", required=True, help="Slack workspace (team) id.")
    @click.option("--network", "network_name", default=None, help="Network name (default: the workspace's first).")
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None)
    @click.pass_obj
    def export_command(cli: CliContext, team_id: str, network_name: str | None, output: Path | None) -> None:
        db = cli.unbounded_db
        network = _network_or_fail(db, team_id, network_name)
        with db.transaction() as session:
            document = dump_document(export_organisations(session, session.merge(network)))
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            click.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            click.echo(f"Geëxporteerd naar {output}", err=True)
