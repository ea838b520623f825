"""Files a regulator uploads: kept between the preview (a dry run) and the confirmation, then
imported; previews nobody confirmed are removed after a day."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from accounts.models import User

from .importers import (
    ClientCountSummary,
    ComplaintSummary,
    client_counts_import,
    complaints_import,
)

STASH_SECONDS = 24 * 60 * 60
# What a file can hold, with the template offered for it.
TEMPLATES = {
    "complaints": (
        "institution_code,received_on,channel,category,complainant_ref,is_repeat,reference\n"
        "absheron-bank,2026-10-02,written,cards,C-000123,0,CB-2026-10-0001\n"
    ),
    "client_counts": "institution_code,month,active_clients\nabsheron-bank,2026-10,412000\n",
}


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def upload_stash(*, upload: UploadedFile, what: str) -> str:
    """Keep an uploaded file until the user confirms the import; returns its token."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    uploads_expire(folder=folder)
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    token = f"{what}-{uuid.uuid4().hex}{suffix}"
    with (folder / token).open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token


def uploads_expire(*, folder: Path) -> None:
    """Remove the files kept longer than STASH_SECONDS: previews nobody confirmed."""
    stale = time.time() - STASH_SECONDS
    for old in folder.iterdir():
        if old.is_file() and old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)


def upload_stashed(*, token: str) -> Path | None:
    """The file kept under ``token``; None when there is none (any more)."""
    path = _folder() / Path(token).name
    return path if path.is_file() else None


def upload_claim(*, token: str) -> Path | None:
    """Take the file kept under ``token`` for its import, once: of simultaneous confirmations
    of one preview only the first gets it (a rename is atomic), the others None."""
    path = _folder() / Path(token).name
    claimed = path.with_name(f"claimed-{uuid.uuid4().hex}-{path.name}")
    try:
        path.rename(claimed)
    except FileNotFoundError:
        return None
    claimed.touch()  # kept from uploads_expire while it is imported, however old the preview
    return claimed


def upload_import(
    *, what: str, path: Path, dry_run: bool, by: User, original: str
) -> ComplaintSummary | ClientCountSummary:
    """Import a kept file (or preview the import, with ``dry_run``) under its original name."""
    if what == "client_counts":
        return client_counts_import(source=path, filename=original, dry_run=dry_run, by=by)
    return complaints_import(source=path, filename=original, dry_run=dry_run, by=by)
