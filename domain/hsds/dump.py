"""HSDS 3.0 out: `dump_document`, and the organisation and service objects the HSDS API returns."""

from __future__ import annotations

from typing import Any

from domain.hsds.model import CATEGORY_TAXONOMY, TARGET_GROUP_TAXONOMY, HsdsLocation, HsdsOrganization, HsdsService
from domain.practical_hsds import TEMPORARILY_CLOSED, closure_facts_to_hsds, practical_to_hsds


def dump_service(service: HsdsService, org_id: str) -> dict[str, Any]:
    """One HSDS 3.0 service object (as in a document, and as the HSDS API returns it)."""
    out: dict[str, Any] = {
        "id": service.id,
        "organization_id": org_id,
        "name": service.name,
        "description": service.description,
    }
    optional = {
        "email": service.email,
        "url": service.url,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    out["status"] = service.status
    out["languages"] = list(service.languages)
    texts = {
        "fees_description": service.fees_description,
        "eligibility_description": service.eligibility_description,
        "application_process": service.application_process,
        "assured_date": service.assured_date,
    }
    out.update({k: v for k, v in texts.items() if v is not None})
    out["attributes"] = [
        {"taxonomy_term": {"term": term, "taxonomy": CATEGORY_TAXONOMY}} for term in service.categories
    ] + [{"taxonomy_term": {"term": term, "taxonomy": TARGET_GROUP_TAXONOMY}} for term in service.target_groups]
    out["schedules"] = [
        {"byday": s.byday, "opens_at": s.opens_at, "closes_at": s.closes_at, "description": s.description}
        for s in service.schedules
    ]
    out["service_areas"] = [{"name": area} for area in service.service_areas]
    out["service_at_locations"] = [{"location": _dump_location(loc)} for loc in service.locations]
    out["phones"] = [{"number": number} for number in service.phones]
    practical = practical_to_hsds(service.practical)
    practical.pop("application_process", None)  # says how you get in (ACCESS_LABELS); sign-up is an attribute
    if accessibility := practical.pop("accessibility", None):
        target = out["service_at_locations"][0]["location"] if out["service_at_locations"] else out
        target["accessibility"] = accessibility
    closures = closure_facts_to_hsds(service.closure_facts)
    out["attributes"] += practical.pop("attributes", []) + closures.pop("attributes", [])
    out.update(practical | closures)
    if "alert" in out and service.status == "active":
        out["status"] = TEMPORARILY_CLOSED
    return out


def _dump_location(location: HsdsLocation) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if location.id is not None:
        out["id"] = location.id
    out["name"] = location.name
    out["physical_addresses"] = [
        {"address_1": a.address_1, "postal_code": a.postal_code, "city": a.city, "country": a.country}
        for a in location.addresses
    ]
    return out


def dump_document(orgs: list[HsdsOrganization]) -> dict[str, Any]:
    """Write organisations back as an HSDS 3.0 document, so a network's catalogue can be exported and re-imported.

    Absent optional values are left out rather than written as null; languages are plain codes and
    target groups are attributes with taxonomy "doelgroep". `parse_document(dump_document(x)) == x`
    for anything `parse_document` returned.
    """
    return {"organizations": [{**dump_organization(org), "services": [dump_service(s, org.id) for s in org.services]}
                              for org in orgs]}  # fmt: skip


def dump_organization(org: HsdsOrganization) -> dict[str, Any]:
    """An HSDS 3.0 organization object without its services."""
    item: dict[str, Any] = {"id": org.id, "name": org.name, "description": org.description}
    if org.email is not None:
        item["email"] = org.email
    if org.website is not None:
        item["website"] = org.website
    item["phones"] = [{"number": number} for number in org.phones]
    return item
