"""The board's chart: one figure, grouped monthly bars, as PNG bytes.

An optional second panel below (its own title and series, the same months) shows another
measure against the same months; the figure then grows taller, so neither panel is squeezed.

Drawn with matplotlib's object API on the headless Agg canvas (no display, no pyplot global
state), so it can run in a worker thread (asyncio.to_thread) while the bot goes on. Every label
arrives already translated: this module knows no language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Colour-blind safe (Okabe-Ito), in series order.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
WIDTH_INCHES, HEIGHT_INCHES, DPI = 10.0, 5.6, 100
# With a second panel: the main panel keeps most of its height, the second gets the rest.
PANEL_HEIGHT_INCHES = 8.4
# Colours of the second panel's series (distinct from the main panel's first ones).
PANEL_COLOURS = ("#56B4E9", "#D55E00")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


@dataclass(frozen=True)
class Panel:
    """A second set of bars under the main one, over the same months."""

    title: str
    series: Sequence[Series]


@dataclass(frozen=True)
class BarChart:
    title: str
    month_labels: Sequence[str]
    series: Sequence[Series]
    y_label: str
    empty_note: str  # shown in the middle when every value is 0
    # The first N months are only there for comparison: drawn on a grey background.
    context_months: int = 0
    panel: Panel | None = None


def render_png(chart: BarChart) -> bytes:
    """The chart as PNG bytes: 1000 x 560 pixels, or 1000 x 840 with a second panel."""
    # Imported here, not at the top: matplotlib takes most of a second to load, and every
    # start of the bot (and every end-to-end test) would pay for it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = HEIGHT_INCHES if chart.panel is None else PANEL_HEIGHT_INCHES
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(figure)
    if chart.panel is None:
        _draw(figure.add_subplot(), chart, chart.series, COLOURS, chart.title, 13)
    else:
        top, bottom = figure.subplots(2, 1, height_ratios=(3, 2))
        _draw(top, chart, chart.series, COLOURS, chart.title, 13)
        _draw(bottom, chart, chart.panel.series, PANEL_COLOURS, chart.panel.title, 11)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw(
    axes: Any,
    chart: BarChart,
    all_series: Sequence[Series],
    colours: Sequence[str],
    title: str,
    title_size: int,
) -> None:
    """Grouped bars per month on one panel, with its numbers, legend and grey context months."""
    from matplotlib.ticker import MaxNLocator

    count = max(len(all_series), 1)
    width = 0.8 / count
    positions = list(range(len(chart.month_labels)))
    for index, series in enumerate(all_series):
        offset = (index - (count - 1) / 2) * width
        bars = axes.bar(
            [x + offset for x in positions],
            list(series.values),
            width=width,
            label=series.label,
            color=colours[index % len(colours)],
        )
        # The numbers on the bars: the board reads them off without squinting at the axis.
        if len(positions) <= 12:
            axes.bar_label(bars, labels=[_number(v) for v in series.values], fontsize=8)
    axes.set_xticks(positions, list(chart.month_labels), rotation=30 if len(positions) > 8 else 0)
    if chart.context_months:
        axes.axvspan(-0.5, chart.context_months - 0.5, color="#eeeeee", zorder=0)
    axes.set_ylabel(chart.y_label)
    axes.set_title(title, fontsize=title_size, fontweight="bold")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    if all(v == 0 for series in all_series for v in series.values):
        axes.set_ylim(0, 1)
        axes.text(0.5, 0.5, chart.empty_note, transform=axes.transAxes, ha="center", va="center")
    if all_series:
        axes.legend(loc="upper left", frameon=False, ncols=min(count, 4))
        axes.margins(y=0.15)


def _number(value: float) -> str:
    return "" if value == 0 else f"{value:g}"
