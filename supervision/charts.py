"""The quadrant chart: each institution's complaint-handling score against its latest
complaint index, with lines at the strong band (80 %) and at the sector's average (1.0)."""

from collections.abc import Sequence

from matplotlib.figure import Figure

from assessments.scoring import STRONG_FROM
from complaints.zones import BAR_COLOURS, MARKERS, ORDER


def quadrant_figure(
    *,
    scores: Sequence[float],
    indices: Sequence[float],
    zones: Sequence[str],
    labels: Sequence[str],
    zone_labels: dict[str, str],
    x_label: str,
    y_label: str,
    empty_note: str,
) -> Figure:
    figure = Figure(figsize=(7, 4.6))
    axes = figure.add_subplot()
    top = max([*indices, 2.0]) * 1.1
    axes.axvline(STRONG_FROM, color="#555555", linestyle="--", linewidth=1, zorder=1)
    axes.axhline(1.0, color="#555555", linestyle="--", linewidth=1, zorder=1)
    for zone in ORDER:
        points = [
            (s, i, label)
            for s, i, z, label in zip(scores, indices, zones, labels, strict=True)
            if z == zone
        ]
        if not points:
            continue
        axes.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            marker=MARKERS[zone],
            s=60,
            color=BAR_COLOURS[zone],
            edgecolors="#222222",
            label=zone_labels[zone.value],
            zorder=3,
        )
        for score, index, label in points:
            axes.annotate(
                label, (score, index), xytext=(4, 4), textcoords="offset points", fontsize=7
            )
    if not scores:
        axes.text(50, top / 2, empty_note, ha="center", va="center", fontsize=10)
    else:
        axes.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, fontsize=8, frameon=False
        )
    axes.set_xlim(0, 100)
    axes.set_ylim(0, top)
    axes.set_xlabel(x_label)
    axes.set_ylabel(y_label)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
