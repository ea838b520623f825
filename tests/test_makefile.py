"""`make` picks the newest supported Python it can start, and says what to install without one."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="needs make")


def fake_python(folder: Path, name: str, version: tuple[int, int, int] | None) -> None:
    """A ``name`` on the PATH that runs as Python ``version``, or cannot start (None), as a
    pyenv shim for a version that is not selected."""
    script = folder / name
    if version is None:
        script.write_text("#!/bin/sh\necho 'pyenv: command not found' >&2\nexit 127\n")
    else:
        # `python -c CODE` as that version: sys.version_info is what the Makefile asks.
        script.write_text(
            f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; '
            f'sys.version_info = {(*version, "final", 0)!r}; exec(sys.argv[2])" "$@"\n'
        )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


def make(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{folder}:/usr/bin:/bin"}
    env.pop("PYTHON", None)
    return subprocess.run(
        [MAKE, "--no-print-directory", f"VENV={folder / 'venv'}", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_newest_supported_python_that_starts_is_picked(tmp_path):
    fake_python(tmp_path, "python3.13", None)
    fake_python(tmp_path, "python3.12", (3, 12, 1))
    fake_python(tmp_path, "python3.11", (3, 11, 7))
    fake_python(tmp_path, "python3", (3, 11, 7))
    result = make(tmp_path, "--dry-run", f"{tmp_path / 'venv'}/.installed")
    assert result.returncode == 0, result.stderr
    assert "with python3.12 (Python 3.12.1)" in result.stdout
    assert f"touch {tmp_path / 'venv'}/.complete-python-3.12.1" in result.stdout


def test_python3_is_taken_only_when_its_version_is_supported(tmp_path):
    fake_python(tmp_path, "python3.13", None)
    fake_python(tmp_path, "python3.12", None)
    fake_python(tmp_path, "python3.11", None)
    fake_python(tmp_path, "python3", (3, 13, 0))
    result = make(tmp_path, "--dry-run", f"{tmp_path / 'venv'}/.installed")
    assert "with python3 (Python 3.13.0)" in result.stdout

    fake_python(tmp_path, "python3", (3, 10, 13))
    result = make(tmp_path, f"{tmp_path / 'venv'}/.installed")
    assert result.returncode != 0
    assert "No Python 3.11, 3.12 or 3.13 found" in result.stdout
    assert "apt install python3 python3-venv" in result.stdout
    assert not (tmp_path / "venv").exists()


def test_a_venv_without_the_stamp_of_its_python_is_made_again(tmp_path):
    fake_python(tmp_path, "python3.13", None)
    fake_python(tmp_path, "python3.12", None)
    fake_python(tmp_path, "python3.11", (3, 11, 7))
    fake_python(tmp_path, "python3", (3, 11, 7))
    half_made = tmp_path / "venv"
    (half_made / "bin").mkdir(parents=True)
    (half_made / ".complete-python-3.12.1").touch()
    (half_made / ".installed").touch()
    result = make(tmp_path, "--dry-run", f"{half_made}/.installed")
    assert f"rm -rf {half_made}" in result.stdout
    assert "with python3.11 (Python 3.11.7)" in result.stdout
