"""Open Referral HSDS 3.0 JSON in and out (the shape of shared/data/public_sample.json).

Skeleton of the typed shape; parsing and validation are filled in below.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class HsdsOrganization:
    id: str
    name: str
    description: str = ""
    email: str | None = None
    website: str | None = None
    phones: list[str] = field(default_factory=list)
    services: list[HsdsService] = field(default_factory=list)
