"""The neighbourhood scan of the Digitaal Inclusieve Wijk method (Antwerpen, Gent, Kortrijk; Mediawijs toolbox).

Five pillars: toegang, individuele ondersteuning, ondersteuning in groep, digitale oefenkansen,
coördinatie en communicatie (source: digitaalinclusievewijk.be/concept). Each is checked with plain
criteria on a neighbourhood's offers: their categories, hours, facilities and formats. A combination of
places counts ("het kan ook over een combinatie van verschillende locaties gaan"). Anything not known
about an offer (free? which facilities?) never counts as met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from domain.practical import Facility
from domain.schedule import END_OF_DAY, Opening
from domain.vocabulary_nl import ADM, EOV

COMPUTER_NL = "een computer met internet"
GOVERNMENT = frozenset({EOV, ADM})  # categories for help with the digital services of government
EVENING_FROM = time(18, 0)
OFFICE_HOURS = (time(9, 0), time(17, 0))
WEEKEND = (5, 6)


class Format(StrEnum):
    ONE_TO_ONE = "individueel"
    GROUP = "groep"
    PRACTICE = "oefenkans"  # practising digital skills inside another activity (taalles, huiswerkklas, …)


class Pillar(StrEnum):
    ACCESS = "toegang"
    INDIVIDUAL = "individuele ondersteuning"
    GROUP = "ondersteuning in groep"
    PRACTICE = "digitale oefenkansen"
    COORDINATION = "coördinatie en communicatie"


@dataclass(frozen=True)
class ScanOffer:
    """What the scan needs to know of one offer; `free=None` means nobody said whether it is free."""

    name: str
    organisation: str = ""
    categories: frozenset[str] = frozenset()
    openings: tuple[Opening, ...] = ()
    facilities: frozenset[Facility] = frozenset()
    free: bool | None = None
    formats: frozenset[Format] = frozenset()
    own_device: bool = False  # help also on the person's own phone or laptop
    active: bool = True

    @property
    def label(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class CriterionResult:
    code: str
    pillar: Pillar
    title_nl: str
    met: bool
    offers: tuple[str, ...]  # labels of the offers that satisfy it (or part of it)
    missing: tuple[str, ...]  # what is missing, in Dutch; empty when met
    notes: tuple[str, ...] = ()  # what the scan could not tell, in Dutch

    def line_nl(self) -> str:
        mark = "✅" if self.met else "❌"
        detail = ", ".join(self.offers) if self.met else "; ".join(self.missing)
        return f"{mark} {self.title_nl}" + (f" — {detail}" if detail else "")


@dataclass(frozen=True)
class ScanResult:
    criteria: tuple[CriterionResult, ...]
    active_offers: int = 0  # how many offers were checked: with none, the scan knows nothing of the neighbourhood

    def criterion(self, code: str) -> CriterionResult:
        return next(c for c in self.criteria if c.code == code)

    def pillar_met(self, pillar: Pillar) -> bool:
        return all(c.met for c in self.criteria if c.pillar is pillar)

    @property
    def met_count(self) -> int:
        return sum(c.met for c in self.criteria)

    def lines_nl(self) -> list[str]:
        return [c.line_nl() for c in self.criteria]


# --- the criteria ----------------------------------------------------------------------------


def _evening(o: Opening) -> bool:
    return o.closes > EVENING_FROM or o.closes == END_OF_DAY


def _weekend(o: Opening) -> bool:
    return o.weekday in WEEKEND


def _office(o: Opening) -> bool:
    return o.weekday < 5 and o.overlaps(*OFFICE_HOURS)


_TIMES: tuple[tuple[str, Callable[[Opening], bool]], ...] = (
    ("tijdens de kantooruren", _office),
    ("'s avonds (na 18 uur)", _evening),
    ("in het weekend", _weekend),
)


def _unknown_free(offers: list[ScanOffer], what: str) -> tuple[str, ...]:
    unsure = [o.label for o in offers if o.free is None]
    return (f"Niet bekend of {what} gratis is bij {', '.join(unsure)}",) if unsure else ()


def _free_at_all_times(
    code: str, title: str, offers: list[ScanOffer], facility: Facility, what: str
) -> CriterionResult:
    with_it = [o for o in offers if facility in o.facilities]
    free = [o for o in with_it if o.free is True or facility is Facility.FREE_WIFI]
    notes = () if facility is Facility.FREE_WIFI else _unknown_free(with_it, what)
    if not free:
        return CriterionResult(
            code, Pillar.ACCESS, title, False, (), (f"Nergens {what} om gratis te gebruiken",), notes
        )
    missing = []
    for when, rule in _TIMES:
        if not any(rule(opening) for o in free for opening in o.openings):
            missing.append(f"Nergens {when} {what} om gratis te gebruiken")
    no_hours = [o.label for o in free if not o.openings]
    if no_hours:
        notes += (f"Zonder vaste uren, dus niet meegeteld voor de uren: {', '.join(no_hours)}",)
    return CriterionResult(code, Pillar.ACCESS, title, not missing, tuple(o.label for o in free), tuple(missing), notes)


def _at_least_one(
    code: str, pillar: Pillar, title: str, found: list[ScanOffer], missing: str, notes: tuple[str, ...] = ()
) -> CriterionResult:
    labels = tuple(o.label for o in found)
    return CriterionResult(code, pillar, title, bool(found), labels, () if found else (missing,), notes)


def _individual(offers: list[ScanOffer]) -> CriterionResult:
    title = "Gratis individuele hulp, ook met je eigen toestel"
    one_to_one = [o for o in offers if Format.ONE_TO_ONE in o.formats]
    good = [o for o in one_to_one if o.free is True and o.own_device]
    notes = _unknown_free(one_to_one, "de individuele hulp")
    if good or not one_to_one:
        none_known = "Geen individuele hulp bekend in het aanbod"
        return _at_least_one("individueel", Pillar.INDIVIDUAL, title, good, none_known, notes)
    missing = []
    if not any(o.free is True for o in one_to_one):
        missing.append("Individuele hulp is er, maar niet (zeker) gratis")
    if not any(o.own_device for o in one_to_one):
        missing.append("Individuele hulp is er, maar niet met je eigen toestel")
    if not missing:  # free somewhere, own device elsewhere, but not both in one offer
        missing.append("Geen gratis individuele hulp die ook met je eigen toestel helpt")
    return CriterionResult("individueel", Pillar.INDIVIDUAL, title, False, (), tuple(missing), notes)


CRITERIA: tuple[tuple[str, Pillar, str], ...] = (
    ("computer", Pillar.ACCESS, "Gratis computer met internet, ook 's avonds en in het weekend"),
    ("wifi", Pillar.ACCESS, "Gratis wifi, ook 's avonds en in het weekend"),
    ("printer", Pillar.ACCESS, "Minstens één printer"),
    ("oplaadpunt", Pillar.ACCESS, "Minstens één gratis oplaadpunt"),
    ("individueel", Pillar.INDIVIDUAL, "Gratis individuele hulp, ook met je eigen toestel"),
    ("e-overheid", Pillar.INDIVIDUAL, "Gratis individuele hulp bij digitale diensten van de overheid"),
    ("groep", Pillar.GROUP, "Cursussen of workshops in groep"),
    ("oefenkansen", Pillar.PRACTICE, "Oefenkansen binnen andere activiteiten"),
    ("aanspreekpunt", Pillar.COORDINATION, "Eén aanspreekpunt dat het aanbod in de wijk coördineert"),
)
_TITLES = {code: title for code, _, title in CRITERIA}


def scan_neighbourhood(offers: Iterable[ScanOffer], has_coordinator: bool) -> ScanResult:
    """✅/❌ per criterion for one neighbourhood (or one network), with the offers that satisfy each."""
    active = [o for o in offers if o.active]
    printers = [o for o in active if Facility.PRINTER in o.facilities]
    charging = [o for o in active if Facility.CHARGING_POINT in o.facilities]
    groups = [o for o in active if Format.GROUP in o.formats]
    practice = [o for o in active if Format.PRACTICE in o.formats]
    free_charging = [o for o in charging if o.free is True]
    return ScanResult(
        (
            _free_at_all_times(
                "computer", _TITLES["computer"], active, Facility.COMPUTERS, "een computer met internet"
            ),
            _free_at_all_times("wifi", _TITLES["wifi"], active, Facility.FREE_WIFI, "wifi"),
            _at_least_one("printer", Pillar.ACCESS, _TITLES["printer"], printers, "Geen printer bekend in het aanbod"),
            _at_least_one(
                "oplaadpunt",
                Pillar.ACCESS,
                _TITLES["oplaadpunt"],
                free_charging,
                "Geen gratis oplaadpunt voor gsm of laptop",
                _unknown_free(charging, "het oplaadpunt"),
            ),
            _individual(active),
            _at_least_one(
                "e-overheid",
                Pillar.INDIVIDUAL,
                _TITLES["e-overheid"],
                [o for o in active if Format.ONE_TO_ONE in o.formats and o.free is True and o.categories & GOVERNMENT],
                "Geen gratis individuele hulp bij e-overheid, itsme of formulieren",
            ),
            _at_least_one("groep", Pillar.GROUP, _TITLES["groep"], groups, "Geen cursus of workshop in groep"),
            _at_least_one(
                "oefenkansen",
                Pillar.PRACTICE,
                _TITLES["oefenkansen"],
                practice,
                "Geen oefenkansen binnen andere activiteiten (taalles, huiswerkklas, ontmoeting …)",
            ),
            CriterionResult(
                "aanspreekpunt",
                Pillar.COORDINATION,
                _TITLES["aanspreekpunt"],
                has_coordinator,
                (),
                () if has_coordinator else ("Geen trekker of aanspreekpunt voor het netwerk",),
            ),
        ),
        len(active),
    )


# --- a city compares its neighbourhoods ------------------------------------------------------


@dataclass(frozen=True)
class Neighbourhood:
    name: str
    offers: tuple[ScanOffer, ...]
    has_coordinator: bool


def _mark(result: ScanResult, code: str, name: str) -> str:
    if not result.active_offers and code != "aanspreekpunt":  # nothing registered there: not known, not missing
        return f"❔ {name} (nog geen aanbod)"
    return f"{'✅' if result.criterion(code).met else '❌'} {name}"


@dataclass(frozen=True)
class CityComparison:
    results: tuple[tuple[str, ScanResult], ...]  # (neighbourhood, scan), in the order given

    def met_in(self, code: str) -> tuple[str, ...]:
        return tuple(name for name, result in self.results if result.criterion(code).met)

    def missing_everywhere(self) -> tuple[str, ...]:
        """Criteria no neighbourhood meets: a city-wide gap."""
        return tuple(code for code, _, _ in CRITERIA if not self.met_in(code))

    def lines_nl(self) -> list[str]:
        """One line per criterion: "Minstens één printer: ✅ Deurne · ❌ Borgerhout"."""
        lines = []
        for code, _, title in CRITERIA:
            marks = " · ".join(_mark(result, code, name) for name, result in self.results)
            lines.append(f"{title}: {marks}")
        return lines


def compare_neighbourhoods(neighbourhoods: Iterable[Neighbourhood]) -> CityComparison:
    return CityComparison(tuple((n.name, scan_neighbourhood(n.offers, n.has_coordinator)) for n in neighbourhoods))
