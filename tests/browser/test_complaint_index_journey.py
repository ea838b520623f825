"""The monthly complaint index, from the regulator's upload to the public table."""

import datetime
import re

from playwright.sync_api import Page, expect

from complaints.models import Publication

from .helpers import log_in, log_out

COMPLAINTS = (
    "institution_code;received_on;channel;category;complainant_ref;is_repeat;reference\n"
    "absheron-bank;02.11.2026;written;cards;c1;0;R-1\n"
    "absheron-bank;12.11.2026;oral;cards;c1;0;R-2\n"
    "qafqaz-bank;03.11.2026;in_person;fees;c2;0;R-3\n"
    "qafqaz-bank;04.11.2026;written;loan_concession;c3;0;R-4\n"
    "ganja-bank;05.11.2026;written;service;c4;0;R-5\n"
)
COUNTS = (
    "institution_code;month;active_clients\n"
    "absheron-bank;2026-11;412000\nqafqaz-bank;2026-11;265000\n"
    "ganja-bank;2026-11;98000\nshirvan-bank;2026-11;54000\n"
)


def upload(page: Page, check_a11y, tmp_path, what: str, content: str) -> None:
    page.goto(page.url.split("/complaints/")[0] + "/complaints/upload/")
    check_a11y(page)
    page.locator(f"input[name=what][value={what}]").check()
    path = tmp_path / f"{what}.csv"
    path.write_bytes(content.encode("cp1254") if what == "complaints" else content.encode())
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form button[type=submit]").click()
    check_a11y(page)
    expect(page.locator("#preview-heading")).to_be_visible()
    page.locator("button[name=confirm]").click()
    expect(page).to_have_url(re.compile(r"/complaints/$"))
    check_a11y(page)


def test_regulator_publishes_a_month_that_anyone_can_read_and_download(
    page: Page, live_server, demo, check_a11y, tmp_path
):
    base = live_server.url
    log_in(page, base, "regulator", check_a11y)
    page.goto(f"{base}/complaints/")
    check_a11y(page)
    upload(page, check_a11y, tmp_path, "complaints", COMPLAINTS)
    upload(page, check_a11y, tmp_path, "client_counts", COUNTS)

    page.locator("main a", has_text="2026-11").click()
    expect(page).to_have_url(re.compile(r"/complaints/bank/2026-11/$"))
    check_a11y(page)
    expect(page.locator("main table tbody tr")).to_have_count(3)
    page.locator("main a[href$='/complaints/']", has_text="").last.click()
    expect(page).to_have_url(re.compile(r"/complaints/bank/2026-11/complaints/$"))
    check_a11y(page)
    expect(page.locator("main table tbody tr")).to_have_count(5)
    page.go_back()
    check_a11y(page)
    page.locator("main form[method=post] button[type=submit]").click()
    check_a11y(page)
    publication = Publication.objects.get(month=datetime.date(2026, 11, 1))
    assert (publication.total_complaints, publication.not_listed) == (3, 1)
    log_out(page, check_a11y)

    page.goto(f"{base}/index/bank/2026-11/")
    check_a11y(page)
    expect(page.locator("main table tbody tr")).to_have_count(3)
    expect(page.locator("main")).to_contain_text("Abşeron Bank ASC")
    page.locator("main a[href*='?sort=institution']").click()
    check_a11y(page)
    with page.expect_download() as download_info:
        page.locator("main a", has_text="CSV").click()
    path = download_info.value.path()
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("month,institution_code,institution,complaints")
    assert len(lines) == 4

    log_in(page, base, "manager", check_a11y)
    response = page.goto(f"{base}/complaints/upload/")
    assert response is not None and response.status == 403
    check_a11y(page)
