"""Signals of a network: needs registered with `/nood`, and the inputs of the gap analysis.

Every function takes the network id(s) it may read; which networks a request may see (its own,
or a city with its linked neighbourhoods) is decided by the caller with `analysis_scope`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.activities import ActivityLine
from domain.dates_nl import BRUSSELS
from domain.gaps import (
    UNCATEGORISED,
    GapAnalysis,
    GapSignals,
    NeedCount,
    NetworkComparison,
    OfferSignal,
    Period,
    ReferralCount,
    UnmetQuestionSignal,
    UnsortedSignal,
    analyse_gaps,
    compare_networks,
)
from domain.offering_practical import capacity_of, openings_of
from domain.referral_outcomes import NO_PLACE
from domain.schedule import hours_per_week
from storage.activities import in_progress
from storage.base import utcnow
from storage.catalog import category_labels
from storage.models import Need, Network, Offering, Organisation, Referral, UnmetQuestion
from storage.search_index import search_scope


# -- needs ----------------------------------------------------------------------------------------
def record_need(
    session: Session,
    network_id: int,
    *,
    user_id: str,
    description: str,
    category: str,
    frequency: str,
    target_group: str | None = None,
    organisation_id: int | None = None,
) -> Need:
    need = Need(
        network_id=network_id,
        user_id=user_id,
        description=description,
        category=category,
        frequency=frequency,
        target_group=target_group,
        organisation_id=organisation_id,
    )
    session.add(need)
    session.flush()
    return need


@dataclass(frozen=True)
class NeedLine:
    """A need as `/nood lijst` shows it: plain data, no ORM row."""

    description: str
    category: str
    frequency: str
    organisation: str | None
    reported_on: date


def recent_needs(session: Session, network_id: int, since: datetime, limit: int) -> list[NeedLine]:
    """The network's needs reported since `since`, newest first, at most `limit`."""
    rows = session.execute(
        select(Need, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Need.organisation_id)
        .where(Need.network_id == network_id, Need.created_at >= since)
        .order_by(Need.created_at.desc(), Need.id.desc())
        .limit(limit)
    ).all()
    return [NeedLine(n.description, n.category, n.frequency, org, _local_day(n.created_at)) for n, org in rows]


def get_need(session: Session, network_id: int, need_id: int) -> Need | None:
    return session.scalar(select(Need).where(Need.network_id == network_id, Need.id == need_id))


def change_need(session: Session, need: Need, *, category: str | None = None, frequency: str | None = None) -> None:
    """Correct the guessed category or the frequency from the confirmation's selects."""
    if category is not None:
        need.category = category
    if frequency is not None:
        need.frequency = frequency
    session.flush()


def unsorted_signals(session: Session, network_id: int, start: datetime, end: datetime) -> list[UnsortedSignal]:
    """The network's own questions and needs in [start, end) whose category is unknown, oldest first."""
    found: list[UnsortedSignal] = []
    questions = session.scalars(
        select(UnmetQuestion)
        .where(
            UnmetQuestion.network_id == network_id, UnmetQuestion.created_at >= start, UnmetQuestion.created_at < end
        )
        .order_by(UnmetQuestion.created_at, UnmetQuestion.id)
    )
    for question in questions:
        if not [c for c in question.categories or () if c]:
            found.append(UnsortedSignal("vraag", question.id, question.query, _local_day(question.created_at)))
    needs = session.scalars(
        select(Need)
        .where(
            Need.network_id == network_id,
            Need.category == UNCATEGORISED,
            Need.created_at >= start,
            Need.created_at < end,
        )
        .order_by(Need.created_at, Need.id)
    )
    found += [UnsortedSignal("nood", n.id, n.description, _local_day(n.created_at)) for n in needs]
    return found


def _local_day(moment: datetime) -> date:
    return moment.astimezone(BRUSSELS).date()


def sort_signal(session: Session, network_id: int, kind: str, signal_id: int, category: str) -> bool:
    """The coordinator chose the category of a question or need; False when it is not (any more) this network's."""
    if kind == "vraag":
        question = session.scalar(
            select(UnmetQuestion).where(UnmetQuestion.network_id == network_id, UnmetQuestion.id == signal_id)
        )
        if question is None:
            return False
        question.categories = [category]
    elif kind == "nood":
        need = get_need(session, network_id, signal_id)
        if need is None:
            return False
        need.category = category
    else:
        return False
    session.flush()
    return True


# -- the gap analysis' inputs ---------------------------------------------------------------------
def analysis_scope(session: Session, network_id: int) -> list[Network]:
    """A neighbourhood sees only itself; a city-wide network itself first, then its linked neighbourhoods."""
    return search_scope(session, network_id)


def _is_full(offering: Offering, today: date) -> bool:
    """Volzet at a count of the last week (an older count may no longer be true)."""
    capacity = capacity_of(offering)
    return capacity is not None and capacity.is_full and not capacity.capacity_is_stale(today)


def gap_signals(session: Session, network_ids: Sequence[int], start: datetime, end: datetime) -> dict[int, GapSignals]:
    """Per network: needs, unanswered questions and referrals made in [start, end), and the offer.

    The offer is today's active offerings that existed before `end` (paused or ended offerings
    have no history, so a report over a past period uses today's statuses).
    """
    ids = list(network_ids)
    need_rows = session.execute(
        select(Need.network_id, Need.category, Need.frequency, func.count())
        .where(Need.network_id.in_(ids), Need.created_at >= start, Need.created_at < end)
        .group_by(Need.network_id, Need.category, Need.frequency)
    )
    found_needs: dict[int, list[NeedCount]] = defaultdict(list)
    for network_id, category, frequency, count in need_rows:
        found_needs[network_id].append(NeedCount(category, frequency, int(count)))

    question_rows = session.execute(
        select(UnmetQuestion.network_id, UnmetQuestion.categories).where(
            UnmetQuestion.network_id.in_(ids), UnmetQuestion.created_at >= start, UnmetQuestion.created_at < end
        )
    )
    found_unmet: dict[int, list[UnmetQuestionSignal]] = defaultdict(list)
    for network_id, categories in question_rows:
        found_unmet[network_id].append(UnmetQuestionSignal(tuple(categories or ())))

    offerings = session.scalars(
        select(Offering).where(Offering.network_id.in_(ids), Offering.status == "active", Offering.created_at < end)
    )
    found_offers: dict[int, list[OfferSignal]] = defaultdict(list)
    today = utcnow().astimezone(BRUSSELS).date()  # the offer is today's: so is whether it is full
    for offering in offerings:
        found_offers[offering.network_id].append(
            OfferSignal(
                tuple(offering.categories or ()),
                hours_per_week(openings_of(offering)),
                offering.by_appointment,
                days_per_week=len({opening.weekday for opening in openings_of(offering)}),
                full=_is_full(offering, today),
            )
        )

    referral_rows = session.execute(
        select(Referral.network_id, Referral.category, Referral.outcome, func.count())
        .where(Referral.network_id.in_(ids), Referral.created_at >= start, Referral.created_at < end)
        .group_by(Referral.network_id, Referral.category, Referral.outcome)
    )
    found_referrals: dict[int, list[ReferralCount]] = defaultdict(list)
    for network_id, referral_category, outcome, count in referral_rows:
        no_place = int(count) if outcome == NO_PLACE else 0
        found_referrals[network_id].append(ReferralCount(referral_category, int(count), no_place))

    return {
        network_id: GapSignals(
            needs=tuple(found_needs[network_id]),
            unmet=tuple(found_unmet[network_id]),
            offers=tuple(found_offers[network_id]),
            referrals=tuple(found_referrals[network_id]),
        )
        for network_id in ids
    }


def category_labels_of(session: Session, network_ids: Sequence[int]) -> dict[str, str]:
    """The vocabulary plus every network's own categories, so a city can name its neighbourhoods' ones."""
    labels: dict[str, str] = {}
    for network_id in network_ids:
        for slug, label in category_labels(session, network_id).items():
            labels.setdefault(slug, label)
    return labels


@dataclass(frozen=True)
class GapReport:
    """What `/hiaten`, its chart and `lerend-netwerk rapport` show: one gathering, one analysis."""

    network_name: str
    period: Period
    labels: dict[str, str]  # category slug → Dutch label
    analysis: GapAnalysis  # the network's own rows; for a city, the totals over its scope
    comparison: NetworkComparison | None = None  # a city-wide network: the same per network
    # per category: joint activities that address it (`/activiteit`), listed as *in aanpak*
    in_progress: Mapping[str, tuple[ActivityLine, ...]] = field(default_factory=dict)

    def label(self, category: str) -> str:
        return self.labels.get(category, category)


def column_names(networks: Sequence[Network]) -> list[str]:
    """Short, unique column names: the neighbourhood when it is set, else the network's name."""
    names: list[str] = []
    for network in networks:
        for candidate in (network.neighbourhood, network.name, f"{network.name} ({network.id})"):
            if candidate and candidate not in names:
                names.append(candidate)
                break
    return names


def current_period() -> Period:
    """The last 90 days in Brussels, today included: the days `rapport --from … --to …` takes for them."""
    return Period.last_days(utcnow().astimezone(BRUSSELS).date())


def gap_report(session: Session, network_id: int, period: Period) -> GapReport | None:
    """The gap analysis of a network over a period, within what the network may see; None if it is gone."""
    scope = analysis_scope(session, network_id)
    if not scope:
        return None
    own = scope[0]
    ids = [n.id for n in scope]
    start, end = period.bounds_utc()
    signals = gap_signals(session, ids, start, end)
    labels = category_labels_of(session, ids)
    order = list(labels)
    names = dict(zip(ids, column_names(scope), strict=True)) if own.is_city_wide else None
    addressed = in_progress(session, ids, period.first, period.last, names)
    if not own.is_city_wide:
        return GapReport(own.name, period, labels, analyse_gaps(signals[own.id], order), in_progress=addressed)
    by_name = dict(zip(column_names(scope), (signals[n.id] for n in scope), strict=True))
    comparison = compare_networks(by_name, order)
    return GapReport(own.name, period, labels, comparison.total, comparison, in_progress=addressed)
