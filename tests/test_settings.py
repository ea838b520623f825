"""Production settings: refuse to start without secrets, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k8#Qz!v2Lr@9mWx$4TgP^7sYb&1NcE*6hJu(3fDa)5oIe-0Rl+8Zq=2Vw_9Kt"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base_env, "DJANGO_SETTINGS_MODULE": "smartportal.settings.production", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + "x" * 60])
def test_production_refuses_a_weak_secret_key(key):
    result = run_manage("check", SECRET_KEY=key, ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_blank_allowed_hosts():
    result = run_manage("check", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS=" , ")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_reports_no_issue():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def production_setting(*names: str, **env: str) -> list[str]:
    """The values of ``names`` as the production settings compute them, printed by Django."""
    code = "from django.conf import settings; " + "; ".join(
        f"print(repr(settings.{name}))" for name in names
    )
    result = run_manage(
        "shell", "-c", code, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="portal.example", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-len(names) :]


def test_production_cookies_are_secure_and_http_only_and_sessions_expire():
    values = production_setting(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_AGE",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "SECURE_SSL_REDIRECT",
    )
    assert values == ["True", "True", "True", "True", str(8 * 60 * 60), "True", "True"]


def test_local_http_serving_is_for_this_machine_only():
    result = run_manage(
        "check", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="portal.example", LOCAL_HTTP="true"
    )
    assert result.returncode != 0
    assert "LOCAL_HTTP" in result.stderr


def test_production_hashes_passwords_with_argon2id_at_owasps_parameters():
    code = (
        "from django.contrib.auth.hashers import get_hasher, make_password; "
        "hasher = get_hasher(); print(hasher.algorithm, hasher.time_cost, hasher.memory_cost, "
        "hasher.parallelism); print(make_password('correct-horse-battery').split('$')[:4])"
    )
    result = run_manage("shell", "-c", code, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="portal.example")
    assert result.returncode == 0, result.stderr
    parameters, encoded = result.stdout.strip().splitlines()[-2:]
    assert parameters == "argon2 2 19456 1"
    assert encoded == "['argon2', 'argon2id', 'v=19', 'm=19456,t=2,p=1']"
