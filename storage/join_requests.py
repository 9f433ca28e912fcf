"""Speaking for an organisation that already has members takes a yes from one of them or from the
coordinator. Until then the person is not its member (cannot change its offerings).

A request is one row per person and organisation; asking again reopens it. Deciding is one
conditional UPDATE (`status = 'open'`), so two answers at once, or twice, have one effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.base import rows_changed, utcnow
from storage.catalog import link_member, organisation_member_ids, organisation_of_member
from storage.models import JoinRequest, Network, Organisation

OPEN, ALLOWED, REFUSED = "open", "allowed", "refused"


class Joined(Enum):
    LINKED = "linked"  # no approval needed: linked at once
    ALREADY = "already"  # speaks for it already
    ASKED = "asked"  # a new request: the approvers are to be asked
    PENDING = "pending"  # asked before, still open: nobody is asked again


@dataclass(frozen=True)
class JoinOutcome:
    result: Joined
    request_id: int | None = None
    approvers: tuple[str, ...] = ()  # who is asked (members of the organisation, then the coordinator)


def join_organisation(
    session: Session, network: Network, organisation: Organisation, user_id: str, *, channel_id: str | None
) -> JoinOutcome:
    """Link the person (first member, or the coordinator) or open a request for the others to answer."""
    own = organisation_of_member(session, network.id, user_id)
    if own is not None and own.id == organisation.id:
        return JoinOutcome(Joined.ALREADY)
    members = [m for m in organisation_member_ids(session, network.id, organisation.id) if m != user_id]
    if not members or user_id == network.coordinator_user_id:
        link_member(session, network, user_id, organisation)
        return JoinOutcome(Joined.LINKED)
    approvers = tuple(dict.fromkeys(a for a in [*sorted(members), network.coordinator_user_id] if a))
    existing = _request(session, organisation.id, user_id)
    if existing is not None and existing.status == OPEN:
        return JoinOutcome(Joined.PENDING, existing.id, approvers)
    if existing is None:
        try:
            with session.begin_nested():
                existing = JoinRequest(
                    network_id=network.id, organisation_id=organisation.id, user_id=user_id, status=OPEN,
                    channel_id=channel_id,
                )  # fmt: skip
                session.add(existing)
                session.flush()
        except IntegrityError:  # the same person asked twice at once: the other request stands
            existing = _request(session, organisation.id, user_id)
            return JoinOutcome(Joined.PENDING, existing.id if existing else None, approvers)
    else:
        existing.status, existing.channel_id, existing.requested_at = OPEN, channel_id, utcnow()
        existing.decided_by, existing.decided_at = None, None
        session.flush()
    return JoinOutcome(Joined.ASKED, existing.id, approvers)


def _request(session: Session, organisation_id: int, user_id: str) -> JoinRequest | None:
    return session.scalar(
        select(JoinRequest).where(JoinRequest.organisation_id == organisation_id, JoinRequest.user_id == user_id)
    )


class Decided(Enum):
    NOW = "now"  # this answer decided it
    BEFORE = "before"  # someone answered first: nothing changes
    NOT_YOURS = "not_yours"  # the clicker is no member of the organisation nor the coordinator
    GONE = "gone"  # the request, its organisation or its network no longer exists


@dataclass(frozen=True)
class Decision:
    outcome: Decided
    request: JoinRequest | None = None
    organisation: Organisation | None = None
    network: Network | None = None


def decide(session: Session, team_id: str, request_id: int, approver: str, *, allow: bool) -> Decision:
    """Answer a request (found by id within the workspace); only a member of the organisation or the
    coordinator of its network may. The first answer counts; the person is linked in the same commit."""
    request = session.get(JoinRequest, request_id)
    network = session.get(Network, request.network_id) if request is not None else None
    organisation = session.get(Organisation, request.organisation_id) if request is not None else None
    if request is None or network is None or organisation is None or network.team_id != team_id:
        return Decision(Decided.GONE)
    members = organisation_member_ids(session, network.id, organisation.id)
    if approver not in members and approver != network.coordinator_user_id:
        return Decision(Decided.NOT_YOURS, request, organisation, network)
    changed = rows_changed(
        session.execute(
            update(JoinRequest)
            .where(JoinRequest.id == request.id, JoinRequest.status == OPEN)
            .values(status=ALLOWED if allow else REFUSED, decided_by=approver, decided_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    )
    session.refresh(request)
    if changed != 1:
        return Decision(Decided.BEFORE, request, organisation, network)
    if allow:
        link_member(session, network, request.user_id, organisation)
    return Decision(Decided.NOW, request, organisation, network)


def withdraw(session: Session, request_id: int) -> None:
    """Nobody could be asked: the open request goes, so that asking again asks again."""
    session.execute(
        delete(JoinRequest)
        .where(JoinRequest.id == request_id, JoinRequest.status == OPEN)
        .execution_options(synchronize_session=False)
    )
