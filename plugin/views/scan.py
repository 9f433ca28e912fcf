"""`/hiaten scan` and the report's scan section: the Digitaal Inclusieve Wijk criteria, ✅/❌ each, with the
offers that satisfy it and what is missing; a city-wide network also compares its neighbourhoods."""

from __future__ import annotations

from domain.neighbourhood_scan import CRITERIA, CityComparison, CriterionResult, Pillar, ScanResult
from plugin.views.kit import Block, clip, context, escape, header, section

SCAN_NOTE = (
    "Wijkscan volgens de methode Digitaal Inclusieve Wijk. Wat niet bekend is (gratis? welke voorzieningen?) "
    "telt nooit als gehaald. Of iets individueel, in groep of een oefenkans is, lees ik uit de naam en "
    "beschrijving van het aanbod; vul wifi, computers, printer en oplaadpunt in met `/aanbod`."
)
MAX_OFFERS_SHOWN = 4
NOTHING_TO_SCAN = (
    "Nog geen actief aanbod geregistreerd, dus de wijkscan kan niets toetsen: hij kijkt alleen naar het aanbod "
    "van het netwerk. Registreer aanbod met `/aanbod` (met wifi, computers, printer en oplaadpunt als die er "
    "zijn); dan toont `/hiaten scan` wat de wijk al heeft en wat ontbreekt."
)


def _detail(criterion: CriterionResult) -> str:
    if criterion.met:
        shown = list(criterion.offers[:MAX_OFFERS_SHOWN])
        more = len(criterion.offers) - len(shown)
        return ", ".join(shown) + (f" en nog {more}" if more > 0 else "")
    return "; ".join(criterion.missing)


def criterion_line(criterion: CriterionResult, *, markdown: bool = False) -> str:
    mark = "✅" if criterion.met else "❌"
    detail = _detail(criterion)
    title = criterion.title_nl if markdown else escape(criterion.title_nl)
    line = f"{mark} {title}" + (f" — {detail if markdown else escape(detail)}" if detail else "")
    for note in criterion.notes:
        line += f"\n   _{note if markdown else escape(note)}_"
    return line


def scan_blocks(name: str, result: ScanResult, comparison: CityComparison | None = None) -> list[Block]:
    blocks: list[Block] = [header(f"Wijkscan · {name}")]
    compared = comparison is not None and bool(comparison.results)
    if not result.active_offers:  # no ❌ "geen printer" for a neighbourhood whose offer nobody registered yet
        if not compared:  # a city network without offers of its own: its neighbourhoods side by side only
            blocks.append(section(NOTHING_TO_SCAN))
    else:
        blocks.append(context(f"{result.met_count} van {len(result.criteria)} criteria gehaald."))
    for pillar in Pillar if result.active_offers else ():
        lines = [criterion_line(c) for c in result.criteria if c.pillar is pillar]
        if lines:
            blocks.append(section(clip(f"*{pillar.value.capitalize()}*\n" + "\n".join(lines), 2900)))
    if comparison is not None and comparison.results:
        blocks.append(
            section(clip("*De wijken naast elkaar*\n" + "\n".join(escape(x) for x in comparison.lines_nl()), 2900))
        )
        nowhere = comparison.missing_everywhere()
        titles = {code: title for code, _, title in CRITERIA}
        if nowhere:
            blocks.append(
                section(clip("*In geen enkele wijk*: " + "; ".join(escape(titles[c]) for c in nowhere), 2900))
            )
        else:
            blocks.append(context("Elk criterium wordt in minstens één wijk gehaald."))
    blocks.append(context(SCAN_NOTE))
    return blocks


def scan_markdown(name: str, result: ScanResult, comparison: CityComparison | None = None) -> list[str]:
    """The report's section (Markdown lines)."""
    lines = ["", f"## Wijkscan Digitaal Inclusieve Wijk: {name}", ""]
    if not result.active_offers:
        if comparison is None or not comparison.results:
            lines += [NOTHING_TO_SCAN.replace("`", ""), ""]
    else:
        lines += [f"{result.met_count} van {len(result.criteria)} criteria gehaald.", ""]
    for pillar in Pillar if result.active_offers else ():
        lines.append(f"**{pillar.value.capitalize()}**")
        lines.append("")
        lines += [f"- {criterion_line(c, markdown=True)}" for c in result.criteria if c.pillar is pillar]
        lines.append("")
    if comparison is not None and comparison.results:
        lines += ["### De wijken naast elkaar", "", *[f"- {x}" for x in comparison.lines_nl()], ""]
        titles = {code: title for code, _, title in CRITERIA}
        nowhere = comparison.missing_everywhere()
        lines.append("In geen enkele wijk: " + "; ".join(titles[c] for c in nowhere) if nowhere else
                     "Elk criterium wordt in minstens één wijk gehaald.")  # fmt: skip
        lines.append("")
    lines.append(SCAN_NOTE.replace("`/aanbod`", "/aanbod"))
    return lines
