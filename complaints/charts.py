"""Charts of the complaint index: an institution's index over the months on the zone bands
(SVG text), and a published month's indices by institution (a figure for the reports)."""

from collections.abc import Callable, Sequence

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from smartportal.figures import to_svg

from .index import Zone
from .zones import BAND_COLOURS, BAR_COLOURS


def index_history_svg(
    *,
    labels: Sequence[str],
    values: Sequence[float],
    lower: float,
    upper: float,
    axis_label: str,
) -> str:
    figure = Figure(figsize=(8, 3.2))
    axes = figure.add_subplot()
    top = max([*values, upper * 1.5, 1.0]) * 1.1
    axes.axhspan(0, lower, color=BAND_COLOURS[Zone.GREEN], zorder=0)
    axes.axhspan(lower, upper, color=BAND_COLOURS[Zone.YELLOW], zorder=0)
    axes.axhspan(upper, top, color=BAND_COLOURS[Zone.RED], zorder=0)
    positions = list(range(len(values)))
    axes.plot(positions, values, marker="o", color="#0b4f8a", zorder=3)
    axes.set_xticks(positions, labels, rotation=45, ha="right", fontsize=8)
    axes.set_ylim(0, top)
    axes.set_ylabel(axis_label)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return to_svg(figure)


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
