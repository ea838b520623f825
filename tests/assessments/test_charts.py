from assessments.charts import principles_figure
from smartportal.figures import MAX_HEIGHT_INCHES, to_svg


def test_the_chart_is_svg_with_the_labels_and_figures_as_text():
    figure = principles_figure(
        labels=["1. Həddən artıq borclanma", "2. Прозрачность", "3. P"],
        scores=[62.5, None, 40.0],
        benchmark=[70.0, 55.0, None],
        benchmark_label="Peer average",
        no_score_label="n/a",
        number_format=lambda value: f"{value:.1f}%".replace(".", ","),
    )
    svg = to_svg(figure)
    assert svg.startswith("<?xml") and "<svg" in svg
    for text in ("Həddən artıq borclanma", "Прозрачность", "62,5%", "40,0%", "n/a", "Peer average"):
        assert text in svg


def test_dollar_signs_are_text_not_mathematics_and_long_charts_fit_a_page():
    labels = ["Xərc $5 və $10 komissiya", "a_b $\\foo$ y"] * 12
    figure = principles_figure(labels=labels, scores=[50.0] * 24)
    svg = to_svg(figure)
    assert "Xərc $5 və $10 komissiya" in svg
    assert figure.get_size_inches()[1] == MAX_HEIGHT_INCHES


def test_on_a_phone_the_chart_reads_and_its_legend_covers_no_bar():
    """Issue 14, item 12: at 375 px the principles' names stay readable, a score inside its
    dark bar is white, and the peer-average legend covers no bar."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Rectangle

    labels = [f"{n}. Principle name of some length" for n in range(1, 7)]
    scores = [58.3, 54.2, 83.3, 76.9, 50.0, 100.0]
    figure = principles_figure(
        labels=labels, scores=scores, benchmark=[81.5] * 6, benchmark_label="Peer average"
    )
    axes = figure.axes[0]
    renderer = FigureCanvasAgg(figure).get_renderer()
    # Shrunk to 375 px wide, a 12 pt name is at least 9 px high.
    points_per_pixel = figure.get_size_inches()[0] * 72 / 375
    names = [t for t in axes.texts if t.get_text() in labels]
    assert len(names) == 6 and all(t.get_fontsize() / points_per_pixel >= 9 for t in names)
    # Every score at least 20 is drawn inside its bar, in white.
    inside = [t for t in axes.texts if t.get_text() in {f"{s:.1f}" for s in scores}]
    assert len(inside) == 6 and all(to_rgb(t.get_color()) == (1, 1, 1) for t in inside)
    bars = [p for p in axes.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    legend = axes.get_legend().get_window_extent(renderer)
    assert bars and not any(bar.get_window_extent(renderer).overlaps(legend) for bar in bars)
