"""The lock files agree with requirements*.txt and pin every package with its hashes."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(text: str) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(text)}


@pytest.mark.parametrize("name", ["requirements", "requirements-dev", "requirements-bench"])
def test_the_lock_file_pins_what_the_requirements_ask_for(name):
    asked = pins((ROOT / f"{name}.txt").read_text())
    locked = pins((ROOT / f"{name}.lock").read_text())
    differing = {
        package: (version, locked.get(package))
        for package, version in asked.items()
        if locked.get(package) != version
    }
    assert not differing, f"run `make lock` after editing {name}.txt: {differing}"


@pytest.mark.parametrize("name", ["requirements", "requirements-dev", "requirements-bench"])
def test_every_locked_package_is_pinned_with_hashes(name):
    entries = re.split(r"\n(?=\S)", (ROOT / f"{name}.lock").read_text())
    packages = [entry for entry in entries if entry and not entry.startswith("#")]
    assert packages
    for entry in packages:
        assert PIN.match(entry), entry
        assert "--hash=sha256:" in entry, entry
