"""Uploaded files kept between the preview and the confirmation, and imported from there."""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import ClientCount
from complaints.uploads import (
    STASH_SECONDS,
    upload_import,
    upload_stash,
    upload_stashed,
    uploads_expire,
)
from tests.complaints.test_views_regulator import COUNTS

pytestmark = pytest.mark.django_db


def test_unconfirmed_previews_are_not_kept_for_ever(
    client_for, regulator, banks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    old = tmp_path / "imports" / "abandoned.csv"
    old.parent.mkdir()
    old.write_text("x")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    preview = client_for(regulator).post(
        reverse("complaints:upload"),
        {"what": "client_counts", "file": SimpleUploadedFile("n.csv", COUNTS.encode())},
    )
    assert preview.context["summary"].created == 2
    assert not old.exists()
    assert (tmp_path / "imports" / preview.context["token"]).exists()


def test_a_stashed_file_is_found_by_its_token_and_only_by_it(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = upload_stash(upload=SimpleUploadedFile("Counts.XLSX", b"data"), what="client_counts")
    assert token.startswith("client_counts-") and token.endswith(".xlsx")
    assert upload_stashed(token=token).read_bytes() == b"data"
    # A token is a file name in the folder, never a path out of it.
    assert upload_stashed(token=f"../imports/{token}") == tmp_path / "imports" / token
    assert upload_stashed(token="client_counts-unknown.csv") is None


def test_only_files_older_than_a_day_expire(tmp_path):
    fresh, stale = tmp_path / "fresh.csv", tmp_path / "stale.csv"
    for path in (fresh, stale):
        path.write_text("x")
    old = time.time() - STASH_SECONDS - 60
    os.utime(stale, (old, old))
    uploads_expire(folder=tmp_path)
    assert fresh.exists() and not stale.exists()


def test_a_dry_run_import_saves_nothing_and_the_import_does(banks, regulator, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(COUNTS)
    preview = upload_import(
        what="client_counts", path=path, dry_run=True, by=regulator, original="n.csv"
    )
    assert (preview.created, ClientCount.objects.count()) == (2, 0)
    upload_import(what="client_counts", path=path, dry_run=False, by=regulator, original="n.csv")
    assert ClientCount.objects.count() == 2
