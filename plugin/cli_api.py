"""`lerend-netwerk api-token create | list | revoke`: bearer tokens for the read-only HSDS API."""

from __future__ import annotations

from datetime import datetime

import click
from sqlalchemy.orm import Session

from plugin.cli_context import CliContext
from storage.api_tokens import create_token, revoke_token, tokens
from storage.models import Network
from storage.networks import find_network_by_name, networks_of_team


def _network(session: Session, team_id: str, network_name: str | None) -> Network:
    network = find_network_by_name(session, team_id, network_name)
    if network is None:
        named = f" met de naam “{network_name}”" if network_name else ""
        raise click.ClickException(f"Geen netwerk gevonden in werkruimte {team_id}{named}.")
    return network


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "nooit"


TEAM = click.option("--team", "team_id", required=True, help="Slack workspace (team) id, e.g. T0123ABCD.")


def register(group: click.Group) -> None:
    @group.group("api-token", help="Bearer tokens for the read-only HSDS API (/api/v1); each serves one network.")
    def api_token() -> None:
        pass

    @api_token.command("create", help="Make a token and print it on stdout. It is shown this once only.")
    @TEAM
    @click.option("--network", "network_name", default=None, help="Network name (default: the workspace's first).")
    @click.option("--label", default=None, help="Who or what uses the token, e.g. 'sociale kaart stad'.")
    @click.pass_obj
    def create(cli: CliContext, team_id: str, network_name: str | None, label: str | None) -> None:
        with cli.unbounded_db.transaction() as session:
            network = _network(session, team_id, network_name)
            row, token = create_token(session, network.id, label)
            label = f", {row.label}" if row.label else ""
            about = f"Token {row.id} voor netwerk “{network.name}” ({team_id}){label}."
        click.echo(f"{about} Bewaar het nu: het wordt nergens opgeslagen en niet meer getoond.", err=True)
        click.echo(token)

    @api_token.command("list", help="List tokens (never the tokens themselves) of one or every network.")
    @TEAM
    @click.option("--network", "network_name", default=None, help="Network name (default: every network).")
    @click.pass_obj
    def list_command(cli: CliContext, team_id: str, network_name: str | None) -> None:
        with cli.unbounded_db.transaction() as session:
            chosen = [_network(session, team_id, network_name)] if network_name else networks_of_team(session, team_id)
            names = {n.id: n.name for n in chosen}
            rows = tokens(session, list(names))
        if not rows:
            click.echo(f"Geen API-tokens in werkruimte {team_id}.")
            return
        for row in rows:
            click.echo(
                f"{row.id}\t{names[row.network_id]}\t{row.label or '-'}\t"
                f"aangemaakt {_when(row.created_at)}\tlaatst gebruikt {_when(row.last_used_at)}"
            )

    @api_token.command("revoke", help="Revoke a token by its id (see `api-token list`); it stops working at once.")
    @click.argument("token_id", type=int)
    @TEAM
    @click.pass_obj
    def revoke(cli: CliContext, token_id: int, team_id: str) -> None:
        with cli.unbounded_db.transaction() as session:
            revoked = revoke_token(session, [n.id for n in networks_of_team(session, team_id)], token_id)
        if not revoked:
            raise click.ClickException(f"Geen API-token {token_id} in werkruimte {team_id}.")
        click.echo(f"API-token {token_id} is ingetrokken.")
