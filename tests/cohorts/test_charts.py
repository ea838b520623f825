from cohorts.charts import cohort_spread_figure
from smartportal.figures import MAX_HEIGHT_INCHES, to_svg


def test_dollar_signs_are_text_and_a_long_box_plot_fits_a_page():
    labels = ["Xərc $5 və $10 komissiya", "a_b $\\foo$ y"] * 12
    spread = cohort_spread_figure(labels=labels, scores=[[40.0, 60.0]] * 24)
    svg = to_svg(spread)
    assert "a_b $\\foo$ y" in svg and "Xərc $5 və $10 komissiya" in svg
    assert spread.get_size_inches()[1] == MAX_HEIGHT_INCHES
