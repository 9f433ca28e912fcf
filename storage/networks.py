"""Tenancy: which network a request belongs to, who its members are, who coordinates it."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from storage.base import utcnow
from storage.models import Member, Network, NetworkChannel


@dataclass(frozen=True)
class NetworkRef:
    """A detached snapshot of a network, safe to keep in Bolt's context (copied to lazy listeners)."""

    id: int
    team_id: str
    name: str
    neighbourhood: str | None
    is_city_wide: bool
    city_network_id: int | None
    coordinator_user_id: str | None
    announce_channel_id: str | None
    members_may_post_agenda: bool

    @classmethod
    def of(cls, network: Network) -> NetworkRef:
        return cls(
            id=network.id,
            team_id=network.team_id,
            name=network.name,
            neighbourhood=network.neighbourhood,
            is_city_wide=network.is_city_wide,
            city_network_id=network.city_network_id,
            coordinator_user_id=network.coordinator_user_id,
            announce_channel_id=network.announce_channel_id,
            members_may_post_agenda=network.members_may_post_agenda,
        )

    def is_coordinator(self, user_id: str | None) -> bool:
        return user_id is not None and user_id == self.coordinator_user_id


_SCOPE = (
    select(Network)
    .where(or_(Network.id == bindparam("network_id"), Network.city_network_id == bindparam("network_id")))
    .order_by(Network.id)
)  # built once: /verwijs reads it on every request


def search_scope(session: Session, network_id: int) -> list[Network]:
    """A neighbourhood network searches itself; a city-wide network also its linked neighbourhoods."""
    found = session.scalars(_SCOPE, {"network_id": network_id}).all()
    own = next((n for n in found if n.id == network_id), None)
    if own is None:
        return []
    return [own, *(n for n in found if n.id != network_id)] if own.is_city_wide else [own]


def scope_ids(session: Session, network_id: int) -> list[int]:
    """The networks whose offerings a request of this network may read or refer to."""
    return [n.id for n in search_scope(session, network_id)]


def scope_key(scope: Sequence[Network]) -> int:
    """Caches hold one entry per scope's own network (its first): when a city network's links change,
    the new scope replaces the old one (the versions, which name every network, tell them apart)."""
    return scope[0].id if scope else 0


def bound_network(session: Session, team_id: str, channel_id: str) -> Network | None:
    """The network a channel is bound to (`/netwerk nieuw` in that channel, or its first use)."""
    return session.scalar(
        select(Network)
        .join(NetworkChannel, NetworkChannel.network_id == Network.id)
        .where(NetworkChannel.team_id == team_id, NetworkChannel.channel_id == channel_id)
    )


def networks_of_person(session: Session, team_id: str, user_id: str) -> list[Network]:
    """The workspace's networks this person is a member of: the one chosen last first, then by age."""
    rows = session.execute(
        select(Network, Member.chosen_at)
        .join(Member, Member.network_id == Network.id)
        .where(Network.team_id == team_id, Member.user_id == user_id)
        .order_by(Network.id)
    ).all()
    chosen = sorted(
        ((chosen_at, network) for network, chosen_at in rows if chosen_at is not None),
        key=lambda pair: pair[0],
        reverse=True,
    )
    return [network for _, network in chosen] + [r[0] for r in rows if r[1] is None]


def has_chosen(session: Session, team_id: str, user_id: str) -> bool:
    return (
        session.scalar(
            select(Member.id)
            .join(Network, Network.id == Member.network_id)
            .where(Network.team_id == team_id, Member.user_id == user_id, Member.chosen_at.is_not(None))
            .limit(1)
        )
        is not None
    )


def choose_network(session: Session, team_id: str, user_id: str, network_id: int) -> Network | None:
    """The person works in this network from now on (outside channels); None if not a member of it."""
    network = session.get(Network, network_id)
    member = find_member(session, network_id, user_id) if network is not None else None
    if network is None or member is None or network.team_id != team_id:
        return None
    member.chosen_at = utcnow()
    session.flush()
    return network


def channels_of_networks(session: Session, team_id: str) -> list[tuple[str, str]]:
    """(network name, channel id) of every bound channel in the workspace, for "how to join"."""
    return [
        (name, channel)
        for name, channel in session.execute(
            select(Network.name, NetworkChannel.channel_id)
            .join(NetworkChannel, NetworkChannel.network_id == Network.id)
            .where(Network.team_id == team_id)
            .order_by(Network.id, NetworkChannel.id)
        )
    ]


def resolve_network(session: Session, team_id: str, channel_id: str | None) -> Network | None:
    """The channel's network if the channel is bound to one, else the workspace's first network."""
    if channel_id:
        bound = session.scalar(
            select(Network)
            .join(NetworkChannel, NetworkChannel.network_id == Network.id)
            .where(NetworkChannel.team_id == team_id, NetworkChannel.channel_id == channel_id)
        )
        if bound is not None:
            return bound
    return session.scalar(select(Network).where(Network.team_id == team_id).order_by(Network.id).limit(1))


def networks_of_team(session: Session, team_id: str) -> list[Network]:
    return list(session.scalars(select(Network).where(Network.team_id == team_id).order_by(Network.id)))


def find_network_by_name(session: Session, team_id: str, name: str | None) -> Network | None:
    """For the CLI: `--team T [--network NAME]`; without a name, the workspace's first network."""
    query = select(Network).where(Network.team_id == team_id)
    if name:
        query = query.where(Network.name == name)
    return session.scalar(query.order_by(Network.id).limit(1))


def create_network(
    session: Session,
    *,
    team_id: str,
    name: str,
    coordinator_user_id: str | None,
    channel_id: str | None = None,
    neighbourhood: str | None = None,
    founding: bool = False,
) -> Network:
    """`founding`: the workspace's first network, made by its first request or its install; a concurrent
    twin fails on the unique `founding_team_id` (run the transaction again: it then finds this one)."""
    network = Network(
        team_id=team_id,
        founding_team_id=team_id if founding else None,
        name=name[:120],
        neighbourhood=neighbourhood,
        coordinator_user_id=coordinator_user_id,
        announce_channel_id=channel_id,
        join_code=None,
    )
    session.add(network)
    session.flush()
    if channel_id:
        bind_channel(session, network, channel_id)
    if coordinator_user_id:
        ensure_member(session, network, coordinator_user_id)
    return network


def bind_channel(session: Session, network: Network, channel_id: str) -> None:
    existing = session.scalar(
        select(NetworkChannel).where(NetworkChannel.team_id == network.team_id, NetworkChannel.channel_id == channel_id)
    )
    if existing is None:
        session.add(NetworkChannel(network_id=network.id, team_id=network.team_id, channel_id=channel_id))
    else:
        existing.network_id = network.id
    if network.announce_channel_id is None:
        network.announce_channel_id = channel_id
    session.flush()


def ensure_member(session: Session, network: Network | NetworkRef, user_id: str) -> Member:
    member = find_member(session, network.id, user_id)
    if member is None:
        member = Member(network_id=network.id, user_id=user_id)
        session.add(member)
        session.flush()
    return member


def find_member(session: Session, network_id: int, user_id: str) -> Member | None:
    return session.scalar(select(Member).where(Member.network_id == network_id, Member.user_id == user_id))


def member_user_ids(session: Session, network_id: int) -> list[str]:
    return list(session.scalars(select(Member.user_id).where(Member.network_id == network_id).order_by(Member.id)))


def set_coordinator(session: Session, network_id: int, user_id: str) -> None:
    session.execute(update(Network).where(Network.id == network_id).values(coordinator_user_id=user_id))


def new_join_code() -> str:
    return secrets.token_urlsafe(9)


def bump_catalog_version(session: Session, network_id: int) -> None:
    """Tell every app instance that this network's offerings changed (see search index cache)."""
    session.execute(update(Network).where(Network.id == network_id).values(catalog_version=Network.catalog_version + 1))


def bump_knowledge_version(session: Session, network_id: int) -> None:
    """The same for the knowledge base: an item added or removed rebuilds the `/kennis` index everywhere."""
    session.execute(
        update(Network).where(Network.id == network_id).values(knowledge_version=Network.knowledge_version + 1)
    )
