"""`lerend-netwerk reminders` and `lerend-netwerk verslag`: the meeting feature outside Slack requests.

`reminders` is meant for cron, every hour, on any number of app instances: each owner gets one
DM a day about items due tomorrow or overdue, each coordinator one digest per ISO week (the first
run from Monday 08:00), and every message goes out exactly once (plugin.meeting_delivery.send_once).
`verslag` prints the minutes of a meeting as Markdown (for e-mail) or as the Block Kit `/verslag` posts.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import click
from slack_sdk import WebClient

from domain.action_items import KIND_DIGEST, KIND_DUE, daily_key, may_send_reminders, week_key
from domain.dates_nl import BRUSSELS, format_datetime_nl
from domain.minutes import SLACK_TOKEN_RE, Minutes, render_markdown
from plugin.activity_jobs import ask_activity_followups
from plugin.capacity_jobs import ask_capacity_updates
from plugin.catalog_jobs import ask_to_confirm_stale_offerings
from plugin.cli_context import CliContext
from plugin.config import Settings
from plugin.delivery import Sweep, deliver_due
from plugin.meeting_delivery import DirectMessage, Sent, permalink, send_once
from plugin.notify import SLACK_FAILURES
from plugin.outreach_jobs import send_outreach_nudges
from plugin.referral_jobs import ask_referral_outcomes
from plugin.slack_clients import client_for_team
from plugin.views.meetings import digest_message, due_reminder_message, minutes_blocks
from storage import meetings
from storage.base import utcnow
from storage.db import Database

log = logging.getLogger(__name__)


@dataclass
class ReminderRun:
    sent: int = 0
    taken: int = 0
    failed: int = 0
    networks_without_token: int = 0
    too_early: bool = False
    outbox: Sweep | None = None

    def count(self, outcome: Sent) -> None:
        if outcome is Sent.SENT:
            self.sent += 1
        elif outcome is Sent.TAKEN:
            self.taken += 1
        else:
            self.failed += 1

    def summary(self) -> str:
        return outbox_summary(self.outbox) + self._reminders_summary()

    def _reminders_summary(self) -> str:
        if self.too_early:
            return "Nog geen 8 uur (Brussel): er worden nog geen herinneringen verstuurd."
        text = f"Herinneringen: {self.sent} verstuurd, {self.taken} al verstuurd (door deze of een andere run)"
        text += f", {self.failed} mislukt (de volgende run probeert opnieuw)." if self.failed else "."
        if self.networks_without_token:
            text += (
                f" {self.networks_without_token} netwerk(en) overgeslagen: de app is niet (meer) geïnstalleerd"
                " in hun werkruimte."
            )
        return text


def run_reminders(settings: Settings, db: Database, now: datetime) -> ReminderRun:
    """One pass over every network with meetings. Safe to run concurrently and as often as you like."""
    run = ReminderRun()
    run.outbox = deliver_due(db.transaction, lambda team_id: client_for_team(settings, db, team_id), now)
    local = now.astimezone(BRUSSELS)
    if not may_send_reminders(local):
        run.too_early = True
        return run
    today = local.date()
    with db.transaction() as session:
        networks = meetings.networks_with_meetings(session)
    for net in networks:
        client = client_for_team(settings, db, net.team_id)
        if client is None:
            log.warning("network %s (%s): no bot token for the workspace; skipped", net.id, net.team_id)
            run.networks_without_token += 1
            continue
        with db.transaction() as session:
            due = meetings.items_to_remind(session, net.id, today)
        for owner, items in due.items():
            text, blocks = due_reminder_message(items, today)
            run.count(
                send_once(
                    db.transaction,
                    net.id,
                    kind=KIND_DUE,
                    recipient=owner,
                    period_key=daily_key(today),
                    now=now,
                    send=partial(DirectMessage, client, owner, text, blocks),
                )
            )
        coordinator = net.coordinator_user_id
        if coordinator:
            with db.transaction() as session:
                week = meetings.digest(session, net.id, now)
            text, blocks = digest_message(net.name, week, today)
            run.count(
                send_once(
                    db.transaction,
                    net.id,
                    kind=KIND_DIGEST,
                    recipient=coordinator,
                    period_key=week_key(today),
                    now=now,
                    send=partial(DirectMessage, client, coordinator, text, blocks),
                )
            )
    for outcome in (
        *send_outreach_nudges(settings, db, now),
        *ask_activity_followups(settings, db, now),
        *ask_referral_outcomes(settings, db, now),
        *ask_capacity_updates(settings, db, now),
    ):
        run.count(outcome)
    return run


def outbox_summary(sweep: Sweep | None) -> str:
    """One line about the outbox's retries, when there were any."""
    if sweep is None or not (sweep.sent or sweep.retry or sweep.failed or sweep.skipped):
        return ""
    text = f"Uitgestelde berichten: {sweep.sent} alsnog in Slack, {sweep.retry} later opnieuw"
    text += f", {sweep.failed} definitief mislukt (gemeld aan wie het maakte)" if sweep.failed else ""
    text += f", {sweep.skipped} overgeslagen (app niet geïnstalleerd)" if sweep.skipped else ""
    return text + ".\n"


def parse_now(text: str | None) -> datetime:
    """`--now 2026-12-07T09:00` (Brussels time unless an offset is given); default: the clock."""
    if not text:
        return utcnow()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            "gebruik ISO 8601, bv. 2026-12-07T09:00 of 2026-12-07T08:00+00:00", param_hint="--now"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=BRUSSELS)


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
    @group.command(
        help="Send due action-item reminders, the weekly digest, the monthly outreach nudge, the follow-up of "
        "joint activities, the 14-day question about unanswered referrals, "
        "and ask once to confirm offerings not confirmed for six months (run hourly from cron; "
        "idempotent)."
    )
    @click.option("--now", "now_text", default=None, help="Pretend it is this moment (ISO 8601; Brussels time).")
    @click.pass_obj
    def reminders(cli: CliContext, now_text: str | None) -> None:
        settings, db = cli.settings, cli.db
        now = parse_now(now_text)
        run = run_reminders(settings, db, now)
        asked = 0 if run.too_early else ask_to_confirm_stale_offerings(settings, db, now)
        click.echo(run.summary())
        if asked:
            click.echo(f"Aanbod dat 6 maanden niet bevestigd werd: {asked} keer gevraagd of het nog actueel is.")
        if run.failed:
            raise click.exceptions.Exit(1)

    @group.command(
        help="Deliver the outbox now: every message to Slack whose next try is due (reminders does this too; "
        "run this more often, e.g. every 5 minutes, for quicker retries). Safe on any number of instances."
    )
    @click.pass_obj
    def deliver(cli: CliContext) -> None:
        settings, db = cli.settings, cli.db
        sweep = deliver_due(db.transaction, lambda team_id: client_for_team(settings, db, team_id), utcnow())
        click.echo(outbox_summary(sweep).strip() or "Geen uitgestelde berichten.")

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
            minutes = meetings.minutes_of(session, net.id, meeting_id, thread_url)
        if minutes is None:
            raise click.ClickException(f"Geen overleg met id {meeting_id}.")
        if fmt == "md":
            click.echo(render_markdown(minutes, _names(client, minutes)), nl=False)
        else:
            click.echo(json.dumps({"blocks": minutes_blocks(minutes)}, ensure_ascii=False, indent=2))
