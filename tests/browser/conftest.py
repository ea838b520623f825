"""Browser journeys: pytest-playwright drives Debian's Chromium; axe-core checks every page."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "journey-demo-passphrase"
PHONE = {"width": 375, "height": 740}
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (install Debian's chromium package)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser journeys must run under CI: {reason}")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API keeps an event loop in this thread until the session ends; the
    # ORM calls made here beside it are still synchronous and safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def demo(transactional_db, monkeypatch) -> None:
    """The demo institutions and accounts, as `make run` creates them."""
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", verbosity=0)


class AccessibilityChecker:
    """Runs axe-core on a page and remembers every address it checked; ``watch(page)`` also
    records every address a page reaches, so that none can be left unchecked."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.checked: set[str] = set()
        self.visited: list[str] = []

    def watch(self, page) -> "AccessibilityChecker":
        page.on(
            "framenavigated",
            lambda frame: (
                self.visited.append(frame.url.split("#")[0])
                if frame == frame.page.main_frame
                else None
            ),
        )
        return self

    def unchecked(self) -> list[str]:
        return [url for url in self.visited if url not in self.checked and url != "about:blank"]

    def __call__(self, page) -> None:
        page.wait_for_load_state("load")
        results = self.axe.run(page)
        blocking = [
            violation
            for violation in results.response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
        ]
        summary = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in blocking
        )
        assert not blocking, f"Accessibility violations on {page.url}:\n{summary}"
        self.checked.add(page.url.split("#")[0])


@pytest.fixture
def check_a11y(page) -> Iterator[AccessibilityChecker]:
    """Call ``check_a11y(page)`` on each page; a page reached but never checked fails the test.
    The ``page`` fixture is watched already; ``check_a11y.watch(other)`` adds another page."""
    checker = AccessibilityChecker().watch(page)
    yield checker
    assert not checker.unchecked(), f"Pages visited without a check: {checker.unchecked()}"


def assert_fits_the_screen(page) -> None:
    """Nothing pushes the page sideways: its content is no wider than the viewport."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
