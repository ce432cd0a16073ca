"""The board's chart: one figure, grouped monthly bars, as PNG bytes.

Drawn with matplotlib's object API on the headless Agg canvas (no display, no pyplot global
state), so it can run in a worker thread (asyncio.to_thread) while the bot goes on. Every label
arrives already translated: this module knows no language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

# Colour-blind safe (Okabe-Ito), in series order.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
WIDTH_INCHES, HEIGHT_INCHES, DPI = 10.0, 5.6, 100


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


@dataclass(frozen=True)
class BarChart:
    title: str
    month_labels: Sequence[str]
    series: Sequence[Series]
    y_label: str
    empty_note: str  # shown in the middle when every value is 0
    # The first N months are only there for comparison: drawn on a grey background.
    context_months: int = 0


def render_png(chart: BarChart) -> bytes:
    """The chart as PNG bytes (1000 x 560 pixels)."""
    # Imported here, not at the top: matplotlib takes most of a second to load, and every
    # start of the bot (and every end-to-end test) would pay for it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    count = max(len(chart.series), 1)
    width = 0.8 / count
    positions = list(range(len(chart.month_labels)))
    for index, series in enumerate(chart.series):
        offset = (index - (count - 1) / 2) * width
        bars = axes.bar(
            [x + offset for x in positions],
            list(series.values),
            width=width,
            label=series.label,
            color=COLOURS[index % len(COLOURS)],
        )
        # The numbers on the bars: the board reads them off without squinting at the axis.
        if len(positions) <= 12:
            axes.bar_label(bars, labels=[_number(v) for v in series.values], fontsize=8)
    axes.set_xticks(positions, list(chart.month_labels), rotation=30 if len(positions) > 8 else 0)
    if chart.context_months:
        axes.axvspan(-0.5, chart.context_months - 0.5, color="#eeeeee", zorder=0)
    axes.set_ylabel(chart.y_label)
    axes.set_title(chart.title, fontsize=13, fontweight="bold")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    if all(v == 0 for series in chart.series for v in series.values):
        axes.set_ylim(0, 1)
        axes.text(0.5, 0.5, chart.empty_note, transform=axes.transAxes, ha="center", va="center")
    if chart.series:
        axes.legend(loc="upper left", frameon=False, ncols=min(count, 4))
        axes.margins(y=0.15)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _number(value: float) -> str:
    return "" if value == 0 else f"{value:g}"
