"""The knowledge base's repository: items, 👍, and the Dutch search over them.

Search reuses the referral engine (domain.referral_search): an item is indexed like an offering
(title as name, explanation as description, the sharer's organisation, categories, target groups),
so `/kennis` understands stems, compounds, synonyms and typos exactly as `/verwijs` does.
A network searches the same scope as `/verwijs`: itself, and a city-wide network also its linked
neighbourhoods. The index is cached per scope and rebuilt when an item is added, changed or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from domain.knowledge import KnowledgeDraft, rank_by_usefulness
from domain.referral_search import OfferingDoc, ReferralIndex
from storage.base import rows_changed
from storage.knowledge_models import KnowledgeItem, KnowledgeLike
from storage.models import Network, Organisation
from storage.networks import bump_knowledge_version, scope_key, search_scope
from storage.versioned_cache import VersionedCache


@dataclass(frozen=True)
class KnowledgeCard:
    """An item as the results show it: plain values, safe to cache and share between threads."""

    id: int
    network_id: int
    title: str
    url: str | None
    explanation: str
    categories: tuple[str, ...]
    target_groups: tuple[str, ...]
    shared_by: str
    organisation: str | None
    created_at: datetime
    source_url: str | None
    network_name: str | None = None  # set when a city-wide search shows where the item comes from
    likes: int = 0


@dataclass(frozen=True)
class KnowledgeSnapshot:
    index: ReferralIndex
    cards: dict[str, KnowledgeCard]


class KnowledgeCaches(Protocol):
    """Where the knowledge indexes are kept (storage.search_index.SearchIndexCache, one per process)."""

    @property
    def knowledge(self) -> VersionedCache[int, KnowledgeSnapshot]: ...


# -- items -----------------------------------------------------------------------------------------
def add_item(
    session: Session,
    network_id: int,
    draft: KnowledgeDraft,
    *,
    shared_by: str,
    organisation_id: int | None,
    source_channel_id: str | None = None,
    source_ts: str | None = None,
    source_url: str | None = None,
) -> KnowledgeItem | None:
    """The new item; None when this message was saved as knowledge before (by anyone, even concurrently)."""
    item = KnowledgeItem(
        network_id=network_id,
        title=draft.title,
        url=draft.url,
        explanation=draft.explanation,
        categories=draft.categories,
        target_groups=draft.target_groups,
        shared_by=shared_by,
        organisation_id=organisation_id,
        source_channel_id=source_channel_id,
        source_ts=source_ts,
        source_url=source_url,
    )
    try:
        with session.begin_nested():
            session.add(item)
            session.flush()
    except IntegrityError:
        return None
    bump_knowledge_version(session, network_id)
    return item


def get_item(session: Session, network_id: int, item_id: int) -> KnowledgeItem | None:
    return session.scalar(
        select(KnowledgeItem).where(KnowledgeItem.network_id == network_id, KnowledgeItem.id == item_id)
    )


def item_for_message(session: Session, network_id: int, channel_id: str, ts: str) -> KnowledgeItem | None:
    """The item saved from this message, if any (*Bewaar als kennis* twice)."""
    return session.scalar(
        select(KnowledgeItem).where(
            KnowledgeItem.network_id == network_id,
            KnowledgeItem.source_channel_id == channel_id,
            KnowledgeItem.source_ts == ts,
        )
    )


def set_announcement(session: Session, network_id: int, item_id: int, channel_id: str, ts: str) -> None:
    item = get_item(session, network_id, item_id)
    if item is not None:
        item.channel_id, item.message_ts = channel_id, ts


def remove_item(session: Session, item: KnowledgeItem) -> None:
    session.delete(item)
    bump_knowledge_version(session, item.network_id)
    session.flush()


# -- 👍 ------------------------------------------------------------------------------------------------
def apply_like(
    session: Session, network_id: int, *, channel_id: str, message_ts: str, user_id: str, added: bool
) -> bool:
    """A 👍 added to or removed from an item's announcement; True when the count changed.

    The sharer's own 👍 does not count: usefulness is what the others found.
    """
    item = session.scalar(
        select(KnowledgeItem).where(
            KnowledgeItem.network_id == network_id,
            KnowledgeItem.channel_id == channel_id,
            KnowledgeItem.message_ts == message_ts,
        )
    )
    if item is None or item.shared_by == user_id:
        return False
    if not added:
        removed = session.execute(
            delete(KnowledgeLike).where(KnowledgeLike.item_id == item.id, KnowledgeLike.user_id == user_id)
        )
        return bool(rows_changed(removed))
    try:
        with session.begin_nested():
            session.add(KnowledgeLike(network_id=network_id, item_id=item.id, user_id=user_id))
            session.flush()
    except IntegrityError:  # the same person's second thumb (another skin tone), or a concurrent twin
        return False
    return True


def like_counts(session: Session, network_ids: Sequence[int]) -> dict[str, int]:
    rows = session.execute(
        select(KnowledgeLike.item_id, func.count())
        .where(KnowledgeLike.network_id.in_(list(network_ids)))
        .group_by(KnowledgeLike.item_id)
    )
    return {str(item_id): int(count) for item_id, count in rows}


# -- search ------------------------------------------------------------------------------------------
def _card(item: KnowledgeItem, organisation: str | None, network_name: str | None) -> KnowledgeCard:
    return KnowledgeCard(
        id=item.id,
        network_id=item.network_id,
        title=item.title,
        url=item.url,
        explanation=item.explanation,
        categories=tuple(item.categories or ()),
        target_groups=tuple(item.target_groups or ()),
        shared_by=item.shared_by,
        organisation=organisation,
        created_at=item.created_at,
        source_url=item.source_url,
        network_name=network_name,
    )


def _build(session: Session, scope: Sequence[Network]) -> KnowledgeSnapshot:
    cards = {str(card.id): card for card in _cards_where(session, scope)}
    docs = [
        OfferingDoc(
            id=key,
            name=card.title,
            description=card.explanation,
            organisation=card.organisation or "",
            categories=card.categories,
            target_groups=card.target_groups,
        )
        for key, card in cards.items()
    ]
    return KnowledgeSnapshot(ReferralIndex.build(docs), cards)


def _snapshot(session: Session, cache: KnowledgeCaches, scope: Sequence[Network]) -> KnowledgeSnapshot:
    """The scope's index, rebuilt when a network's knowledge version moved (read with the scope itself)."""
    versions = tuple((n.id, n.knowledge_version) for n in scope)
    return cache.knowledge.get(scope_key(scope), versions, lambda: _build(session, scope))


def _with_likes(card: KnowledgeCard, likes: dict[str, int]) -> KnowledgeCard:
    return replace(card, likes=likes.get(str(card.id), 0))


def find_knowledge(
    session: Session, cache: KnowledgeCaches, scope: Sequence[Network], query: str, *, limit: int, strict: bool = False
) -> tuple[list[KnowledgeCard], int]:
    """Matching items, most useful first, and how many matched in all.

    `strict` keeps only items that share a word or concept with the question (for `/verwijs`,
    where a general tip that matches nothing specific would be noise). `scope` is `search_scope`'s.
    """
    if not scope:
        return [], 0
    snapshot = _snapshot(session, cache, scope)
    if not snapshot.cards:
        return [], 0
    outcome = snapshot.index.search(query)
    if outcome.is_gap:
        return [], 0
    hits = [h for h in outcome.hits if h.matched_terms] if strict else list(outcome.hits)
    likes = like_counts(session, [n.id for n in scope])
    ranked = rank_by_usefulness([(h.doc.id, h.score, h.doc.id) for h in hits], likes)
    return [_with_likes(snapshot.cards[key], likes) for key in ranked[:limit]], len(ranked)


def _cards_where(session: Session, scope: Sequence[Network], *conditions: Any) -> list[KnowledgeCard]:
    names = {n.id: n.name for n in scope}
    city_wide = len(scope) > 1
    rows = session.execute(
        select(KnowledgeItem, Organisation.name)
        .outerjoin(Organisation, Organisation.id == KnowledgeItem.organisation_id)
        .where(KnowledgeItem.network_id.in_(list(names)), *conditions)
        .order_by(KnowledgeItem.id)
    ).all()
    return [_card(item, org, names[item.network_id] if city_wide else None) for item, org in rows]


def cards_by_id(session: Session, network_id: int, item_ids: Sequence[int]) -> list[KnowledgeCard]:
    """The network's own items with these ids, with their 👍."""
    own = session.get(Network, network_id)
    if own is None:
        return []
    likes = like_counts(session, [network_id])
    return [_with_likes(c, likes) for c in _cards_where(session, [own], KnowledgeItem.id.in_(list(item_ids)))]


def most_useful(session: Session, network_id: int, *, limit: int) -> tuple[list[KnowledgeCard], int]:
    """`/kennis lijst`: the items with the most 👍 first, then the newest."""
    scope = search_scope(session, network_id)
    if not scope:
        return [], 0
    likes = like_counts(session, [n.id for n in scope])
    cards = _cards_where(session, scope)
    cards.sort(key=lambda c: (-likes.get(str(c.id), 0), -c.created_at.timestamp(), -c.id))
    return [_with_likes(c, likes) for c in cards[:limit]], len(cards)
