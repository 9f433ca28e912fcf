"""In-memory referral indexes per network scope, kept correct across app instances.

Each lookup reads the scope's catalog versions (one small query); when any differs from the
cached one, the index is rebuilt from the database. An offering saved through one instance is
therefore found through every other instance on its next request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from domain.labels_nl import ACCESS_LABELS
from domain.referral_search import OfferingDoc, ReferralIndex, SearchOutcome
from domain.schedule import Opening
from storage.catalog import offerings
from storage.models import Network, Offering


def search_scope(session: Session, network_id: int) -> list[Network]:
    """A neighbourhood network searches itself; a city-wide network also its linked neighbourhoods."""
    network = session.get(Network, network_id)
    if network is None:
        return []
    scope = [network]
    if network.is_city_wide:
        scope += list(
            session.scalars(select(Network).where(Network.city_network_id == network.id).order_by(Network.id))
        )
    return scope


def scope_ids(session: Session, network_id: int) -> list[int]:
    """The networks whose offerings a request of this network may read or refer to."""
    return [n.id for n in search_scope(session, network_id)]


def openings_of(offering: Offering) -> tuple[Opening, ...]:
    result = []
    for weekday, opens, closes in offering.openings or []:
        result.append(Opening(int(weekday), time.fromisoformat(opens), time.fromisoformat(closes)))
    return tuple(result)


def offering_doc(offering: Offering, network_name: str | None = None) -> OfferingDoc:
    access = ACCESS_LABELS.get(offering.access, "")
    extra = " . ".join(
        part for part in (offering.eligibility, offering.fees, access, offering.location_name, offering.address) if part
    )
    return OfferingDoc(
        id=str(offering.id),
        name=offering.name,
        description=offering.description or "",
        organisation=offering.organisation.name,
        categories=tuple(offering.categories or ()),
        target_groups=tuple(offering.target_groups or ()),
        languages=tuple(offering.languages or ()),
        openings=openings_of(offering),
        by_appointment=offering.by_appointment,
        area=offering.area,
        network=network_name,
        extra_text=extra,
    )


class SearchIndexCache:
    """Process-wide cache; thread-safe; shared (not copied) when Bolt copies its context."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[int, ...], tuple[tuple[tuple[int, int], ...], ReferralIndex]] = {}

    def __deepcopy__(self, memo: dict[int, object]) -> SearchIndexCache:
        return self

    def index_for(self, session: Session, scope: list[Network]) -> ReferralIndex:
        """The index over the scope's active offerings, rebuilt when any catalog version moved."""
        key = tuple(n.id for n in scope)
        versions = tuple((n.id, n.catalog_version) for n in scope)
        with self._lock:
            cached = self._entries.get(key)
        if cached is not None and cached[0] == versions:
            return cached[1]
        names = {n.id: n.name for n in scope}
        city_wide = len(scope) > 1
        docs = [
            offering_doc(o, names[o.network_id] if city_wide else None)
            for o in offerings(session, list(key), statuses=("active",))
        ]
        index = ReferralIndex.build(docs)
        with self._lock:
            self._entries[key] = (versions, index)
        return index


@dataclass(frozen=True)
class ReferralAnswer:
    outcome: SearchOutcome
    offerings: dict[str, Offering]  # the offerings of the hits to show, by doc id
    show_network: bool  # a city-wide network's results say which neighbourhood they come from


def find_referrals(
    session: Session,
    cache: SearchIndexCache,
    network_id: int,
    neighbourhood: str | None,
    query: str,
    now: datetime,
    shown: int,
) -> ReferralAnswer:
    networks = search_scope(session, network_id)
    index = cache.index_for(session, networks)
    outcome = index.search(query, neighbourhood=neighbourhood, now=now)
    scope = [n.id for n in networks]
    wanted = [int(hit.doc.id) for hit in outcome.hits[:shown]]
    rows = session.scalars(
        select(Offering)
        .options(joinedload(Offering.organisation))
        .where(Offering.network_id.in_(scope), Offering.id.in_(wanted))
    ).unique()
    return ReferralAnswer(outcome, {str(o.id): o for o in rows}, show_network=len(scope) > 1)
