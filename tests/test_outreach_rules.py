"""The outreach rules without Slack: who gets a nudge, and what the invitation says."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.outreach import (
    InvitationFacts,
    PartnerFacts,
    current_status,
    invitation_text,
    is_same_contact,
    last_contact_label,
    missed_last_meetings,
    month_key,
    statuses_for,
    validate_partner_form,
    without_contact,
)

TODAY = date(2026, 12, 1)


def facts(name: str, status: str = "neemt-deel", last: date | None = None, listed: date | None = None,
          members: frozenset[str] = frozenset()) -> PartnerFacts:  # fmt: skip
    return PartnerFacts(hash(name) % 1000, name, status, last, members, listed)


def test_three_months_without_contact_counts_from_the_last_contact_or_the_listing() -> None:
    partners = [
        facts("Recent", last=date(2026, 10, 15)),
        facts("Lang geleden", last=date(2026, 9, 1)),
        facts("Precies drie maanden", last=date(2026, 9, 1)),
        facts("Nooit, al lang gekend", "op-de-lijst", listed=date(2026, 1, 5)),
        facts("Nooit, net toegevoegd", "op-de-lijst", listed=date(2026, 11, 20)),
        facts("Geen interesse", "niet-geinteresseerd", last=date(2025, 1, 1)),
    ]
    assert [p.name for p in without_contact(partners, TODAY)] == [
        "Nooit, al lang gekend",
        "Lang geleden",
        "Precies drie maanden",
    ]


def test_absent_from_the_last_two_meetings_means_no_member_said_ik_kom() -> None:
    bib = facts("Bib", members=frozenset({"U1", "U2"}))
    caw = facts("CAW", members=frozenset({"U3"}))
    later = facts("School", "sluit-later-aan", members=frozenset({"U4"}))
    no = facts("Geen interesse", "niet-geinteresseerd", members=frozenset({"U5"}))
    nobody = facts("Zonder Slack")  # takes part, but nobody on Slack could say *ik kom*
    coming = [frozenset({"U2"}), frozenset()]
    assert [p.name for p in missed_last_meetings([bib, caw, later, no, nobody], coming)] == ["CAW", "School"]
    assert missed_last_meetings([caw], [frozenset()]) == []  # one meeting held: too early to tell


def test_the_invitation_says_why_when_and_how() -> None:
    text = invitation_text(
        InvitationFacts(
            network_name="Lerend netwerk Deurne",
            neighbourhood="Deurne",
            organisation="Buurtwerk De Kiem",
            next_meeting="donderdag 10 december 2026 om 14:00",
            meeting_place="Bib Deurne",
            coordinator_name="An Peeters",
        )
    )
    assert text.startswith("Beste collega's van Buurtwerk De Kiem,")
    assert "lerend netwerk rond e-inclusie in Deurne" in text
    assert "donderdag 10 december 2026 om 14:00 (Bib Deurne)" in text
    assert "antwoord op dit bericht of vraag mij een uitnodiging voor het kanaal" in text
    assert "/netwerk organisatie gevolgd door de naam van jullie organisatie" in text
    assert "`" not in text and "<" not in text  # pasted in an e-mail, shown in a code block
    assert text.endswith("Hartelijke groet,\nAn Peeters\nTrekker van Lerend netwerk Deurne")


def test_a_general_invitation_without_a_date_yet() -> None:
    text = invitation_text(InvitationFacts("Lerend netwerk Deurne", None, None, None, None, None))
    assert text.startswith("Beste collega,\n") and "rond e-inclusie. Organisaties" in text
    assert "De datum van ons volgende overleg volgt nog" in text
    assert "Ook als digitale inclusie niet jullie kerntaak is" in text
    assert text.endswith("De trekker van Lerend netwerk Deurne")


def test_joining_on_slack_makes_a_listed_or_invited_organisation_take_part() -> None:
    assert current_status(None, has_members=False) == "op-de-lijst"
    assert current_status(None, has_members=True) == "neemt-deel"
    assert current_status("uitgenodigd", has_members=True) == "neemt-deel"
    assert current_status("uitgenodigd", has_members=False) == "uitgenodigd"
    assert current_status("niet-geinteresseerd", has_members=True) == "niet-geinteresseerd"
    assert statuses_for(has_members=True) == ["sluit-later-aan", "neemt-deel", "niet-geinteresseerd"]
    assert len(statuses_for(has_members=False)) == 5


def test_a_second_contact_within_a_minute_is_a_double_click() -> None:
    first = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert is_same_contact(first, first + timedelta(seconds=20))
    assert not is_same_contact(first, first + timedelta(minutes=2))
    assert not is_same_contact(None, first)
    assert last_contact_label(date(2026, 11, 12)) == "12 november 2026" and last_contact_label(None) == "nog nooit"


def test_month_keys_and_the_form() -> None:
    assert month_key(date(2026, 1, 31)) == "2026-01"
    draft, errors = validate_partner_form({"name": "  Buurtwerk   De Kiem ", "status": "op-de-lijst"}, adding=True)
    assert errors == {} and draft is not None and draft.name == "Buurtwerk De Kiem"
    _, errors = validate_partner_form({"name": "<b>x</b>", "status": "??", "kind": "bakker"}, adding=True)
    assert set(errors) == {"name", "status", "kind"}
    draft, errors = validate_partner_form({"note": "x" * 501}, adding=False)
    assert draft is None and "note" in errors
