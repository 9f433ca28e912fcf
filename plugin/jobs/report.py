"""The one report of a `lerend-netwerk reminders` run: what every job sent, printed on stdout."""

from __future__ import annotations

from dataclasses import dataclass, field

from plugin.delivery import Sweep
from plugin.send_once import Sent


@dataclass
class ReminderRun:
    sent: int = 0
    taken: int = 0
    failed: int = 0
    networks_without_token: int = 0
    too_early: bool = False
    outbox: Sweep | None = None
    offerings_asked: int = 0  # offerings whose organisation was asked whether they are still current
    unfinished: list[str] = field(default_factory=list)  # jobs stopped by a database or Slack failure

    @property
    def ok(self) -> bool:
        """Nothing failed: no job stopped, no claimed message given back, and no message of the outbox
        failed for good in this run (the command's exit code is 1 otherwise, as `deliver`'s)."""
        return not self.failed and not self.unfinished and not (self.outbox and self.outbox.failed)

    def count(self, outcome: Sent) -> None:
        if outcome is Sent.SENT:
            self.sent += 1
        elif outcome is Sent.TAKEN:
            self.taken += 1
        else:
            self.failed += 1

    def summary(self) -> str:
        return (
            outbox_summary(self.outbox)
            + self._reminders_summary()
            + self._offerings_summary()
            + self._unfinished()
            + ("" if self.ok else f"\n{FAILED_EXIT}")
        )

    def _reminders_summary(self) -> str:
        if self.too_early:
            return "Nog geen 8 uur (Brussel): er worden nog geen herinneringen verstuurd."
        text = f"Herinneringen: {self.sent} verstuurd, {self.taken} al verstuurd (door deze of een andere run)"
        text += f", {self.failed} mislukt (de volgende run probeert opnieuw)." if self.failed else "."
        if self.networks_without_token:
            text += (
                f" {self.networks_without_token} netwerk(en) overgeslagen: de app is niet (meer) geïnstalleerd"
                " in hun werkruimte."
            )
        return text

    def _offerings_summary(self) -> str:
        if not self.offerings_asked:
            return ""
        asked = self.offerings_asked
        return f"\nAanbod dat 6 maanden niet bevestigd werd: {asked} keer gevraagd of het nog actueel is."

    def _unfinished(self) -> str:
        if not self.unfinished:
            return ""
        jobs = ", ".join(self.unfinished)
        return f"\nNiet afgewerkt door een storing (de volgende run probeert opnieuw): {jobs}."


FAILED_EXIT = "Niet alles lukte: de opdracht stopt met exitcode 1."


def outbox_summary(sweep: Sweep | None) -> str:
    """One line about the outbox's retries, when there were any."""
    if sweep is None or not (sweep.sent or sweep.retry or sweep.failed or sweep.skipped):
        return ""
    text = f"Uitgestelde berichten: {sweep.sent} alsnog in Slack, {sweep.retry} later opnieuw"
    text += f", {sweep.failed} definitief mislukt (gemeld aan wie het maakte)" if sweep.failed else ""
    text += f", {sweep.skipped} overgeslagen (app niet geïnstalleerd)" if sweep.skipped else ""
    return text + ".\n"
