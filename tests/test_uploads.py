"""Uploads are refused while they stream: nothing beyond a page's limit reaches the disk, and an
anonymous POST to a login-only page is answered before its body is read.

The streaming tests send a body chunk by chunk to a real server (the live server) and, after
each chunk, weigh what the server holds in its temporary folder.
"""

import http.client
import os
import select
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from assessments.models import Evidence
from tests.assessments.test_services import indicators_of
from tests.assessments.test_views import fill_url, page_data

MB = 1024 * 1024
LIMIT = 1 * MB
BOUNDARY = "----limit-test-boundary"
CHUNK = 64 * 1024
UPLOAD_PAGES = ("assessments:fill", "assessments:offline_upload", "complaints:upload")


def on_disk(folder: Path) -> int:
    total = 0
    for entry in os.scandir(folder):
        try:
            total += entry.stat().st_size
        except FileNotFoundError:
            continue
    return total


def answered(connection: http.client.HTTPConnection, wait: float = 0) -> bool:
    return bool(select.select([connection.sock], [], [], wait)[0])


def stream(base_url: str, path: str, *, size: int, folder: Path, cookie: str = ""):
    """POST a form with one file of ``size`` bytes, sent in chunks like a slow browser; after
    each chunk, and until the answer comes, weigh ``folder``. Returns the answer, the most
    bytes seen in ``folder`` and the bytes of the file sent."""
    address = urlsplit(base_url)
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    connection.putheader("Content-Length", str(len(head) + size + len(tail)))
    # A CSRF cookie, as any visitor gets from the login page: the check then reads the body.
    csrf = f"{django_settings.CSRF_COOKIE_NAME}={'a' * 32}"
    connection.putheader("Cookie", f"{csrf}; {cookie}" if cookie else csrf)
    connection.endheaders()
    connection.send(head)
    most, sent, block = 0, 0, b"0" * CHUNK
    try:
        while sent < size and not answered(connection):
            piece = block[: min(CHUNK, size - sent)]
            connection.send(piece)
            sent += len(piece)
            most = max(most, on_disk(folder))
        if sent == size:
            connection.send(tail)
        # The server may still be writing what it has received.
        deadline = time.monotonic() + 30
        while not answered(connection, 0.005) and time.monotonic() < deadline:
            most = max(most, on_disk(folder))
        response = connection.getresponse()
        response.body = response.read()
    finally:
        connection.close()
    return response, most, sent


@pytest.fixture
def spool(settings, tmp_path):
    """Every file goes to the temporary folder, returned; the upload pages take 1 MB here."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.UPLOAD_LIMITS = dict.fromkeys(UPLOAD_PAGES, LIMIT)
    settings.MEDIA_ROOT = tmp_path / "media"
    return folder


def signed_in(client, user) -> str:
    client.force_login(user)
    return f"{django_settings.SESSION_COOKIE_NAME}={client.session.session_key}"


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_post_to_a_login_only_page_is_answered_unread(live_server, spool, settings):
    # Even a body within the page's limit: nobody anonymous has it written to disk.
    settings.UPLOAD_LIMITS = dict.fromkeys(UPLOAD_PAGES, 64 * MB)
    url = reverse("complaints:upload")
    response, most, _ = stream(live_server.url, url, size=16 * MB, folder=spool)
    assert most == 0, f"{most} bytes on disk"
    assert response.status == 302
    assert response.getheader("Location") == f"{reverse('login')}?next={url}"


@pytest.mark.django_db(transaction=True)
def test_an_oversized_body_is_refused_before_it_is_read(
    live_server, spool, client, assessment, manager
):
    cookie = signed_in(client, manager)
    response, most, _ = stream(
        live_server.url, fill_url(assessment), size=LIMIT + 16 * MB, folder=spool, cookie=cookie
    )
    assert most == 0, f"{most} bytes on disk"
    assert response.status == 413


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_stopped_at_the_limit_while_it_streams(
    live_server, spool, settings, client, assessment, manager
):
    # Room for large form fields: the length announced passes, the file's bytes are counted.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * MB
    cookie = signed_in(client, manager)
    response, most, _ = stream(
        live_server.url, fill_url(assessment), size=LIMIT + 16 * MB, folder=spool, cookie=cookie
    )
    assert most <= LIMIT, f"{most} bytes on disk"
    assert response.status == 413
    assert on_disk(spool) == 0
    assert Evidence.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_page_without_login_refuses_an_oversized_body_unread(live_server, spool):
    response, most, _ = stream(live_server.url, reverse("login"), size=16 * MB, folder=spool)
    assert most == 0, f"{most} bytes on disk"
    assert response.status == 413


@pytest.fixture
def en(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_evidence_within_the_limit_is_saved_and_beyond_it_nothing(
    en, manager, assessment, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_LIMITS = {"assessments:fill": 64 * 1024}
    en.force_login(manager)
    first = indicators_of(assessment)[0]

    def post(size):
        data = page_data(assessment, 1, {})
        data[f"i{first.pk}-files"] = SimpleUploadedFile("a.pdf", b"%PDF-1.4" + b"0" * size)
        return en.post(fill_url(assessment), data)

    assert post(60 * 1024).status_code in {200, 302}
    assert Evidence.objects.count() == 1

    refused = post(70 * 1024)
    assert refused.status_code == 413
    assert (
        "This page accepts files of at most 64.0\xa0KB in all at a time."
        in refused.content.decode()
    )
    assert Evidence.objects.count() == 1


@pytest.mark.django_db
def test_each_kind_of_upload_has_its_own_limit(en, manager, regulator, assessment, settings):
    settings.UPLOAD_LIMITS = {
        "assessments:fill": 10 * 1024,
        "assessments:offline_upload": 20 * 1024,
        "complaints:upload": 30 * 1024,
    }
    offline = reverse("assessments:offline_upload", kwargs={"pk": assessment.pk})
    pages = [
        (manager, fill_url(assessment), 10 * 1024),
        (manager, offline, 20 * 1024),
        (regulator, reverse("complaints:upload"), 30 * 1024),
    ]
    for user, url, limit in pages:
        en.force_login(user)
        for size, refused in [(limit, False), (limit + 1, True)]:
            upload = SimpleUploadedFile("f.xlsx", b"0" * size)
            response = en.post(url, {"file": upload, "what": "complaints", "mode": "blanks"})
            assert (response.status_code == 413) is refused, (url, size)


@pytest.mark.django_db
def test_a_page_without_files_takes_none(en, manager):
    en.force_login(manager)
    response = en.post(reverse("assessments:start"), {"file": SimpleUploadedFile("a.txt", b"x")})
    assert response.status_code == 413
    assert "This page does not accept files." in response.content.decode()


def test_every_limit_names_a_page():
    names = {
        resolve(path).view_name
        for path in [
            "/assessments/1/principles/1/",
            "/assessments/1/offline/",
            "/complaints/upload/",
        ]
    }
    assert set(django_settings.UPLOAD_LIMITS) == names
    assert django_settings.FILE_UPLOAD_HANDLERS[0] == "smartportal.uploads.UploadLimitHandler"
