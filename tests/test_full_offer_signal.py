"""A full offer (volzet) is a signal in /hiaten: 2 need points per category, in the explanation;
only at a recent count."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from domain.gaps import FULL_OFFER_POINTS, GapSignals, OfferSignal, analyse_gaps
from storage.base import utcnow
from storage.db import Database
from storage.models import Network, Offering
from storage.signals import gap_signals


def test_a_full_offer_adds_need_points_and_says_so() -> None:
    open_ = analyse_gaps(GapSignals(offers=(OfferSignal(("basisvaardigheden",), 3.0, days_per_week=1),)))
    full = analyse_gaps(GapSignals(offers=(OfferSignal(("basisvaardigheden",), 3.0, days_per_week=1, full=True),)))
    row, full_row = open_.row("basisvaardigheden"), full.row("basisvaardigheden")
    assert row is not None and full_row is not None
    assert full_row.need == row.need + FULL_OFFER_POINTS == 2 and full_row.supply == row.supply == 4
    assert full_row.full == 1 and full_row.explanation.endswith("en 1 aanbieding volzet")
    assert "volzet" not in row.explanation


def test_only_a_recent_full_count_is_a_signal(db: Database, social_map: dict[str, int]) -> None:
    def full_offers(counted_days_ago: int, available: int = 0) -> int:
        with db.transaction() as session:
            laptop = session.get_one(Offering, social_map["laptop"])
            laptop.capacity_available, laptop.capacity_maximum, laptop.capacity_unit = available, 5, "laptops"
            laptop.capacity_updated_at = utcnow() - timedelta(days=counted_days_ago)
            network_id = session.scalars(select(Network.id)).one()
            signals = gap_signals(session, [network_id], utcnow() - timedelta(days=90), utcnow())[network_id]
            return sum(o.full for o in signals.offers)

    assert full_offers(1) == 1
    assert full_offers(1, available=2) == 0
    assert full_offers(20) == 0  # an old "volzet" may no longer be true
