"""Import and export a network's social map as Open Referral HSDS 3.0 JSON.

HSDS ids are unique within a network: the same file can be imported into several networks, each
keeping its own copy. An import is one transaction (the caller's): all of it, or nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.counts_nl import count_nl
from domain.hsds import HsdsAddress, HsdsLocation, HsdsOrganization, HsdsService
from domain.labels_nl import ACCESS_LABELS
from domain.offering_practical import closure_columns, closures_of, practical_columns, practical_of
from domain.practical_hsds import ClosureFacts
from domain.schedule import Opening, openings_from_hsds, openings_to_hsds
from storage.base import utcnow
from storage.catalog import offerings
from storage.models import Network, Offering, Organisation
from storage.networks import bump_catalog_version

CITY_WIDE_AREAS = {"antwerpen", "stad antwerpen", "stadsbreed", "heel antwerpen"}
CITY_NAME = "Antwerpen"
STATUS_TO_HSDS = {"active": "active", "paused": "inactive", "ended": "defunct"}
STATUS_FROM_HSDS = {v: k for k, v in STATUS_TO_HSDS.items()}
ONLINE_NAMES = {"online"}
AT_HOME_NAMES = {"aan huis", "thuis", "bij je thuis"}


@dataclass(frozen=True)
class ImportSummary:
    organisations_created: int
    organisations_updated: int
    offerings_created: int
    offerings_updated: int

    def describe(self) -> str:
        return (
            f"{count_nl(self.organisations_created, 'organisatie')} nieuw, {self.organisations_updated} bijgewerkt; "
            f"{count_nl(self.offerings_created, 'aanbieding')} nieuw, {self.offerings_updated} bijgewerkt."
        )


def is_city_wide(area: str | None) -> bool:
    return area is not None and area.strip().lower() in CITY_WIDE_AREAS


_SIGN_UP_ACCESS = {"binnenlopen": "walk_in", "doorverwijzing": "referral"}
_WALK_IN_RE = re.compile(r"binnenlopen|loop (gewoon )?binnen|vrij binnen|zonder afspraak|vrije inloop|inloop")


def _access_from(text: str | None) -> str | None:
    """How you get in, from HSDS `application_process`; None when the file does not say (never walk-in)."""
    lowered = (text or "").lower()
    for key, label in ACCESS_LABELS.items():
        if lowered.strip(" .") == label.lower():
            return key
    if "doorverwijz" in lowered:
        return "referral"
    if "afspraak" in lowered.replace("zonder afspraak", ""):
        return "appointment"
    if _WALK_IN_RE.search(lowered):
        return "walk_in"
    return None


def _assured(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.combine(date.fromisoformat(value[:10]), time(12, 0), tzinfo=UTC)


def _service_fields(service: HsdsService, own_area: str | None) -> dict[str, object]:
    openings = openings_from_hsds(service.schedules)
    location_kind, location_name, address, postal_code, city = "address", None, None, None, None
    if service.locations:
        location = service.locations[0]
        lowered = location.name.strip().lower()
        if not location.addresses and lowered in ONLINE_NAMES:
            location_kind = "online"
        elif not location.addresses and lowered in AT_HOME_NAMES:
            location_kind = "at_home"
        else:
            location_name = location.name or None
            if location.addresses:
                first = location.addresses[0]
                address, postal_code, city = first.address_1, first.postal_code or None, first.city or None
    areas = [a for a in service.service_areas if a.strip()]
    area: str | None = own_area
    if areas:
        area = None if any(is_city_wide(a) for a in areas) else areas[0]
    # The file's words first; when they are silent, an unambiguous sign-up route says it
    # ("binnenlopen" is walk-in, "doorverwijzing" is referral; "bellen"/"online" stay unknown).
    access = _access_from(service.application_process) or _SIGN_UP_ACCESS.get(
        service.practical.sign_up.method.value if service.practical.sign_up.method else ""
    )
    fields: dict[str, object] = {
        "name": service.name,
        "description": service.description or "",
        "categories": list(service.categories),
        "target_groups": list(service.target_groups),
        "languages": list(service.languages),
        "openings": [[o.weekday, o.opens.strftime("%H:%M"), o.closes.strftime("%H:%M")] for o in openings],
        "by_appointment": access == "appointment",
        "location_kind": location_kind,
        "location_name": location_name,
        "address": address,
        "postal_code": postal_code,
        "city": city,
        "area": area,
        "fees": service.fees_description,
        "access": access,
        "eligibility": service.eligibility_description,
        "contact_email": service.email,
        "contact_phone": service.phones[0] if service.phones else None,
        "url": service.url,
        "status": STATUS_FROM_HSDS.get(service.status, "active"),
    }
    facts = service.closure_facts
    fields |= practical_columns(service.practical)
    fields |= closure_columns(list(facts.closures), facts.temporary, facts.follows_school_holidays)
    fields["interpreter_languages"] = list(facts.interpreter_languages)
    assured = _assured(service.assured_date)
    if assured is not None:
        fields["last_confirmed_at"] = assured
    return fields


def import_organisations(session: Session, network: Network, organisations: list[HsdsOrganization]) -> ImportSummary:
    """Upsert by HSDS id within the network; nothing outside the file is removed."""
    if network.neighbourhood is None:
        areas = Counter(
            a for org in organisations for s in org.services for a in s.service_areas if a and not is_city_wide(a)
        )
        if areas:
            network.neighbourhood = areas.most_common(1)[0][0]
    existing_orgs = {
        o.hsds_id: o for o in session.scalars(select(Organisation).where(Organisation.network_id == network.id))
    }
    by_name = {o.name.lower(): o for o in existing_orgs.values()}
    existing_services = {
        o.hsds_id: o for o in session.scalars(select(Offering).where(Offering.network_id == network.id))
    }
    counts = Counter[str]()
    for hsds_org in organisations:
        org = existing_orgs.get(hsds_org.id) or by_name.get(hsds_org.name.lower())
        org_fields = {
            "hsds_id": hsds_org.id,
            "name": hsds_org.name,
            "description": hsds_org.description or "",
            "email": hsds_org.email,
            "website": hsds_org.website,
            "phone": hsds_org.phones[0] if hsds_org.phones else None,
        }
        if org is None:
            org = Organisation(network_id=network.id, **org_fields)
            session.add(org)
            counts["org_new"] += 1
        else:
            for key, value in org_fields.items():
                setattr(org, key, value)
            counts["org_updated"] += 1
        session.flush()
        existing_orgs[org.hsds_id] = org
        by_name[org.name.lower()] = org
        for service in hsds_org.services:
            fields = _service_fields(service, network.neighbourhood)
            offering = existing_services.get(service.id)
            if offering is None:
                offering = Offering(network_id=network.id, organisation_id=org.id, hsds_id=service.id, **fields)
                session.add(offering)
                existing_services[service.id] = offering
                counts["svc_new"] += 1
            else:
                for key, field_value in fields.items():
                    setattr(offering, key, field_value)
                offering.organisation_id = org.id
                offering.updated_at = utcnow()
                counts["svc_updated"] += 1
    session.flush()
    bump_catalog_version(session, network.id)
    return ImportSummary(counts["org_new"], counts["org_updated"], counts["svc_new"], counts["svc_updated"])


def _location_of(offering: Offering) -> list[HsdsLocation]:
    if offering.location_kind == "online":
        return [HsdsLocation(id=None, name="Online")]
    if offering.location_kind == "at_home":
        return [HsdsLocation(id=None, name="Aan huis")]
    if not (offering.address or offering.location_name):
        return []
    addresses = (
        [HsdsAddress(address_1=offering.address, postal_code=offering.postal_code or "", city=offering.city or "")]
        if offering.address
        else []
    )
    return [HsdsLocation(id=None, name=offering.location_name or offering.organisation.name, addresses=addresses)]


def hsds_organization(org: Organisation) -> HsdsOrganization:
    return HsdsOrganization(
        id=org.hsds_id,
        name=org.name,
        description=org.description,
        email=org.email,
        website=org.website,
        phones=[org.phone] if org.phone else [],
    )


def hsds_service(offering: Offering) -> HsdsService:
    """An offering as an HSDS service: the one mapping used by the export and the HSDS API."""
    openings = [Opening(int(d), time.fromisoformat(a), time.fromisoformat(b)) for d, a, b in offering.openings]
    every_closure = closures_of(offering)
    return HsdsService(
        id=offering.hsds_id,
        name=offering.name,
        description=offering.description,
        email=offering.contact_email,
        url=offering.url,
        status=STATUS_TO_HSDS.get(offering.status, "active"),
        languages=list(offering.languages),
        fees_description=offering.fees,
        eligibility_description=offering.eligibility,
        application_process=ACCESS_LABELS.get(offering.access or ""),
        categories=list(offering.categories),
        target_groups=list(offering.target_groups),
        schedules=openings_to_hsds(openings),
        service_areas=[offering.area or CITY_NAME],
        locations=_location_of(offering),
        phones=[offering.contact_phone] if offering.contact_phone else [],
        assured_date=offering.last_confirmed_at.date().isoformat(),
        practical=practical_of(offering),
        closure_facts=ClosureFacts(
            tuple(offering.interpreter_languages or ()),
            tuple(c for c in every_closure if c.kind == "periode"),
            next((c for c in every_closure if c.kind == "tijdelijk"), None),
            bool(offering.follows_school_holidays),
        ),
    )


def export_organisations(session: Session, network: Network) -> list[HsdsOrganization]:
    orgs = session.scalars(select(Organisation).where(Organisation.network_id == network.id).order_by(Organisation.id))
    result = {org.id: hsds_organization(org) for org in orgs}
    every = offerings(session, network.id, statuses=("active", "paused", "ended"))
    for offering in sorted(every, key=lambda o: o.id):  # the order they were imported or registered in
        result[offering.organisation_id].services.append(hsds_service(offering))
    return list(result.values())
