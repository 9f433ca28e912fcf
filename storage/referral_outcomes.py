"""The referral loop in the database: outcomes, the chained referral, the DMs with the buttons, and
what the network learns from the answers (domain/referral_outcomes.py holds the rules).

Setting an outcome and telling the referring partner are conditional UPDATEs, so two clicks at once
(or a retry) change and tell once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from domain.referral_outcomes import HELPED, OFTEN_HELPED_WINDOW, REMINDER_AFTER, Tally, often_helped
from storage.base import rows_changed
from storage.models import Member, Network, Offering, Organisation, Referral
from storage.networks import scope_key
from storage.versioned_cache import DEFAULT_SIZE, VersionedCache


@dataclass(frozen=True)
class ReferralCard:
    """What the DMs show of one referral (detached: safe outside the session)."""

    id: int
    network_id: int  # the referral's (the referring partner's) network
    to_network_id: int | None  # the receiving organisation's network
    to_organisation_id: int | None
    to_organisation: str
    offering: str | None
    category: str | None
    note: str | None
    from_user_id: str
    outcome: str | None
    outcome_by: str | None
    outcome_at: datetime | None
    created_at: datetime
    parent_from_organisation: str | None  # set on a chained referral: who passed it on
    messages: tuple[tuple[str, str], ...]


def _card(session: Session, referral: Referral) -> ReferralCard:
    organisation = session.get(Organisation, referral.to_organisation_id) if referral.to_organisation_id else None
    offering = session.get(Offering, referral.offering_id) if referral.offering_id else None
    parent_org = None
    if referral.parent_id is not None:
        parent = session.get(Referral, referral.parent_id)
        if parent is not None and parent.to_organisation_id is not None:
            found = session.get(Organisation, parent.to_organisation_id)
            parent_org = found.name if found else None
    return ReferralCard(
        id=referral.id,
        network_id=referral.network_id,
        to_network_id=organisation.network_id if organisation else None,
        to_organisation_id=referral.to_organisation_id,
        to_organisation=organisation.name if organisation else "een organisatie die niet meer bestaat",
        offering=offering.name if offering else None,
        category=referral.category,
        note=referral.note,
        from_user_id=referral.from_user_id,
        outcome=referral.outcome,
        outcome_by=referral.outcome_by,
        outcome_at=referral.outcome_at,
        created_at=referral.created_at,
        parent_from_organisation=parent_org,
        messages=tuple((str(c), str(t)) for c, t in (referral.messages or [])),
    )


def card(session: Session, referral_id: int) -> ReferralCard | None:
    referral = session.get(Referral, referral_id)
    return _card(session, referral) if referral is not None else None


def find_in_network(session: Session, network_id: int, referral_id: int) -> ReferralCard | None:
    """A referral made in this network or sent to one of its organisations; None for any other."""
    referral = session.scalar(
        select(Referral)
        .outerjoin(Organisation, Organisation.id == Referral.to_organisation_id)
        .where(
            Referral.id == referral_id, or_(Referral.network_id == network_id, Organisation.network_id == network_id)
        )
    )
    return _card(session, referral) if referral is not None else None


def coordinator_of(session: Session, network_id: int) -> str | None:
    return session.scalar(select(Network.coordinator_user_id).where(Network.id == network_id))


def set_outcome(session: Session, referral_id: int, outcome: str, user_id: str, now: datetime) -> bool:
    """True when the outcome changed (the same answer twice changes nothing, not even who set it)."""
    result = session.execute(
        update(Referral)
        .where(Referral.id == referral_id, or_(Referral.outcome.is_(None), Referral.outcome != outcome))
        .values(outcome=outcome, outcome_by=user_id, outcome_at=now)
    )
    if rows_changed(result) != 1:
        return False
    # the offering's network: its *vaak geholpen* marks may change (OftenHelpedCache reads the version)
    offering_network = (
        select(Offering.network_id)
        .join(Referral, Referral.offering_id == Offering.id)
        .where(Referral.id == referral_id)
        .scalar_subquery()
    )
    session.execute(
        update(Network).where(Network.id == offering_network).values(outcomes_version=Network.outcomes_version + 1)
    )
    return True


def claim_telling(session: Session, referral_id: int, outcome: str) -> bool:
    """True for exactly one caller per change: the referring partner is told once per outcome."""
    result = session.execute(
        update(Referral)
        .where(
            Referral.id == referral_id,
            Referral.outcome == outcome,
            or_(Referral.told_outcome.is_(None), Referral.told_outcome != outcome),
        )
        .values(told_outcome=outcome)
    )
    return rows_changed(result) == 1


def add_messages(session: Session, referral_id: int, refs: list[tuple[str, str]]) -> None:
    referral = session.get(Referral, referral_id, with_for_update=True)
    if referral is None or not refs:
        return
    known = [list(ref) for ref in (referral.messages or [])]
    seen = {ts for _channel, ts in known}  # one message, once: a DM is named by the user or its conversation id
    for channel, ts in refs:
        if ts not in seen:
            seen.add(ts)
            known.append([channel, ts])
    referral.messages = known


def chain(session: Session, parent: ReferralCard, to_organisation_id: int, user_id: str, now: datetime) -> int | None:
    """*Doorverwezen naar…*: a new referral to that organisation, linked to the first. Its id; None
    when this referral was passed on to that organisation already (nothing is done twice)."""
    existing = session.scalar(
        select(Referral.id).where(Referral.parent_id == parent.id, Referral.to_organisation_id == to_organisation_id)
    )
    if existing is not None:
        return None
    child = Referral(
        network_id=parent.network_id,
        offering_id=None,
        to_organisation_id=to_organisation_id,
        from_user_id=user_id,
        category=parent.category,
        note=parent.note,
        parent_id=parent.id,
        created_at=now,
    )
    try:
        with session.begin_nested():  # a savepoint: losing the race leaves the transaction usable
            session.add(child)
            session.flush()
    except IntegrityError:
        return None
    return child.id


def awaiting(session: Session, network_id: int, organisation_id: int, limit: int = 10) -> list[ReferralCard]:
    """The organisation's referrals still without an outcome, oldest first (App Home)."""
    rows = session.scalars(
        select(Referral)
        .join(Organisation, Organisation.id == Referral.to_organisation_id)
        .where(
            Organisation.network_id == network_id,
            Referral.to_organisation_id == organisation_id,
            Referral.outcome.is_(None),
        )
        .order_by(Referral.created_at, Referral.id)
        .limit(limit)
    )
    return [_card(session, r) for r in rows]


def due_for_reminder(session: Session, now: datetime) -> list[tuple[str, int, int, list[str]]]:
    """(team, the organisation's network, referral id, its members) for referrals unanswered 14 days."""
    rows = session.execute(
        select(Network.team_id, Referral.id, Organisation.network_id, Organisation.id)
        .join(Organisation, Organisation.id == Referral.to_organisation_id)
        .join(Network, Network.id == Organisation.network_id)
        .where(Referral.outcome.is_(None), Referral.created_at <= now - REMINDER_AFTER)
        .order_by(Referral.id)
    ).all()
    due = []
    for team_id, referral_id, org_network, org_id in rows:
        members = list(
            session.scalars(
                select(Member.user_id)
                .where(Member.network_id == org_network, Member.organisation_id == org_id)
                .order_by(Member.id)
            )
        )
        due.append((team_id, org_network, referral_id, members))
    return due


def _often_helped(session: Session, network_ids: list[int], now: datetime) -> tuple[set[int], datetime | None]:
    """Offerings with enough recent answers, mostly *Geholpen* (domain.referral_outcomes.often_helped), and the
    moment the first answer counted leaves the window (the set may change then)."""
    rows = session.execute(
        select(Referral.offering_id, Referral.outcome, Referral.outcome_at)
        .join(Offering, Offering.id == Referral.offering_id)
        .where(
            Offering.network_id.in_(network_ids),
            Referral.outcome.is_not(None),
            Referral.outcome_at >= now - OFTEN_HELPED_WINDOW,
        )
    ).all()
    answered: dict[int, int] = defaultdict(int)
    helped: dict[int, int] = defaultdict(int)
    oldest: datetime | None = None
    for offering_id, outcome, outcome_at in rows:
        if offering_id is None:  # never: the join asks for an offering; narrows the type
            continue
        answered[offering_id] += 1
        helped[offering_id] += outcome == HELPED
        if outcome_at is not None and (oldest is None or outcome_at < oldest):
            oldest = outcome_at
    found = {o for o in answered if often_helped(answered[o], helped[o])}
    return found, (oldest + OFTEN_HELPED_WINDOW if oldest is not None else None)


class OftenHelpedCache:
    """Per process, per search scope: the *vaak geholpen* offerings, kept while the scope's outcome
    versions are the ones read with the request's tenant (bumped by `set_outcome` in the answer's own
    transaction, so an answer given through any instance is seen on the next request) and until the
    first answer counted leaves the window. Bounded like the other caches."""

    def __init__(self, max_size: int = DEFAULT_SIZE) -> None:
        self._entries: VersionedCache[int, tuple[frozenset[int], datetime | None]] = VersionedCache(max_size)

    def __deepcopy__(self, memo: dict[int, object]) -> OftenHelpedCache:
        return self

    def of(self, session: Session, scope: Sequence[Network], now: datetime) -> frozenset[int]:
        ids = [n.id for n in scope]
        key, version = scope_key(scope), tuple((n.id, n.outcomes_version) for n in scope)

        def build() -> tuple[frozenset[int], datetime | None]:
            found, until = _often_helped(session, ids, now)
            return frozenset(found), until

        found, until = self._entries.get(key, version, build)
        if until is not None and now > until:  # an answer left the window: count again
            self._entries.discard(key)
            found, _until = self._entries.get(key, version, build)
        return found

    def stats(self) -> dict[str, int]:
        return self._entries.stats()


def tallies(session: Session, network_id: int, start: datetime, end: datetime) -> dict[tuple[str, str | None], Tally]:
    """Per (receiving organisation, category): sent, arrived, helped, no place, unknown."""
    result: dict[tuple[str, str | None], Tally] = defaultdict(Tally)
    rows = session.execute(
        select(Organisation.name, Referral.category, Referral.outcome)
        .outerjoin(Organisation, Organisation.id == Referral.to_organisation_id)
        .where(Referral.network_id == network_id, Referral.created_at >= start, Referral.created_at < end)
    ).all()
    for name, category, outcome in rows:
        result[(name or "Onbekende organisatie", category)].add(outcome)
    return dict(sorted(result.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")))


def flows(session: Session, network_id: int) -> dict[tuple[str, str], Tally]:
    """Between organisations: the referring partner's organisation → the receiving one."""
    sender = aliased(Organisation)
    receiver = aliased(Organisation)
    rows = session.execute(
        select(sender.name, receiver.name, Referral.outcome)
        .join(Member, (Member.network_id == Referral.network_id) & (Member.user_id == Referral.from_user_id))
        .join(sender, sender.id == Member.organisation_id)
        .join(receiver, receiver.id == Referral.to_organisation_id)
        .where(Referral.network_id == network_id)
    ).all()
    result: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for source, target, outcome in rows:
        result[(source, target)].add(outcome)
    return dict(sorted(result.items(), key=lambda kv: (-kv[1].sent, kv[0])))
