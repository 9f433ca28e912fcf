"""Which offers' places to ask again about this week, and to whom (the organisation's members)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.capacity import capacity_prompt_due
from domain.closures import closed_until
from domain.dates_nl import BRUSSELS
from domain.offering_practical import capacity_of, closures_of
from storage.models import Member, Network, Offering


@dataclass(frozen=True)
class CapacityPrompt:
    team_id: str
    network_id: int
    offering_id: int
    members: tuple[str, ...]


def due_capacity_prompts(session: Session, now: datetime) -> list[CapacityPrompt]:
    """Active offers with places whose count is a week old or more, not closed today, with members to ask.
    The weekly limit itself is the send-once claim's (one per offer, member and ISO week)."""
    today = now.astimezone(BRUSSELS).date()
    rows = session.execute(
        select(Offering, Network.team_id)
        .join(Network, Network.id == Offering.network_id)
        .where(Offering.status == "active", Offering.capacity_maximum.is_not(None))
        .order_by(Offering.id)
    ).all()
    prompts: list[CapacityPrompt] = []
    for offering, team_id in rows:
        shown = closed_until(today, closures_of(offering), bool(offering.follows_school_holidays)) is None
        if not capacity_prompt_due(capacity_of(offering), shown, None, today):
            continue
        members = session.scalars(
            select(Member.user_id)
            .where(Member.network_id == offering.network_id, Member.organisation_id == offering.organisation_id)
            .order_by(Member.user_id)
        ).all()
        if members:
            prompts.append(CapacityPrompt(team_id, offering.network_id, offering.id, tuple(members)))
    return prompts
