"""The `lerend-netwerk` command line: serve, database, and one module per feature's commands."""

from __future__ import annotations

import os
import sys

import click

from plugin.cli_context import CliContext, attach
from plugin.config import ConfigError, Settings
from storage import migrate


@click.group(help="Lerend Netwerk: a Slack app for neighbourhood learning networks on digital inclusion.")
@click.pass_context
def main(ctx: click.Context) -> None:
    attach(ctx)


# The access log names the path without its query string: OAuth's `code` and `state`, and what a
# visitor typed into the public map's search box, never reach the log.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


@main.command(help="Upgrade the database, then serve the app with gunicorn on $PORT.")
@click.option("--dev", is_flag=True, help="Local use: a dev signing secret under instance/, no Slack needed.")
@click.pass_obj
def serve(cli: CliContext, dev: bool) -> None:
    settings = cli.settings
    env = dict(os.environ)
    if dev:
        settings = settings.with_dev_secret()
        env["SLACK_SIGNING_SECRET"] = settings.signing_secret or ""
    else:
        try:
            settings.require_production_secrets()
        except ConfigError as exc:
            raise click.ClickException(str(exc)) from exc
    migrate.upgrade(settings.database_url)
    if dev:
        _load_demo_if_empty(settings)
        click.echo(f"Dev signing secret: {settings.signing_secret} (stored in {settings.instance_path})")
        click.echo(
            f"Lerend Netwerk runs on http://localhost:{settings.port} — try: curl localhost:{settings.port}/healthz"
        )
        click.echo('Or, in another terminal: .venv/bin/lerend-netwerk try "/verwijs digitale hulp"')
    host = "127.0.0.1" if dev else "0.0.0.0"
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{settings.port}",
        "--workers",
        str(settings.web_workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(settings.web_threads),
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--config",
        "python:plugin.gunicorn_conf",  # gunicorn's own error pages in Dutch
        "plugin.wsgi:dev_app()" if dev else "plugin.wsgi:app",
    ]
    sys.stdout.flush()
    os.execve(sys.executable, argv, env)


def _load_demo_if_empty(settings: Settings) -> None:
    from plugin.demo import demo_public_map, load_demo_network

    loaded = load_demo_network(settings)
    if loaded:
        click.echo(loaded)
    url = demo_public_map(settings)
    if url:
        click.echo(f"Sociale kaart van het demonetwerk (publiek): {url}")


@main.group(help="Database migrations (Alembic).")
def db() -> None:
    pass


@db.command("upgrade", help="Upgrade the database to the newest migration.")
@click.pass_obj
def db_upgrade(cli: CliContext) -> None:
    settings = cli.settings
    migrate.upgrade(settings.database_url)
    click.echo(f"Database at revision {migrate.current_revision(settings.database_url)}")


@db.command("current", help="Show the database's migration revision.")
@click.pass_obj
def db_current(cli: CliContext) -> None:
    settings = cli.settings
    current = migrate.current_revision(settings.database_url)
    head = migrate.head_revision()
    state = "up to date" if current == head else f"behind (newest is {head})"
    click.echo(f"{current or 'empty'} — {state}")


@main.group(help="Slack tokens stored by OAuth installs.")
def tokens() -> None:
    pass


@tokens.command("reencrypt", help="Encrypt every stored token with the first key of TOKEN_ENCRYPTION_KEYS.")
@click.pass_obj
def tokens_reencrypt(cli: CliContext) -> None:
    from plugin.token_crypto import EncryptedInstallationStore, TokenCipher, reencrypt

    settings = cli.settings
    if not settings.token_encryption_keys:
        raise click.ClickException("TOKEN_ENCRYPTION_KEYS is not set: there is nothing to encrypt with.")
    try:
        cipher = TokenCipher(settings.token_encryption_keys)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    engine = cli.unbounded_db.engine
    store = EncryptedInstallationStore(client_id=settings.client_id or "", engine=engine, cipher=cipher)
    click.echo(f"{reencrypt(store)} rows rewritten with the first key.")


def _register_feature_commands() -> None:
    from plugin import cli_api, cli_catalog, cli_jobs, cli_meetings, cli_signals, cli_try

    for module in (cli_catalog, cli_try, cli_jobs, cli_meetings, cli_signals, cli_api):
        module.register(main)


_register_feature_commands()
