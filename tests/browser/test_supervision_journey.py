"""Supervision: the regulator lands on the dashboard, reads the zone map and the warnings,
follows the "strong on complaint handling, but …" flag to the institution's page and downloads
the warnings; the demo manager sees their own position on their home page; anyone sees the
funnel plot of a published month."""

import csv
import io
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from assessments.models import Indicator
from complaints.models import Publication, PublicationRow
from complaints.zones import funnel_position_label

from .conftest import PHONE, assert_fits_the_screen
from .helpers import log_in, log_out, start_self_assessment


def _az(message: str) -> str:
    with translation.override("az"):
        return gettext(message)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_regulator_follows_a_strong_but_red_flag(
    page: Page, live_server, demo, check_a11y, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    base = live_server.url
    log_in(page, base, "regulator", check_a11y)  # lands on the dashboard
    assert_fits_the_screen(page)

    # The zone map: 17 banks × the 12 published months, the newest first.
    zone_map = page.locator("table.zone-map")
    expect(zone_map.locator("thead th")).to_have_count(13)
    expect(zone_map.locator("thead th").nth(1)).to_have_text("2026-09")
    expect(zone_map.locator("thead th").nth(12)).to_have_text("2025-10")
    expect(zone_map.locator("tbody tr")).to_have_count(17)
    # Sorted by the latest index: the first row holds the highest of September.
    september = Publication.objects.get(kind="bank", month="2026-09-01", period_type="month")
    highest = september.rows.order_by("-index").first()
    expect(zone_map.locator("tbody tr").first.locator("th")).to_have_text(highest.name_az)

    # The warnings name the bank red for months, with its reason in words.
    warnings = page.locator("section[aria-labelledby=warnings-heading]")
    expect(warnings.locator("li", has_text="Sumqayıt Bank ASC").first).to_be_visible()

    # The flag leads to the institution's page, which shows its position.
    flag = page.locator("#claims-table a", has_text=_az("Strong on complaint handling, but"))
    expect(flag).to_have_count(1)
    flag.click()
    expect(page).to_have_url(f"{base}/institutions/sumgayit-bank/")
    check_a11y(page)
    assert_fits_the_screen(page)
    position = page.locator("section[aria-labelledby=position-heading]")
    row = september.rows.get(institution_code="sumgayit-bank")
    interval = f"({row.index_low:.2f}–{row.index_high:.2f})".replace(".", ",")
    expect(position).to_contain_text(interval)
    expect(position).to_contain_text(_az_funnel(row.funnel))

    # Back on the dashboard, the warnings as CSV.
    page.go_back()
    with page.expect_download() as download:
        warnings.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "supervision-warnings-bank-2026-09.csv"
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    sumgayit = {r["warning"] for r in rows if r["institution_code"] == "sumgayit-bank"}
    assert {"persistent_red", "above_998"} <= sumgayit
    assert all(r["month"] == "2026-09" for r in rows)
    log_out(page, check_a11y)


def _az_funnel(funnel: str) -> str:
    with translation.override("az"):
        return funnel_position_label(funnel)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_manager_sees_their_own_position_on_their_home(
    page: Page, live_server, demo, check_a11y, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    started = start_self_assessment("2026")
    total = Indicator.objects.filter(principle__questionnaire=started.questionnaire).count()
    log_in(page, live_server.url, "manager", check_a11y)
    assert_fits_the_screen(page)
    assessment = page.locator("section[aria-labelledby=assessment-heading]")
    progress = _az("%(answered)s of %(total)s answered") % {"answered": 0, "total": total}
    expect(assessment.locator("#progress-text")).to_have_text(progress)
    actions = page.locator("section[aria-labelledby=actions-heading]")
    expect(actions.get_by_text(_az("Overdue"), exact=True)).to_have_count(1)
    index = page.locator("section[aria-labelledby=index-heading]")
    row = PublicationRow.objects.get(
        publication__kind="nbco", publication__month="2026-09-01", institution_code="umid-mfi"
    )
    expect(index.locator(".zone")).to_have_class(re.compile(rf"zone-{row.zone}"))
    expect(index).to_contain_text(f"{row.index:.2f}".replace(".", ","))
    expect(index).to_contain_text("2026-09")
    log_out(page, check_a11y)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_anyone_sees_the_funnel_plot_of_a_public_month(
    page: Page, live_server, demo, check_a11y, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/index/bank/2026-09/")
    check_a11y(page)
    assert_fits_the_screen(page)
    funnel = page.locator("section[aria-labelledby=funnel-heading]")
    plot = funnel.locator("img.chart")
    expect(plot).to_be_visible()
    assert plot.evaluate("image => image.complete && image.naturalWidth > 0")
    assert plot.get_attribute("alt")
    # The summary beside it names the large bank above the 99.8 % limit.
    above = funnel.locator("li", has_text=_az_funnel("above_998"))
    expect(above).to_contain_text("Xəzər Bank ASC")
