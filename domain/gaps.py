"""Gap analysis ("hiaten"): where the need partners see is larger than the offer of the network.

Inputs are plain signals gathered per network and period (`storage.signals`); the output is one
ranked row per category with a one-line Dutch explanation. `/hiaten`, its chart and the
`lerend-netwerk rapport` command all call `analyse_gaps`, so their numbers are the same.

Scoring, per category:

- **nood** (need points) = Σ frequency weight of the needs registered with `/nood`
  (zelden 1 · maandelijks 2 · wekelijks 4 · dagelijks 8: each step roughly doubles how often the
  need is met) + 2 per `/verwijs` question reported as unanswered (*Meld als nood*), as if a
  partner had registered a monthly need. A question guessed under two categories counts in both;
  a question without a category is counted apart (`GapAnalysis.uncategorised_unmet`), and so
  is a need whose category is not chosen yet.
- **aanbod** (supply points) = 2 per active offering + 0.5 per opening hour per week. An offering
  only by appointment (no weekly hours) still counts 2: it exists, but nobody can walk in.
- **tekort** (gap) = nood − aanbod. Rows are ranked by gap, then by unanswered questions, then by
  need, then in the order of the category vocabulary.
- Referrals (`/verwijs` → *Verwijs door*) are reported but not scored: they show the offer is used,
  which says nothing about whether it suffices.

The weights are deliberately few and round so a coordinator can recompute a row by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from domain.dates_nl import BRUSSELS, MONTH_NAMES_NL

FREQUENCY_WEIGHTS: dict[str, int] = {"zelden": 1, "maandelijks": 2, "wekelijks": 4, "dagelijks": 8}
FREQUENCY_LABELS: dict[str, str] = {
    "zelden": "Zelden",
    "maandelijks": "Maandelijks",
    "wekelijks": "Wekelijks",
    "dagelijks": "Dagelijks",
}
DEFAULT_FREQUENCY = "maandelijks"
UNMET_QUESTION_POINTS = 2  # an unanswered /verwijs question weighs like a need seen monthly
OFFER_POINTS = 2.0  # each active offering
HOUR_POINTS = 0.5  # per opening hour per week
HIGH_NEED = 8  # from here on it is "veel nood": one daily need, two weekly ones, or four questions
DEFAULT_PERIOD_DAYS = 90
UNCATEGORISED = ""  # a need recorded before its category was chosen

_FREQUENCY_PHRASES: tuple[tuple[str, str], ...] = (
    (r"dagelijks|(?:elke|iedere)\s+dag", "dagelijks"),
    (r"wekelijks|(?:elke|iedere)\s+week", "wekelijks"),
    (r"maandelijks|(?:elke|iedere)\s+maand", "maandelijks"),
    (r"zelden|uitzonderlijk", "zelden"),
)


def frequency_in_text(text: str) -> str | None:
    """How often a need is seen, when the quick `/nood <tekst>` says so ("elke week", "dagelijks")."""
    lowered = text.lower()
    for pattern, frequency in _FREQUENCY_PHRASES:
        if re.search(rf"\b(?:{pattern})\b", lowered):
            return frequency
    return None


# -- the period -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Whole days in Brussels, both ends included, so `/hiaten` and the report agree on a date range."""

    first: date
    last: date

    @classmethod
    def last_days(cls, today: date, days: int = DEFAULT_PERIOD_DAYS) -> Period:
        """The last `days` days up to and including today."""
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def bounds_utc(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC: Brussels midnight of the first day to midnight after the last day."""
        start = datetime.combine(self.first, time(0), tzinfo=BRUSSELS).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=BRUSSELS).astimezone(UTC)
        return start, end

    def describe_nl(self) -> str:
        """ "1 maart – 29 mei 2025"; the year once when both days share it."""
        last = f"{self.last.day} {MONTH_NAMES_NL[self.last.month - 1]} {self.last.year}"
        first = f"{self.first.day} {MONTH_NAMES_NL[self.first.month - 1]}"
        if self.first.year != self.last.year:
            first += f" {self.first.year}"
        return f"{first} – {last}"


# -- inputs ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NeedCount:
    """Needs registered with `/nood` in one category with one frequency."""

    category: str
    frequency: str
    count: int = 1


@dataclass(frozen=True)
class UnmetQuestionSignal:
    """One `/verwijs` question reported as unanswered, with the categories guessed for it."""

    categories: tuple[str, ...]


@dataclass(frozen=True)
class OfferSignal:
    """One active offering: its categories and weekly opening hours."""

    categories: tuple[str, ...]
    hours_per_week: float
    by_appointment: bool = False


@dataclass(frozen=True)
class ReferralCount:
    category: str | None
    count: int = 1


@dataclass(frozen=True)
class GapSignals:
    """Everything the analysis reads about one network (or several, merged) in one period."""

    needs: tuple[NeedCount, ...] = ()
    unmet: tuple[UnmetQuestionSignal, ...] = ()
    offers: tuple[OfferSignal, ...] = ()
    referrals: tuple[ReferralCount, ...] = ()

    @staticmethod
    def merged(parts: Iterable[GapSignals]) -> GapSignals:
        """The signals of several networks as one, for a city's totals."""
        items = list(parts)
        return GapSignals(
            needs=tuple(n for p in items for n in p.needs),
            unmet=tuple(u for p in items for u in p.unmet),
            offers=tuple(o for p in items for o in p.offers),
            referrals=tuple(r for p in items for r in p.referrals),
        )


# -- output ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GapRow:
    category: str
    need: int  # need points (see the module docstring)
    needs: int  # needs registered with /nood
    unmet: int  # unanswered /verwijs questions
    offers: int  # active offerings
    appointment_only: int  # of which without weekly hours, by appointment
    hours: float  # opening hours per week
    referrals: int
    supply: float  # supply points
    gap: float  # need − supply
    explanation: str


@dataclass(frozen=True)
class GapAnalysis:
    rows: tuple[GapRow, ...]  # biggest gap first
    uncategorised_unmet: int = 0
    uncategorised_needs: int = 0

    def row(self, category: str) -> GapRow | None:
        return next((r for r in self.rows if r.category == category), None)

    @property
    def gaps(self) -> tuple[GapRow, ...]:
        """Categories where need outweighs offer: what `/hiaten` lists first."""
        return tuple(r for r in self.rows if r.gap > 0)

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.uncategorised_unmet and not self.uncategorised_needs


@dataclass
class _Tally:
    need: int = 0
    needs: int = 0
    unmet: int = 0
    offers: int = 0
    appointment_only: int = 0
    hours: float = 0.0
    referrals: int = 0


@dataclass(frozen=True)
class NetworkComparison:
    """A city-wide network's view: the totals, and the same analysis per network side by side."""

    columns: tuple[str, ...]  # network names, the city first
    total: GapAnalysis
    by_network: Mapping[str, GapAnalysis] = field(default_factory=dict)


def format_number_nl(value: float) -> str:
    """12 → "12", 2.5 → "2,5": one decimal at most, with a decimal comma."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", ",")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def explain(row: GapRow) -> str:
    """ "Veel nood (12), weinig aanbod (1 aanbod, 2 u/week) en 5 vragen zonder antwoord"."""
    if row.need >= HIGH_NEED:
        need = f"Veel nood ({row.need})"
    elif row.need > 0:
        need = f"Wat nood ({row.need})"
    else:
        need = "Geen gemelde nood"
    if row.offers == 0:
        offer = "geen aanbod"
    else:
        detail = f"{row.offers} aanbod, {format_number_nl(row.hours)} u/week"
        if row.appointment_only == row.offers:
            detail += ", enkel op afspraak"
        elif row.appointment_only:
            detail += f", waarvan {row.appointment_only} enkel op afspraak"
        offer = f"{'weinig' if row.gap > 0 else 'voldoende'} aanbod ({detail})"
    unmet = f" en {_plural(row.unmet, 'vraag', 'vragen')} zonder antwoord" if row.unmet else ""
    return f"{need}, {offer}{unmet}"


def uncategorised_nl(analysis: GapAnalysis) -> str:
    """ "1 vraag zonder antwoord en 2 noden": the signals left out for lack of a category, or ""."""
    parts = []
    if analysis.uncategorised_unmet:
        parts.append(_plural(analysis.uncategorised_unmet, "vraag", "vragen") + " zonder antwoord")
    if analysis.uncategorised_needs:
        parts.append(_plural(analysis.uncategorised_needs, "nood", "noden"))
    return " en ".join(parts)


def analyse_gaps(signals: GapSignals, category_order: Sequence[str] = ()) -> GapAnalysis:
    """One row per category with any signal, biggest gap first (see the module docstring)."""
    tallies: dict[str, _Tally] = {}

    def tally(category: str) -> _Tally:
        return tallies.setdefault(category, _Tally())

    uncategorised_needs = 0
    for need in signals.needs:
        if need.category == UNCATEGORISED:
            uncategorised_needs += need.count
            continue
        t = tally(need.category)
        t.needs += need.count
        t.need += need.count * FREQUENCY_WEIGHTS.get(need.frequency, FREQUENCY_WEIGHTS[DEFAULT_FREQUENCY])
    uncategorised_unmet = 0
    for question in signals.unmet:
        categories = [c for c in dict.fromkeys(question.categories) if c]
        if not categories:
            uncategorised_unmet += 1
        for category in categories:
            t = tally(category)
            t.unmet += 1
            t.need += UNMET_QUESTION_POINTS
    for offer in signals.offers:
        for category in dict.fromkeys(offer.categories):
            t = tally(category)
            t.offers += 1
            t.hours += offer.hours_per_week
            if offer.hours_per_week <= 0 and offer.by_appointment:
                t.appointment_only += 1
    for referral in signals.referrals:
        if referral.category:
            tally(referral.category).referrals += referral.count

    rows: list[GapRow] = []
    for category, t in tallies.items():
        supply = OFFER_POINTS * t.offers + HOUR_POINTS * t.hours
        row = GapRow(
            category=category,
            need=t.need,
            needs=t.needs,
            unmet=t.unmet,
            offers=t.offers,
            appointment_only=t.appointment_only,
            hours=round(t.hours, 2),
            referrals=t.referrals,
            supply=round(supply, 2),
            gap=round(t.need - supply, 2),
            explanation="",
        )
        rows.append(replace(row, explanation=explain(row)))
    order = {slug: i for i, slug in enumerate(category_order)}
    rows.sort(key=lambda r: (-r.gap, -r.unmet, -r.need, order.get(r.category, len(order)), r.category))
    return GapAnalysis(tuple(rows), uncategorised_unmet=uncategorised_unmet, uncategorised_needs=uncategorised_needs)


def compare_networks(
    signals_by_network: Mapping[str, GapSignals], category_order: Sequence[str] = ()
) -> NetworkComparison:
    """A city's comparison: each network analysed on its own, ranked by the merged totals.

    Pass the city network first; the columns keep the mapping's order.
    """
    by_network = {name: analyse_gaps(signals, category_order) for name, signals in signals_by_network.items()}
    total = analyse_gaps(GapSignals.merged(signals_by_network.values()), category_order)
    return NetworkComparison(columns=tuple(signals_by_network), total=total, by_network=by_network)
