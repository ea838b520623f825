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
