"""What became of a referral: the outcome states, who may set them, and what the network may learn.

Plain rules, no Slack or SQL. The receiving organisation answers with one click; the network
learns from the answers only where the numbers are large enough not to point at one person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

ARRIVED = "langsgekomen"
HELPED = "geholpen"
NOT_CAME = "niet-gekomen"
NO_PLACE = "geen-plaats"
REFERRED_ON = "doorverwezen"

# The buttons, in the order of the DM; *Doorverwezen naar…* is a select of organisations.
OUTCOME_LABELS: dict[str, str] = {
    ARRIVED: "Langsgekomen",
    HELPED: "Geholpen",
    NOT_CAME: "Niet gekomen",
    NO_PLACE: "Geen plaats",
    REFERRED_ON: "Doorverwezen",
}
BUTTONS: tuple[str, ...] = (ARRIVED, HELPED, NOT_CAME, NO_PLACE)
UNKNOWN_LABEL = "onbekend"

# Asked once more when nothing was answered after this long; then it stays "onbekend".
REMINDER_AFTER = timedelta(days=14)

# "vaak geholpen" on a `/verwijs` card: at least this many answered outcomes in the window, of which
# at least this share *Geholpen*. Fewer answers say nothing (and could point at one client).
OFTEN_HELPED_MIN_ANSWERED = 5
OFTEN_HELPED_SHARE = 0.6
OFTEN_HELPED_WINDOW = timedelta(days=180)

# Numbers below this are shown as "< 5" in what leaves the network (report in CSV and Markdown).
SMALL_NUMBER = 5
# *Geen plaats* is a need the offer could not meet: domain/gaps.py counts it (NO_PLACE_POINTS).


def outcome_label(outcome: str | None) -> str:
    return OUTCOME_LABELS.get(outcome or "", UNKNOWN_LABEL)


def parse_outcome(value: object) -> str | None:
    """An outcome read from a button: one of the known states, else None."""
    return value if isinstance(value, str) and value in OUTCOME_LABELS else None


def may_set_outcome(
    user_id: str | None, user_organisation_id: int | None, to_organisation_id: int | None, coordinator: str | None
) -> bool:
    """Any member of the receiving organisation, and the coordinator of the referral's network."""
    if not user_id:
        return False
    if coordinator and user_id == coordinator:
        return True
    return to_organisation_id is not None and user_organisation_id == to_organisation_id


def often_helped(answered: int, helped: int) -> bool:
    """Enough recent answers, and most of them *Geholpen* (small numbers never qualify)."""
    return answered >= OFTEN_HELPED_MIN_ANSWERED and helped >= OFTEN_HELPED_SHARE * answered


def shown_outside(number: int) -> str:
    """A count for readers outside the network: "< 5" below SMALL_NUMBER (but 0 stays 0)."""
    return "< 5" if 0 < number < SMALL_NUMBER else str(number)


@dataclass
class Tally:
    """Referrals of one organisation and category (or one flow between organisations)."""

    sent: int = 0
    arrived: int = 0  # langsgekomen or geholpen: a helped client came
    helped: int = 0
    no_place: int = 0
    unknown: int = 0

    def add(self, outcome: str | None) -> None:
        self.sent += 1
        if outcome in (ARRIVED, HELPED):
            self.arrived += 1
        if outcome == HELPED:
            self.helped += 1
        elif outcome == NO_PLACE:
            self.no_place += 1
        elif outcome is None:
            self.unknown += 1
