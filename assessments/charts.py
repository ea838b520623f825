"""The principles chart: one horizontal bar per principle, on the score bands. Used by the
results page and the reports alike; returns SVG text."""

import textwrap
from collections.abc import Callable, Sequence

from matplotlib.figure import Figure

from smartportal.figures import height_for

BAND_COLOURS = (("#f8d7da", 0, 50), ("#fff3cd", 50, 80), ("#d1e7dd", 80, 100))
BAR_COLOUR = "#0b4f8a"
BENCHMARK_COLOUR = "#212529"


def on_score_bands(count: int, *, width: float = 8, per_row: float = 0.65):
    """A figure with one row per principle (first at the top) on the shaded score bands.
    Without pyplot: no global state, safe in a threaded web server."""
    figure = Figure(figsize=(width, height_for(count, per_row=per_row)))
    axes = figure.add_subplot()
    for colour, low, high in BAND_COLOURS:
        axes.axvspan(low, high, color=colour, zorder=0)
    return figure, axes, list(range(count))[::-1]


# Inside a bar from this score on, white on the dark blue; a shorter bar has it after its end.
INSIDE_FROM = 20


def principles_figure(
    *,
    labels: Sequence[str],
    scores: Sequence[float | None],
    benchmark: Sequence[float | None] | None = None,
    benchmark_label: str = "",
    no_score_label: str | Sequence[str] = "—",
    axis_label: str = "%",
    number_format: Callable[[float], str] = lambda value: f"{value:.1f}",
) -> Figure:
    """A figure with one bar per principle (score 0-100, None for no score), each principle's
    name above its bar across the whole width, so that it stays readable when a phone shrinks
    the image to 375 px; ``no_score_label`` one text for all, or one per principle."""
    count = len(labels)
    notes = [no_score_label] * count if isinstance(no_score_label, str) else no_score_label
    figure, axes, positions = on_score_bands(count, width=6.4, per_row=1.0)
    values = [score or 0 for score in scores]
    axes.barh(positions, values, color=BAR_COLOUR, height=0.42, zorder=2)
    for position, score, note, label in zip(positions, scores, notes, labels, strict=True):
        axes.text(
            0.5, position + 0.27, textwrap.fill(label, 48), va="bottom", fontsize=12, zorder=3
        )
        if score is not None and score >= INSIDE_FROM:
            # At the bar's start, where no peer-average mark falls (they sit near its end).
            axes.text(
                1.5,
                position,
                number_format(score),
                va="center",
                fontsize=12,
                fontweight="bold",
                color="white",
                zorder=3,
            )
        else:
            text = note if score is None else number_format(score)
            axes.text((score or 0) + 1.5, position, text, va="center", fontsize=12, zorder=3)
    if benchmark is not None:
        marks = [(p, b) for p, b in zip(positions, benchmark, strict=True) if b is not None]
        if marks:
            axes.scatter(
                [b for _p, b in marks],
                [p for p, _b in marks],
                marker="D",
                s=60,
                color=BENCHMARK_COLOUR,
                edgecolors="white",
                zorder=4,
                label=benchmark_label,
            )
            # Above the plot, where it covers no bar.
            axes.legend(
                loc="lower right",
                bbox_to_anchor=(1, 1),
                fontsize=12,
                frameon=False,
                borderaxespad=0.2,
            )
    axes.set_yticks([])
    axes.set_ylim(-0.5, count - 0.2)
    axes.set_xlim(0, 100)
    axes.tick_params(axis="x", labelsize=11)
    axes.set_xlabel(axis_label, fontsize=12)
    axes.spines[["top", "right", "left"]].set_visible(False)
    figure.tight_layout()
    return figure
