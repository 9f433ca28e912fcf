"""The joint-activity rules without Slack: the plan form, the follow-up moment, the line under a gap."""

from __future__ import annotations

from datetime import date

from domain.activities import (
    HELD,
    NOT_HELD,
    PLANNED,
    ActivityDraft,
    ActivityLine,
    counts_in_progress,
    in_progress_summary,
    in_progress_text,
    may_answer,
    needs_follow_up,
    participants_problem,
    validate_activity_form,
    whole_number,
)

TODAY = date(2026, 12, 1)


def form(**fields: object) -> dict[str, object]:
    return {"title": "Infosessie", "place": "School", "date": "2026-12-09", "category": "school-en-ouders", **fields}


def validate(**fields: object) -> tuple[ActivityDraft | None, dict[str, str]]:
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
    assert participants_problem("²") and participants_problem(None)
    assert [whole_number(v) for v in ("12", " 7 ", "²", "1e3", "9" * 10, "", None, 4)] == [
        12,
        7,
        None,
        None,
        None,
        None,
        None,
        4,
    ]
    assert needs_follow_up(PLANNED, date(2026, 11, 30), TODAY)
    assert not needs_follow_up(PLANNED, TODAY, TODAY)  # the day itself is not over
    assert not needs_follow_up(HELD, date(2026, 11, 30), TODAY)


def test_the_line_under_a_gap() -> None:
    planned = ActivityLine("Infosessie", date(2026, 12, 9), PLANNED, ("Buurtwerk", "School"))
    held = ActivityLine("Digicafé", date(2026, 11, 4), HELD, (), participants=12, network="Deurne")
    assert in_progress_text(planned) == "*Infosessie* (9 dec, Buurtwerk, School)"
    assert in_progress_text(held) == "*Digicafé* (4 nov, ging door, 12 deelnemers, Deurne)"
    assert in_progress_summary([planned, held, planned, held], limit=2).endswith("; en nog 2")


def test_who_may_answer_the_follow_up() -> None:
    assert may_answer("UORG", "UORG", "UTREKKER") and may_answer("UTREKKER", "UORG", "UTREKKER")
    assert not may_answer("UANDER", "UORG", "UTREKKER")
    assert not may_answer(None, "UORG", None) and not may_answer("", "UORG", "")


def test_what_counts_as_in_aanpak_in_a_period() -> None:
    first, last = date(2026, 9, 1), date(2026, 11, 30)
    assert counts_in_progress(PLANNED, date(2027, 3, 1), first, last)  # a plan, whatever its date
    assert counts_in_progress(PLANNED, date(2026, 1, 1), first, last)  # not reported on yet
    assert counts_in_progress(HELD, date(2026, 11, 30), first, last)
    assert not counts_in_progress(HELD, date(2026, 8, 31), first, last)  # before the period
    assert not counts_in_progress(NOT_HELD, date(2026, 10, 1), first, last)
