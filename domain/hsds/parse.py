"""HSDS 3.0 in: `parse_document` reads a decoded JSON document into organisations with their services."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.hsds.model import (
    CATEGORY_TAXONOMY,
    DAY_CODES,
    MAX_ADDRESS,
    MAX_AREA,
    MAX_DESCRIPTION,
    MAX_ID,
    MAX_LONG_TEXT,
    MAX_SHORT_TEXT,
    MAX_TERM,
    STATUSES,
    TARGET_GROUP_TAXONOMY,
    HsdsAddress,
    HsdsError,
    HsdsLocation,
    HsdsOrganization,
    HsdsSchedule,
    HsdsService,
)
from domain.hsds.reader import (
    COUNTRY_RE,
    DATE_RE,
    LANGUAGE_CODE_RE,
    SLUG_RE,
    Reader,
    clock_time,
    label,
    show,
)
from domain.practical import Practical
from domain.practical_hsds import TEMPORARILY_CLOSED, ClosureFacts, closure_facts_from_hsds, practical_from_hsds
from domain.vocabulary_nl import language_code, target_group_key


def _parse_schedule(reader: Reader, path: str, item: dict[str, Any]) -> HsdsSchedule | None:
    ok = True
    byday_raw = reader.text(item, "byday", f"{path}.byday", required=True)
    codes: list[str] = []
    if byday_raw is None:
        ok = False
    else:
        for part in byday_raw.split(","):
            code = part.strip().upper()
            if code not in DAY_CODES:
                reader.fail(
                    f"{path}.byday",
                    f'moet dagcodes MO, TU, WE, TH, FR, SA of SU bevatten, met komma\'s ertussen, niet "{byday_raw}"',
                )
                ok = False
                break
            if code in codes:
                reader.fail(f"{path}.byday", f'noemt {code} twee keer in "{byday_raw}"')
                ok = False
                break
            codes.append(code)
    times: dict[str, str] = {}
    for key in ("opens_at", "closes_at"):
        raw = reader.text(item, key, f"{path}.{key}", required=True, max_len=8)
        if raw is None:
            ok = False
            continue
        clock = clock_time(raw)
        if clock is None:
            reader.fail(f"{path}.{key}", f'moet een uur zijn als 09:30, niet "{raw}"')
            ok = False
            continue
        times[key] = clock
    if len(times) == 2 and times["opens_at"] >= times["closes_at"]:
        reader.fail(
            f"{path}.closes_at",
            f'moet na opens_at liggen ({times["opens_at"]}), niet "{times["closes_at"]}"',
        )
        ok = False
    description = reader.text(item, "description", f"{path}.description", max_len=MAX_SHORT_TEXT) or ""
    if not ok:
        return None
    codes.sort(key=DAY_CODES.index)
    return HsdsSchedule(",".join(codes), times["opens_at"], times["closes_at"], description)


def _parse_languages(reader: Reader, service: dict[str, Any]) -> list[str]:
    raw = service.get("languages")
    if raw is None:
        return []
    if not isinstance(raw, list):
        reader.fail("languages", f'moet een lijst zijn als ["nl", "fr"], niet {show(raw)}')
        return []
    codes: list[str] = []
    for i, item in enumerate(raw):
        path = f"languages[{i}]"
        code: str | None = None
        if isinstance(item, str):
            code = item.strip().lower()
        elif isinstance(item, dict):
            given = item.get("code")
            name = item.get("name")
            if isinstance(given, str) and given.strip():
                code = given.strip().lower()
            elif isinstance(name, str) and name.strip():
                code = language_code(name)
                if code is None:
                    reader.fail(f"{path}.name", f'is een taal die we niet kennen: "{name}"; geef een "code" als "nl"')
                    continue
            else:
                reader.fail(path, 'moet een taalcode ("nl") of een object met "code" zijn')
                continue
            path = f"{path}.code"
        else:
            reader.fail(path, f'moet een taalcode als "nl" zijn, niet {show(item)}')
            continue
        if not LANGUAGE_CODE_RE.match(code):
            reader.fail(path, f'moet een taalcode zijn als "nl" of "ar", niet "{code}"')
            continue
        if code not in codes:
            codes.append(code)
    return codes


def _parse_attributes(reader: Reader, service: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Categories (taxonomy lerend-netwerk or none) and target groups (doelgroep); other taxonomies are ignored."""
    categories: list[str] = []
    groups: list[str] = []
    for path, item in reader.items(service, "attributes", "attributes"):
        term_obj = item.get("taxonomy_term")
        if not isinstance(term_obj, dict):
            reader.fail(f"{path}.taxonomy_term", "ontbreekt of is geen object met term en taxonomy")
            continue
        taxonomy = term_obj.get("taxonomy")
        if taxonomy is not None and not isinstance(taxonomy, str):
            reader.fail(f"{path}.taxonomy_term.taxonomy", f"moet tekst zijn, niet {show(taxonomy)}")
            continue
        taxonomy = (taxonomy or "").strip().lower()
        if taxonomy not in ("", CATEGORY_TAXONOMY, TARGET_GROUP_TAXONOMY):
            continue
        key = "term" if "term" in term_obj else "code" if "code" in term_obj else "name"
        term = reader.text(term_obj, key, f"{path}.taxonomy_term.{key}", required=True, max_len=MAX_TERM)
        if term is None:
            continue
        if taxonomy == TARGET_GROUP_TAXONOMY:
            term = target_group_key(term) or term  # the shared vocabulary's key when we know the group
            if term not in groups:
                groups.append(term)
            continue
        if not SLUG_RE.match(term):
            reader.fail(
                f"{path}.taxonomy_term.{key}",
                f'moet een categorie zijn in kleine letters met streepjes, als "smartphone-en-apps", niet "{term}"',
            )
            continue
        if term not in categories:
            categories.append(term)
    return categories, groups


def _parse_locations(reader: Reader, service: dict[str, Any]) -> list[HsdsLocation]:
    locations: list[HsdsLocation] = []
    for path, item in reader.items(service, "service_at_locations", "service_at_locations"):
        loc = item.get("location")
        if not isinstance(loc, dict):
            reader.fail(f"{path}.location", "ontbreekt of is geen object met name en physical_addresses")
            continue
        lpath = f"{path}.location"
        loc_id = reader.text(loc, "id", f"{lpath}.id", max_len=MAX_ID)
        name = reader.text(loc, "name", f"{lpath}.name") or ""
        addresses: list[HsdsAddress] = []
        for apath, addr in reader.items(loc, "physical_addresses", f"{lpath}.physical_addresses"):
            line = reader.text(addr, "address_1", f"{apath}.address_1", required=True, max_len=MAX_ADDRESS)
            postal = reader.text(addr, "postal_code", f"{apath}.postal_code", max_len=20) or ""
            city = reader.text(addr, "city", f"{apath}.city", max_len=100) or ""
            country = (reader.text(addr, "country", f"{apath}.country", max_len=2) or "BE").upper()
            if not COUNTRY_RE.match(country):
                reader.fail(f"{apath}.country", f'moet een landcode van twee letters zijn als "BE", niet "{country}"')
                continue
            if line is not None:
                addresses.append(HsdsAddress(line, postal, city, country))
        if not name and not addresses:
            reader.fail(f"{lpath}.name", "ontbreekt, en er is ook geen adres")
            continue
        locations.append(HsdsLocation(loc_id, name, addresses))
    return locations


def _parse_service(reader: Reader, service: dict[str, Any], org_id: str | None) -> HsdsService | None:
    before = len(reader.problems)
    ident = reader.text(service, "id", "id", required=True, max_len=MAX_ID)
    name = reader.text(service, "name", "name", required=True)
    owner = reader.text(service, "organization_id", "organization_id", max_len=MAX_ID)
    if owner is not None and org_id is not None and owner != org_id:
        reader.fail("organization_id", f'verwijst naar een andere organisatie ("{owner}"), niet naar {org_id}')
    status_raw = reader.text(service, "status", "status", max_len=20) or "active"
    status = status_raw.lower()
    if status not in STATUSES:
        reader.fail("status", f'moet active, inactive of defunct zijn (of temporarily closed), niet "{status_raw}"')
    assured = reader.text(service, "assured_date", "assured_date", max_len=10)
    if assured is not None:
        try:
            if not DATE_RE.match(assured):
                raise ValueError(assured)
            date.fromisoformat(assured)
        except ValueError:
            reader.fail("assured_date", f'moet een datum zijn als 2026-11-28, niet "{assured}"')
    categories, groups = _parse_attributes(reader, service)
    schedules = [
        s
        for path, item in reader.items(service, "schedules", "schedules")
        if (s := _parse_schedule(reader, path, item)) is not None
    ]
    areas = [
        area
        for path, item in reader.items(service, "service_areas", "service_areas")
        if (area := reader.text(item, "name", f"{path}.name", required=True, max_len=MAX_AREA)) is not None
    ]
    practical, closure_facts = Practical(), ClosureFacts()
    try:
        practical = practical_from_hsds({**_first_location(service), **service})
        closure_facts = closure_facts_from_hsds(service, status)
    except ValueError as error:
        reader.fail("attributes", f"klopt niet: {error}")
    if status == TEMPORARILY_CLOSED:
        status = "active"  # the closure itself is in closure_facts
    parsed = HsdsService(
        practical=practical,
        closure_facts=closure_facts,
        id=ident or "",
        name=name or "",
        description=reader.text(service, "description", "description", max_len=MAX_DESCRIPTION) or "",
        email=reader.email(service, "email", "email"),
        url=reader.url(service, "url", "url"),
        status=status,
        languages=_parse_languages(reader, service),
        fees_description=reader.text(service, "fees_description", "fees_description", max_len=MAX_LONG_TEXT),
        eligibility_description=reader.text(
            service, "eligibility_description", "eligibility_description", max_len=MAX_LONG_TEXT
        ),
        application_process=reader.text(service, "application_process", "application_process", max_len=MAX_LONG_TEXT),
        categories=categories,
        target_groups=groups,
        schedules=schedules,
        service_areas=areas,
        locations=_parse_locations(reader, service),
        phones=reader.phones(service),
        assured_date=assured,
    )
    return parsed if len(reader.problems) == before else None


def _first_location(service: dict[str, Any]) -> dict[str, Any]:
    """`accessibility` of the first location (HSDS puts it there), for practical_from_hsds."""
    for item in service.get("service_at_locations") or []:
        location = item.get("location") if isinstance(item, dict) else None
        if isinstance(location, dict) and isinstance(location.get("accessibility"), list):
            return {"accessibility": location["accessibility"]}
    return {}


def parse_document(data: object) -> list[HsdsOrganization]:
    """Read an HSDS 3.0 document (already decoded from JSON) into organisations with their services.

    Strict on what we use, silent on extra fields: a coordinator's file either loads completely or is
    refused with every problem named (organisation, service, field), so nothing half-imports.
    Org ids must be unique among organisations and service ids among services; a location may
    be shared, so location ids may repeat.
    """
    if not isinstance(data, dict) or not isinstance(data.get("organizations"), list):
        raise HsdsError(['Het bestand moet een JSON-object zijn met een lijst "organizations".'])
    problems: list[str] = []
    orgs: list[HsdsOrganization] = []
    org_ids: dict[str, str] = {}
    service_ids: dict[str, str] = {}
    for i, org in enumerate(data["organizations"]):
        context = label("Organisatie", org, i)
        if not isinstance(org, dict):
            problems.append(f"Organisatie nr. {i + 1}: moet een object zijn, niet {show(org)}")
            continue
        reader = Reader(problems, context)
        before = len(problems)
        org_id = reader.text(org, "id", "id", required=True, max_len=MAX_ID)
        if org_id is not None:
            if org_id in org_ids:
                reader.fail("id", f"komt al voor bij {org_ids[org_id]}; elke organisatie heeft een eigen id")
            else:
                org_ids[org_id] = context
        parsed = HsdsOrganization(
            id=org_id or "",
            name=reader.text(org, "name", "name", required=True) or "",
            description=reader.text(org, "description", "description", max_len=MAX_DESCRIPTION) or "",
            email=reader.email(org, "email", "email"),
            website=reader.url(org, "website", "website"),
            phones=reader.phones(org),
        )
        for index, (_, service) in enumerate(reader.items(org, "services", "services")):
            service_context = f"{context}, {label('dienst', service, index)}"
            service_reader = Reader(problems, service_context)
            svc = _parse_service(service_reader, service, org_id)
            if svc is None:
                continue
            if svc.id in service_ids:
                service_reader.fail("id", f"komt al voor bij {service_ids[svc.id]}; elke dienst heeft een eigen id")
                continue
            service_ids[svc.id] = service_context
            parsed.services.append(svc)
        if len(problems) == before:
            orgs.append(parsed)
    if problems:
        raise HsdsError(problems)
    return orgs
