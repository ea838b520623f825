import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_says_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_when_the_database_does_not_answer():
    """A real failure, in a separate process: the portal pointed at a port nothing listens on."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client(HTTP_HOST='127.0.0.1').get('/healthz'); "
        "print(response.status_code, response.json())"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartportal.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nothing",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "503 {'status': 'error', 'database': 'unreachable'}"
    )


def test_healthz_takes_no_login_and_only_get(client):
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405
