"""`lerend-netwerk vergaderingen` and `lerend-netwerk verslag`: the meeting feature outside Slack requests.

`vergaderingen` lists the meetings with their ids; `verslag` prints the minutes of a meeting as Markdown
(for e-mail) or as the Block Kit `/verslag` posts. The scheduled reminders are `plugin/cli_jobs.py`.
"""

from __future__ import annotations

import json
import logging

import click
from slack_sdk import WebClient

from domain.dates_nl import format_datetime_nl
from domain.minutes import SLACK_TOKEN_RE, Minutes, render_markdown
from plugin.cli_context import CliContext
from plugin.meeting_delivery import permalink
from plugin.notify import SLACK_FAILURES
from plugin.slack_clients import client_for_team
from plugin.views.meetings import minutes_blocks
from storage import meeting_minutes, meetings
from storage.base import utcnow

log = logging.getLogger(__name__)


def _names(client: WebClient | None, minutes: Minutes) -> dict[str, str]:
    """Display names for the Markdown minutes (users:read); ids stay where Slack gives none."""
    if client is None:
        return {}
    ids = {*minutes.coming, *minutes.not_coming, *minutes.no_answer}
    ids |= {p.proposed_by for p in minutes.points if p.proposed_by}
    ids |= {d.author for d in minutes.decisions if d.author}
    ids |= {a.owner for a in minutes.actions} | {a.done_by for a in minutes.actions if a.done_by}
    texts = [p.text for p in (*minutes.points, *minutes.carried)] + [d.text for d in minutes.decisions]
    texts += [a.text for a in minutes.actions]
    ids |= {m.group(1)[1:] for t in texts for m in SLACK_TOKEN_RE.finditer(t) if m.group(1).startswith("@")}
    names: dict[str, str] = {}
    for user_id in sorted(ids):
        try:
            user = client.users_info(user=user_id)["user"]
        except SLACK_FAILURES:
            log.info("no name for %s", user_id)
            continue
        profile = user.get("profile") or {}
        name = profile.get("display_name") or user.get("real_name") or profile.get("real_name") or user.get("name")
        if name:
            names[user_id] = str(name)
    return names


def register(group: click.Group) -> None:
    @group.command(help="List the meetings (latest first) with their ids, for `verslag --meeting ID`.")
    @click.option("--team", "team_id", default=None, help="Only this Slack workspace (team) id, e.g. TDEV.")
    @click.pass_obj
    def vergaderingen(cli: CliContext, team_id: str | None) -> None:
        with cli.db.transaction() as session:
            lines = meetings.meeting_lines(session, team_id)
        if not lines:
            click.echo(
                "Nog geen overleg" + (f" in werkruimte {team_id}" if team_id else "") + ". Plan er een met `/agenda`."
            )
            return
        for line in lines:
            minutes = "verslag gemaakt" if line.minutes_made else "nog geen verslag"
            click.echo(
                f"{line.id:>4}  {format_datetime_nl(line.starts_at)}  {line.title} · {line.network_name} "
                f"({line.team_id}) · {minutes}"
            )
        click.echo(f"Het verslag van één overleg: lerend-netwerk verslag --meeting {lines[0].id} (of --latest)")

    @group.command(help="Print the minutes of a meeting: Markdown for e-mail, or the Block Kit /verslag posts.")
    @click.option("--meeting", "meeting_id", type=int, default=None, help="The meeting's id (see `vergaderingen`).")
    @click.option("--latest", is_flag=True, help="The latest meeting that took place (of --team, if given).")
    @click.option("--team", "team_id", default=None, help="With --latest: only this Slack workspace (team) id.")
    @click.option("--format", "fmt", type=click.Choice(["md", "slack"]), default="md", show_default=True)
    @click.pass_obj
    def verslag(cli: CliContext, meeting_id: int | None, latest: bool, team_id: str | None, fmt: str) -> None:
        if (meeting_id is None) == (not latest):
            raise click.UsageError("Kies één overleg: --meeting ID (zie `lerend-netwerk vergaderingen`) of --latest.")
        settings, db = cli.settings, cli.unbounded_db
        if latest:
            with db.transaction() as session:
                meeting_id = meetings.latest_held_meeting_id(session, utcnow(), team_id)
            if meeting_id is None:
                raise click.ClickException("Nog geen overleg" + (f" in werkruimte {team_id}" if team_id else "") + ".")
        assert meeting_id is not None
        with db.transaction() as session:
            net = meetings.network_of_meeting(session, meeting_id)
            meeting = meetings.get_meeting(session, net.id, meeting_id) if net else None
            where = (meeting.channel_id, meeting.message_ts) if meeting else None
        if net is None or where is None:
            raise click.ClickException(f"Geen overleg met id {meeting_id}.")
        client = client_for_team(settings, db, net.team_id) if settings.has_slack_credentials else None
        thread_url = permalink(client, where[0], where[1]) if client and where[1] else None
        with db.transaction() as session:
            minutes = meeting_minutes.minutes_of(session, net.id, meeting_id, thread_url)
        if minutes is None:
            raise click.ClickException(f"Geen overleg met id {meeting_id}.")
        if fmt == "md":
            click.echo(render_markdown(minutes, _names(client, minutes)), nl=False)
        else:
            click.echo(json.dumps({"blocks": minutes_blocks(minutes)}, ensure_ascii=False, indent=2))
