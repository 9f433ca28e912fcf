"""Opening hours of an offering: when it is open, and when it is next open.

Kept free of Slack and storage so that search filters ("woensdagnamiddag", "nu open"),
the result cards and the gap analysis (hours per week) share one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

WEEKDAY_CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Opening:
    """One weekly opening window; weekday 0 = Monday, as in `datetime.weekday()`."""

    weekday: int
    opens: time
    closes: time

    def overlaps(self, start: time, end: time) -> bool:
        return self.opens < end and start < self.closes

    @property
    def hours(self) -> float:
        minutes = (self.closes.hour * 60 + self.closes.minute) - (self.opens.hour * 60 + self.opens.minute)
        return max(minutes, 0) / 60
