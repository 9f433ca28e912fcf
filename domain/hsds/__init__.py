"""Open Referral HSDS 3.0 JSON in and out (the shape of shared/data/public_sample.json).

Partners exchange their catalogue as HSDS so it can come from, and go back to, other referral
tools; here it becomes plain dataclasses, validated once at the border.

| module | holds |
|---|---|
| `model.py` | the dataclasses, the limits (fitting the storage columns), `HsdsError` |
| `reader.py` | reading one object field by field, every problem collected in Dutch |
| `parse.py` | `parse_document`: organisations, services, schedules, languages, attributes, locations |
| `dump.py` | `dump_document`, `dump_organization`, `dump_service` |
"""

from __future__ import annotations

from domain.hsds.dump import dump_document, dump_organization, dump_service
from domain.hsds.model import (
    CATEGORY_TAXONOMY,
    DAY_CODES,
    STATUSES,
    TARGET_GROUP_TAXONOMY,
    HsdsAddress,
    HsdsError,
    HsdsLocation,
    HsdsOrganization,
    HsdsSchedule,
    HsdsService,
)
from domain.hsds.parse import parse_document

__all__ = [
    "CATEGORY_TAXONOMY",
    "DAY_CODES",
    "STATUSES",
    "TARGET_GROUP_TAXONOMY",
    "HsdsAddress",
    "HsdsError",
    "HsdsLocation",
    "HsdsOrganization",
    "HsdsSchedule",
    "HsdsService",
    "dump_document",
    "dump_organization",
    "dump_service",
    "parse_document",
]
