from assessments.charts import principles_chart_svg


def test_the_chart_is_svg_with_the_labels_and_figures_as_text():
    svg = principles_chart_svg(
        labels=["1. Həddən artıq borclanma", "2. Прозрачность", "3. P"],
        scores=[62.5, None, 40.0],
        benchmark=[70.0, 55.0, None],
        benchmark_label="Peer average",
        no_score_label="n/a",
        number_format=lambda value: f"{value:.1f}%".replace(".", ","),
    )
    assert svg.startswith("<?xml") and "<svg" in svg
    for text in ("Həddən artıq borclanma", "Прозрачность", "62,5%", "40,0%", "n/a", "Peer average"):
        assert text in svg
