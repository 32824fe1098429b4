"""Charts as self-contained SVG, drawn on the server from Python.

The same markup goes into the web page and, later, the PDF reports (WeasyPrint renders
inline SVG), so every element carries explicit fill/stroke/font attributes and nothing
depends on app.css. Colours are the Okabe–Ito colour-blind-safe palette, and every
mark that colour distinguishes is also told in text (value labels, "★ … (mục tiêu)",
"… (chưa đạt)").
Each chart has <title>/<desc> for screen readers; pages put a data table next to it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from criteria.numbers import NO_VALUE, format_number, format_quantity

FONT = "Liberation Serif, Times New Roman, serif"
# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#595959"
GRID = "#D9D9D9"

# Legibility (issue 13): no text under 12 px where the dashboard shows the chart at a
# 1366 px wide screen. The SVG carries its width and never grows past it (app.css:
# `.chart svg { max-width: 100% }`), so a chart at most as wide as its container is drawn
# at scale 1 and its font sizes are pixels. At 1366 px, `container-lg` is 1140 px wide
# (1116 px of content): a full-width chart gets 1116 px, a `col-lg-6` half 546 px.
MIN_FONT = 12
FULL_WIDTH = 720
HALF_WIDTH = 540


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    highlighted: bool = False
    met: bool | None = None
    """The bar's own status as `criteria.status` computed it against the threshold's
    comparator (None: not judged). The chart never compares a value itself."""


@dataclass(frozen=True)
class Point:
    label: str
    value: Decimal | None


@dataclass(frozen=True)
class SetSwitch:
    """The month (`index` of its point) from which another criteria set assesses the
    commune: a labelled vertical line; the series is cut there unless `joined` (the
    crosswalk says the figure means the same under both sets)."""

    index: int
    label: str
    joined: bool = False


def format_value(value: Decimal | int | None, unit: str = "%") -> str:
    """A plotted figure as pages and documents print it ("20,46 %"); a unitless count
    (criteria met) as it is."""
    if value is None:
        return NO_VALUE
    return format_quantity(value, unit) if unit else format_number(value)


def format_tick(value: Decimal | int, unit: str) -> str:
    """An axis mark: the scale's own round number, not a figure ("20 %")."""
    return f"{format_number(value)} {unit}".strip()


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = MIN_FONT,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = "#000000",
    css_class: str = "",
) -> str:
    size = max(size, MIN_FONT)
    css = f' class="{css_class}"' if css_class else ""
    # html.escape, as django's escape() does, without its lazy-string checks: a dashboard
    # draws some 500 labels.
    return (
        f'<text{css} x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'font-weight="{weight}" fill="{fill}" text-anchor="{anchor}">'
        f"{html.escape(str(content))}</text>"
    )


def _frame(
    chart_id: str, width: int, height: int, title: str, description: str, body: list[str]
) -> SafeString:
    chart_id = escape(chart_id)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#FFFFFF"/>'
        + "".join(body)
        + "</svg>"
    )


def nice_max(value: Decimal | float) -> Decimal:
    """A round axis end at or above `value`: 1, 2, 2.5, 5 or 10 times a power of ten."""
    value = float(value)
    if value <= 0:
        return Decimal(1)
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return Decimal(str(step * power))
    return Decimal(str(10 * power))  # pragma: no cover - the loop always returns


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    value_label: str,
    category_label: str,
    threshold: Decimal | None = None,
    threshold_label: str = "",
    unit: str = "%",
    max_value: Decimal | None = Decimal(100),
    width: int = FULL_WIDTH,
) -> SafeString:
    """Horizontal bars, one per category (e.g. village), value labels at the bar ends, an
    optional threshold drawn as a dashed vertical line with its label. A bar on the wrong
    side of the threshold (`Bar.met` False, whichever way the comparator points) is
    vermillion and its value reads "… (chưa đạt)"; highlighted bars (e.g. the plan's
    target villages) are hatched and their labels bold and marked "★ … (mục tiêu)", so
    colour is never the only cue."""
    row, top, left, right, bottom = 24, 50, 190, 130, 46
    height = top + max(len(bars), 1) * row + bottom
    plot_width = width - left - right
    values = [bar.value for bar in bars if bar.value is not None]
    scale_max = max_value or nice_max(max(values + [threshold or Decimal(0)], default=1))
    scale_max = Decimal(scale_max)

    def x_of(value: Decimal) -> float:
        share = min(max(float(value) / float(scale_max), 0.0), 1.0)
        return left + share * plot_width

    pattern = f"{escape(chart_id)}-hatch"
    body = [
        f'<defs><pattern id="{pattern}" patternUnits="userSpaceOnUse" width="6" height="6" '
        f'patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#000000" stroke-width="1.5" '
        f'stroke-opacity="0.6"/></pattern></defs>',
        _text(width / 2, 20, title, size=15, anchor="middle", weight="bold"),
    ]
    # Grid and x axis ticks: 0, 25, 50, 75, 100 % of the scale.
    plot_bottom = top + max(len(bars), 1) * row
    for step in range(5):
        tick = scale_max * step / 4
        x = x_of(tick)
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{plot_bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(x, plot_bottom + 16, format_tick(tick, unit), anchor="middle"))
    body.append(_text(left + plot_width / 2, height - 8, value_label, size=12, anchor="middle"))
    body.append(_text(8, 40, category_label, size=12, weight="bold"))
    if not bars:
        body.append(
            _text(left + plot_width / 2, top + 15, _("No data"), anchor="middle", fill=GREY)
        )
    target, not_met_text, no_data = _("target"), _("not met"), _("no data")
    # Each figure printed once, for its label and for the description.
    printed = [format_value(bar.value, unit) for bar in bars]
    for index, bar in enumerate(bars):
        y = top + index * row
        label = f"★ {bar.label} ({target})" if bar.highlighted else bar.label
        body.append(
            _text(
                left - 6,
                y + 16,
                label,
                size=12,
                anchor="end",
                weight="bold" if bar.highlighted else "normal",
            )
        )
        if bar.value is None:
            body.append(_text(left + 4, y + 16, no_data, fill=GREY))
            continue
        bar_end = x_of(bar.value)
        not_met = bar.met is False
        css = "bar bar-not-met" if not_met else "bar"
        size = f'x="{left}" y="{y + 3}" width="{max(bar_end - left, 0):.1f}" height="{row - 6}"'
        body.append(
            f'<rect class="{css}" {size} fill="{VERMILLION if not_met else BLUE}" '
            f'stroke="#000000" stroke-width="0.5"/>'
        )
        if bar.highlighted:
            body.append(f'<rect {size} fill="url(#{pattern})"/>')
        value = printed[index]
        body.append(
            _text(
                bar_end + 4,
                y + 16,
                f"{value} ({not_met_text})" if not_met else value,
                weight="bold" if bar.highlighted or not_met else "normal",
                css_class=css.replace("bar", "value"),
            )
        )
    body.append(
        f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{plot_bottom}" stroke="#000000" '
        f'stroke-width="1"/>'
    )
    if threshold is not None:
        x = x_of(threshold)
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{plot_bottom}" '
            f'stroke="#000000" stroke-width="2" stroke-dasharray="6 3"/>'
        )
        body.append(
            _text(
                x,
                top - 14,
                threshold_label or format_tick(threshold, unit),
                anchor="middle",
                weight="bold",
            )
        )
    description = "; ".join(
        f"{bar.label}{' (' + target + ')' if bar.highlighted else ''}: "
        f"{value}{' (' + not_met_text + ')' if bar.met is False else ''}"
        for bar, value in zip(bars, printed, strict=True)
    )
    if threshold is not None:
        description += f". {threshold_label or format_tick(threshold, unit)}"
    return _frame(chart_id, width, height, title, description or _("No data"), body)


def line_chart(
    *,
    chart_id: str,
    title: str,
    points: Sequence[Point],
    value_label: str,
    category_label: str,
    threshold: Decimal | None = None,
    threshold_label: str = "",
    unit: str = "",
    max_value: Decimal | None = None,
    width: int = FULL_WIDTH,
    height: int = 300,
    switches: Sequence[SetSwitch] = (),
) -> SafeString:
    """A line over time (e.g. months), a value label on every point, missing points
    leaving a gap, an optional threshold as a dashed horizontal line with its label.

    The line starts at the first point with a figure: the months before it are a grey
    band marked "chưa có số liệu", never a flat line at 0. Where the points are too close
    for their labels side by side, every other label sits a line higher."""
    top, left, right, bottom = 44, 56, 24, 58
    plot_width, plot_height = width - left - right, height - top - bottom
    values = [point.value for point in points if point.value is not None]
    scale_max = Decimal(max_value or nice_max(max(values + [threshold or Decimal(0)], default=1)))
    count = max(len(points), 1)

    def x_of(index: int) -> float:
        return left + (index + 0.5) * plot_width / count

    def y_of(value: Decimal) -> float:
        share = min(max(float(value) / float(scale_max), 0.0), 1.0)
        return top + plot_height - share * plot_height

    body = [_text(width / 2, 20, title, size=15, anchor="middle", weight="bold")]
    for step in range(5):
        tick = scale_max * step / 4
        y = y_of(tick)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 4, y + 4, format_tick(tick, unit), anchor="end"))
    body.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" '
        f'y2="{top + plot_height}" stroke="#000000" stroke-width="1"/>'
    )
    body.append(_text(left + plot_width / 2, height - 6, category_label, size=12, anchor="middle"))
    body.append(_text(8, 36, value_label, size=12, weight="bold"))
    first = next((i for i, point in enumerate(points) if point.value is not None), None)
    if first:
        # The empty stretch before the first figure: said, not drawn as zeros.
        end = left + first * plot_width / count
        body.append(
            f'<rect class="no-data-yet" x="{left}" y="{top}" width="{end - left:.1f}" '
            f'height="{plot_height}" fill="#F2F2F2"/>'
        )
        body.append(_text((left + end) / 2, top + plot_height / 2, _("no data"), anchor="middle"))
    if not points or not values:
        body.append(
            _text(
                left + plot_width / 2,
                top + plot_height / 2,
                _("No data"),
                anchor="middle",
                fill=GREY,
            )
        )
    label_every = max(1, math.ceil(len(points) / 12))
    for index, point in enumerate(points):
        if index % label_every == 0:
            body.append(_text(x_of(index), top + plot_height + 16, point.label, anchor="middle"))
    cuts = {switch.index for switch in switches if not switch.joined}
    for switch in switches:
        x = left + switch.index * plot_width / count
        body.append(
            f'<line class="set-switch" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" '
            f'y2="{top + plot_height}" stroke="{GREY}" stroke-width="1.5" stroke-dasharray="2 3"/>'
        )
        body.append(_text(x + 3, top + 12, switch.label, fill=GREY))
    segment: list[str] = []
    segments: list[list[str]] = []
    for index, point in enumerate(points):
        if index in cuts and segment:
            segments.append(segment)
            segment = []
        if point.value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x_of(index):.1f},{y_of(point.value):.1f}")
    if segment:
        segments.append(segment)
    for part in segments:
        body.append(
            f'<polyline points="{" ".join(part)}" fill="none" stroke="{BLUE}" stroke-width="2.5"/>'
        )
    for index, point in enumerate(points):
        if point.value is None:
            continue
        x, y = x_of(index), y_of(point.value)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BLUE}" stroke="#FFFFFF" '
            f'stroke-width="1"/>'
        )
        label = format_value(point.value, unit)
        # Serif digits are about 0.55 em wide: labels wider than a slot would overlap.
        crowded = len(label) * MIN_FONT * 0.55 > plot_width / count
        raised = crowded and (index - (first or 0)) % 2 == 1
        body.append(_text(x, y - 22 if raised else y - 8, label, anchor="middle"))
    if threshold is not None:
        y = y_of(threshold)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#000000" stroke-width="2" stroke-dasharray="6 3"/>'
        )
        body.append(
            _text(
                width - right,
                y - 5,
                threshold_label or format_tick(threshold, unit),
                anchor="end",
                weight="bold",
            )
        )
    description = "; ".join(f"{p.label}: {format_value(p.value, unit)}" for p in points)
    if threshold is not None:
        description += f". {threshold_label or format_tick(threshold, unit)}"
    for switch in switches:
        description += f". {points[switch.index].label}: {switch.label}"
    return _frame(chart_id, width, height, title, description or _("No data"), body)
