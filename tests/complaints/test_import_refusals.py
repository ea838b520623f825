"""Files that used to crash an import are refused with the row named, and nothing saved; a
preview confirmed several times at once is imported once."""

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from complaints.importers import client_counts_import, complaints_import
from complaints.models import ClientCount, Complaint, ComplaintImport
from smartportal.tabular import ImportRejected
from tests.complaints.test_importers import HEADER, load
from tests.complaints.test_views_regulator import COUNTS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

COUNTS_HEADER = "institution_code,month,active_clients"


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_a_file_of_only_a_byte_order_mark_is_refused_as_empty(banks, content, tmp_path):
    for run in (complaints_import, client_counts_import):
        with pytest.raises(ImportRejected) as rejected:
            run(source=io.BytesIO(content), filename="c.csv")
        assert [str(error) for error in rejected.value.errors] == ["Row 1: The file is empty."]
    path = tmp_path / "bom.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_complaints", str(path), verbosity=0)


def test_a_cell_spelled_like_copys_null_is_kept_as_text(banks):
    summary = load([HEADER, "sirvan,2026-10-02,written,cards,\\N,,\\N"])
    assert summary.imported == 1
    complaint = Complaint.objects.get()
    assert (complaint.complainant_ref, complaint.reference) == ("\\N", "\\N")


def test_a_nul_character_in_a_cell_is_refused_with_its_row(banks):
    with pytest.raises(ImportRejected) as rejected:
        load(
            [
                HEADER,
                "sirvan,2026-10-02,written,cards,c1,,R-1",
                "gence,2026-10-03,oral,cards,c\0,,R-2",
            ]
        )
    assert [str(error) for error in rejected.value.errors] == [
        "Row 3: the cell in column complainant_ref holds a NUL character"
    ]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e30", "active_clients is more than 1,000,000,000"),
        ("18446744073709551617", "active_clients is more than 1,000,000,000"),
        ("9223372036854775808", "active_clients is more than 1,000,000,000"),
        ("1000000001", "active_clients is more than 1,000,000,000"),
        ("-1e30", "active_clients cannot be negative"),
        ("inf", "active_clients is not a whole number"),
        ("NaN", "active_clients is not a whole number"),
    ],
)
def test_a_client_count_too_large_for_any_institution_is_refused(banks, typed, message):
    text = f"{COUNTS_HEADER}\nsirvan,2026-10,{typed}\ngence,2026-10,1000000000\n"
    with pytest.raises(ImportRejected) as rejected:
        client_counts_import(source=io.BytesIO(text.encode()), filename="n.csv")
    assert [str(error) for error in rejected.value.errors] == [f"Row 2: {message}"]
    assert not ClientCount.objects.exists()


def test_a_client_count_in_scientific_notation_is_read_exactly(banks):
    text = f"{COUNTS_HEADER}\nsirvan,2026-10,4.12E+05\ngence,2026-10,999999999\n"
    client_counts_import(source=io.BytesIO(text.encode()), filename="n.csv")
    assert sorted(ClientCount.objects.values_list("active_clients", flat=True)) == [
        412000,
        999999999,
    ]


def test_a_confirmation_of_a_preview_already_imported_says_so(client_for, regulator, banks):
    client = client_for(regulator)
    client.cookies["django_language"] = "en"  # the page read in English
    preview = client.post(
        reverse("complaints:upload"),
        {"what": "client_counts", "file": SimpleUploadedFile("n.csv", COUNTS.encode())},
    )
    confirm = {
        "confirm": "1",
        "token": preview.context["token"],
        "what": "client_counts",
        "original": "n.csv",
    }
    client.post(reverse("complaints:upload"), confirm)
    again = client.post(reverse("complaints:upload"), confirm, follow=True)
    assert "it was already imported (or is being imported now)" in again.content.decode()
    assert ClientCount.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs separate connections at once (PostgreSQL; CI)",
)
@pytest.mark.parametrize(
    ("what", "content"),
    [
        ("client_counts", COUNTS),
        ("complaints", f"{HEADER}\nsirvan,2026-10-02,written,cards,c1,,R-1\n"),
    ],
)
def test_three_simultaneous_confirmations_of_one_preview_import_it_once(
    regulator, banks, what, content, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    staff = Client()
    staff.force_login(regulator)
    preview = staff.post(
        reverse("complaints:upload"),
        {"what": what, "file": SimpleUploadedFile("n.csv", content.encode())},
    )
    confirm = {"confirm": "1", "token": preview.context["token"], "what": what}
    barrier, statuses, failures = threading.Barrier(3), [], []

    def post():
        try:
            client = Client(raise_request_exception=True)
            client.force_login(regulator)
            barrier.wait(timeout=10)
            statuses.append(client.post(reverse("complaints:upload"), confirm).status_code)
        except Exception as error:  # noqa: BLE001  (the test reports it)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert statuses == [302, 302, 302]
    assert ClientCount.objects.count() == (2 if what == "client_counts" else 0)
    assert ComplaintImport.objects.count() == (1 if what == "complaints" else 0)
    assert list((tmp_path / "imports").iterdir()) == []


def test_a_file_of_one_endless_line_gets_a_short_answer(client_for, regulator, banks):
    endless = ("complaint" * 500_000).encode()  # 4.5 MB, no separator, no line end
    page = client_for(regulator).post(
        reverse("complaints:upload"),
        {"what": "complaints", "file": SimpleUploadedFile("one-line.csv", endless)},
    )
    assert page.status_code == 200
    assert len(page.content) < 100_000
    assert ("complaint" * 7)[:59] + "…" in page.content.decode()
