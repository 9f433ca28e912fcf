"""Joint activities' repository. Every function takes the network id(s) it may read or change,
except the reminders job's `due_for_follow_up`, which looks at every network once an hour."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.activities import HELD, NOT_HELD, PLANNED, ActivityDraft, ActivityLine
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
    rows = session.execute(
        select(Network, Activity)
        .join(Activity, Activity.network_id == Network.id)
        .where(Activity.status == PLANNED, Activity.starts_on < today)
        .order_by(Activity.id)
    ).all()
    return [(network, activity) for network, activity in rows]


def report_outcome(activity: Activity, *, held: bool, participants: int | None, recurring: bool | None) -> bool:
    """Record how it went; False when it was answered already (a second click changes nothing)."""
    if activity.status != PLANNED:
        return False
    activity.status = HELD if held else NOT_HELD
    activity.participants = participants if held else None
    if recurring is not None:
        activity.recurring = recurring
    return True


def in_progress(
    session: Session, network_ids: Sequence[int], first: date, last: date, names: dict[int, str] | None = None
) -> dict[str, tuple[ActivityLine, ...]]:
    """Per category: the activities `/hiaten` lists as *in aanpak* (`names` marks each line's network)."""
    rows = session.scalars(
        select(Activity)
        .where(
            Activity.network_id.in_(list(network_ids)),
            (Activity.status == PLANNED) | ((Activity.status == HELD) & Activity.starts_on.between(first, last)),
        )
        .order_by(Activity.starts_on, Activity.id)
    ).all()
    found: dict[str, list[ActivityLine]] = defaultdict(list)
    organisations = _names(session, network_ids) if rows else {}
    for activity in rows:  # the rule is domain.activities.counts_in_progress, as SQL
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


def link_offering(session: Session, network_id: int, activity_id: int, offering_id: int) -> None:
    """The offering an activity became (`Maak er aanbod van`)."""
    activity = get_activity(session, network_id, activity_id)
    if activity is not None and activity.offering_id is None:
        activity.offering_id = offering_id
