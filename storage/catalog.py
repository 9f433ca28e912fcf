"""The social map of a network: organisations, offerings, referrals and unmet questions.

Every function takes the network id; offerings changes bump the network's catalog version in
the same transaction so that every app instance's search index notices.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from domain.offering_practical import STALE_AFTER
from storage.base import dialect_insert, utcnow
from storage.models import Member, Network, Offering, Organisation, Referral, UnmetQuestion
from storage.networks import NetworkRef, bump_catalog_version, ensure_member


# -- organisations ---------------------------------------------------------------------------------
def organisations(session: Session, network_id: int) -> list[Organisation]:
    return list(
        session.scalars(select(Organisation).where(Organisation.network_id == network_id).order_by(Organisation.name))
    )


def get_organisation(session: Session, network_id: int, organisation_id: int) -> Organisation | None:
    return session.scalar(
        select(Organisation).where(Organisation.network_id == network_id, Organisation.id == organisation_id)
    )


def find_organisation_by_name(session: Session, network_id: int, name: str) -> Organisation | None:
    """By name, ignoring capitals, accents, spaces and punctuation: "Bib-Deurne" is "Bib Deurne"."""
    exact = session.scalar(
        select(Organisation).where(
            Organisation.network_id == network_id, func.lower(Organisation.name) == name.strip().lower()
        )
    )
    if exact is not None:
        return exact
    wanted = _slug(name)
    return next((o for o in organisations(session, network_id) if _slug(o.name) == wanted), None)


def get_or_create_organisation(session: Session, network_id: int, name: str, kind: str | None = None) -> Organisation:
    existing = find_organisation_by_name(session, network_id, name)
    if existing is not None:
        return existing
    organisation = Organisation(
        network_id=network_id,
        hsds_id=f"org-{network_id}-{_slug(name)}",
        name=name.strip()[:200],
        kind=kind,
    )
    session.add(organisation)
    session.flush()
    return organisation


def organisation_of_member(session: Session, network_id: int, user_id: str) -> Organisation | None:
    return session.scalar(
        select(Organisation)
        .join(Member, Member.organisation_id == Organisation.id)
        .where(Member.network_id == network_id, Member.user_id == user_id)
    )


def link_member(session: Session, network: Network | object, user_id: str, organisation: Organisation) -> None:
    member = ensure_member(session, network, user_id)  # type: ignore[arg-type]
    member.organisation_id = organisation.id


def organisation_member_ids(session: Session, network_id: int, organisation_id: int) -> list[str]:
    return list(
        session.scalars(
            select(Member.user_id).where(Member.network_id == network_id, Member.organisation_id == organisation_id)
        )
    )


# -- offerings -------------------------------------------------------------------------------------
def get_offering(session: Session, network_ids: int | Sequence[int], offering_id: int) -> Offering | None:
    ids = [network_ids] if isinstance(network_ids, int) else list(network_ids)
    return session.scalar(
        select(Offering)
        .options(joinedload(Offering.organisation))
        .where(Offering.network_id.in_(ids), Offering.id == offering_id)
    )


def offerings(
    session: Session,
    network_ids: int | Sequence[int],
    *,
    organisation_id: int | None = None,
    statuses: Sequence[str] = ("active", "paused"),
) -> list[Offering]:
    ids = [network_ids] if isinstance(network_ids, int) else list(network_ids)
    query = (
        select(Offering)
        .options(joinedload(Offering.organisation))
        .where(Offering.network_id.in_(ids), Offering.status.in_(list(statuses)))
        .order_by(Offering.network_id, Offering.organisation_id, Offering.name)
    )
    if organisation_id is not None:
        query = query.where(Offering.organisation_id == organisation_id)
    return list(session.scalars(query).unique())


def add_offering(session: Session, network_id: int, organisation: Organisation, **fields: object) -> Offering:
    offering = Offering(network_id=network_id, organisation_id=organisation.id, **fields)
    session.add(offering)
    session.flush()
    if not offering.hsds_id:
        offering.hsds_id = f"svc-{network_id}-{offering.id}"
    bump_catalog_version(session, network_id)
    return offering


def update_offering(session: Session, offering: Offering, **fields: object) -> None:
    for key, value in fields.items():
        setattr(offering, key, value)
    offering.updated_at = utcnow()
    session.flush()
    bump_catalog_version(session, offering.network_id)


def set_status(session: Session, offering: Offering, status: str) -> None:
    update_offering(session, offering, status=status)


def confirm_offering(session: Session, offering: Offering, now: datetime | None = None) -> None:
    update_offering(session, offering, last_confirmed_at=now or utcnow(), confirmation_requested_at=None)


def _unasked_stale(network_id: int | None, now: datetime) -> list[Any]:
    where = [
        Offering.status == "active",
        Offering.last_confirmed_at < now - STALE_AFTER,
        Offering.confirmation_requested_at.is_(None),
    ]
    return where if network_id is None else [Offering.network_id == network_id, *where]


def networks_with_stale_offerings(session: Session, now: datetime) -> list[NetworkRef]:
    """The networks with an offering not confirmed for 6 months whose organisation was not asked yet."""
    has_stale = select(Offering.id).where(Offering.network_id == Network.id, *_unasked_stale(None, now)).exists()
    return [NetworkRef.of(n) for n in session.scalars(select(Network).where(has_stale).order_by(Network.id))]


def unasked_stale_offerings(session: Session, network_id: int, now: datetime) -> list[Offering]:
    """Offerings not confirmed for 6 months whose organisation was not asked yet, with their organisation.

    Who is asked is decided by the send-once claims (plugin.send_once); `mark_asked_to_confirm` only keeps
    an offering that was asked out of later runs until it is confirmed (`confirm_offering`).
    """
    return list(
        session.scalars(
            select(Offering)
            .options(joinedload(Offering.organisation))
            .where(*_unasked_stale(network_id, now))
            .order_by(Offering.id)
        ).unique()
    )


def mark_asked_to_confirm(session: Session, network_id: int, offering_id: int, now: datetime) -> None:
    session.execute(
        update(Offering)
        .where(
            Offering.network_id == network_id,
            Offering.id == offering_id,
            Offering.confirmation_requested_at.is_(None),
        )
        .values(confirmation_requested_at=now)
    )


# -- referrals and signals -------------------------------------------------------------------------
def record_referral(
    session: Session,
    network_id: int,
    offering: Offering,
    *,
    from_user_id: str,
    category: str | None,
    note: str | None,
) -> Referral:
    referral = Referral(
        network_id=network_id,
        offering_id=offering.id,
        to_organisation_id=offering.organisation_id,
        from_user_id=from_user_id,
        category=category,
        note=note or None,
    )
    session.add(referral)
    session.flush()
    return referral


def question_key(query: str) -> str:
    """What makes two reported questions the same: lower-cased, spaces collapsed."""
    return " ".join((query or "").lower().split())[:500]


def record_unmet_question(
    session: Session, network_id: int, *, user_id: str, query: str, categories: Sequence[str]
) -> bool:
    """Note a `/verwijs` question nothing answered; False when this person had already reported it.

    The unique key (network, person, question) decides, also between two clicks at once."""
    statement = (
        dialect_insert(session)(UnmetQuestion)
        .values(
            network_id=network_id,
            user_id=user_id,
            query=query[:500],
            query_key=question_key(query),
            categories=list(categories),
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["network_id", "user_id", "query_key"])
        .returning(UnmetQuestion.id)
    )
    return session.execute(statement).scalar() is not None


def _slug(name: str) -> str:
    import re
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "organisatie"


def category_labels(session: Session, network_id: int) -> dict[str, str]:
    """The shared category vocabulary plus the ones this network's coordinator added."""
    from domain.vocabulary_nl import CATEGORIES
    from storage.models import CustomCategory

    labels = dict(CATEGORIES)
    for custom in session.scalars(select(CustomCategory).where(CustomCategory.network_id == network_id)):
        labels.setdefault(custom.slug, custom.label)
    return labels


def may_change_offering(
    session: Session, network_id: int, coordinator_user_id: str | None, user_id: str, offering: Offering
) -> bool:
    """Only members of the owning organisation, and the coordinator, may change an offering."""
    if user_id and user_id == coordinator_user_id and offering.network_id == network_id:
        return True
    own = organisation_of_member(session, offering.network_id, user_id)
    return own is not None and own.id == offering.organisation_id
