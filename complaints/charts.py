"""An institution's complaint index over the months, on the zone bands. Returns SVG text."""

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

ZONE_COLOURS = {"green": "#d1e7dd", "yellow": "#fff3cd", "red": "#f8d7da"}


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
    axes.axhspan(0, lower, color=ZONE_COLOURS["green"], zorder=0)
    axes.axhspan(lower, upper, color=ZONE_COLOURS["yellow"], zorder=0)
    axes.axhspan(upper, top, color=ZONE_COLOURS["red"], zorder=0)
    positions = list(range(len(values)))
    axes.plot(positions, values, marker="o", color="#0b4f8a", zorder=3)
    axes.set_xticks(positions, labels, rotation=45, ha="right", fontsize=8)
    axes.set_ylim(0, top)
    axes.set_ylabel(axis_label)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()
