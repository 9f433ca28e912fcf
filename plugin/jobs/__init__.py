"""Scheduled work in one place: `lerend-netwerk reminders` (hourly from cron) runs these jobs in order.

| job | module | what |
|---|---|---|
| outbox | `outbox.py` | every message to Slack whose next try is due (at any hour) |
| — | | from 08:00 Brussels time on; an earlier run stops here |
| action items | `action_items.py` | owners' due items (daily), the coordinator's digest (weekly) |
| outreach | `outreach.py` | the coordinator's monthly nudge about partners out of touch |
| activities | `activities.py` | asking the organiser whether a joint activity took place |
| referrals | `referrals.py` | asking about a referral unanswered for 14 days |
| capacity | `capacity.py` | the weekly question about places left |
| stale offerings | `stale_offerings.py` | asking once whether an offering unconfirmed for six months is current |

Every direct message goes through one send-once claim (plugin.send_once → storage.send_once), so
runs may overlap and repeat on any number of instances. A job that fails on the database or on Slack
is logged and named in the report; the jobs after it still run (and the exit code is 1).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from domain.action_items import may_send_reminders
from domain.dates_nl import BRUSSELS
from plugin.config import Settings
from plugin.jobs import action_items, activities, capacity, outbox, outreach, referrals, stale_offerings
from plugin.jobs.report import ReminderRun, outbox_summary
from plugin.notify import SLACK_FAILURES
from plugin.send_once import Sent
from storage.db import Database

__all__ = ["JOBS", "Job", "ReminderRun", "outbox_summary", "run"]

log = logging.getLogger(__name__)

# What stops one job without stopping the run: the database or Slack failing underneath it.
JOB_FAILURES: tuple[type[Exception], ...] = (SQLAlchemyError, *SLACK_FAILURES)

Step = Callable[[Settings, Database, datetime, ReminderRun], None]


@dataclass(frozen=True)
class Job:
    name: str  # in the report, when it fails: "… niet afgewerkt"
    step: Step


def _counted(job: Callable[[Settings, Database, datetime], Iterable[Sent]]) -> Step:
    def step(settings: Settings, db: Database, now: datetime, run: ReminderRun) -> None:
        for outcome in job(settings, db, now):
            run.count(outcome)

    return step


def _sweep(settings: Settings, db: Database, now: datetime, run: ReminderRun) -> None:
    run.outbox = outbox.sweep(settings, db, now)


def _ask_stale(settings: Settings, db: Database, now: datetime, run: ReminderRun) -> None:
    run.offerings_asked += stale_offerings.ask_to_confirm_stale_offerings(settings, db, now)


OUTBOX = Job("de uitgestelde berichten", _sweep)
JOBS: tuple[Job, ...] = (
    Job("de herinneringen over actiepunten en het weekoverzicht", action_items.remind),
    Job("de maandelijkse herinnering over partners", _counted(outreach.send_outreach_nudges)),
    Job("de vraag of gezamenlijke activiteiten doorgingen", _counted(activities.ask_activity_followups)),
    Job("de vraag naar het resultaat van doorverwijzingen", _counted(referrals.ask_referral_outcomes)),
    Job("de vraag naar vrije plaatsen", _counted(capacity.ask_capacity_updates)),
    Job("de vraag of oud aanbod nog actueel is", _ask_stale),
)


def run(settings: Settings, db: Database, now: datetime, jobs: Iterable[Job] = JOBS) -> ReminderRun:
    """One pass: the outbox first, then (from 08:00 Brussels time) every job. Safe to run concurrently
    and as often as you like."""
    report = ReminderRun()
    _run_one(OUTBOX, settings, db, now, report)
    if not may_send_reminders(now.astimezone(BRUSSELS)):
        report.too_early = True
        return report
    for job in jobs:
        _run_one(job, settings, db, now, report)
    return report


def _run_one(job: Job, settings: Settings, db: Database, now: datetime, report: ReminderRun) -> None:
    try:
        job.step(settings, db, now, report)
    except JOB_FAILURES:
        log.exception("job %r stopped; the next run tries again", job.name)
        report.unfinished.append(job.name)
