"""`lerend-netwerk try "/verwijs digitale hulp"`: a signed slash command to the local server, reply as text.

A newcomer sees the main job work without a Slack workspace (`make run` in another terminal).
"""

from __future__ import annotations

import json
import shlex
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import click
from slack_sdk.signature import SignatureVerifier

from plugin.cli_context import CliContext
from plugin.config import dev_signing_secret
from plugin.views.plaintext import reply_to_text


def register(group: click.Group) -> None:
    @group.command("try", help='Send a signed slash command to the running app, e.g. try "/verwijs laptop lenen".')
    @click.argument("command_line")
    @click.option("--team", default="TDEV", show_default=True, help="Workspace id to act as.")
    @click.option("--user", default="UDEV", show_default=True, help="User id to act as.")
    @click.option("--channel", default="CDEV", show_default=True, help="Channel id to act in.")
    @click.option("--url", default=None, help="Request URL (default: http://127.0.0.1:$PORT/slack/events).")
    @click.pass_obj
    def try_command(cli: CliContext, command_line: str, team: str, user: str, channel: str, url: str | None) -> None:
        settings = cli.settings
        parts = command_line.strip().split(" ", 1)
        if not parts[0].startswith("/"):
            raise click.ClickException(f"Begin met een slash-commando, bv. {shlex.quote('/verwijs laptop lenen')}.")
        body = urlencode({
            "command": parts[0], "text": parts[1] if len(parts) > 1 else "", "team_id": team,
            "team_domain": "dev", "user_id": user, "user_name": user.lower(), "channel_id": channel,
            "channel_name": "dev", "trigger_id": "dev-trigger", "api_app_id": "ADEV",
            "response_url": "http://127.0.0.1:9/response_url",
        })  # fmt: skip
        secret = settings.signing_secret or dev_signing_secret(settings.instance_path)
        timestamp = str(int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body) or ""
        request = urllib.request.Request(
            url or f"http://127.0.0.1:{settings.port}/slack/events",
            data=body.encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": signature,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read().decode()
        except urllib.error.HTTPError as exc:
            raise click.ClickException(f"De app antwoordde {exc.code}: {exc.read().decode()[:200]}") from exc
        except urllib.error.URLError as exc:
            raise click.ClickException(
                f"Geen app op {request.full_url} ({exc.reason}). Start ze met `make run`."
            ) from exc
        if not raw:
            click.echo("(de app bevestigde zonder tekst; in Slack opent ze hier een venster)")
            return
        try:
            click.echo(reply_to_text(json.loads(raw)))
        except ValueError:
            click.echo(raw)
