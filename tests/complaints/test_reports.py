import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from complaints import reports, texts
from complaints.models import ClientCount, Complaint, ComplaintCategory, Publication, ZoneRule
from complaints.publications import publication_publish
from complaints.selectors import publication_rows
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

SEPTEMBER = datetime.date(2026, 9, 1)
OCTOBER = datetime.date(2026, 10, 1)
CLIENTS = {"agdas": 20000, "umid": 30000, "formula": 50000, "quiet": 10000}
NAMES = {
    "az": "Ağdaş Şəki Bankı",
    "en": "Agdash Sheki Bank",
    "ru": "Агдаш Шеки Банк",
}
# The texts as the catalogs translate them: a report that fell back to English would fail.
COUNTS = {
    "az": "Qırmızı zona: 1, sarı zona: 1, yaşıl zona: 1",
    "en": "1 red, 1 yellow, 1 green",
    "ru": "Красная зона: 1, жёлтая: 1, зелёная: 1",
}
DISCLAIMERS = {
    "az": "İndeks təşkilatın maliyyə dayanıqlığının reytinqi deyil.",
    "en": "The index is not a rating of an institution's financial soundness.",
    "ru": "Индекс не является рейтингом финансовой устойчивости организации.",
}
# agdas: 6 of 10 complaints, 20000 of 110000 clients: 0.6 / (2/11) = 3.3.
INDEX_TEXT = {"az": "3,30", "en": "3.30", "ru": "3,30"}


@pytest.fixture
def banks():
    return {
        "agdas": InstitutionFactory(
            code="agdas", kind="bank", name_az=NAMES["az"], name_en=NAMES["en"], name_ru=NAMES["ru"]
        ),
        "umid": InstitutionFactory(
            code="umid",
            kind="bank",
            name_az="Ümid Çörək Bank",
            name_en="Umid Bank",
            name_ru="Умид Банк",
        ),
        "formula": InstitutionFactory(
            code="formula", kind="bank", name_az="=SUM(1;2) Bank", name_en="", name_ru=""
        ),
        "quiet": InstitutionFactory(code="quiet", kind="bank", name_az="Sakit Bank"),
    }


def publish_month(month: datetime.date, kind: str, by) -> Publication:
    """A monthly table of that kind under the default zone rule."""
    return publication_publish(
        month=month,
        kind=kind,
        period_type="month",
        zone_rule=ZoneRule.objects.get(is_default=True),
        by=by,
    )


def publish(month: datetime.date, complaints: dict[str, int], banks, by) -> Publication:
    category = ComplaintCategory.objects.filter(counts_toward_index=True).first()
    for code, clients in CLIENTS.items():
        ClientCount.objects.update_or_create(
            institution=banks[code], month=month, defaults={"active_clients": clients}
        )
    Complaint.objects.bulk_create(
        Complaint(
            institution=banks[code],
            received_on=month + datetime.timedelta(days=number),
            channel="written",
            category=category,
        )
        for code, count in complaints.items()
        for number in range(count)
    )
    return publish_month(month, "bank", by)


@pytest.fixture
def october(banks, regulator) -> Publication:
    """September: agdas 2.75, umid 1.83; October: agdas 3.3 red, umid 1.1 yellow, formula
    0.22 green (new), quiet not listed."""
    publish(SEPTEMBER, {"agdas": 1, "umid": 1}, banks, regulator)
    return publish(OCTOBER, {"agdas": 6, "umid": 3, "formula": 1}, banks, regulator)


def report_url(fmt: str, month: str = "2026-10") -> str:
    return reverse("public:report", kwargs={"kind": "bank", "month": month, "fmt": fmt})


def pdf_text(content: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_pdf_report_reads_in_each_language(client, october, language):
    response = client.get(report_url("pdf"), {"lang": language})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="complaint-index-report-bank-2026-10-r1-{language}.pdf"'
    )
    text, reader = pdf_text(response.content)
    assert NAMES[language] in text
    assert COUNTS[language] in text
    assert DISCLAIMERS[language] in text
    assert INDEX_TEXT[language] in text
    assert "2026-10" in text
    with translation.override(language):
        about = texts.methodology("bank")
        change = gettext("Change from the previous month")
    assert about.heading in text and about.points[0] in text
    assert change in text  # a heading word split across lines would not be found
    assert any(page.images for page in reader.pages)  # the chart


def test_the_pdf_report_keeps_azerbaijani_letters_and_shows_the_change(client, october):
    text, _reader = pdf_text(client.get(report_url("pdf"), {"lang": "az"}).content)
    assert "Ağdaş Şəki Bankı" in text and "Ümid Çörək Bank" in text
    assert "İndeks" in text  # a capital dotted I, from the catalog
    # agdas rose from 2.75 to 3.30; umid fell from 1.83 to 1.10; formula is new this month.
    assert "+0,55" in text and "-0,73" in text


def test_the_excel_report_holds_the_published_numbers_as_numbers(client, october):
    response = client.get(report_url("xlsx"), {"lang": "en"})
    assert response["Content-Disposition"] == (
        'attachment; filename="complaint-index-report-bank-2026-10-r1-en.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, summary = workbook.worksheets
    values = list(data.iter_rows(values_only=True))
    assert list(values[0]) == [
        "Month",
        "Code",
        "Institution",
        "Complaints",
        "Complaint share",
        "Clients",
        "Client share",
        "Expected complaints",
        "Index",
        "Index interval (95 %): lower",
        "Index interval (95 %): upper",
        "Against the funnel limits",
        "Zone",
        "Change from the previous month",
    ]
    published = list(october.rows.all())
    assert [row[1] for row in values[1:]] == [row.institution_code for row in published]
    for line, row in zip(values[1:], published, strict=True):
        assert line[0] == "2026-10"
        # Excel keeps 15 significant digits.
        assert line[3:13] == (
            row.complaints,
            pytest.approx(row.complaint_share, rel=1e-14),
            row.clients,
            pytest.approx(row.client_share, rel=1e-14),
            pytest.approx(row.expected, rel=1e-14),
            pytest.approx(row.index, rel=1e-14),
            pytest.approx(row.index_low, rel=1e-14),
            pytest.approx(row.index_high, rel=1e-14),
            {"within": "Within the limits", "above_95": "Above the limit of 95 %"}[row.funnel],
            row.zone.capitalize(),
        )
        assert row.index_low < row.index < row.index_high
        assert all(isinstance(value, int | float) for value in line[3:11])
    changes = {line[1]: line[13] for line in values[1:]}
    assert changes["agdas"] == pytest.approx(3.3 - 2.75)
    assert changes["umid"] == pytest.approx(1.1 - 0.5 / (30 / 110))
    assert changes["formula"] is None
    formula = data.cell(row=[line[1] for line in values].index("formula") + 1, column=3)
    # Kept as typed, stored as text with Excel's quote prefix: never run as a formula.
    assert formula.value == "=SUM(1;2) Bank" and formula.data_type == "s"
    assert formula.quotePrefix

    lines = {line[0]: line[1:] for line in summary.iter_rows(values_only=True) if line[0]}
    assert lines["Red"][0] == 1 and lines["Yellow"][0] == 1 and lines["Green"][0] == 1
    assert COUNTS["en"] in lines and DISCLAIMERS["en"] in lines
    assert "Above the limit of 95 %: 1 (Agdash Sheki Bank)." in lines  # the funnel's summary
    (chart,) = summary._charts
    assert chart.type == "bar"


def test_the_excel_report_follows_the_language(client, october):
    content = client.get(report_url("xlsx"), {"lang": "ru"}).content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    data, summary = workbook.worksheets
    assert NAMES["ru"] in [row[2] for row in data.iter_rows(values_only=True)]
    texts = [row[0] for row in summary.iter_rows(values_only=True)]
    assert DISCLAIMERS["ru"] in texts and COUNTS["ru"] in texts


def test_an_unpublished_month_or_an_unknown_format_has_no_report(client, october):
    assert client.get(report_url("pdf", month="2026-11")).status_code == 404
    assert client.get(report_url("docx")).status_code == 404
    assert client.get(report_url("pdf"), {"revision": "2"}).status_code == 404
    assert client.get(report_url("pdf")).status_code == 200


@pytest.mark.parametrize("language", ["de", "AZ", "az-latn", "x"])
def test_a_language_other_than_az_en_ru_is_refused(client, october, language):
    assert client.get(report_url("pdf"), {"lang": language}).status_code == 404


def test_without_lang_the_report_is_in_the_visitors_language(client, october):
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    response = client.get(report_url("pdf"))
    assert response["Content-Disposition"].endswith('-r1-ru.pdf"')
    assert DISCLAIMERS["ru"] in pdf_text(response.content)[0]


def test_the_public_page_links_the_reports_and_shares_the_methodology(client, october):
    page = client.get(reverse("public:month", kwargs={"kind": "bank", "month": "2026-10"}))
    content = page.content.decode()
    links = re.findall(r'href="([^"]*/report\.(?:pdf|xlsx)[^"]*)"', content)
    assert len(links) == 2
    pdf = client.get(links[0].replace("&amp;", "&"))
    assert pdf["Content-Disposition"].endswith('-r1-az.pdf"')
    with translation.override("az"):
        about = texts.methodology("bank")
        link_text = gettext("Zone report, revision %(revision)s (PDF)") % {"revision": 1}
    assert link_text in content
    text, _reader = pdf_text(pdf.content)
    for paragraph in (about.formula, *about.points, about.disclaimer):
        assert paragraph in content
        assert paragraph in text


def test_the_regulators_month_page_links_the_report_of_every_revision(
    client, client_for, regulator, october
):
    publication_publish(  # the same data under another rule: a second revision
        month=OCTOBER,
        kind="bank",
        period_type="month",
        zone_rule=ZoneRule.objects.get(method="significance"),
        by=regulator,
    )
    page = client_for(regulator).get(
        reverse("complaints:month", kwargs={"kind": "bank", "month": "2026-10"})
    )
    content = page.content.decode()
    for revision in (1, 2):
        for fmt in ("pdf", "xlsx"):
            assert f"{report_url(fmt)}?revision={revision}&amp;period=month&amp;lang=az" in content
    with translation.override("az"):
        assert gettext("Zone report, revision %(revision)s (Excel)") % {"revision": 2} in content
    old = client.get(report_url("xlsx"), {"revision": "1", "lang": "az"})
    assert old["Content-Disposition"].endswith('-r1-az.xlsx"')


def test_the_chart_colours_each_bar_by_zone_and_draws_the_rules_bounds(october):
    from matplotlib.colors import to_hex

    from complaints.zones import BAR_COLOURS

    rows = publication_rows(publication=october)
    with translation.override("en"):
        figure = reports.zone_figure(publication=october, rows=rows)
    axes = figure.axes[0]
    bars = sorted(axes.patches, key=lambda bar: -bar.get_width())
    assert [to_hex(bar.get_facecolor()) for bar in bars] == [
        BAR_COLOURS[zone] for zone in ("red", "yellow", "green")
    ]
    assert sorted(line.get_xdata()[0] for line in axes.get_lines()) == pytest.approx([0.8, 1.2])
    top_down = sorted(axes.get_yticklabels(), key=lambda label: -label.get_position()[1])
    assert [label.get_text() for label in top_down] == [NAMES["en"], "Umid Bank", "=SUM(1;2) Bank"]


def test_a_month_without_a_counted_complaint_still_has_its_report(client, banks, regulator):
    publish(OCTOBER, {}, banks, regulator)
    text, reader = pdf_text(client.get(report_url("pdf"), {"lang": "az"}).content)
    assert "Qırmızı zona: 0, sarı zona: 0, yaşıl zona: 0" in text
    assert DISCLAIMERS["az"] in text
    assert not any(page.images for page in reader.pages)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(report_url("xlsx")).content))
    data, summary = workbook.worksheets
    assert data.max_row == 1 and not summary._charts


def test_file_names_say_kind_month_period_revision_and_language():
    publication = Publication(kind="insurer", month=OCTOBER, period_type="rolling12", revision=2)
    assert (
        reports.report_filename(publication=publication, language="ru", fmt="xlsx")
        == "complaint-index-report-insurer-2026-10-rolling12-r2-ru.xlsx"
    )


def test_a_zone_report_is_made_once_per_language(client, october):
    url = report_url("pdf") + "?lang=en"
    first = client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert second.content == first.content
    with CaptureQueriesContext(connection) as fresh_build:
        client.get(report_url("pdf") + "?lang=az")
    assert len(again) < len(fresh_build)


def test_an_insurers_table_explains_its_base_as_contracts(client, october, regulator):
    insurers = [InstitutionFactory(code=f"sigorta-{n}", kind="insurer") for n in range(2)]
    category = ComplaintCategory.objects.filter(counts_toward_index=True).first()
    for number, insurer in enumerate(insurers):
        ClientCount.objects.create(institution=insurer, month=OCTOBER, active_clients=500)
        Complaint.objects.create(
            institution=insurer,
            received_on=OCTOBER + datetime.timedelta(days=number),
            channel="written",
            category=category,
        )
    publish_month(OCTOBER, "insurer", regulator)
    with translation.override("az"):
        banks_base, insurers_base = texts.methodology().points[1:3]
    for kind, shown, hidden in [
        ("insurer", insurers_base, banks_base),
        ("bank", banks_base, insurers_base),
    ]:
        page = client.get(reverse("public:month", kwargs={"kind": kind, "month": "2026-10"}))
        pdf = client.get(
            reverse("public:report", kwargs={"kind": kind, "month": "2026-10", "fmt": "pdf"}),
            {"lang": "az"},
        )
        text, _reader = pdf_text(pdf.content)
        content = page.content.decode()
        assert shown in content and shown in text
        assert hidden not in content and hidden not in text
