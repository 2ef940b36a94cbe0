"""Accessible SVG charts drawn at build time: no JavaScript, no external files.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>``
(the page puts a text summary and the data table right after it). Colours reach 3:1 against
white (WCAG 1.4.11) and series differ by fill pattern too, not by colour alone. Text sizes are
in user units with a class, so the page's stylesheet can enlarge them and drop minor labels on
a narrow screen, where the drawing is scaled down.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
HEIGHT = 360
MARGIN_LEFT = 104  # room for "126,800" at the enlarged narrow-screen size
MARGIN_RIGHT = 40  # the last month label is centred on its point
MARGIN_BOTTOM = 68  # two lines of month labels
MARGIN_TOP = 44  # room for the unit above the axis
LEGEND_HEIGHT = 36
FONT_SIZE = 14
TEXT_COLOUR = "#1f2328"
AXIS_COLOUR = "#57606a"
GRID_COLOUR = "#d0d7de"
BACKGROUND = "#ffffff"
PATTERNS = ("solid", "hatch", "dots")


@dataclass(frozen=True)
class XLabel:
    """A category on the x axis: one or two lines; minor labels hide on narrow screens."""

    lines: tuple[str, ...]
    minor: bool = False


@dataclass(frozen=True)
class Series:
    """One bar series: its name (legend), values, colour and fill pattern."""

    name: str
    values: Sequence[float]
    colour: str
    pattern: str = "solid"


@dataclass(frozen=True)
class LinearScale:
    """Maps values in ``domain`` to coordinates in ``extent`` (either may run backwards)."""

    domain: tuple[float, float]
    extent: tuple[float, float]

    def __call__(self, value: float) -> float:
        low, high = self.domain
        start, end = self.extent
        if high == low:
            return (start + end) / 2
        return start + (value - low) / (high - low) * (end - start)


def nice_ticks(low: float, high: float, target: int = 5) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 x 10^k apart) that cover ``low``..``high``."""
    if high < low:
        low, high = high, low
    if high == low:
        low, high = low - 1, high + 1
    rough = (high - low) / max(target - 1, 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    first = math.floor(low / step) * step
    last = math.ceil(high / step) * step
    count = round((last - first) / step)
    return [first + i * step for i in range(count + 1)]


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open_svg(chart_id: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
    ]


def _y_axis(scale: LinearScale, ticks: list[float], fmt: Callable[[float], str], unit: str):
    parts = []
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    for tick in ticks:
        y = _num(scale(tick))
        parts.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            f'<text class="stats-svg__text" x="{left - 8}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
            f"{escape(fmt(tick))}</text>"
        )
    if unit:
        top = _num(scale(ticks[-1]) - 22)
        parts.append(
            f'<text class="stats-svg__text" x="4" y="{top}" '
            f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">{escape(unit)}</text>'
        )
    bottom = _num(scale(ticks[0]))
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1.5"/>'
    )
    return parts


def _x_labels(labels: Sequence[XLabel], centres: Sequence[float], baseline: float) -> list[str]:
    parts = []
    for label, x in zip(labels, centres, strict=True):
        css = "stats-svg__text stats-svg__minor" if label.minor else "stats-svg__text"
        spans = "".join(
            f'<tspan x="{_num(x)}" dy="{"1em" if i == 0 else "1.2em"}">{escape(line)}</tspan>'
            for i, line in enumerate(label.lines)
        )
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(baseline)}" x2="{_num(x)}" y2="{_num(baseline + 5)}" '
            f'stroke="{AXIS_COLOUR}"/>'
        )
        parts.append(
            f'<text class="{css}" x="{_num(x)}" y="{_num(baseline + 6)}" text-anchor="middle" '
            f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">{spans}</text>'
        )
    return parts


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[XLabel],
    values: Sequence[float],
    colour: str,
    value_format: Callable[[float], str] = lambda v: f"{v:,.0f}",
    unit: str = "",
    labelled_points: Sequence[int] = (0, -1),
) -> str:
    """A one-series line chart with a marker on every point and the values of some points."""
    if not values or len(values) != len(labels):
        raise ValueError("a line chart needs one label per value, and at least one value")
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    ticks = nice_ticks(min(values), max(values))
    y_scale = LinearScale((ticks[0], ticks[-1]), (bottom, top))
    inset = 16  # keeps the first and last markers off the axis
    x_scale = LinearScale((0, max(len(values) - 1, 1)), (MARGIN_LEFT + inset, WIDTH - MARGIN_RIGHT))
    points = [(x_scale(i), y_scale(v)) for i, v in enumerate(values)]
    parts = _open_svg(chart_id, title, desc)
    parts += _y_axis(y_scale, ticks, value_format, unit)
    parts += _x_labels(labels, [x for x, _ in points], bottom)
    path = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
    parts.append(
        f'<polyline class="stats-svg__line" points="{path}" fill="none" stroke="{colour}" '
        f'stroke-width="3" stroke-linejoin="round"/>'
    )
    for x, y in points:
        parts.append(
            f'<circle class="stats-svg__point" cx="{_num(x)}" cy="{_num(y)}" r="4.5" '
            f'fill="{BACKGROUND}" stroke="{colour}" stroke-width="2.5"/>'
        )
    for index in sorted({i % len(values) for i in labelled_points}):
        x, y = points[index]
        anchor = "start" if index == 0 else "end" if index == len(values) - 1 else "middle"
        parts.append(
            f'<text class="stats-svg__text stats-svg__value" x="{_num(x)}" y="{_num(y - 12)}" '
            f'text-anchor="{anchor}" font-size="{FONT_SIZE}" font-weight="700" '
            f'fill="{TEXT_COLOUR}" stroke="{BACKGROUND}" stroke-width="4" paint-order="stroke">'
            f"{escape(value_format(values[index]))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _pattern_defs(chart_id: str, series: Sequence[Series]) -> list[str]:
    defs = []
    for index, item in enumerate(series):
        pattern_id = f"{chart_id}-fill-{index}"
        if item.pattern == "hatch":
            defs.append(
                f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="6" height="6" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{BACKGROUND}"/>'
                f'<rect width="3" height="6" fill="{item.colour}"/></pattern>'
            )
        elif item.pattern == "dots":
            defs.append(
                f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="5" height="5">'
                f'<rect width="5" height="5" fill="{BACKGROUND}"/>'
                f'<circle cx="2.5" cy="2.5" r="1.6" fill="{item.colour}"/></pattern>'
            )
    return ["<defs>", *defs, "</defs>"] if defs else []


def _fill(chart_id: str, index: int, item: Series) -> str:
    return item.colour if item.pattern == "solid" else f"url(#{chart_id}-fill-{index})"


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    labels: Sequence[XLabel],
    series: Sequence[Series],
    value_format: Callable[[float], str] = lambda v: f"{v:,.0f}",
    unit: str = "",
) -> str:
    """Bars grouped by category, one per series, from zero; a legend with the same fills."""
    if not series or any(len(s.values) != len(labels) for s in series):
        raise ValueError("every series needs one value per label")
    if any(s.pattern not in PATTERNS for s in series):
        raise ValueError(f"patterns are {PATTERNS}")
    top, bottom = MARGIN_TOP + LEGEND_HEIGHT, HEIGHT - MARGIN_BOTTOM
    highest = max(max(s.values) for s in series)
    ticks = nice_ticks(0, max(highest, 1))
    y_scale = LinearScale((ticks[0], ticks[-1]), (bottom, top))
    group = (WIDTH - MARGIN_RIGHT - MARGIN_LEFT) / len(labels)
    bar = group * 0.78 / len(series)
    centres = [MARGIN_LEFT + group * (i + 0.5) for i in range(len(labels))]
    parts = _open_svg(chart_id, title, desc)
    parts += _pattern_defs(chart_id, series)
    parts += _y_axis(y_scale, ticks, value_format, unit)
    for index, item in enumerate(series):
        fill = _fill(chart_id, index, item)
        for centre, value in zip(centres, item.values, strict=True):
            x = centre - bar * len(series) / 2 + bar * index
            y = y_scale(value)
            parts.append(
                f'<rect class="stats-svg__bar" x="{_num(x + 0.75)}" y="{_num(y)}" '
                f'width="{_num(bar - 1.5)}" height="{_num(bottom - y)}" fill="{fill}" '
                f'stroke="{item.colour}" stroke-width="1.5"/>'
            )
    parts += _x_labels(labels, centres, bottom)
    parts += _legend(chart_id, series)
    parts.append("</svg>")
    return "".join(parts)


def _legend(chart_id: str, series: Sequence[Series]) -> list[str]:
    """Swatches with the bars' own fills, each followed by its name, in one row at the top."""
    parts = ['<g class="stats-svg__legend">']
    x = MARGIN_LEFT
    for index, item in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="10" width="18" height="18" fill="{_fill(chart_id, index, item)}" '
            f'stroke="{item.colour}" stroke-width="1.5"/>'
        )
        parts.append(
            f'<text class="stats-svg__text" x="{x + 24}" y="19" dominant-baseline="middle" '
            f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">{escape(item.name)}</text>'
        )
        x += 48 + 14 * max(len(item.name), 4)  # roomy enough for CJK and enlarged text
    parts.append("</g>")
    return parts
