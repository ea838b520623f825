"""What a regulator and an administrator meet in their first hour, in Azerbaijani, with the
accessibility check on every page: an institution's complaint page reached by clicking, a
rolling 12-month table (an incomplete one, with what is missing, and a published one), the
month table on a phone, and the admin's answer history."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from .conftest import PHONE, assert_fits_the_screen
from .helpers import log_in, log_out


def _az(message: str) -> str:
    with translation.override("az"):
        return gettext(message)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_regulator_reaches_an_institutions_complaints_and_the_rolling_tables(
    page: Page, live_server, demo, check_a11y, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    base = live_server.url
    log_in(page, base, "regulator", check_a11y)

    # From the complaints home, one click to an institution's complaint page.
    page.goto(f"{base}/complaints/")
    check_a11y(page)
    page.locator(
        "section[aria-labelledby=institutions-heading] a", has_text="Sumqayıt Bank ASC"
    ).click()
    expect(page).to_have_url(f"{base}/complaints/institution/sumgayit-bank/")
    check_a11y(page)
    assert_fits_the_screen(page)
    chart = page.locator("img.chart")
    expect(chart).to_have_attribute("alt", re.compile(r"\w+ \w+ \w+ .{20,}"))
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", chart.element_handle())
    # Each month's row names its zone rule in Azerbaijani, and categories are words.
    table = page.locator("table", has_text=_az("Zone rule"))
    expect(table.locator("tbody tr").first).to_be_visible()
    expect(page.locator("#category-heading + ul li").first).not_to_contain_text("fees")

    # A rolling 12-month window without every month's client counts says which are missing
    # and why Publish is unavailable.
    page.goto(f"{base}/complaints/bank/2026-05/?period=rolling12")
    check_a11y(page)
    assert_fits_the_screen(page)
    expect(page.locator("#incomplete li").first).to_contain_text("2025-06 – 2025-08")
    publish = page.locator("section[aria-labelledby=publish-heading] button[type=submit]")
    expect(publish).to_be_disabled()
    expect(publish).to_have_attribute("aria-describedby", "publish-unavailable")
    expect(page.locator("#publish-unavailable")).to_be_visible()

    # The published rolling table, as the public sees it: its title names the 12 months and
    # its change column the previous 12 months; the names link to the institution's page.
    page.goto(f"{base}/index/bank/2026-09/?period=rolling12")
    check_a11y(page)
    assert_fits_the_screen(page)
    expect(page.locator("h1")).to_contain_text("2025-10")
    table = page.locator("table.table-striped")
    expect(table.locator("thead")).to_contain_text(_az("Change from the previous 12 months"))
    first = table.locator("tbody tr").first
    expect(first.locator("th a")).to_have_attribute("href", re.compile(r"/complaints/institution/"))
    share = table.locator("thead th", has_text=_az("Complaint share"))
    zone = table.locator("thead th", has_text=_az("Zone")).first
    expect(zone).to_be_visible()
    if viewport:
        # On a phone: institution, index and zone; the rest on demand.
        expect(share).to_be_hidden()
        page.get_by_label(_az("Show all columns")).check()
        expect(share).to_be_visible()
        check_a11y(page)
    else:
        expect(share).to_be_visible()
        expect(page.get_by_label(_az("Show all columns"))).to_be_hidden()
    log_out(page, check_a11y)


def test_admin_searches_the_answer_history_in_azerbaijani(
    page: Page, live_server, demo, check_a11y
):
    from assessments.models import Answer

    base = live_server.url
    log_in(page, base, "admin", check_a11y)
    answer = Answer.history.filter(history_type="~").select_related("indicator").first()
    assert answer is not None, "the demo has edited answers"
    history = Answer.history.model._meta
    page.goto(f"{base}/admin/{history.app_label}/{history.model_name}/")
    check_a11y(page)
    # The page speaks one language: the model's name in Azerbaijani, no English heading.
    expect(page.locator("#content h1")).not_to_contain_text("Historical")
    page.locator("#searchbar").fill(answer.indicator.code)
    page.locator("#changelist-search [type=submit]").click()
    check_a11y(page)
    rows = page.locator("#result_list tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.first).to_contain_text(answer.indicator.code)
    rows.first.locator("th a, td a").first.click()
    check_a11y(page)
    expect(page.locator("#content h1")).to_be_visible()
