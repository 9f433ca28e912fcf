"""The outreach list's repository: every organisation of a network with where the coordinator stands.

Every function takes the network id it may read or change; an organisation id from another
network finds nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from domain.dates_nl import BRUSSELS
from domain.outreach import (
    MISSED_MEETINGS,
    PartnerFacts,
    current_status,
    default_status,
    is_same_contact,
    status_change_is_contact,
)
from storage.catalog import find_organisation_by_name, get_or_create_organisation
from storage.meeting_models import Meeting, Rsvp
from storage.models import Member, Network, Organisation
from storage.networks import NetworkRef
from storage.outreach_models import Outreach, OutreachContact


@dataclass(frozen=True)
class PartnerRow:
    """An organisation as the list shows it: its status (stored or default), contact and last contact."""

    organisation_id: int
    name: str
    status: str
    contact_user_id: str | None
    contact_name: str | None
    contact_email: str | None
    note: str | None
    last_contact: datetime | None
    members: tuple[str, ...]
    listed_at: datetime | None = None

    @property
    def contact_person(self) -> str | None:
        """Who to talk to: the named contact, else a member who speaks for the organisation."""
        return self.contact_user_id or (self.members[0] if self.members else None)

    def facts(self) -> PartnerFacts:
        return PartnerFacts(
            self.organisation_id,
            self.name,
            self.status,
            self.last_contact.astimezone(BRUSSELS).date() if self.last_contact else None,
            frozenset(self.members),
            self.listed_at.astimezone(BRUSSELS).date() if self.listed_at else None,
        )


def partners(session: Session, network_id: int, organisation_id: int | None = None) -> list[PartnerRow]:
    """Every organisation of the network (or one), by name; three queries whatever the size."""
    query = select(Organisation, Outreach).outerjoin(
        Outreach, (Outreach.organisation_id == Organisation.id) & (Outreach.network_id == network_id)
    )
    query = query.where(Organisation.network_id == network_id)
    if organisation_id is not None:
        query = query.where(Organisation.id == organisation_id)
    rows = session.execute(query.order_by(Organisation.name)).all()
    members: dict[int, list[str]] = defaultdict(list)
    for org_id, user_id in session.execute(
        select(Member.organisation_id, Member.user_id)
        .where(Member.network_id == network_id, Member.organisation_id.is_not(None))
        .order_by(Member.id)
    ):
        if org_id is not None:  # always so (the query asks for members of an organisation); narrows the type
            members[org_id].append(user_id)
    last = dict(
        session.execute(
            select(OutreachContact.organisation_id, func.max(OutreachContact.contacted_at))
            .where(OutreachContact.network_id == network_id)
            .group_by(OutreachContact.organisation_id)
        ).all()
    )
    result = []
    for organisation, outreach in rows:
        org_members = tuple(members.get(organisation.id, ()))
        result.append(
            PartnerRow(
                organisation_id=organisation.id,
                name=organisation.name,
                status=current_status(outreach.status if outreach else None, bool(org_members)),
                contact_user_id=outreach.contact_user_id if outreach else None,
                contact_name=outreach.contact_name if outreach else None,
                contact_email=outreach.contact_email if outreach else None,
                note=outreach.note if outreach else None,
                last_contact=last.get(organisation.id),
                members=org_members,
                listed_at=organisation.created_at,
            )
        )
    return result


def partner(session: Session, network_id: int, organisation_id: int) -> PartnerRow | None:
    found = partners(session, network_id, organisation_id)
    return found[0] if found else None


def _lock(session: Session, network_id: int, organisation_id: int) -> None:
    """Changes to one organisation's outreach wait for each other (a double click, two instances), so the
    second sees what the first did. A write that changes nothing takes the lock on both databases: the
    organisation's row on PostgreSQL, the one writer's lock on SQLite (a SELECT … FOR UPDATE would not)."""
    session.execute(
        update(Organisation)
        .where(Organisation.network_id == network_id, Organisation.id == organisation_id)
        .values(kind=Organisation.kind)
        .execution_options(synchronize_session=False)
    )


def _outreach(session: Session, network_id: int, organisation_id: int, has_members: bool) -> Outreach:
    """The organisation's row, made on its first change (under the lock: no concurrent twin)."""
    _lock(session, network_id, organisation_id)
    row = session.scalar(
        select(Outreach)
        .where(Outreach.network_id == network_id, Outreach.organisation_id == organisation_id)
        .execution_options(populate_existing=True)  # what a twin committed while we waited
    )
    if row is None:
        row = Outreach(network_id=network_id, organisation_id=organisation_id, status=default_status(has_members))
        session.add(row)
        session.flush()
    return row


def _add_contact(
    session: Session, network_id: int, organisation_id: int, *, user_id: str, now: datetime, note: str | None
) -> bool:
    """Logged unless the previous contact is the same one (domain.outreach.is_same_contact)."""
    previous = session.scalar(
        select(func.max(OutreachContact.contacted_at)).where(
            OutreachContact.network_id == network_id, OutreachContact.organisation_id == organisation_id
        )
    )
    if is_same_contact(previous, now):
        return False
    session.add(
        OutreachContact(
            network_id=network_id, organisation_id=organisation_id, user_id=user_id, contacted_at=now, note=note
        )
    )
    session.flush()
    return True


def log_contact(session: Session, network_id: int, organisation_id: int, *, user_id: str, now: datetime) -> bool:
    """*Contact gehad*: True when logged, False for a double click."""
    _lock(session, network_id, organisation_id)
    return _add_contact(session, network_id, organisation_id, user_id=user_id, now=now, note=None)


def set_status(session: Session, network_id: int, row: PartnerRow, status: str, *, user_id: str, now: datetime) -> bool:
    """True when the status changed; a change counts as contact (domain.outreach)."""
    outreach = _outreach(session, network_id, row.organisation_id, bool(row.members))
    if current_status(outreach.status, bool(row.members)) == status:
        return False
    outreach.status = status
    outreach.updated_at = now
    if status_change_is_contact(status):
        _add_contact(session, network_id, row.organisation_id, user_id=user_id, now=now, note=f"status: {status}")
    session.flush()
    return True


def set_details(
    session: Session,
    network_id: int,
    row: PartnerRow,
    *,
    contact_user_id: str | None,
    contact_name: str | None,
    contact_email: str | None,
    note: str | None,
) -> None:
    outreach = _outreach(session, network_id, row.organisation_id, bool(row.members))
    outreach.contact_user_id = contact_user_id
    outreach.contact_name = contact_name
    outreach.contact_email = contact_email
    outreach.note = note
    session.flush()


def add_organisation(session: Session, network_id: int, name: str, kind: str | None) -> Organisation | None:
    """A new organisation on the list; None when the network knows it already (by name, spelling aside)."""
    if find_organisation_by_name(session, network_id, name) is not None:
        return None
    return get_or_create_organisation(session, network_id, name, kind)


def networks_with_coordinator(session: Session) -> list[NetworkRef]:
    """The networks the monthly nudge looks at: someone keeps their outreach list."""
    found = session.scalars(select(Network).where(Network.coordinator_user_id.is_not(None)).order_by(Network.id))
    return [NetworkRef.of(n) for n in found]


def coming_to_last_meetings(session: Session, network_id: int, now: datetime) -> list[frozenset[str]]:
    """Per meeting that already took place, newest first (the last two): who answered *ik kom*."""
    held = session.scalars(
        select(Meeting.id)
        .where(Meeting.network_id == network_id, Meeting.starts_at < now)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(MISSED_MEETINGS)
    ).all()
    coming: dict[int, set[str]] = {meeting_id: set() for meeting_id in held}
    for meeting_id, user_id in session.execute(
        select(Rsvp.meeting_id, Rsvp.user_id).where(
            Rsvp.network_id == network_id, Rsvp.meeting_id.in_(held), Rsvp.coming.is_(True)
        )
    ):
        coming[meeting_id].add(user_id)
    return [frozenset(coming[meeting_id]) for meeting_id in held]
