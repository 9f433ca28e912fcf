"""The day and part-of-day filters are worked out for all offerings at once (domain.search.scoring,
`Ranking._with_openings`); the rule itself is `domain.search.filters.unmet_time_filters`, one offering at
a time. For any offerings, days and part of the day, with no date asked, both must agree."""

from __future__ import annotations

from datetime import datetime, time

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.dates_nl import BRUSSELS
from domain.schedule import Opening
from domain.search.filters import unmet_time_filters
from domain.search.index import ReferralIndex
from domain.search.types import OfferingDoc, SearchFilters

# few distinct times, so that openings and windows often touch (an opening that closes as the window opens)
times = st.builds(time, st.sampled_from([0, 9, 12, 13, 23]), st.sampled_from([0, 30, 59]))
openings = st.builds(Opening, st.integers(0, 6), times, times)
offerings = st.lists(st.lists(openings, max_size=4), min_size=1, max_size=12)
windows = st.none() | st.tuples(times, times).map(lambda w: (min(w), max(w)))


@settings(max_examples=300, deadline=None)
@given(offerings, st.frozensets(st.integers(0, 6)), windows)
def test_the_weekly_hours_of_all_offerings_at_once_follow_the_rule_of_one(
    hours: list[list[Opening]], weekdays: frozenset[int], window: tuple[time, time] | None
) -> None:
    docs = [OfferingDoc(f"o{d}", "Spreekuur", "", "Bib", (), openings=tuple(o)) for d, o in enumerate(hours)]
    index = ReferralIndex.build(docs)
    filters = SearchFilters(weekdays=weekdays, part_of_day=window)
    now = datetime(2026, 12, 3, 10, 0, tzinfo=BRUSSELS)
    at_once = index._with_openings(weekdays, window).tolist()
    one_by_one = [not unmet_time_filters(doc, filters, now=now, weekdays=weekdays) for doc in docs]
    if weekdays or window is not None:
        assert at_once == one_by_one
    else:  # no clock filter asked: every offering with hours
        assert at_once == [bool(doc.openings) for doc in docs]


def test_a_day_and_part_of_day_question_lists_exactly_the_offerings_open_then() -> None:
    wednesday_afternoon = Opening(2, time(13, 30), time(16, 0))
    docs = [
        OfferingDoc("wo", "Computerles", "Leer werken met de computer.", "Bib", (), openings=(wednesday_afternoon,)),
        OfferingDoc("wo-ochtend", "Computerles", "Leer werken met de computer.", "Bib", (),
                    openings=(Opening(2, time(9, 0), time(12, 0)),)),  # fmt: skip
        OfferingDoc("do", "Computerles", "Leer werken met de computer.", "Bib", (),
                    openings=(Opening(3, time(13, 30), time(16, 0)),)),  # fmt: skip
        OfferingDoc("geen-uren", "Computerles", "Leer werken met de computer.", "Bib", ()),
    ]
    index = ReferralIndex.build(docs)
    now = datetime(2026, 12, 3, 10, 0, tzinfo=BRUSSELS)
    assert [h.doc.id for h in index.search("computerles woensdagnamiddag", now=now).hits] == ["wo"]
    assert {h.doc.id for h in index.search("computerles op woensdag", now=now).hits} == {"wo", "wo-ochtend"}
