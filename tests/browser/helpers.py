"""Steps that several journeys share."""

import re

from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD


def start_self_assessment(period: str):
    """The demo manager's institution starts a self-assessment of the shipped questionnaire."""
    from accounts.models import User
    from assessments.models import Questionnaire
    from assessments.services import assessment_start

    manager = User.objects.get(username="manager")
    return assessment_start(
        institution=manager.institution,
        questionnaire=Questionnaire.objects.get(code="smart-2010"),
        period=period,
        kind="self",
        by=manager,
    )


def log_in(page: Page, base_url: str, username: str, check_a11y) -> None:
    page.goto(f"{base_url}/accounts/login/")
    check_a11y(page)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    # A regulator's home is the supervision dashboard.
    home = "/supervision/" if username == "regulator" else "/"
    expect(page).to_have_url(f"{base_url}{home}")
    check_a11y(page)


def log_out(page: Page, check_a11y) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        # Bootstrap adds "show" once the menu has finished opening; a click
        # during the animation can land on a moving button and do nothing.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    page.locator("form[action='/accounts/logout/'] button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    check_a11y(page)
