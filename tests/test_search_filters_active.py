"""`SearchFilters.active` names its fields one by one (it is read on every search): each field, set on its
own, must make the filters active, and none set must not, so a field added later cannot be forgotten."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import time

from domain.search.types import SearchFilters

_SET = {
    "weekdays": frozenset({2}),
    "part_of_day": (time(12), time(18)),
    "open_now": True,
    "languages": frozenset({"ar"}),
    "neighbourhood": "Deurne",
    "target_groups": frozenset({"senioren"}),
    "category": "toestellen",
    "free": True,
    "walk_in": True,
    "said_days": ((2, "vandaag"),),
}


def test_no_filter_set_is_not_active() -> None:
    assert not SearchFilters().active


def test_every_field_set_on_its_own_makes_the_filters_active() -> None:
    names = [f.name for f in fields(SearchFilters)]
    assert sorted(names) == sorted(_SET), "a new SearchFilters field: add it to `active` and to this test"
    for name in names:
        assert replace(SearchFilters(), **{name: _SET[name]}).active, name
