"""The outreach rules without Slack: who gets a nudge, and what the invitation says."""

from __future__ import annotations

from datetime import date

from domain.outreach import (
    InvitationFacts,
    PartnerFacts,
    invitation_text,
    missed_last_meetings,
    month_key,
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
    school = facts("School", "uitgenodigd", members=frozenset({"U4"}))
    nobody = facts("Zonder Slack")
    coming = [frozenset({"U2"}), frozenset()]
    assert [p.name for p in missed_last_meetings([bib, caw, school, nobody], coming)] == ["CAW"]
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
    assert "/netwerk organisatie en jullie naam" in text and text.rstrip().endswith(
        "Trekker van Lerend netwerk Deurne"
    )
    assert "An Peeters" in text


def test_month_keys_and_the_form() -> None:
    assert month_key(date(2026, 1, 31)) == "2026-01"
    draft, errors = validate_partner_form({"name": "  Buurtwerk   De Kiem ", "status": "op-de-lijst"}, adding=True)
    assert errors == {} and draft is not None and draft.name == "Buurtwerk De Kiem"
    _, errors = validate_partner_form({"name": "<b>x</b>", "status": "??", "kind": "bakker"}, adding=True)
    assert set(errors) == {"name", "status", "kind"}
    draft, errors = validate_partner_form({"note": "x" * 501}, adding=False)
    assert draft is None and "note" in errors
