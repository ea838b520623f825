"""The funnel plot and the summary beside it: on the public month, the regulator's month and
in the zone report, from the published (or computed) rows."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from complaints.charts import FunnelPoint, FunnelTexts, funnel_figure
from complaints.statistics import funnel_limit
from complaints.zones import funnel_position_label
from tests.complaints import test_reports
from tests.complaints.test_reports import NAMES, pdf_text, report_url

pytestmark = pytest.mark.django_db

# The report tests' banks and months: agdas 3.3 red, umid 1.1, formula 0.22, quiet not listed.
banks = test_reports.banks
october = test_reports.october

FUNNEL_URL = reverse("public:funnel", kwargs={"kind": "bank", "month": "2026-10"})


def test_a_publication_keeps_the_expected_counts_of_those_not_listed(october):
    # quiet: 10,000 of 110,000 clients; 10 counted complaints in the sector.
    assert october.not_listed_expected == [pytest.approx(10 * 10_000 / 110_000)]
    agdas = october.rows.get(institution_code="agdas")
    # 6 complaints where 10 × 20,000 / 110,000 = 1.82 were expected: above the 95 % limit
    # (3.3 > 2.98), within the 99.8 % (3.3 < 3.84).
    assert funnel_limit(agdas.expected, 0.975) < agdas.index < funnel_limit(agdas.expected, 0.999)
    assert agdas.funnel == "above_95"


def test_the_public_month_shows_the_plot_and_says_what_it_shows(client, october):
    page = client.get(reverse("public:month", kwargs={"kind": "bank", "month": "2026-10"}))
    content = page.content.decode()
    with translation.override("az"):
        above = f"{funnel_position_label('above_95')}: 1 ({NAMES['az']})."
        within = f"{funnel_position_label('within')}: 2."
    assert above in content and within in content
    (src,) = re.findall(r'<img class="img-fluid chart" src="([^"]+)"', content)
    assert src.replace("&amp;", "&") == f"{FUNNEL_URL}?revision=1"
    # The index's interval beside the index: 3.30 (1.21–7.18), in Azerbaijani numbers.
    assert "3,30</span>" in content and ">1,21–7,18<" in content

    svg = client.get(FUNNEL_URL, {"revision": 1})
    assert svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert NAMES["az"] in text and "Ümid Çörək Bank" in text  # listed institutions labelled
    assert "Sakit Bank" not in text  # the one not listed is a point without a name


def test_the_regulators_month_plots_the_table_computed_now(client_for, regulator, manager, october):
    url = reverse("complaints:month_funnel", kwargs={"kind": "bank", "month": "2026-10"})
    svg = client_for(regulator).get(url, {"period": "month"})
    assert svg.status_code == 200 and NAMES["az"] in svg.content.decode()
    page = client_for(regulator).get(
        reverse("complaints:month", kwargs={"kind": "bank", "month": "2026-10"})
    )
    assert f"{url}?" in page.content.decode()
    assert client_for(manager).get(url).status_code == 403


def test_the_zone_report_carries_the_plot_and_its_summary(client, october):
    text, reader = pdf_text(client.get(report_url("pdf"), {"lang": "en"}).content)
    assert "Chance or signal: the funnel plot" in text
    assert f"Above the limit of 95 %: 1 ({NAMES['en']})." in text
    assert "3.30 (1.21–7.18)" in text  # the index and its interval
    assert sum(len(page.images) for page in reader.pages) == 2  # the bars and the funnel


def test_the_figure_draws_each_zone_in_its_own_shape_and_no_limit_below_zero():
    texts = FunnelTexts(
        "x", "y", "95", "99.8", "1.0", "none", {"red": "R", "yellow": "Y", "green": "G"}
    )
    points = [
        FunnelPoint(2.0, 3.0, "red", "A"),
        FunnelPoint(20.0, 1.0, "yellow", "B"),
        FunnelPoint(50.0, 0.5, "green", "C"),
        FunnelPoint(0.3, 0.0),
    ]
    figure = funnel_figure(points=points, texts=texts, number=str)
    axes = figure.axes[0]
    shapes = {
        collection.get_label(): collection.get_offsets().tolist() for collection in axes.collections
    }
    assert shapes == {
        "R": [[2.0, 3.0]],
        "Y": [[20.0, 1.0]],
        "G": [[50.0, 0.5]],
        "none": [[0.3, 0.0]],
    }
    assert all(min(line.get_ydata()) >= 0 for line in axes.get_lines())
    assert [text.get_text() for text in axes.texts] == ["A", "B", "C"]


def test_a_publications_plot_is_drawn_once_per_language(client, october, django_assert_num_queries):
    first = client.get(FUNNEL_URL, {"revision": 1})
    assert cache.get(f"funnel:{october.pk}:az") == first.content.decode()
    # Drawn again it would read the rows (and their previous month): now only the publication.
    with django_assert_num_queries(1):
        again = client.get(FUNNEL_URL, {"revision": 1})
    assert again.content == first.content
    english = client.get(FUNNEL_URL, {"revision": 1}, HTTP_COOKIE="django_language=en")
    assert "Expected complaints at the sector's rate" in english.content.decode()
