"""Our own 400 and 500 pages: translated, styled, rendered without the database; a form
refused for its size says so."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from smartportal import urls as portal

pytestmark = pytest.mark.django_db


@login_not_required
def crash(request):
    raise RuntimeError("a bug")


# The portal's URLs and error handlers (Django's own where it names none), and a crash.
urlpatterns = [*portal.urlpatterns, path("crash/", crash)]
handler400 = getattr(portal, "handler400", "django.views.defaults.bad_request")
handler500 = getattr(portal, "handler500", "django.views.defaults.server_error")


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_a_crash_shows_our_translated_500_page_without_touching_the_database(client, language):
    client.raise_request_exception = False
    client.cookies["django_language"] = language
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/crash/")
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert "css/portal.css" in page
    assert "Server Error (500)" not in page
    if language == "en":
        assert "Something went wrong on our side" in page
    assert not queries.captured_queries


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_posted_too_big_is_explained(client_for, manager, institution):
    client = client_for(manager)
    client.cookies["django_language"] = "en"
    url = reverse("institutions:edit", kwargs={"code": institution.code})
    # As a browser sends a form without files (a multipart body this long is the upload
    # limit's to refuse, with its own 413 page: tests/test_uploads.py).
    response = client.post(
        url,
        urlencode({"address": "x" * 5000, "phone": "+994"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "larger than the portal accepts at once" in page
    assert "Back button" in page
    assert "Bad Request (400)" not in page
    institution.refresh_from_db()
    assert institution.phone != "+994"


def test_another_bad_request_has_our_page_too(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "could not understand" in response.content.decode()
