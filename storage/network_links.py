"""A network among others: its overview, channel bindings, and the link to a city-wide network.

A channel belongs to one network (`NetworkChannel`). A neighbourhood network links itself to a
city-wide network with that network's join code; join codes are global, so the link may cross
workspaces. Functions read network rows by id only; who may do what is the caller's rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from storage.models import Member, Network, NetworkChannel, Offering, Organisation
from storage.networks import create_network, new_join_code

NAME_MAX = 120


@dataclass(frozen=True)
class OrganisationLine:
    name: str
    active: int
    paused: int


@dataclass(frozen=True)
class LinkedNetwork:
    name: str
    other_workspace: bool


@dataclass(frozen=True)
class NetworkOverview:
    """What `/netwerk` shows, read in one go."""

    organisations: list[OrganisationLine]
    member_count: int
    city_network: LinkedNetwork | None
    neighbourhoods: list[LinkedNetwork]
    join_code: str | None


def overview(session: Session, network: Network) -> NetworkOverview:
    counts = (
        select(
            Organisation.name,
            func.count(case((Offering.status == "active", 1))),
            func.count(case((Offering.status == "paused", 1))),
        )
        .outerjoin(Offering, (Offering.organisation_id == Organisation.id) & (Offering.network_id == network.id))
        .where(Organisation.network_id == network.id)
        .group_by(Organisation.id, Organisation.name)
        .order_by(func.lower(Organisation.name))
    )
    organisations = [
        OrganisationLine(name, int(active), int(paused)) for name, active, paused in session.execute(counts)
    ]
    members = session.scalar(select(func.count()).select_from(Member).where(Member.network_id == network.id)) or 0
    city = session.get(Network, network.city_network_id) if network.city_network_id else None
    neighbourhoods = (
        [
            LinkedNetwork(n.name, n.team_id != network.team_id)
            for n in session.scalars(
                select(Network).where(Network.city_network_id == network.id).order_by(func.lower(Network.name))
            )
        ]
        if network.is_city_wide
        else []
    )
    return NetworkOverview(
        organisations=organisations,
        member_count=members,
        city_network=LinkedNetwork(city.name, city.team_id != network.team_id) if city else None,
        neighbourhoods=neighbourhoods,
        join_code=network.join_code if network.is_city_wide else None,
    )


# -- channels and new networks ---------------------------------------------------------------------
def channel_network(session: Session, team_id: str, channel_id: str) -> Network | None:
    """The network this channel is bound to; None when the request only fell back to the workspace's first."""
    return session.scalar(
        select(Network)
        .join(NetworkChannel, NetworkChannel.network_id == Network.id)
        .where(NetworkChannel.team_id == team_id, NetworkChannel.channel_id == channel_id)
    )


def network_named(session: Session, team_id: str, name: str) -> Network | None:
    """Names are unique per workspace in practice: the CLI's `--network NAME` picks by name."""
    return session.scalar(
        select(Network).where(Network.team_id == team_id, func.lower(Network.name) == name.strip().lower()).limit(1)
    )


def start_network_in_channel(session: Session, team_id: str, name: str, creator: str, channel_id: str) -> Network:
    """A new network that owns this channel from now on; the creator coordinates it.

    A previous owner of the channel stops announcing there (its announcements would land in
    another network's channel).
    """
    previous = channel_network(session, team_id, channel_id)
    network = create_network(session, team_id=team_id, name=name, coordinator_user_id=creator, channel_id=channel_id)
    if previous is not None and previous.announce_channel_id == channel_id:
        previous.announce_channel_id = None
    session.flush()
    return network


# -- the city-wide network -------------------------------------------------------------------------
def make_city_wide(session: Session, network_id: int) -> str:
    """Turns the network into a city-wide one and returns its join code (made once, then kept)."""
    network = session.get_one(Network, network_id)
    network.is_city_wide = True
    if not network.join_code:
        network.join_code = new_join_code()
    session.flush()
    return network.join_code


def city_network_by_code(session: Session, code: str) -> Network | None:
    """Join codes are global: a neighbourhood in another workspace may link with one."""
    if not code:
        return None
    return session.scalar(select(Network).where(Network.join_code == code, Network.is_city_wide.is_(True)))


def link_to_city(session: Session, network_id: int, city_network_id: int | None) -> None:
    """Link (or, with None, unlink) a neighbourhood network; a city-wide `/verwijs` then searches it too."""
    session.execute(update(Network).where(Network.id == network_id).values(city_network_id=city_network_id))
