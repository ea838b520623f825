"""The accessibility check itself must be able to fail, or the journeys prove nothing."""

import pytest
from playwright.sync_api import Page

from .conftest import AccessibilityChecker


def test_the_accessibility_check_catches_a_serious_violation(page: Page):
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "<button></button></main></body></html>"
    )
    with pytest.raises(AssertionError, match="image-alt|button-name"):
        AccessibilityChecker()(page)


def test_the_accessibility_check_passes_a_clean_page(page: Page):
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        "<h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>"
    )
    AccessibilityChecker()(page)
