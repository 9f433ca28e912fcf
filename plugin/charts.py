"""The `/hiaten grafiek` picture: need against offer per category, as a PNG.

Drawn on a bare `matplotlib.figure.Figure` with the Agg canvas: no pyplot, so no global figure
state shared between request threads and no display needed. matplotlib is imported when a chart
is drawn, not when the app starts, so that every worker does not pay for it at boot.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from domain.counts_nl import count_nl
from domain.gaps import SCORING_NOTE, GapRow, format_number_nl
from storage.signals import GapReport

NEED_COLOUR = "#d1495b"
OFFER_COLOUR = "#00798c"
LABEL_WIDTH = 28  # characters per line of a category label
MAX_CATEGORIES = 15
FOOTNOTE = SCORING_NOTE
GAP_MARK = "  ▲ tekort"


@dataclass(frozen=True)
class Bar:
    """One category of the chart: its label (marked when it is a gap), need and offer in points."""

    label: str
    need: int
    supply: int
    is_gap: bool


def chart_bars(report: GapReport) -> list[Bar]:
    """What the chart draws, biggest gap on top: the same rows, points and verdict as `/hiaten`."""
    return [
        Bar(_label(report, r) + (GAP_MARK if r.is_gap else ""), r.need, r.supply, r.is_gap)
        for r in report.analysis.rows[:MAX_CATEGORIES]
    ]


def _label(report: GapReport, row: GapRow) -> str:
    return textwrap.fill(report.label(row.category), LABEL_WIDTH)


def gap_chart_png(report: GapReport) -> bytes:
    """Horizontal bars per category, biggest gap on top; a city gets one bar per network in two panels."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    rows = list(report.analysis.rows[:MAX_CATEGORIES])
    labels = [bar.label for bar in chart_bars(report)]
    comparison = report.comparison
    columns: Sequence[str] = comparison.columns if comparison is not None else ()
    height = 2.2 + 0.5 * max(len(rows), 1) * (max(len(columns), 2) / 2 if comparison is not None else 1)
    figure = Figure(figsize=(11 if comparison is not None else 9, height), dpi=100, layout="constrained")
    period = f"{report.period.describe_nl()} ({count_nl(report.period.days, 'dag')})"
    figure.suptitle(f"Hiaten in {report.network_name}\n{period}", fontsize=13)
    dutch = FuncFormatter(lambda value, _pos: format_number_nl(value))
    positions = list(range(len(rows)))

    if comparison is None:
        axes = figure.subplots()
        width = 0.38
        axes.barh([p - width / 2 for p in positions], [r.need for r in rows], width, label="Nood", color=NEED_COLOUR)
        axes.barh(
            [p + width / 2 for p in positions], [r.supply for r in rows], width, label="Aanbod", color=OFFER_COLOUR
        )
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel("Punten (zelden 1 · maandelijks 2 · wekelijks 4 · dagelijks 8)")
        axes.xaxis.set_major_formatter(dutch)
        axes.legend(loc="best")
        axes.grid(axis="x", alpha=0.3)
    else:
        need_axes, offer_axes = figure.subplots(1, 2, sharey=True, sharex=True)  # one scale: need vs offer
        width = 0.8 / max(len(columns), 1)
        for index, name in enumerate(columns):
            analysis = comparison.by_network[name]
            cells = [analysis.row(r.category) for r in rows]
            offset = [p - 0.4 + width * (index + 0.5) for p in positions]
            colour = f"C{index % 10}"
            need_axes.barh(offset, [c.need if c else 0 for c in cells], width, label=name, color=colour)
            offer_axes.barh(offset, [c.supply if c else 0 for c in cells], width, color=colour)
        need_axes.set_yticks(positions, labels)
        need_axes.invert_yaxis()
        for axes, title in ((need_axes, "Nood"), (offer_axes, "Aanbod")):
            axes.set_title(title)
            axes.set_xlabel("Punten")
            axes.xaxis.set_major_formatter(dutch)
            axes.grid(axis="x", alpha=0.3)
        figure.legend(loc="outside right upper", fontsize="small")
    if not rows:
        figure.text(0.5, 0.5, "Nog geen signalen in deze periode", ha="center", va="center")
    figure.supxlabel(textwrap.fill(FOOTNOTE, 130), fontsize=7, alpha=0.8)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
