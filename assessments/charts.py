"""The principles chart: one horizontal bar per principle, on the score bands. Used by the
results page and the reports alike; returns SVG text."""

import textwrap
from collections.abc import Callable, Sequence

from matplotlib.figure import Figure

from smartportal.figures import height_for

BAND_COLOURS = (("#f8d7da", 0, 50), ("#fff3cd", 50, 80), ("#d1e7dd", 80, 100))
BAR_COLOUR = "#0b4f8a"
BENCHMARK_COLOUR = "#212529"


def on_score_bands(count: int):
    """A figure with one row per principle (first at the top) on the shaded score bands.
    Without pyplot: no global state, safe in a threaded web server."""
    figure = Figure(figsize=(8, height_for(count)))
    axes = figure.add_subplot()
    for colour, low, high in BAND_COLOURS:
        axes.axvspan(low, high, color=colour, zorder=0)
    return figure, axes, list(range(count))[::-1]


def principles_figure(
    *,
    labels: Sequence[str],
    scores: Sequence[float | None],
    benchmark: Sequence[float | None] | None = None,
    benchmark_label: str = "",
    no_score_label: str = "—",
    axis_label: str = "%",
    number_format: Callable[[float], str] = lambda value: f"{value:.1f}",
) -> Figure:
    """A figure with one bar per principle (score 0-100, None for no score)."""
    count = len(labels)
    figure, axes, positions = on_score_bands(count)
    values = [score or 0 for score in scores]
    axes.barh(positions, values, color=BAR_COLOUR, height=0.55, zorder=2)
    for position, score in zip(positions, scores, strict=True):
        text = no_score_label if score is None else number_format(score)
        axes.text(min((score or 0) + 1.5, 92), position, text, va="center", fontsize=10, zorder=3)
    if benchmark is not None:
        marks = [(p, b) for p, b in zip(positions, benchmark, strict=True) if b is not None]
        if marks:
            axes.scatter(
                [b for _p, b in marks],
                [p for p, _b in marks],
                marker="D",
                color=BENCHMARK_COLOUR,
                zorder=4,
                label=benchmark_label,
            )
            axes.legend(loc="lower right", fontsize=9, framealpha=0.9)
    axes.set_yticks(positions, [textwrap.fill(label, 34) for label in labels], fontsize=9)
    axes.set_xlim(0, 100)
    axes.set_xlabel(axis_label)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
