"""The gap analysis as plain rules: weights, supply, ranking, explanations, periods, city totals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.gaps import (
    FREQUENCY_WEIGHTS,
    UNCATEGORISED,
    GapSignals,
    NeedCount,
    OfferSignal,
    Period,
    ReferralCount,
    UnmetQuestionSignal,
    analyse_gaps,
    compare_networks,
    format_number_nl,
    frequency_in_text,
    uncategorised_nl,
)
from domain.vocabulary_nl import CATEGORIES

ITSME = "e-overheid-en-itsme"
TOESTEL = "toestel-en-internet"
SMARTPHONE = "smartphone-en-apps"


def test_need_is_frequency_weighted_plus_two_per_unanswered_question() -> None:
    signals = GapSignals(
        needs=(NeedCount(ITSME, "dagelijks"), NeedCount(ITSME, "zelden", 2), NeedCount(ITSME, "onbekend")),
        unmet=(UnmetQuestionSignal((ITSME,)), UnmetQuestionSignal((ITSME, ITSME))),
    )
    row = analyse_gaps(signals).row(ITSME)
    assert row is not None
    # 8 + 2×1 + 2 (an unknown frequency weighs like "maandelijks") + 2 questions × 2
    assert (row.need, row.needs, row.unmet) == (8 + 2 + 2 + 4, 4, 2)
    assert FREQUENCY_WEIGHTS == {"zelden": 1, "maandelijks": 2, "wekelijks": 4, "dagelijks": 8}


def test_supply_counts_how_often_someone_can_get_in_and_appointment_only_as_monthly() -> None:
    signals = GapSignals(
        needs=(NeedCount(ITSME, "wekelijks", 3),),
        offers=(
            OfferSignal((ITSME, "administratie-en-formulieren"), 3.0),  # hours on one day: weekly, 4
            OfferSignal((ITSME,), 0.0, by_appointment=True),  # no weekly hours: 2
            OfferSignal(("jongeren",), 15.0, days_per_week=5),  # open on 3+ days: daily, 8
        ),
    )
    analysis = analyse_gaps(signals)
    row = analysis.row(ITSME)
    assert row is not None
    assert (row.offers, row.appointment_only, row.hours) == (2, 1, 3.0)
    assert row.supply == 4 + 2
    assert row.gap == 12 - 6
    assert row.balance == "nood 12 punten · aanbod 6 punten" and row.verdict == "tekort 6 punten"
    assert row.explanation == "Veel nood, te weinig aanbod (2 aanbiedingen, 3 u/week, waarvan 1 enkel op afspraak)"
    other = analysis.row("administratie-en-formulieren")
    assert other is not None and other.gap == -4 and other.verdict == "geen tekort"
    assert other.explanation == "Geen gemelde nood, genoeg aanbod (1 aanbieding, 3 u/week)"
    assert analysis.row("jongeren").supply == 8  # type: ignore[union-attr]


def test_the_issue_example_reads_as_one_dutch_line() -> None:
    signals = GapSignals(
        needs=(NeedCount(ITSME, "maandelijks"),),
        unmet=tuple(UnmetQuestionSignal((ITSME,)) for _ in range(5)),
        offers=(OfferSignal((ITSME,), 2.0),),
    )
    row = analyse_gaps(signals).row(ITSME)
    assert row is not None
    assert row.explanation == "Veel nood, te weinig aanbod (1 aanbieding, 2 u/week) en 5 vragen zonder antwoord"
    assert row.balance == "nood 12 punten · aanbod 4 punten"
    only_appointment = analyse_gaps(
        GapSignals(needs=(NeedCount(TOESTEL, "zelden"),), offers=(OfferSignal((TOESTEL,), 0, True),))
    ).row(TOESTEL)
    assert only_appointment is not None
    assert only_appointment.explanation == "Wat nood, genoeg aanbod (1 aanbieding, 0 u/week, enkel op afspraak)"
    assert only_appointment.balance == "nood 1 punt · aanbod 2 punten"
    lonely = analyse_gaps(GapSignals(unmet=(UnmetQuestionSignal((TOESTEL,)),))).row(TOESTEL)
    assert lonely is not None and lonely.explanation == "Wat nood, geen aanbod en 1 vraag zonder antwoord"


def test_rows_rank_by_gap_then_questions_then_need_then_vocabulary_order() -> None:
    signals = GapSignals(
        needs=(
            NeedCount(TOESTEL, "wekelijks"),  # 4, no offer → gap 4
            NeedCount(SMARTPHONE, "maandelijks"),  # 2 + 1 question = 4, no offer → gap 4, more questions
            NeedCount(ITSME, "dagelijks", 2),  # 16 − 4 (one weekly offer) = 12
            NeedCount("senioren", "wekelijks"),  # 4 → gap 4, same as toestel, later in the vocabulary
        ),
        unmet=(UnmetQuestionSignal((SMARTPHONE,)),),
        offers=(OfferSignal((ITSME,), 4.0), OfferSignal(("jongeren",), 10.0)),
        referrals=(ReferralCount(ITSME, 3), ReferralCount(None, 2)),
    )
    analysis = analyse_gaps(signals, list(CATEGORIES))
    assert [r.category for r in analysis.rows] == [ITSME, SMARTPHONE, TOESTEL, "senioren", "jongeren"]
    assert [r.category for r in analysis.gaps] == [ITSME, SMARTPHONE, TOESTEL, "senioren"]
    assert analysis.row(ITSME).referrals == 3  # type: ignore[union-attr]


def test_uncategorised_signals_are_counted_apart() -> None:
    signals = GapSignals(
        needs=(NeedCount(UNCATEGORISED, "dagelijks"),),
        unmet=(UnmetQuestionSignal(()), UnmetQuestionSignal((ITSME,))),
    )
    analysis = analyse_gaps(signals)
    assert (analysis.uncategorised_needs, analysis.uncategorised_unmet) == (1, 1)
    assert uncategorised_nl(analysis) == "1 vraag zonder antwoord en 1 nood"
    assert [r.category for r in analysis.rows] == [ITSME]
    assert analyse_gaps(GapSignals()).is_empty


def test_city_comparison_keeps_columns_and_ranks_by_the_totals() -> None:
    city = GapSignals(offers=(OfferSignal((ITSME,), 3.0),))
    borgerhout = GapSignals(needs=(NeedCount(ITSME, "dagelijks"),), unmet=(UnmetQuestionSignal((TOESTEL,)),))
    deurne = GapSignals(needs=(NeedCount(TOESTEL, "wekelijks"), NeedCount(ITSME, "zelden")))
    comparison = compare_networks({"Stad": city, "Borgerhout": borgerhout, "Deurne": deurne}, list(CATEGORIES))
    assert comparison.columns == ("Stad", "Borgerhout", "Deurne")
    total_itsme = comparison.total.row(ITSME)
    assert total_itsme is not None and (total_itsme.need, total_itsme.supply) == (9, 4)
    assert [r.category for r in comparison.total.rows] == [TOESTEL, ITSME]  # 6 vs 5
    assert comparison.by_network["Deurne"].row(ITSME).need == 1  # type: ignore[union-attr]
    assert comparison.by_network["Stad"].row(TOESTEL) is None


def test_period_is_whole_brussels_days() -> None:
    period = Period.last_days(date(2025, 5, 29), 90)
    assert (period.first, period.days) == (date(2025, 3, 1), 90)
    start, end = period.bounds_utc()
    assert start == datetime(2025, 2, 28, 23, 0, tzinfo=UTC)  # winter time
    assert end == datetime(2025, 5, 29, 22, 0, tzinfo=UTC)  # summer time
    assert period.describe_nl() == "1 maart – 29 mei 2025"
    assert Period(date(2024, 12, 1), date(2025, 1, 31)).describe_nl() == "1 december 2024 – 31 januari 2025"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mensen kunnen hun itsme niet activeren, elke week", "wekelijks"),
        ("Dagelijks vragen over de mutualiteit-app", "dagelijks"),
        ("iedere maand iemand zonder laptop", "maandelijks"),
        ("zelden, maar schrijnend: geen internet thuis", "zelden"),
        ("geen internet thuis", None),
        ("weekendwerk zoeken", None),
    ],
)
def test_frequency_written_in_a_quick_need(text: str, expected: str | None) -> None:
    assert frequency_in_text(text) == expected


def test_numbers_in_dutch() -> None:
    assert [format_number_nl(x) for x in (12, 2.5, 2.25, 0.0, 3.04)] == ["12", "2,5", "2,2", "0", "3"]
