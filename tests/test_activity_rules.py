"""The joint-activity rules without Slack: the plan form, the follow-up moment, the line under a gap."""

from __future__ import annotations

from datetime import date

from domain.activities import (
    HELD,
    PLANNED,
    ActivityLine,
    in_progress_summary,
    in_progress_text,
    needs_follow_up,
    participants_problem,
    validate_activity_form,
)

TODAY = date(2026, 12, 1)


def form(**fields: object) -> dict[str, object]:
    return {"title": "Infosessie", "place": "School", "date": "2026-12-09", "category": "school-en-ouders", **fields}


def validate(**fields: object):  # type: ignore[no-untyped-def]
    return validate_activity_form(
        form(**fields), today=TODAY, known_categories={"school-en-ouders", "jongeren"}, organisation_ids={1, 2},
        need_categories={7: "jongeren"},
    )  # fmt: skip


def test_a_valid_plan() -> None:
    draft, errors = validate(partners=["2", "1", "2"], time="09:30", recurring=["terugkerend"])
    assert errors == {} and draft is not None
    assert (draft.partner_ids, draft.start_time, draft.recurring) == ([2, 1], "09:30", True)


def test_the_need_lends_its_category_and_refusals_name_the_field() -> None:
    draft, _ = validate(category=None, need="7")
    assert draft is not None and (draft.category, draft.need_id) == ("jongeren", 7)
    _, errors = validate(category="bakken", need="8", partners=["x"], time="25:00", date="gisteren")
    assert set(errors) == {"category", "need", "partners", "time", "date"}
    _, errors = validate(date="2026-11-30")
    assert errors == {"date": "Die datum ligt in het verleden. Kies vandaag of later."}


def test_participants_and_the_follow_up_moment() -> None:
    assert participants_problem("14") is None and participants_problem(0) is None
    assert participants_problem("veel") and participants_problem("-3") and participants_problem("999999")
    assert needs_follow_up(PLANNED, date(2026, 11, 30), TODAY)
    assert not needs_follow_up(PLANNED, TODAY, TODAY)  # the day itself is not over
    assert not needs_follow_up(HELD, date(2026, 11, 30), TODAY)


def test_the_line_under_a_gap() -> None:
    planned = ActivityLine("Infosessie", date(2026, 12, 9), PLANNED, ("Buurtwerk", "School"))
    held = ActivityLine("Digicafé", date(2026, 11, 4), HELD, (), participants=12, network="Deurne")
    assert in_progress_text(planned) == "Infosessie (woensdag 9 december 2026, Buurtwerk, School)"
    assert in_progress_text(held) == "Digicafé (woensdag 4 november 2026, ging door, 12 deelnemers, Deurne)"
    assert in_progress_summary([planned, held, planned, held], limit=2).endswith("; en nog 2")
