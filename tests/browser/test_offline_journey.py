"""Offline filling: the manager downloads the questionnaire as Excel, answers principle 1 in
it, and uploads it back. And the page someone meets after five failed logins."""

import io

import openpyxl
from playwright.sync_api import Page, expect

from assessments.models import Answer

from .conftest import PHONE, assert_fits_the_screen
from .helpers import log_in, start_self_assessment


def test_manager_fills_in_principle_one_in_excel(
    page: Page, live_server, demo, check_a11y, tmp_path
):
    assessment = start_self_assessment("2026")
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "manager", check_a11y)
    page.goto(f"{base}/assessments/{assessment.pk}/")
    check_a11y(page)
    page.locator("main a", has_text="Upload a filled-in file").or_(
        page.locator("main a", has_text="Doldurulmuş faylı yüklə")
    ).click()
    check_a11y(page)
    assert_fits_the_screen(page)
    with page.expect_download() as download:
        page.locator("main a[href$='offline.xlsx?answers=1']").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook["P1"]
    rows = [row for row in range(3, sheet.max_row + 1) if sheet[f"A{row}"].value]
    for row in rows:
        sheet[f"D{row}"] = "Meets"
        sheet[f"E{row}"] = "Siyasət sənədi, s. 4"
    path = tmp_path / "filled.xlsx"
    workbook.save(path)

    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("input[name=mode][value=overwrite]").check()
    page.locator("main form [type=submit]").click()
    check_a11y(page)
    expect(page.locator("#outcome-heading")).to_be_visible()
    saved = Answer.objects.filter(assessment=assessment, response="meets")
    assert saved.count() == len(rows) == 7
    assert {a.comment for a in saved} == {"Siyasət sənədi, s. 4"}


def test_the_lockout_page_after_five_failed_logins(page: Page, live_server, demo, check_a11y):
    page.set_viewport_size(PHONE)
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill("regulator")
        page.locator("#id_password").fill("not-the-password")
        page.locator("main form button[type=submit]").click()
    check_a11y(page)
    assert_fits_the_screen(page)
    expect(page.locator("main [role=alert]")).to_contain_text("15")
    expect(page.locator("main h1")).to_have_text("Giriş müvəqqəti bağlanıb")
