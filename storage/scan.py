"""The neighbourhood scan's inputs: a network's active offers (and, for a city-wide network, each
linked neighbourhood's), read as `ScanOffer`s."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from domain.neighbourhood_scan import Neighbourhood
from domain.offering_practical import openings_of, practical_of
from domain.scan_inputs import scan_offer
from storage.models import Network, Offering
from storage.search_index import search_scope


def _neighbourhood(session: Session, network: Network) -> Neighbourhood:
    rows = session.scalars(
        select(Offering)
        .where(Offering.network_id == network.id, Offering.status == "active")
        .options(selectinload(Offering.organisation))
        .order_by(Offering.name, Offering.id)
    ).all()
    offers = tuple(
        scan_offer(
            name=o.name,
            organisation=o.organisation.name,
            categories=o.categories or (),
            openings=openings_of(o),
            description=o.description or "",
            fees=o.fees,
            access=o.access,
            practical=practical_of(o),
        )
        for o in rows
    )
    return Neighbourhood(network.neighbourhood or network.name, offers, bool(network.coordinator_user_id))


def scan_inputs(session: Session, network_id: int) -> tuple[Neighbourhood, list[Neighbourhood]]:
    """The network itself, and (for a city-wide network) its linked neighbourhoods to compare."""
    scope = search_scope(session, network_id)
    if not scope:
        raise LookupError(network_id)
    own, *linked = scope
    return _neighbourhood(session, own), [_neighbourhood(session, n) for n in linked]
