"""The HSDS 3.0 records as plain dataclasses, the limits that fit the storage columns, and `HsdsError`."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.counts_nl import count_nl
from domain.practical import Practical
from domain.practical_hsds import TEMPORARILY_CLOSED, ClosureFacts


@dataclass
class HsdsAddress:
    address_1: str
    postal_code: str = ""
    city: str = ""
    country: str = "BE"


@dataclass
class HsdsLocation:
    id: str | None
    name: str
    addresses: list[HsdsAddress] = field(default_factory=list)


@dataclass
class HsdsSchedule:
    byday: str  # "MO,WE" (RFC 5545 BYDAY codes)
    opens_at: str  # "HH:MM"
    closes_at: str  # "HH:MM"
    description: str = ""


@dataclass
class HsdsService:
    id: str
    name: str
    description: str = ""
    email: str | None = None
    url: str | None = None
    status: str = "active"  # active | inactive (paused) | defunct (ended)
    languages: list[str] = field(default_factory=list)  # ISO 639-1 codes, e.g. "nl", "ar"
    fees_description: str | None = None
    eligibility_description: str | None = None
    application_process: str | None = None
    categories: list[str] = field(default_factory=list)  # taxonomy "lerend-netwerk"
    target_groups: list[str] = field(default_factory=list)  # taxonomy "doelgroep"
    schedules: list[HsdsSchedule] = field(default_factory=list)
    service_areas: list[str] = field(default_factory=list)  # neighbourhood name, or "Antwerpen" = city-wide
    locations: list[HsdsLocation] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    assured_date: str | None = None  # ISO date the offering was last confirmed
    practical: Practical = Practical()  # what to bring, sign-up, access, facilities, places (practical_hsds)
    closure_facts: ClosureFacts = ClosureFacts()  # interpreters, closures, temporary closure, school holidays


@dataclass
class HsdsOrganization:
    id: str
    name: str
    description: str = ""
    email: str | None = None
    website: str | None = None
    phones: list[str] = field(default_factory=list)
    services: list[HsdsService] = field(default_factory=list)


# --- limits -----------------------------------------------------------------------------------
# Chosen to fit the storage columns (hsds_id 100, name 200, e-mail 200, url 300, phone 60, area 120).

MAX_ID = 100
MAX_NAME = 200
MAX_DESCRIPTION = 4000
MAX_LONG_TEXT = 2000  # fees, eligibility, application process
MAX_SHORT_TEXT = 500  # schedule description
MAX_EMAIL = 200
MAX_URL = 300
MAX_PHONE = 60
MAX_AREA = 120
MAX_ADDRESS = 300
MAX_TERM = 100
MAX_SHOWN_PROBLEMS = 10

STATUSES: tuple[str, ...] = ("active", "inactive", "defunct", TEMPORARILY_CLOSED)
CATEGORY_TAXONOMY = "lerend-netwerk"
TARGET_GROUP_TAXONOMY = "doelgroep"
DAY_CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # same order as schedule.WEEKDAY_CODES


class HsdsError(ValueError):
    """A catalogue file we refuse, with every problem phrased so a coordinator can fix the file.

    All problems in the document are collected; the message lists the first ten (and how many more),
    because fixing a file one error per upload is tedious. `problems` holds them all.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        if len(problems) == 1:
            message = problems[0]
        else:
            shown = "\n".join(f"- {p}" for p in problems[:MAX_SHOWN_PROBLEMS])
            more = len(problems) - MAX_SHOWN_PROBLEMS
            message = f"Het bestand heeft {len(problems)} problemen:\n{shown}"
            if more > 0:
                message += f"\n- … en nog {count_nl(more, 'ander probleem')}."
        super().__init__(message)
