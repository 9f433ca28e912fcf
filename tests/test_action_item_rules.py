"""The meeting feature's plain rules: check marks, completion, urgency, reminder keys, agenda text,
carry-over, and the Markdown minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.action_items import (
    CheckMark,
    Completion,
    Urgency,
    completion,
    daily_key,
    is_check,
    is_decision_pin,
    may_send_reminders,
    needs_reminder,
    reaction_name,
    urgency,
    week_key,
)
from domain.agenda_text import (
    CarriedPoint,
    OpenItem,
    PreviousPoint,
    carry_over,
    from_slack,
    points_problem,
    split_points,
)
from domain.dates_nl import BRUSSELS
from domain.minutes import Minutes, MinutesAction, MinutesDecision, MinutesPoint, render_markdown, slack_to_markdown

T0 = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
TODAY = date(2026, 12, 3)  # a Thursday


def mark(user: str, minutes: int, reaction: str = "white_check_mark") -> CheckMark:
    return CheckMark(user, reaction, T0 + timedelta(minutes=minutes))


@pytest.mark.parametrize(
    ("reaction", "counts"),
    [
        ("white_check_mark", True),
        ("heavy_check_mark", True),
        ("ballot_box_with_check", True),
        ("white_check_mark::skin-tone-3", True),
        ("thumbsup", False),
        ("x", False),
        ("", False),
        (None, False),
    ],
)
def test_which_reactions_close_an_item(reaction: str | None, counts: bool) -> None:
    assert is_check(reaction) is counts


def test_pins_and_reaction_names() -> None:
    assert is_decision_pin("pushpin") and not is_decision_pin("round_pushpin")
    assert reaction_name("heavy_check_mark::skin-tone-2") == "heavy_check_mark"


def test_an_item_is_done_while_one_check_remains_and_credits_the_earliest() -> None:
    assert completion([]) is None
    assert completion([mark("U2", 5, "thumbsup")]) is None
    assert completion([mark("U3", 9), mark("U2", 5, "heavy_check_mark")]) == Completion("U2", T0 + timedelta(minutes=5))
    # U2 removed theirs: still done, now by U3 since U3's check
    assert completion([mark("U3", 9)]) == Completion("U3", T0 + timedelta(minutes=9))
    # one person, two shapes: removing one keeps it done
    assert completion([mark("U2", 1), mark("U2", 2, "ballot_box_with_check")]) == Completion(
        "U2", T0 + timedelta(minutes=1)
    )


@pytest.mark.parametrize(
    ("due", "expected", "reminded"),
    [
        (None, Urgency.UNDATED, False),
        (TODAY - timedelta(days=30), Urgency.OVERDUE, True),
        (TODAY - timedelta(days=1), Urgency.OVERDUE, True),
        (TODAY, Urgency.TODAY, False),
        (TODAY + timedelta(days=1), Urgency.TOMORROW, True),
        (TODAY + timedelta(days=2), Urgency.LATER, False),
    ],
)
def test_which_items_an_owner_is_reminded_of(due: date | None, expected: Urgency, reminded: bool) -> None:
    assert urgency(due, TODAY) is expected
    assert needs_reminder(due, TODAY) is reminded


def test_reminder_periods_and_hours() -> None:
    assert daily_key(TODAY) == "2026-12-03"
    assert week_key(date(2026, 11, 30)) == week_key(date(2026, 12, 6)) == "2026-W49"
    assert week_key(date(2026, 12, 7)) == "2026-W50"
    assert week_key(date(2027, 1, 1)) == "2026-W53"  # ISO years: Friday 1 January 2027 is in 2026's last week
    assert not may_send_reminders(datetime(2026, 12, 7, 7, 59, tzinfo=BRUSSELS))
    assert may_send_reminders(datetime(2026, 12, 7, 8, 0, tzinfo=BRUSSELS))


def test_points_are_lines_without_their_list_markers() -> None:
    typed = (
        "1. Welkom\n2) Digiweek\n- Budget\n• Nieuwe partners\n•Zonder spatie\n\n   \n"
        "a. Varia\n1.5 uur voor de Digiweek\n-5% korting"
    )
    assert split_points(typed) == [
        "Welkom",
        "Digiweek",
        "Budget",
        "Nieuwe partners",
        "Zonder spatie",
        "Varia",
        "1.5 uur voor de Digiweek",
        "-5% korting",
    ]
    assert split_points(None) == [] and split_points("\n\n") == []
    assert split_points("🎉 Feest\nمرحبا بكم") == ["🎉 Feest", "مرحبا بكم"]


def test_how_many_points_and_how_long() -> None:
    assert points_problem(["a"] * 100) is None
    assert "Maximaal 100 agendapunten" in (points_problem(["a"] * 101) or "")
    assert "nog 2 mogelijk" in (points_problem(["a"] * 3, already=98) or "")
    assert points_problem(["x" * 3000]) is None
    assert "Punt 2 is te lang" in (points_problem(["kort", "x" * 3001]) or "")


def test_carry_over_takes_unhandled_points_and_each_open_item_once() -> None:
    previous = [
        PreviousPoint("Digiweek", handled=False, action_item_id=None),
        PreviousPoint("Budget", handled=True, action_item_id=None),
        PreviousPoint("Flyer rondsturen", handled=False, action_item_id=7),  # the item itself is carried
    ]
    items = [OpenItem(7, "Flyer rondsturen"), OpenItem(9, "Zaal boeken"), OpenItem(7, "Flyer rondsturen")]
    assert carry_over(previous, items) == [
        CarriedPoint("Digiweek", None),
        CarriedPoint("Flyer rondsturen", 7),
        CarriedPoint("Zaal boeken", 9),
    ]
    assert carry_over([], []) == []


def test_slack_text_becomes_stored_text() -> None:
    assert from_slack("  Flyer &amp; affiche &lt;A5&gt; <@U2|jan>  ") == "Flyer & affiche <A5> <@U2|jan>"


def test_slack_tokens_become_markdown() -> None:
    names = {"U2": "Jan Peeters"}
    text = "Bel <@U2|jan> en <@U9> in <#C1|overleg> · <https://x.be/a?b=1|de site> of <https://y.be> *niet vet*"
    assert slack_to_markdown(text, names) == (
        "Bel @Jan Peeters en @U9 in #overleg · [de site](https://x.be/a?b=1) of [https://y.be](https://y.be) "
        "\\*niet vet\\*"
    )


def test_markdown_minutes() -> None:
    minutes = Minutes(
        network_name="Lerend netwerk Borgerhout",
        title="Overleg december",
        starts_at=datetime(2026, 12, 3, 13, 0, tzinfo=UTC),
        location="Bib Borgerhout",
        coming=("U2",),
        not_coming=("U3",),
        no_answer=(),
        points=(MinutesPoint("Digiweek"), MinutesPoint("Nieuwe partner\nmet uitleg", proposed_by="U3")),
        carried=(MinutesPoint("Flyer rondsturen", item_done=True),),
        decisions=(MinutesDecision("We doen mee", author="U2"),),
        actions=(
            MinutesAction("Zaal boeken", owner="U2", due=date(2026, 12, 11)),
            MinutesAction("Affiche", owner="U3", due=None, done_by="U3", done_at=T0, source_url="https://s.l/p1"),
        ),
        thread_url="https://testwijk.slack.com/archives/C1/p1",
    )
    assert minutes.missed_it(["U1", "U2", "U3"]) == ["U1", "U3"]
    assert render_markdown(minutes, {"U2": "Jan"}) == (
        "# Verslag: Overleg december\n\n"
        "**Lerend netwerk Borgerhout** · donderdag 3 december 2026 om 14:00 · Bib Borgerhout\n\n"
        "## Aanwezigheid\n\n"
        "- Zei te komen (Ik kom): @Jan\n"
        "- Kon niet komen (Ik kan niet): @U3\n"
        "- Liet niets weten: niemand\n\n"
        "## Agenda\n\n"
        "1. Digiweek\n"
        "2. Nieuwe partner\n   met uitleg _(voorgesteld door @U3)_\n\n"
        "## Openstaand van vorige keer\n\n"
        "- Flyer rondsturen (intussen afgerond)\n\n"
        "## Beslissingen\n\n"
        "- We doen mee _(@Jan)_\n\n"
        "## Actiepunten\n\n"
        "- [ ] Zaal boeken — @Jan, tegen vrijdag 11 december 2026\n"
        "- [x] Affiche — @U3, geen deadline (afgerond door @U3) · [bron](https://s.l/p1)\n\n"
        "[Het overleg in Slack](https://testwijk.slack.com/archives/C1/p1)\n"
    )
    empty = Minutes("N", "Leeg", T0, None, (), (), (), (), (), (), ())
    rendered = render_markdown(empty)
    assert "Nog geen agendapunten." in rendered and "Geen beslissingen" in rendered and "Geen actiepunten." in rendered
    assert "Openstaand" not in rendered and "Slack](" not in rendered
    silent = Minutes("N", "Stil", T0, None, (), (), ("U1", "U2"), (), (), (), ())
    assert silent.nobody_answered and not minutes.nobody_answered
    assert "- niemand liet iets weten (niemand klikte _Ik kom_ of _Ik kan niet_)\n" in render_markdown(silent)
    assert "Zei te komen" not in render_markdown(silent)
