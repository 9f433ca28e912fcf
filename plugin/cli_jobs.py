"""`lerend-netwerk reminders` (hourly from cron) and `lerend-netwerk deliver`: the scheduled work of
plugin/jobs/, as thin click commands on the group's CliContext."""

from __future__ import annotations

from datetime import datetime

import click

from domain.dates_nl import BRUSSELS
from plugin import jobs
from plugin.cli_context import CliContext
from plugin.jobs import outbox
from plugin.jobs.report import FAILED_EXIT
from storage.base import utcnow


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


def register(group: click.Group) -> None:
    @group.command(
        help="Send due action-item reminders, the weekly digest, the monthly outreach nudge, the follow-up of "
        "joint activities, the 14-day question about unanswered referrals, the weekly question about places, "
        "and ask once to confirm offerings not confirmed for six months (run hourly from cron; "
        "idempotent). Delivers the outbox first. Exits with 1 when a job stopped or a message failed "
        "(given back for the next run, or failed for good in the outbox)."
    )
    @click.option("--now", "now_text", default=None, help="Pretend it is this moment (ISO 8601; Brussels time).")
    @click.pass_obj
    def reminders(cli: CliContext, now_text: str | None) -> None:
        run = jobs.run(cli.settings, cli.db, parse_now(now_text))
        click.echo(run.summary())
        if not run.ok:
            raise click.exceptions.Exit(1)

    @group.command(
        help="Deliver the outbox now: every message to Slack whose next try is due (reminders does this too; "
        "run this more often, e.g. every 5 minutes, for quicker retries). Safe on any number of instances. "
        "Exits with 1 when a message failed for good in this run (its maker was told), as reminders does."
    )
    @click.pass_obj
    def deliver(cli: CliContext) -> None:
        sweep = outbox.sweep(cli.settings, cli.db, utcnow())
        click.echo(jobs.outbox_summary(sweep).strip() or "Geen uitgestelde berichten.")
        if sweep.failed:
            click.echo(FAILED_EXIT)
            raise click.exceptions.Exit(1)
