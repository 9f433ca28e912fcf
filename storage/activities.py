"""Joint activities' repository. Every function takes the network id(s) it may read or change,
except the reminders job's `due_for_follow_up`, which looks at every network once an hour."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.activities import (
    ALREADY_AN_OFFERING,
    GONE,
    HELD,
    NOT_HELD,
    NOT_YOURS,
    PLANNED,
    ActivityDraft,
    ActivityLine,
    counts_in_progress,
    may_answer,
)
from storage.activity_models import Activity
from storage.catalog import category_labels
from storage.models import Need, Network, Organisation


@dataclass(frozen=True)
class ActivityView:
    """An activity with what the messages show beside it."""

    activity: Activity
    organisations: tuple[str, ...]
    category_label: str


def describe(session: Session, network_id: int, activity: Activity) -> ActivityView:
    labels = category_labels(session, network_id)
    return ActivityView(
        activity, organisation_names(session, network_id, activity), labels.get(activity.category, activity.category)
    )


def add_activity(
    session: Session, network_id: int, draft: ActivityDraft, *, organiser: str, organisation_id: int | None
) -> Activity:
    activity = Activity(
        network_id=network_id,
        title=draft.title,
        description=draft.description,
        organiser_user_id=organiser,
        organisation_id=organisation_id,
        partner_organisation_ids=draft.partner_ids,
        starts_on=draft.starts_on,
        start_time=draft.start_time,
        place=draft.place,
        category=draft.category,
        need_id=draft.need_id,
        recurring=draft.recurring,
        status=PLANNED,
    )
    session.add(activity)
    session.flush()
    return activity


def get_activity(session: Session, network_id: int, activity_id: int) -> Activity | None:
    return session.scalar(select(Activity).where(Activity.network_id == network_id, Activity.id == activity_id))


def set_announcement(session: Session, network_id: int, activity_id: int, channel_id: str, ts: str) -> None:
    activity = get_activity(session, network_id, activity_id)
    if activity is not None:
        activity.channel_id, activity.message_ts = channel_id, ts


def _names(session: Session, network_ids: Sequence[int]) -> dict[int, str]:
    rows = session.execute(
        select(Organisation.id, Organisation.name).where(Organisation.network_id.in_(list(network_ids)))
    )
    return dict(rows.all())


def _organisations_of(activity: Activity, names: dict[int, str]) -> tuple[str, ...]:
    """The organiser's organisation first, then the partners, by their current names."""
    ids = [i for i in [activity.organisation_id, *activity.partner_organisation_ids] if i is not None]
    return tuple(dict.fromkeys(names[i] for i in ids if i in names))


def organisation_names(session: Session, network_id: int, activity: Activity) -> tuple[str, ...]:
    return _organisations_of(activity, _names(session, [network_id]))


def recent_needs(session: Session, network_id: int, since: datetime) -> list[Need]:
    """Needs an activity can answer: those of the last period, newest first (at most 100, Slack's limit)."""
    return list(
        session.scalars(
            select(Need)
            .where(Need.network_id == network_id, Need.created_at >= since)
            .order_by(Need.created_at.desc(), Need.id.desc())
            .limit(100)
        )
    )


def activities(session: Session, network_id: int, *, since: date) -> list[Activity]:
    """`/activiteit lijst`: planned ones whatever their date, and the others of the last weeks."""
    return list(
        session.scalars(
            select(Activity)
            .where(Activity.network_id == network_id, (Activity.status == PLANNED) | (Activity.starts_on >= since))
            .order_by(Activity.starts_on, Activity.id)
        )
    )


def due_for_follow_up(session: Session, today: date) -> list[tuple[Network, Activity]]:
    """Every network's planned activities whose day is over: their organisers are asked how it went."""
    rows = session.execute(  # domain.activities.needs_follow_up, as SQL
        select(Network, Activity)
        .join(Activity, Activity.network_id == Network.id)
        .where(Activity.status == PLANNED, Activity.starts_on < today)
        .order_by(Activity.id)
    ).all()
    return [(network, activity) for network, activity in rows]


def report_outcome(
    session: Session, activity: Activity, *, held: bool, participants: int | None, recurring: bool | None
) -> bool:
    """Record how it went; False when it was answered already. One conditional UPDATE, so of two answers
    arriving together (two open forms, a double click) only the first changes anything."""
    values: dict[str, object] = {"status": HELD if held else NOT_HELD, "participants": participants if held else None}
    if recurring is not None:
        values["recurring"] = recurring
    result = session.execute(
        update(Activity)
        .where(Activity.network_id == activity.network_id, Activity.id == activity.id, Activity.status == PLANNED)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(activity)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def in_progress(
    session: Session, network_ids: Sequence[int], first: date, last: date, names: dict[int, str] | None = None
) -> dict[str, tuple[ActivityLine, ...]]:
    """Per category: the activities `/hiaten` lists as *in aanpak* (`names` marks each line's network)."""
    candidates = session.scalars(
        select(Activity)
        .where(Activity.network_id.in_(list(network_ids)), Activity.status.in_((PLANNED, HELD)))
        .order_by(Activity.starts_on, Activity.id)
    ).all()
    rows = [a for a in candidates if counts_in_progress(a.status, a.starts_on, first, last)]
    found: dict[str, list[ActivityLine]] = defaultdict(list)
    organisations = _names(session, network_ids) if rows else {}
    for activity in rows:
        found[activity.category].append(
            ActivityLine(
                title=activity.title,
                starts_on=activity.starts_on,
                status=activity.status,
                organisations=_organisations_of(activity, organisations),
                participants=activity.participants,
                network=(names or {}).get(activity.network_id),
            )
        )
    return {category: tuple(lines) for category, lines in found.items()}


def activity_in_team(session: Session, team_id: str, activity_id: int) -> tuple[Network, Activity] | None:
    """For the follow-up's buttons in a DM, where no channel names the network: the activity by id
    within the workspace; the caller checks that the clicker is its organiser or that network's coordinator."""
    row = session.execute(
        select(Network, Activity)
        .join(Activity, Activity.network_id == Network.id)
        .where(Network.team_id == team_id, Activity.id == activity_id)
    ).first()
    return (row[0], row[1]) if row else None


def link_offering(
    session: Session,
    network_id: int,
    activity_id: int,
    offering_id: int,
    *,
    user_id: str,
    coordinator_user_id: str | None,
) -> str | None:
    """The offering an activity became (*Maak er aanbod van*); else why not, in Dutch. The row is locked
    (PostgreSQL) so a second form saved at the same moment finds the link and is refused."""
    activity = session.scalar(
        select(Activity)
        .where(Activity.network_id == network_id, Activity.id == activity_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if activity is None:
        return GONE
    if not may_answer(user_id, activity.organiser_user_id, coordinator_user_id):
        return NOT_YOURS
    if activity.offering_id is not None:
        return ALREADY_AN_OFFERING
    activity.offering_id = offering_id
    return None
