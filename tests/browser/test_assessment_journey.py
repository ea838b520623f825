"""The self-assessment from start to review, as the demo accounts live it, in a real browser."""

import re

from playwright.sync_api import Page, expect

from assessments.models import Assessment

from .conftest import PHONE, assert_fits_the_screen
from .helpers import log_in, log_out, start_self_assessment

ANSWER_ORDER = ("meets", "partial", "not_met")


def answer_page(page: Page, *, only_first: int | None = None) -> None:
    """Answer the principle page's indicators in turn: meets, partially, does not meet, ..."""
    cards = page.locator("main section.card")
    count = cards.count() if only_first is None else only_first
    for index in range(count):
        card = cards.nth(index)
        card.locator(f"input[type=radio][value={ANSWER_ORDER[index % 3]}]").check()
        card.locator("textarea").fill(f"Sübut: siyasət sənədi, səh. {index + 1}")


def test_manager_fills_in_over_two_sittings_submits_and_the_regulator_returns_it(
    browser, live_server, demo, check_a11y
):
    base_url = live_server.url
    manager = browser.new_page()
    checker = check_a11y.watch(manager)

    # First sitting: start, answer half of principle 1, save, log out.
    log_in(manager, base_url, "manager", checker)
    manager.locator("main a[href='/assessments/new/']").click()
    checker(manager)
    manager.locator("input[type=submit][name=start]").click()
    expect(manager).to_have_url(re.compile(r"/assessments/\d+/principles/1/$"))
    checker(manager)
    fill_url = manager.url
    expect(manager.locator("h1")).to_contain_text("Həddən artıq borclanmanın qarşısının alınması")
    half = manager.locator("main section.card").count() // 2
    answer_page(manager, only_first=half)
    manager.locator("main form button[type=submit]:not([name])").click()
    expect(manager).to_have_url(fill_url)
    checker(manager)
    log_out(manager, checker)

    # Second sitting: the answers are there as they were left.
    log_in(manager, base_url, "manager", checker)
    manager.goto(fill_url)
    checker(manager)
    cards = manager.locator("main section.card")
    for index in range(half):
        expect(cards.nth(index).locator(f"input[value={ANSWER_ORDER[index % 3]}]")).to_be_checked()
        expect(cards.nth(index).locator("textarea")).to_have_value(
            f"Sübut: siyasət sənədi, səh. {index + 1}"
        )
    expect(cards.nth(half).locator("input[type=radio]:checked")).to_have_count(0)

    # Finish all six principles.
    answer_page(manager)
    for number in range(2, 7):
        manager.locator("button[name=next_principle]").click()
        expect(manager).to_have_url(re.compile(rf"/principles/{number}/$"))
        checker(manager)
        answer_page(manager)
    manager.locator("main form button[type=submit]:not([name])").click()
    checker(manager)
    manager.locator("main a[href$='/submit/']").first.click()
    checker(manager)
    manager.locator("main form button[type=submit]").click()
    expect(manager).to_have_url(re.compile(r"/assessments/\d+/results/$"))
    checker(manager)
    expect(manager.locator("main .display-6")).to_contain_text("%")
    chart = manager.locator("img.chart")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(manager.locator("main table").first.locator("tbody tr")).to_have_count(6)
    # The one whose results are shown (the demo manager's institution has an accepted 2025 one).
    assessment = Assessment.objects.get(pk=re.search(r"/assessments/(\d+)/", manager.url)[1])
    assert assessment.institution.code == "umid-mfi"
    assert assessment.status == "submitted"
    assert assessment.overall_score is not None
    results_url = manager.url

    # Another institution's manager cannot open it by its address.
    other = browser.new_page()
    other_checker = check_a11y.watch(other)
    log_in(other, base_url, "manager2", other_checker)
    for url in (results_url, fill_url):
        response = other.goto(url)
        assert response is not None and response.status == 403
        other_checker(other)

    # The regulator reviews principle 1 and returns the assessment with a note.
    regulator = browser.new_page()
    regulator_checker = check_a11y.watch(regulator)
    log_in(regulator, base_url, "regulator", regulator_checker)
    regulator.goto(f"{base_url}/assessments/{assessment.pk}/review/1/")
    regulator_checker(regulator)
    first = regulator.locator("main section.card").first
    first.locator("select").select_option("partial")
    first.locator("textarea").fill("Siyasət sənədi imzalanmayıb")
    regulator.locator("main form button[type=submit]:not([name])").click()
    expect(regulator).to_have_url(re.compile(r"/decision/$"))
    regulator_checker(regulator)
    regulator.locator("textarea[name=note]").fill("1.1 üzrə sübutu yeniləyin")
    regulator.locator("button[name=return]").click()
    expect(regulator).to_have_url(re.compile(rf"/assessments/{assessment.pk}/$"))
    regulator_checker(regulator)

    # The manager sees the note on the indicator and the reason it came back.
    manager.goto(fill_url)
    checker(manager)
    expect(manager.locator("main section.card").first).to_contain_text(
        "Siyasət sənədi imzalanmayıb"
    )
    manager.goto(f"{base_url}/assessments/{assessment.pk}/")
    checker(manager)
    expect(manager.locator("main")).to_contain_text("1.1 üzrə sübutu yeniləyin")


def test_assessment_pages_work_at_a_phones_width(page: Page, live_server, demo, check_a11y):
    from accounts.models import User
    from assessments.services import assessment_submit
    from tests.assessments.test_services import answer_all

    manager = User.objects.get(username="manager")
    assessment = start_self_assessment("2024")  # 2025 is the demo's accepted one
    answer_all(assessment, manager, response="partial")
    assessment_submit(assessment=assessment, by=manager)

    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, "manager", check_a11y)
    for path in ("", "principles/1/", "results/", "submit/"):
        response = page.goto(f"{live_server.url}/assessments/{assessment.pk}/{path}")
        assert response is not None
        if path == "submit/":  # submitted already: it leads to the results
            assert response.url.endswith(f"/assessments/{assessment.pk}/results/")
        check_a11y(page)
        assert_fits_the_screen(page)
    page.goto(f"{live_server.url}/assessments/history/{manager.institution.code}/")
    check_a11y(page)
    assert_fits_the_screen(page)
