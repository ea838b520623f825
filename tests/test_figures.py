"""Charts drawn at once by the threads of a server all keep their text as text."""

import datetime
from concurrent.futures import ThreadPoolExecutor

from assessments.charts import principles_figure
from complaints.charts import HistorySeries, HistoryTexts, index_history_svg
from smartportal.figures import to_svg


def _principles_svg(number: int) -> str:
    labels = [f"{number}. Xərc $5 və $10 komissiya", "Прозрачность"]
    return to_svg(principles_figure(labels=labels, scores=[50.0, None]))


def _history_svg(number: int) -> str:
    series = HistorySeries(
        months=[datetime.date(2026, month, 1) for month in range(1, 13)],
        values=[1.0 + number / 100] * 12,
        zones=["yellow"] * 12,
        # June under the significance rule: no band, and the legend says so.
        bands=[(0.8, 1.2)] * 5 + [None] + [(0.8, 1.2)] * 6,
    )
    zones = {"red": "Qırmızı", "yellow": "Sarı $1", "green": "Yaşıl"}
    texts = HistoryTexts(axis=f"İndeks {number}", no_band="Zolaq yoxdur $5", zones=zones)
    return index_history_svg(series=series, texts=texts)


def test_charts_drawn_in_parallel_keep_text_as_text_and_dollars_literal():
    with ThreadPoolExecutor(max_workers=8) as pool:
        principles = list(pool.map(_principles_svg, range(24)))
        histories = list(pool.map(_history_svg, range(24)))
    for number, svg in enumerate(principles):
        assert f"{number}. Xərc $5 və $10 komissiya" in svg
        assert "Прозрачность" in svg
    for number, svg in enumerate(histories):
        assert f"İndeks {number}" in svg and "2026-12" in svg
        assert "Sarı $1" in svg and "Zolaq yoxdur $5" in svg
