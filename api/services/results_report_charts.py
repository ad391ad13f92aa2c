"""Geometry of the results report's charts, drawn as SVG by the page template (no charting library, no script).

A chart is horizontal bars with their value written beside each bar, so the numbers never depend on colour;
a withheld value is drawn as an empty dashed outline with the word "withheld" (the template translates it).
The page puts the same figures in a table right after each chart, for screen readers and for copying.
"""

from dataclasses import dataclass
from typing import Any

WIDTH = 680
LABEL_WIDTH = 230  # stage or measure names, right-aligned before the bars
VALUE_WIDTH = 90  # the value written after the bar
BAR_HEIGHT = 26
GAP = 10
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str  # a key the template turns into a translated name
    value: float | None  # None: withheld, or nothing to measure yet
    text: str  # the value as written beside the bar ("" when withheld or empty: the template words it)
    y: float
    width: float
    text_x: float
    withheld: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    plot_width: int
    bars: list[Bar]


@dataclass(frozen=True)
class Row:
    label: str
    value: float | None
    text: str
    withheld: bool


def bar_chart(rows: list[Row], *, scale_max: float | None = None) -> Chart:
    """Bars scale to `scale_max` (1.0 for shares), else to the largest value; a withheld bar is drawn at full
    length, dashed and empty, so it cannot be read as a small number."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = scale_max if scale_max is not None else max((r.value for r in rows if r.value is not None), default=0.0)
    bars = []
    for i, row in enumerate(rows):
        if row.withheld:
            length = float(plot)
        elif row.value is None or top <= 0:
            length = 0.0
        else:
            length = plot * row.value / top
        bars.append(
            Bar(
                label=row.label,
                value=row.value,
                text="" if row.withheld else row.text,
                y=TOP + i * (BAR_HEIGHT + GAP),
                width=round(length, 1),
                text_x=LABEL_WIDTH + 8 if row.withheld else round(LABEL_WIDTH + length + 6, 1),
                withheld=row.withheld,
            )
        )
    height = TOP * 2 + len(rows) * (BAR_HEIGHT + GAP)
    return Chart(WIDTH, height, LABEL_WIDTH, BAR_HEIGHT, plot, bars)


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def funnel_chart(stages: list[dict[str, Any]]) -> Chart:
    """The job funnel: one bar per stage, its length the number of items."""
    rows = [
        Row(str(s["stage"]), None if s["count"] is None else float(s["count"]), str(s["count"] or 0), s["suppressed"])
        for s in stages
    ]
    return bar_chart(rows)


def retention_chart(retention: dict[str, dict[str, dict[str, Any]]]) -> Chart:
    """Share still employed, and share who left before, at 90 and 180 days (0 to 100%)."""
    rows = []
    for days in ("90", "180"):
        for key in ("employed", "left"):
            cell = retention[days][key]
            rows.append(Row(f"{key}_{days}", cell["value"], percent(cell["value"]), cell["suppressed"]))
    return bar_chart(rows, scale_max=1.0)
