"""Production settings: refuse to start without secrets, and pass Django's deployment checks."""

import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
import typing
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


def test_admins_come_from_the_environment():
    (admins,) = production_setting(
        "ADMINS", ADMINS='Aysel Mammadova <aysel@example.az>, "Ops, CBAR" <ops@example.az>,'
    )
    assert admins == "[('Aysel Mammadova', 'aysel@example.az'), ('Ops, CBAR', 'ops@example.az')]"
    assert production_setting("ADMINS", ADMINS="") == ["[]"]


def test_admins_that_cannot_be_read_stop_the_start():
    result = run_manage(
        "check", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="portal.example", ADMINS="Aysel Mammadova"
    )
    assert result.returncode != 0
    assert "ADMINS must read like" in result.stderr


class FakeSentry(http.server.BaseHTTPRequestHandler):
    """Takes what sentry-sdk sends, as a Sentry server would; ``received`` keeps it."""

    received: typing.ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":  # sentry-sdk prefers brotli when it is installed (make bench)
            import brotli

            body = brotli.decompress(body)
        self.received.append((self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_sentry():
    FakeSentry.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeSentry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# A page that fails, asked for through the WSGI application as gunicorn would, with a session
# cookie that must not be reported.
FAILING_REQUEST = """
import sys, types
from wsgiref.util import setup_testing_defaults
import sentry_sdk
from django.contrib.auth.decorators import login_not_required
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from django.urls import path

def fail(request):
    raise RuntimeError("sentry-check-failure")

urls = types.ModuleType("sentry_check_urls")
urls.urlpatterns = [path("fail/", login_not_required(fail))]
sys.modules["sentry_check_urls"] = urls
environ = {"PATH_INFO": "/fail/", "HTTP_HOST": "portal.example", "wsgi.url_scheme": "https",
           "HTTP_COOKIE": "sessionid=secret-session-cookie"}
setup_testing_defaults(environ)
started = []
def start_response(status, headers, exc_info=None):
    started.append((status, dict(headers)))
from django.conf import settings
# Sessions in the cookie: reading this one touches no database (there may be none here); static
# files by name: a fresh checkout has no collected manifest for the error page's stylesheet.
with override_settings(
    ROOT_URLCONF="sentry_check_urls",
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
):
    get_wsgi_application()(environ, start_response)
status, headers = started[-1]
print(status.split()[0], headers["X-Request-ID"], sentry_sdk.get_client().is_active())
sentry_sdk.flush()
"""


def test_errors_are_reported_to_sentry_when_sentry_dsn_is_set(fake_sentry):
    port = fake_sentry.server_address[1]
    result = run_manage(
        "shell",
        "-c",
        FAILING_REQUEST,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example",
        SENTRY_DSN=f"http://public-key@127.0.0.1:{port}/42",
    )
    assert result.returncode == 0, result.stderr
    status, request_id, active = result.stdout.split()[-3:]
    assert (status, active) == ("500", "True")
    events = [body for path, body in FakeSentry.received if b"sentry-check-failure" in body]
    assert len(events) == 1
    assert FakeSentry.received[0][0] == "/api/42/envelope/"
    event = json.loads(events[0].splitlines()[-1])
    assert event["tags"]["request_id"] == request_id
    assert event["request"]["url"] == "https://portal.example/fail/"
    # What was sent, less the command line of this check (which holds the cookie in its code).
    del event["extra"]["sys.argv"]
    sent = json.dumps(event)
    assert "secret-session-cookie" not in sent
    assert "REMOTE_ADDR" not in sent
    assert "user" not in event


def test_nothing_is_sent_without_sentry_dsn(fake_sentry):
    result = run_manage(
        "shell",
        "-c",
        FAILING_REQUEST,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="portal.example",
        SENTRY_DSN="",
    )
    assert result.returncode == 0, result.stderr
    status, _request_id, active = result.stdout.split()[-3:]
    assert (status, active) == ("500", "False")
    assert FakeSentry.received == []
