"""The knowledge base's tips under `/verwijs` results: shared by two features, so it lives below them."""

from __future__ import annotations

from slack_bolt import BoltContext
from sqlalchemy.orm import Session

from plugin.request_scope import network
from plugin.views.kit import Block
from plugin.views.knowledge import HINTS_IN_REFERRALS, hints_for_referrals
from storage import catalog, knowledge
from storage.models import Network
from storage.search_index import SearchIndexCache


def hints_for_query(session: Session, context: BoltContext, scope: list[Network], query: str) -> list[Block]:
    """For `/verwijs`: at most two knowledge items that share words or concepts with the question."""
    cache: SearchIndexCache = context["search"]
    cards, _total = knowledge.find_knowledge(session, cache, scope, query, limit=HINTS_IN_REFERRALS, strict=True)
    return hints_for_referrals(cards, catalog.category_labels(session, network(context).id)) if cards else []
