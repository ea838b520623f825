"""The demo manager's first visit, in a real browser, on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD, PHONE, assert_fits_the_screen


def log_in(page: Page, base_url: str, username: str, check_a11y) -> None:
    page.goto(f"{base_url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    check_a11y(page)
    page.get_by_label("İstifadəçi adı").fill(username)
    page.get_by_label("Şifrə").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Daxil ol").click()
    # A regulator's home is the supervision dashboard.
    home = "/supervision/" if username == "regulator" else "/"
    expect(page).to_have_url(f"{base_url}{home}")
    check_a11y(page)


def open_menu_if_collapsed(page: Page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        expect(page.locator("#main-nav")).to_be_visible()


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_manager_logs_in_switches_language_and_sees_only_their_institution(
    page: Page, live_server, demo, check_a11y, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    base_url = live_server.url

    log_in(page, base_url, "manager", check_a11y)
    expect(page.locator("html")).to_have_attribute("lang", "az")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xoş gəlmisiniz, Leyla")
    expect(page.get_by_text("Ümid Mikromaliyyə BOKT")).to_be_visible()
    check_a11y(page)
    if viewport:
        assert_fits_the_screen(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Leyla")
    expect(page.get_by_text("You work for Umid Microfinance NBCO.")).to_be_visible()
    check_a11y(page)

    open_menu_if_collapsed(page)
    page.get_by_role("link", name="Our institution").click()
    expect(page).to_have_url(f"{base_url}/institutions/umid-mfi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Umid Microfinance NBCO")
    expect(page.get_by_text("36,000")).to_be_visible()
    check_a11y(page)
    if viewport:
        assert_fits_the_screen(page)

    response = page.goto(f"{base_url}/institutions/bereket-mfi/edit/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Access refused")
    expect(page.get_by_text("Bereket Credit NBCO")).to_have_count(0)
    check_a11y(page)


def test_manager_edits_own_profile_and_a_mistake_keeps_what_was_typed(
    page: Page, live_server, demo, check_a11y
):
    base_url = live_server.url
    log_in(page, base_url, "manager", check_a11y)
    page.goto(f"{base_url}/institutions/umid-mfi/edit/")
    check_a11y(page)

    page.get_by_label("Telefon").fill("+994 12 555 55 55")
    page.get_by_label("Ümumi kredit portfeli (AZN)").fill("-10")
    page.get_by_role("button", name="Yadda saxla").click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    expect(page.get_by_label("Telefon")).to_have_value("+994 12 555 55 55")
    check_a11y(page)

    page.get_by_label("Ümumi kredit portfeli (AZN)").fill("60000000")
    page.get_by_role("button", name="Yadda saxla").click()
    expect(page).to_have_url(f"{base_url}/institutions/umid-mfi/")
    expect(page.get_by_role("status")).to_have_text("Profil yadda saxlanıldı.")
    expect(page.get_by_text("+994 12 555 55 55")).to_be_visible()
    check_a11y(page)


@pytest.mark.parametrize(
    ("username", "heading"),
    [
        ("regulator", "Nəzarət"),
        ("trainer", "Xoş gəlmisiniz, Elçin"),
        ("admin", "Xoş gəlmisiniz, Nigar"),
    ],
)
def test_each_demo_account_lands_on_its_home_page(
    page: Page, live_server, demo, check_a11y, username, heading
):
    log_in(page, live_server.url, username, check_a11y)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    check_a11y(page)
    if username == "trainer":
        page.get_by_role("link", name="Bütün təşkilatlar").click()
        expect(page.get_by_role("table")).to_contain_text("Abşeron Bank ASC")
        check_a11y(page)
