"""Charts of the complaint index: an institution's index over the months on the zone bands
(SVG text), a month's indices by institution (a figure for the reports), and the funnel plot
of a month's indices against their expected complaints."""

import datetime
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from smartportal.figures import to_svg

from .index import Method, Zone
from .statistics import FUNNEL_PROBABILITIES, funnel_limits
from .zones import BAND_COLOURS, BAR_COLOURS, MARKERS, ORDER


@dataclass(frozen=True)
class HistorySeries:
    """An institution's published index on a month axis: one slot per calendar month from the
    first published month to the last, NaN where no table lists it (a gap in the line). Each
    slot's band is the (lower, upper) bound of its own rule, times the reference; None where
    there is no publication or its rule is the significance rule, which has no band."""

    months: list[datetime.date]
    values: list[float]
    zones: list[str | None]
    bands: list[tuple[float, float] | None]

    @property
    def significance_months(self) -> list[datetime.date]:
        return [
            month
            for month, zone, band in zip(self.months, self.zones, self.bands, strict=True)
            if zone is not None and band is None
        ]


def _zone_point(zone: str) -> dict:
    """How a point of a zone is drawn, in the history chart and the funnel plot alike: the
    zone's colour and shape, outlined, above the bands and lines."""
    return {
        "marker": MARKERS[zone],
        "color": BAR_COLOURS[zone],
        "edgecolors": "#212529",
        "linewidths": 0.6,
        "zorder": 3,
    }


def _month_number(month: datetime.date) -> int:
    return month.year * 12 + month.month - 1


def index_history_series(points: Sequence[Mapping]) -> HistorySeries:
    """The series that the history chart plots, from the published rows (oldest first) as
    complaints.selectors.institution_index_history gives them."""
    by_number = {_month_number(point["month"]): point for point in points}
    if not by_number:
        return HistorySeries(months=[], values=[], zones=[], bands=[])
    first, last = min(by_number), max(by_number)
    months, values, zones, bands = [], [], [], []
    for number in range(first, last + 1):
        months.append(datetime.date(number // 12, number % 12 + 1, 1))
        point = by_number.get(number)
        values.append(float(point["rows__index"]) if point else math.nan)
        zones.append(point["rows__zone"] if point else None)
        band = None
        if point and point["method"] == Method.BAND:
            reference = point["reference_value"]
            band = (float(point["lower"]) * reference, float(point["upper"]) * reference)
        bands.append(band)
    return HistorySeries(months=months, values=values, zones=zones, bands=bands)


@dataclass(frozen=True)
class HistoryTexts:
    axis: str
    no_band: str
    zones: dict[str, str]


def index_history_figure(*, series: HistorySeries, texts: HistoryTexts) -> Figure:
    """The index month by month, each month on the bands of the rule it was published under;
    a month under the significance rule hatched, with no band; the zone as each point's colour
    and shape; a month with no publication a gap in the line."""
    figure = Figure(figsize=(8, 3.6))
    axes = figure.add_subplot()
    shown = [value for value in series.values if not math.isnan(value)]
    uppers = [band[1] for band in series.bands if band]
    top = max([*shown, *(upper * 1.5 for upper in uppers), 1.5]) * 1.1
    positions = list(range(len(series.months)))
    # Neighbouring months with the same band are shaded as one span: no seams between them.
    slots = [
        (band, zone is not None and band is None)
        for zone, band in zip(series.zones, series.bands, strict=True)
    ]
    start = 0
    for end in positions:
        if end + 1 < len(slots) and slots[end + 1] == slots[start]:
            continue
        (band, no_band), span = slots[start], [start - 0.5, end + 0.5]
        if band:
            lower, upper = band
            axes.fill_between(span, 0, lower, color=BAND_COLOURS[Zone.GREEN], lw=0, zorder=0)
            axes.fill_between(span, lower, upper, color=BAND_COLOURS[Zone.YELLOW], lw=0, zorder=0)
            axes.fill_between(span, upper, top, color=BAND_COLOURS[Zone.RED], lw=0, zorder=0)
        elif no_band:
            axes.fill_between(
                span, 0, top, facecolor="#f1f3f5", edgecolor="#adb5bd", hatch="//", lw=0, zorder=0
            )
        start = end + 1
    axes.plot(positions, series.values, color="#0b4f8a", zorder=2)
    for zone in ORDER:
        at = [p for p, each in zip(positions, series.zones, strict=True) if each == zone]
        axes.scatter(
            at,
            [series.values[p] for p in at],
            **_zone_point(zone),
            s=40,
            label=texts.zones[zone],
        )
    handles, _labels = axes.get_legend_handles_labels()
    if series.significance_months:
        handles.append(
            Patch(facecolor="#f1f3f5", edgecolor="#adb5bd", hatch="//", label=texts.no_band)
        )
    step = max(1, math.ceil(len(positions) / 18))
    axes.set_xticks(
        positions[::step],
        [f"{month:%Y-%m}" for month in series.months[::step]],
        rotation=45,
        ha="right",
        fontsize=8,
    )
    axes.set_xlim(-0.5, len(positions) - 0.5)
    axes.set_ylim(0, top)
    axes.set_ylabel(texts.axis)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(handles=handles, loc="upper left", fontsize=7, ncol=len(handles), framealpha=0.9)
    figure.tight_layout()
    return figure


def index_history_svg(*, series: HistorySeries, texts: HistoryTexts) -> str:
    return to_svg(index_history_figure(series=series, texts=texts))


# A4 with margins holds a figure about 1.3 times as high as it is wide.
MAX_HEIGHT_INCHES = 10.0


def zone_bars_figure(
    *,
    names: Sequence[str],
    values: Sequence[float],
    zones: Sequence[str],
    bounds: Sequence[tuple[float, str]],
    zone_labels: dict[str, str],
    value_label: Callable[[float], str],
    axis_label: str,
) -> Figure:
    """Each institution's index as a horizontal bar in its zone's colour, highest on top,
    with a dashed line at each of ``bounds`` (value, label): one or two."""
    count = len(values)
    figure = Figure(figsize=(8, min(1.4 + 0.3 * max(count, 1), MAX_HEIGHT_INCHES)))
    axes = figure.add_subplot()
    positions = list(range(count))[::-1]
    axes.barh(
        positions,
        values,
        color=[BAR_COLOURS[zone] for zone in zones],
        height=0.7,
        zorder=2,
    )
    font = 8 if count <= 30 else max(4, 240 / count)
    for position, value in zip(positions, values, strict=True):
        axes.annotate(
            value_label(value),
            (value, position),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=font,
        )
    axes.set_yticks(positions, [_shortened(name) for name in names], fontsize=font)
    top = max([*values, *(value for value, _label in bounds), 1.0]) * 1.15
    # Two bounds close together: the lower's label to the left of its line, the upper's right.
    sides = [("center", 0)] if len(bounds) == 1 else [("right", -2), ("left", 2)]
    for (value, label), (align, offset) in zip(bounds, sides, strict=True):
        axes.axvline(value, color="#495057", linestyle="--", linewidth=1, zorder=3)
        axes.annotate(
            label,
            (value, 1),
            xycoords=("data", "axes fraction"),
            xytext=(offset, 2),
            textcoords="offset points",
            ha=align,
            fontsize=8,
        )
    axes.set_xlim(0, top)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: value_label(value)))
    axes.set_ylim(-0.6, count - 0.4)
    axes.set_xlabel(axis_label)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        handles=[
            Patch(color=BAR_COLOURS[zone], label=label) for zone, label in zone_labels.items()
        ],
        loc="best",
        fontsize=8,
    )
    figure.tight_layout()
    return figure


def _shortened(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


@dataclass(frozen=True)
class FunnelPoint:
    """One institution on the funnel plot: listed ones carry their zone and a label; one with
    no complaint sits at 0 (zone None)."""

    expected: float
    index: float
    zone: str | None = None
    label: str = ""


@dataclass(frozen=True)
class FunnelTexts:
    x_axis: str
    y_axis: str
    limits_95: str
    limits_998: str
    average: str
    not_listed: str
    zones: dict[str, str]


CURVE_POINTS = 120


def _funnel_curves(low: float, high: float) -> tuple[list[float], dict[float, list[float]]]:
    """The expected counts from ``low`` to ``high`` on a log scale, and each funnel limit."""
    step = (math.log(high) - math.log(low)) / (CURVE_POINTS - 1)
    sizes = [math.exp(math.log(low) + step * number) for number in range(CURVE_POINTS)]
    # Interpolation can take a lower limit below 0 for very small counts; no index is.
    return sizes, {
        p: [max(0.0, limit) for limit in funnel_limits(sizes, p)] for p in FUNNEL_PROBABILITIES
    }


def funnel_figure(
    *, points: Sequence[FunnelPoint], texts: FunnelTexts, number: Callable[[float], str]
) -> Figure:
    """Each institution's index against its expected complaints (log scale), inside the
    95 % and 99.8 % limits that chance alone would keep it within around 1.0."""
    figure = Figure(figsize=(8, 5))
    axes = figure.add_subplot()
    sizes = [point.expected for point in points if point.expected > 0]
    # Room on the right for the labels of the largest institutions.
    low, high = (min(sizes) / 1.5, max(sizes) * 2.2) if sizes else (0.5, 50.0)
    curve_x, limits = _funnel_curves(low, high)
    for (lower, upper), style, label in (
        ((0.025, 0.975), "--", texts.limits_95),
        ((0.001, 0.999), ":", texts.limits_998),
    ):
        axes.plot(curve_x, limits[upper], style, color="#495057", linewidth=1.2, label=label)
        axes.plot(curve_x, limits[lower], style, color="#495057", linewidth=1.2)
    axes.axhline(1.0, color="#0b4f8a", linewidth=1, label=texts.average)
    for zone in ORDER:
        shown = [point for point in points if point.zone == zone and point.expected > 0]
        axes.scatter(
            [point.expected for point in shown],
            [point.index for point in shown],
            **_zone_point(zone),
            s=48,
            label=texts.zones[zone],
        )
        for point in shown:
            axes.annotate(
                _shortened(point.label, 24),
                (point.expected, point.index),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=7,
            )
    quiet = [point.expected for point in points if point.zone is None and point.expected > 0]
    if quiet:
        axes.scatter(
            quiet, [0] * len(quiet), marker="x", color="#6c757d", zorder=3, label=texts.not_listed
        )
    top = max([point.index for point in points] + [2.0]) * 1.15
    axes.set_xscale("log")
    # Plain numbers on the log axis (1, 2, 5, 10, …), written the reader's way.
    axes.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: number(value)))
    axes.xaxis.set_minor_formatter(NullFormatter())
    axes.set_xlim(low, high)
    axes.set_ylim(-0.1, top)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: number(value)))
    axes.set_xlabel(texts.x_axis)
    axes.set_ylabel(texts.y_axis)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper right", fontsize=7)
    figure.tight_layout()
    return figure
