"""Open Referral HSDS 3.0 JSON in and out (the shape of shared/data/public_sample.json).

Partners exchange their catalogue as HSDS so it can come from, and go back to, other referral
tools; here it becomes plain dataclasses, validated once at the border.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.counts_nl import count_nl
from domain.practical import Practical
from domain.practical_hsds import (
    TEMPORARILY_CLOSED,
    ClosureFacts,
    closure_facts_from_hsds,
    closure_facts_to_hsds,
    practical_from_hsds,
    practical_to_hsds,
)
from domain.vocabulary_nl import language_code, target_group_key


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

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,}$")
_TIME_RE = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


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


def _label(kind: str, obj: object, index: int) -> str:
    """'Organisatie "Bib Deurne" (id org-1)', falling back to the position when name or id is missing."""
    name, ident = _stripped(obj, "name"), _stripped(obj, "id")
    if name and ident:
        return f'{kind} "{name}" (id {ident})'
    if name:
        return f'{kind} "{name}" (nr. {index + 1}, zonder id)'
    if ident:
        return f"{kind} zonder naam (id {ident})"
    return f"{kind} nr. {index + 1} (zonder naam of id)"


def _stripped(obj: object, key: str) -> str:
    """The text under `key` without surrounding spaces; "" when `obj` is no object or that is no text."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value.strip() if isinstance(value, str) else ""


class _Reader:
    """Reads one object (organisation or service) and records problems instead of stopping."""

    def __init__(self, problems: list[str], context: str) -> None:
        self.problems = problems
        self.context = context

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f'{self.context}: veld "{path}" {message}')

    def text(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = False, max_len: int = MAX_NAME
    ) -> str | None:
        """A stripped string, None when absent or empty; required fields must be non-empty."""
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, "ontbreekt of is leeg")
            return None
        if not isinstance(value, str):
            self.fail(path, f"moet tekst zijn, niet {_show(value)}")
            return None
        value = value.strip()
        if len(value) > max_len:
            self.fail(path, f"is te lang: {len(value)} tekens, maximaal {max_len}")
            return None
        return value

    def email(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        value = self.text(obj, key, path, max_len=MAX_EMAIL)
        if value is not None and not _EMAIL_RE.match(value):
            self.fail(path, f'moet een e-mailadres zijn als naam@voorbeeld.be, niet "{value}"')
            return None
        return value

    def url(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        value = self.text(obj, key, path, max_len=MAX_URL)
        if value is not None and not _URL_RE.match(value):
            self.fail(path, f'moet een webadres zijn dat begint met https://, niet "{value}"')
            return None
        return value

    def items(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a list field with their paths; absent or null means an empty list."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, f"moet een lijst zijn, niet {_show(value)}")
            return []
        out: list[tuple[str, dict[str, Any]]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((f"{path}[{i}]", item))
            else:
                self.fail(f"{path}[{i}]", f"moet een object zijn, niet {_show(item)}")
        return out

    def phones(self, obj: dict[str, Any]) -> list[str]:
        numbers: list[str] = []
        for path, item in self.items(obj, "phones", "phones"):
            number = self.text(item, "number", f"{path}.number", required=True, max_len=MAX_PHONE)
            if number is None:
                continue
            if not _PHONE_RE.match(number):
                self.fail(f"{path}.number", f'moet een telefoonnummer zijn als 03 123 45 67, niet "{number}"')
                continue
            numbers.append(number)
        return numbers


def _show(value: object) -> str:
    """A short rendering of a wrong value for an error message."""
    if isinstance(value, str):
        return f'"{value[:40]}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "leeg (null)"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een object"
    return type(value).__name__


def _clock(value: str) -> str | None:
    """'09:30' or '09:30:00' → '09:30'; None when it is not a valid clock time."""
    match = _TIME_RE.match(value)
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _parse_schedule(reader: _Reader, path: str, item: dict[str, Any]) -> HsdsSchedule | None:
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
        clock = _clock(raw)
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


def _parse_languages(reader: _Reader, service: dict[str, Any]) -> list[str]:
    raw = service.get("languages")
    if raw is None:
        return []
    if not isinstance(raw, list):
        reader.fail("languages", f'moet een lijst zijn als ["nl", "fr"], niet {_show(raw)}')
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
            reader.fail(path, f'moet een taalcode als "nl" zijn, niet {_show(item)}')
            continue
        if not _LANGUAGE_CODE_RE.match(code):
            reader.fail(path, f'moet een taalcode zijn als "nl" of "ar", niet "{code}"')
            continue
        if code not in codes:
            codes.append(code)
    return codes


def _parse_attributes(reader: _Reader, service: dict[str, Any]) -> tuple[list[str], list[str]]:
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
            reader.fail(f"{path}.taxonomy_term.taxonomy", f"moet tekst zijn, niet {_show(taxonomy)}")
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
        if not _SLUG_RE.match(term):
            reader.fail(
                f"{path}.taxonomy_term.{key}",
                f'moet een categorie zijn in kleine letters met streepjes, als "smartphone-en-apps", niet "{term}"',
            )
            continue
        if term not in categories:
            categories.append(term)
    return categories, groups


def _parse_locations(reader: _Reader, service: dict[str, Any]) -> list[HsdsLocation]:
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
            if not _COUNTRY_RE.match(country):
                reader.fail(f"{apath}.country", f'moet een landcode van twee letters zijn als "BE", niet "{country}"')
                continue
            if line is not None:
                addresses.append(HsdsAddress(line, postal, city, country))
        if not name and not addresses:
            reader.fail(f"{lpath}.name", "ontbreekt, en er is ook geen adres")
            continue
        locations.append(HsdsLocation(loc_id, name, addresses))
    return locations


def _parse_service(reader: _Reader, service: dict[str, Any], org_id: str | None) -> HsdsService | None:
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
            if not _DATE_RE.match(assured):
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
        context = _label("Organisatie", org, i)
        if not isinstance(org, dict):
            problems.append(f"Organisatie nr. {i + 1}: moet een object zijn, niet {_show(org)}")
            continue
        reader = _Reader(problems, context)
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
            service_context = f"{context}, {_label('dienst', service, index)}"
            service_reader = _Reader(problems, service_context)
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


def _first_location(service: dict[str, Any]) -> dict[str, Any]:
    """`accessibility` of the first location (HSDS puts it there), for practical_from_hsds."""
    for item in service.get("service_at_locations") or []:
        location = item.get("location") if isinstance(item, dict) else None
        if isinstance(location, dict) and isinstance(location.get("accessibility"), list):
            return {"accessibility": location["accessibility"]}
    return {}


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
