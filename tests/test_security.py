"""What every response carries: a Content Security Policy without unsafe-inline, and a
session that ends."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["login", "public:index"]


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_send_a_strict_content_security_policy(client, name):
    response = client.get(reverse(name))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_style(client_for, manager, institution):
    client = client_for(manager)
    for url in (reverse("home"), institution.get_absolute_url(), reverse("assessments:list")):
        response = client.get(url)
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        content = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", content), url
        assert "<style" not in content, url
        assert ' style="' not in content, url
        assert " onclick=" not in content.lower(), url


def test_the_session_cookie_is_http_only_and_ends_with_the_browser(client, manager):
    response = client.post(
        reverse("login"), {"username": manager.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    # No Max-Age/Expires: the browser drops it when it closes; the server ends it after 8 h.
    assert not cookie["max-age"] and not cookie["expires"]
    assert client.session.get_expiry_age() == 8 * 60 * 60
