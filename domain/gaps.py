"""Gap analysis ("hiaten"): where the need partners see is larger than the offer of the network.

Inputs are plain signals gathered per network and period (`storage.signals`); the output is one
ranked row per category with a one-line Dutch explanation. `/hiaten`, its chart and the
`lerend-netwerk rapport` command all call `analyse_gaps`, so their numbers are the same; this
module is the one place of the rule.

Need and offer are counted in the same unit, *punten*: how often a client meets the need, against
how often a client can get help, on one scale (zelden 1 · maandelijks 2 · wekelijks 4 · dagelijks 8):

- **nood** = Σ the frequency of each need registered with `/nood` (a need seen daily by two
  partners counts 8 + 8) + 2 per `/verwijs` question reported as unanswered (*Meld als nood*),
  as if a partner had seen it monthly. A question guessed under two categories counts in both;
  a question or need without a category is counted apart (`GapAnalysis.uncategorised_*`) until
  the coordinator chooses one in `/hiaten`.
- **aanbod** = Σ per active offering how often someone can get in: open on 3 or more days a week
  8 (dagelijks), on 1 or 2 days a week 4 (wekelijks), without weekly hours (by appointment,
  online) 2 (maandelijks).
- **tekort** = nood − aanbod, a gap when above 0. A weekly need against one weekly session is
  met (4 − 4); a daily need against that session is not (8 − 4). Rows are ranked by gap, then by
  unanswered questions, then by need, then in the order of the category vocabulary.
- Opening hours and referrals (`/verwijs` → *Verwijs door*) are reported but not scored, except a
  referral the receiving organisation answered with *Geen plaats*: a need the offer could not
  meet, which counts 2 toward the need of the referral's category (as if seen monthly).
- An active offering that is **volzet** (0 places left, counted in the last week; `domain.capacity`)
  counts 2 toward the need of each of its categories, as a *Geen plaats* referral does: people come
  and cannot get in. It still counts as offer.

The weights are deliberately few and round so a coordinator can recompute a row by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from domain.counts_nl import count_nl
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
NO_PLACE_POINTS = 2  # a referral answered *Geen plaats* (no capacity) weighs the same
FULL_OFFER_POINTS = 2  # an offering that is full (volzet) weighs the same
# How often someone can get in, on the need's scale: open on this many days a week or more → points.
OFFER_DAYS_POINTS: tuple[tuple[int, int], ...] = ((3, 8), (1, 4), (0, 2))
HIGH_NEED = 8  # from here on it is "veel nood": one daily need, two weekly ones, or four questions
DEFAULT_PERIOD_DAYS = 90
UNCATEGORISED = ""  # a need recorded before its category was chosen

SCORING_NOTE = (
    "Nood en aanbod in punten, op één schaal: hoe vaak cliënten het nodig hebben tegen hoe vaak ze terechtkunnen "
    "(zelden 1 · maandelijks 2 · wekelijks 4 · dagelijks 8). "
    "Nood = elke gemelde nood volgens hoe vaak die partner ze ziet + 2 per vraag zonder antwoord "
    "+ 2 per doorverwijzing met als uitkomst 'geen plaats' + 2 per aanbieding die volzet is. "
    "Aanbod = per actieve aanbieding 8 als ze 3 of meer dagen per week open is, 4 bij 1 of 2 dagen, "
    "2 zonder vaste uren (op afspraak, online). Tekort = nood − aanbod, een hiaat als dat boven 0 ligt."
)

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
    days_per_week: int | None = None  # days with opening hours; None: 1 when it has hours, else 0
    full: bool = False  # volzet: no places left at the last count (a recent one)

    @property
    def open_days(self) -> int:
        if self.days_per_week is not None:
            return self.days_per_week
        return 1 if self.hours_per_week > 0 else 0

    @property
    def points(self) -> int:
        """How often someone can get in: 8 (3+ days a week), 4 (1–2 days), 2 (no weekly hours)."""
        return next(points for days, points in OFFER_DAYS_POINTS if self.open_days >= days)


@dataclass(frozen=True)
class ReferralCount:
    category: str | None
    count: int = 1
    no_place: int = 0  # of which answered *Geen plaats* by the receiving organisation


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
    supply: int  # offer points, the need's unit
    gap: int  # need − supply: a gap when above 0
    explanation: str
    no_place: int = 0  # referrals answered *Geen plaats* (counted in `need`)
    full: int = 0  # offerings that are full (counted in `need`)

    @property
    def is_gap(self) -> bool:
        return self.gap > 0

    @property
    def balance(self) -> str:
        """ "nood 8 punten · aanbod 4 punten": both sides in the same unit."""
        return f"nood {points_nl(self.need)} · aanbod {points_nl(self.supply)}"

    @property
    def verdict(self) -> str:
        """ "tekort 4 punten" or "geen tekort" (never a negative shortage)."""
        return f"tekort {points_nl(self.gap)}" if self.is_gap else "geen tekort"


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
        return tuple(r for r in self.rows if r.is_gap)

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
    supply: int = 0
    referrals: int = 0
    no_place: int = 0
    full: int = 0


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


def points_nl(points: float) -> str:
    """ "1 punt", "8 punten", "2,5 punten"."""
    return f"{format_number_nl(points)} {'punt' if points == 1 else 'punten'}"


def explain(row: GapRow) -> str:
    """ "Veel nood, te weinig aanbod (1 aanbieding, 2 u/week) en 5 vragen zonder antwoord"; the points
    stand beside it (`GapRow.balance`)."""
    if row.need >= HIGH_NEED:
        need = "Veel nood"
    elif row.need > 0:
        need = "Wat nood"
    else:
        need = "Geen gemelde nood"
    if row.offers == 0:
        offer = "geen aanbod"
    else:
        detail = f"{count_nl(row.offers, 'aanbieding')}, {format_number_nl(row.hours)} u/week"
        if row.appointment_only == row.offers:
            detail += ", enkel op afspraak"
        elif row.appointment_only:
            detail += f", waarvan {row.appointment_only} enkel op afspraak"
        offer = f"{'te weinig' if row.is_gap else 'genoeg'} aanbod ({detail})"
    unmet = f" en {count_nl(row.unmet, 'vraag')} zonder antwoord" if row.unmet else ""
    no_place = f" en {count_nl(row.no_place, 'doorverwijzing')} zonder plaats" if row.no_place else ""
    full = f" en {count_nl(row.full, 'aanbieding')} volzet" if row.full else ""
    return f"{need}, {offer}{unmet}{no_place}{full}"


@dataclass(frozen=True)
class UnsortedSignal:
    """A reported question (or need) whose category could not be guessed: the coordinator chooses one."""

    kind: str  # "vraag" (an unanswered /verwijs question) or "nood" (a /nood need)
    id: int
    text: str
    created_on: date


def uncategorised_nl(analysis: GapAnalysis) -> str:
    """ "1 vraag zonder antwoord en 2 noden": the signals left out for lack of a category, or ""."""
    parts = []
    if analysis.uncategorised_unmet:
        parts.append(count_nl(analysis.uncategorised_unmet, "vraag") + " zonder antwoord")
    if analysis.uncategorised_needs:
        parts.append(count_nl(analysis.uncategorised_needs, "nood"))
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
            t.supply += offer.points
            if offer.hours_per_week <= 0 and offer.by_appointment:
                t.appointment_only += 1
            if offer.full:
                t.full += 1
                t.need += FULL_OFFER_POINTS
    for referral in signals.referrals:
        if referral.category:
            t = tally(referral.category)
            t.referrals += referral.count
            t.no_place += referral.no_place
            t.need += referral.no_place * NO_PLACE_POINTS

    rows: list[GapRow] = []
    for category, t in tallies.items():
        row = GapRow(
            category=category,
            need=t.need,
            needs=t.needs,
            unmet=t.unmet,
            offers=t.offers,
            appointment_only=t.appointment_only,
            hours=round(t.hours, 2),
            referrals=t.referrals,
            supply=t.supply,
            gap=t.need - t.supply,
            explanation="",
            no_place=t.no_place,
            full=t.full,
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
