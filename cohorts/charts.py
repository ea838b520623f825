"""The cohort's spread of scores per principle: a box plot on the score bands (page and reports)."""

import textwrap
from collections.abc import Sequence

from matplotlib.figure import Figure

from assessments.charts import BAR_COLOUR, BENCHMARK_COLOUR, on_score_bands


def cohort_spread_figure(
    *,
    labels: Sequence[str],
    scores: Sequence[Sequence[float]],
    axis_label: str = "%",
) -> Figure:
    """One box per principle (quartiles, whiskers to the extremes) with every score as a dot."""
    count = len(labels)
    figure, axes, positions = on_score_bands(count)
    present = [(p, list(s)) for p, s in zip(positions, scores, strict=True) if s]
    if present:
        axes.boxplot(
            [s for _p, s in present],
            positions=[p for p, _s in present],
            orientation="horizontal",
            whis=(0, 100),
            widths=0.5,
            patch_artist=True,
            boxprops={"facecolor": "white", "edgecolor": BAR_COLOUR},
            medianprops={"color": BAR_COLOUR, "linewidth": 2},
            whiskerprops={"color": BAR_COLOUR},
            capprops={"color": BAR_COLOUR},
            zorder=2,
        )
        for position, values in present:
            axes.scatter(values, [position] * len(values), s=14, color=BENCHMARK_COLOUR, zorder=3)
    axes.set_yticks(positions, [textwrap.fill(label, 34) for label in labels], fontsize=9)
    axes.set_ylim(-0.7, count - 0.3)
    axes.set_xlim(0, 100)
    axes.set_xlabel(axis_label)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
