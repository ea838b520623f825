"""The institution's history chart: each month on its own rule, gaps where nothing was
published; tested on the series it plots, not on the SVG."""

import datetime
import math

from matplotlib.colors import to_hex

from complaints import charts
from complaints.zones import BAR_COLOURS, zone_labels


def _point(month, index, zone, method="band", lower="0.800", upper="1.200", reference=1.0):
    return {
        "month": month,
        "rows__index": index,
        "rows__zone": zone,
        "rule_name": "Band 0.80-1.20" if method == "band" else "Poisson 95%",
        "method": method,
        "lower": lower,
        "upper": upper,
        "reference_value": reference,
    }


HISTORY = [
    _point(datetime.date(2026, 1, 1), 1.1, "yellow"),
    # February 2026: not published (or not listing the institution).
    _point(datetime.date(2026, 3, 1), 2.46, "yellow", method="significance"),
    _point(datetime.date(2026, 4, 1), 1.15, "red", lower="0.900", upper="1.100", reference=1.0),
]


def test_the_series_has_a_slot_per_month_and_a_gap_where_nothing_was_published():
    series = charts.index_history_series(HISTORY)
    assert series.months == [datetime.date(2026, month, 1) for month in (1, 2, 3, 4)]
    assert series.values[0] == 1.1 and series.values[2] == 2.46 and series.values[3] == 1.15
    assert math.isnan(series.values[1])
    assert series.zones == ["yellow", None, "yellow", "red"]


def test_each_month_has_its_own_band_and_the_significance_month_none():
    series = charts.index_history_series(HISTORY)
    assert series.bands[0] == (0.8, 1.2)
    assert series.bands[1] is None
    assert series.bands[2] is None  # the significance rule has no band
    assert series.bands[3] == (0.9, 1.1)
    assert series.significance_months == [datetime.date(2026, 3, 1)]


def test_a_band_is_times_the_reference_of_its_month():
    series = charts.index_history_series(
        [_point(datetime.date(2026, 1, 1), 1.0, "yellow", reference=1.5)]
    )
    assert series.bands == [(0.8 * 1.5, 1.2 * 1.5)]


def test_the_figure_marks_each_point_in_the_colour_of_its_zone():
    series = charts.index_history_series(HISTORY)
    figure = charts.index_history_figure(
        series=series,
        texts=charts.HistoryTexts(axis="Index", no_band="No band", zones=zone_labels()),
    )
    (axes,) = figure.axes
    markers = {}
    for collection in axes.collections:
        offsets = collection.get_offsets()
        if len(offsets) and collection.get_label() in zone_labels().values():
            colour = to_hex(collection.get_facecolors()[0])
            for x, y in offsets:
                markers[round(float(x))] = (round(float(y), 2), colour)
    assert markers == {
        0: (1.1, BAR_COLOURS["yellow"]),
        2: (2.46, BAR_COLOURS["yellow"]),
        3: (1.15, BAR_COLOURS["red"]),
    }
    (line,) = axes.get_lines()
    assert math.isnan(line.get_ydata()[1])  # the line breaks over February
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert "No band" in legend
