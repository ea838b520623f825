"""Reports: the trainer opens the demo cohort and downloads its PDF and Excel; another
institution's manager cannot fetch a report by its address."""

import io
import re

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from assessments.models import Assessment
from cohorts.models import Cohort

from .conftest import PHONE, assert_fits_the_screen
from .helpers import log_in, log_out, start_self_assessment


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_trainer_downloads_the_cohort_report(page: Page, live_server, demo, check_a11y, viewport):
    if viewport:
        page.set_viewport_size(viewport)
    base = live_server.url
    log_in(page, base, "trainer", check_a11y)
    page.goto(f"{base}/cohorts/")
    check_a11y(page)
    assert_fits_the_screen(page)
    cohort = Cohort.objects.get()
    page.locator("main a", has_text=cohort.name).click()
    expect(page).to_have_url(re.compile(rf"/cohorts/{cohort.pk}/$"))
    check_a11y(page)
    assert_fits_the_screen(page)
    expect(page.locator("main section[aria-labelledby=members-heading] tbody tr")).to_have_count(3)
    chart = page.locator("main img.chart")
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")

    form = page.locator("main form.report-downloads").first
    form.locator("select[name=lang]").select_option("en")
    with page.expect_download() as pdf_download:
        form.locator("button", has_text="PDF").click()
    assert pdf_download.value.suggested_filename == f"cohort-{cohort.pk}-2026-en.pdf"
    reader = PdfReader(pdf_download.value.path())
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Cohort report" in text
    assert "Bereket Credit NBCO" in text

    form.locator("select[name=lang]").select_option("az")
    with page.expect_download() as xlsx_download:
        form.locator("button", has_text="Excel").click()
    assert xlsx_download.value.suggested_filename == f"cohort-{cohort.pk}-2026-az.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes()))
    members = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))
    results = Assessment.objects.for_period("2026").filter(
        institution__in=cohort.institutions.all()
    )
    overall = sorted(float(a.overall_score) for a in results)
    assert sorted(round(row[7], 1) for row in members if row[0]) == [round(v, 1) for v in overall]
    log_out(page, check_a11y)


def test_manager2_cannot_fetch_the_managers_report(page: Page, live_server, demo, check_a11y):
    theirs = start_self_assessment("2026")
    base = live_server.url
    log_in(page, base, "manager", check_a11y)
    assert page.request.get(f"{base}/assessments/{theirs.pk}/report.pdf").status == 200
    log_out(page, check_a11y)
    log_in(page, base, "manager2", check_a11y)
    for fmt in ("pdf", "xlsx"):
        response = page.request.get(f"{base}/assessments/{theirs.pk}/report.{fmt}?lang=az")
        assert response.status == 403
        assert response.headers["content-type"].startswith("text/html")
    response = page.goto(f"{base}/assessments/{theirs.pk}/results/")
    assert response.status == 403
    check_a11y(page)
