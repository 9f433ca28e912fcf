"""One network's services as the HSDS API lists them: which ones, in which order, as HSDS 3.0 dicts.

Listed are active and paused offerings (HSDS `active` and `inactive`): a consumer sees that a
service is temporarily not running instead of losing it. Ended offerings (`defunct`) are left out.
Serialisation is the export's (`storage.hsds_io` + `domain.hsds`), so the API and an HSDS export
say the same about a service.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, cast, false, func, select
from sqlalchemy.orm import Session, joinedload

from domain.hsds import dump_organization, dump_service
from storage.hsds_io import hsds_organization, hsds_service
from storage.models import Network, Offering
from storage.search_index import SearchIndexCache

LISTED_STATUSES = ("active", "paused")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _has_category(slug: str) -> ColumnElement[bool]:
    """Categories are a JSON list of slugs; `"slug"` with its quotes matches one element exactly."""
    if not _SLUG.match(slug):
        return false()
    return cast(Offering.categories, String).like(f'%"{slug}"%')


def service_page(
    session: Session, network_id: int, *, category: str | None, offset: int, limit: int
) -> tuple[list[str], int]:
    """HSDS ids of one page of the network's listed services, by name, and how many there are in all."""
    conditions = [Offering.network_id == network_id, Offering.status.in_(LISTED_STATUSES)]
    if category is not None:
        conditions.append(_has_category(category))
    total = session.scalar(select(func.count()).select_from(Offering).where(*conditions)) or 0
    ids = session.scalars(
        select(Offering.hsds_id)
        .where(*conditions)
        .order_by(func.lower(Offering.name), Offering.id)
        .offset(offset)
        .limit(limit)
    )
    return list(ids), total


def search_services(
    session: Session, cache: SearchIndexCache, network: Network, query: str, *, category: str | None, now: datetime
) -> list[str]:
    """HSDS ids of the services `/verwijs` would find, best first. Like `/verwijs`, only active ones."""
    outcome = cache.index_for(session, [network]).search(query, neighbourhood=network.neighbourhood, now=now)
    found = [int(hit.doc.id) for hit in outcome.hits if category is None or category in hit.doc.categories]
    if not found:
        return []
    rows = session.execute(
        select(Offering.id, Offering.hsds_id).where(Offering.network_id == network.id, Offering.id.in_(found))
    )
    hsds_ids = {offering_id: hsds_id for offering_id, hsds_id in rows}
    return [hsds_ids[i] for i in found if i in hsds_ids]


def hsds_services(session: Session, network: Network, hsds_ids: Sequence[str]) -> list[dict[str, Any]]:
    """HSDS service objects, in the order asked, each with its `organization` (without its services).

    Only the page's offerings are read and serialised, with the export's own mapping.
    """
    if not hsds_ids:
        return []
    rows = session.scalars(
        select(Offering)
        .options(joinedload(Offering.organisation))
        .where(Offering.network_id == network.id, Offering.hsds_id.in_(list(hsds_ids)))
    ).unique()
    found: dict[str, dict[str, Any]] = {}
    for offering in rows:
        organization = dump_organization(hsds_organization(offering.organisation))
        found[offering.hsds_id] = {
            **dump_service(hsds_service(offering), organization["id"]),
            "organization": organization,
        }
    return [found[i] for i in hsds_ids if i in found]


def listed_service(session: Session, network: Network, hsds_id: str) -> dict[str, Any] | None:
    """One listed service of this network by its HSDS id; None for another network's or an ended one."""
    listed = session.scalar(
        select(Offering.hsds_id).where(
            Offering.network_id == network.id, Offering.hsds_id == hsds_id, Offering.status.in_(LISTED_STATUSES)
        )
    )
    if listed is None:
        return None
    found = hsds_services(session, network, [listed])
    return found[0] if found else None
