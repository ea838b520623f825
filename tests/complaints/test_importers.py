import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from complaints.importers import client_counts_import, complaints_import
from complaints.models import ClientCount, ClientCountChange, Complaint
from smartportal.tabular import ImportRejected
from tests.factories import InstitutionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = "institution_code,received_on,channel,category,complainant_ref,is_repeat,reference"


@pytest.fixture
def banks():
    return [
        InstitutionFactory(code=code, kind="bank", name_az=name)
        for code, name in [("sirvan", "Şirvan Bank"), ("gence", "Gəncə Bank")]
    ]


def load(lines, *, sep=",", encoding="utf-8", dry_run=False, name="c.csv"):
    text = "\n".join(line.replace(",", sep) for line in lines) + "\n"
    return complaints_import(
        source=io.BytesIO(text.encode(encoding)), filename=name, dry_run=dry_run
    )


ROWS = [
    "sirvan,2026-10-02,written,cards,c1,,R-1",
    "sirvan,12.10.2026,oral,cards,c1,,R-2",
    "sirvan,2026-10-03,in_person,loan_concession,c2,no,R-3",
    "gence,2026-10-04,written,fees,c3,yes,R-4",
    "gence,2026-10-05,written,service,,0,R-5",
]


def test_import_counts_repeats_and_exclusions(banks):
    summary = load([HEADER, *ROWS])
    assert (summary.rows, summary.imported, summary.counted) == (5, 5, 2)
    assert summary.excluded == {"repeat": 1, "category_excluded": 1, "flagged_repeat": 1}
    repeat = Complaint.objects.get(reference="R-2")
    assert (repeat.counted, repeat.reason) == (False, "repeat")
    assert repeat.repeat_of == Complaint.objects.get(reference="R-1")


def test_reimporting_with_references_adds_nothing_twice(banks):
    load([HEADER, *ROWS])
    summary = load([HEADER, *ROWS, "gence,2026-10-06,oral,cash,c9,,R-6"])
    assert (summary.imported, summary.already_imported) == (1, 5)
    assert Complaint.objects.count() == 6


def test_a_dry_run_previews_and_saves_nothing(banks):
    summary = load([HEADER, *ROWS], dry_run=True)
    assert (summary.imported, summary.counted) == (5, 2)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("sep", "encoding"), [(";", "utf-8-sig"), (";", "cp1251"), (",", "cp1254")]
)
def test_semicolons_bom_and_windows_code_pages(banks, sep, encoding):
    assert load([HEADER, *ROWS], sep=sep, encoding=encoding).imported == 5


def test_excel_input(banks):
    frame = pd.DataFrame([row.split(",") for row in ROWS], columns=HEADER.split(","))
    frame["received_on"] = pd.to_datetime(frame["received_on"], format="mixed", dayfirst=True)
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    buffer.seek(0)
    assert complaints_import(source=buffer, filename="c.xlsx").imported == 5


def test_every_kind_of_bad_row_is_named_and_nothing_is_saved(banks):
    lines = [
        HEADER,
        ROWS[0],
        "nobank,2026-10-02,written,cards,,,X-1",
        "sirvan,2026-13-40,written,cards,,,X-2",
        "sirvan,2026-10-02,email,cards,,,X-3",
        "sirvan,2026-10-02,written,lottery,,,X-4",
        "sirvan,2026-10-02,written,cards,,maybe,X-5",
        "sirvan,2026-10-02,written,cards,,,R-1",
        "sirvan,2099-01-01,written,cards,,,X-6",
    ]
    with pytest.raises(ImportRejected) as rejected:
        load(lines)
    errors = {error.row: error.message for error in rejected.value.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9}
    assert "unknown institution nobank" in errors[3]
    assert "not a date" in errors[4]
    assert "channel" in errors[5]
    assert "unknown category lottery" in errors[6]
    assert "is_repeat" in errors[7]
    assert "repeats row 2" in errors[8]
    assert "future" in errors[9]
    assert not Complaint.objects.exists()


def test_a_missing_column_is_named(banks):
    with pytest.raises(ImportRejected, match="category"):
        load(["institution_code,received_on,channel", "sirvan,2026-10-02,written"])


def test_client_counts_are_replaced_and_the_replacement_recorded(banks):
    text = "institution_code;month;active_clients\nsirvan;2026-10;41 000\ngence;2026-10;9000\n"
    summary = client_counts_import(source=io.BytesIO(text.encode()), filename="n.csv")
    assert (summary.created, summary.replaced) == (2, 0)
    text2 = "institution_code,month,active_clients\nsirvan,2026-10,42000\ngence,2026-10,9000\n"
    summary = client_counts_import(source=io.BytesIO(text2.encode()), filename="n2.csv")
    assert (summary.created, summary.replaced, summary.unchanged) == (0, 1, 1)
    assert ClientCount.objects.get(institution__code="sirvan").active_clients == 42000
    change = ClientCountChange.objects.get()
    assert (change.old_value, change.new_value, change.source) == (41000, 42000, "n2.csv")


def test_bad_client_count_rows(banks):
    text = (
        "institution_code,month,active_clients\n"
        "sirvan,2026-10,-5\nsirvan,October,10\nnobank,2026-10,1\ngence,2026-10,1\ngence,2026-10,2\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        client_counts_import(source=io.BytesIO(text.encode()), filename="n.csv")
    rows = {error.row: error.message for error in rejected.value.errors}
    assert set(rows) == {2, 3, 4, 6}
    assert "negative" in rows[2] and "YYYY-MM" in rows[3] and "row 5" in rows[6]
    assert not ClientCount.objects.exists()


def test_the_commands(banks, tmp_path, capsys):
    complaints = tmp_path / "c.csv"
    complaints.write_text("\n".join([HEADER, *ROWS]), encoding="utf-8")
    call_command("import_complaints", str(complaints), "--dry-run", verbosity=0)
    assert "5 would be imported" in capsys.readouterr().out
    assert not Complaint.objects.exists()
    call_command("import_complaints", str(complaints), verbosity=0)
    counts = tmp_path / "n.csv"
    counts.write_text(
        "institution_code,month,active_clients\nsirvan,2026-10,10000\ngence,2026-10,40000\n"
    )
    call_command("import_client_counts", str(counts))
    capsys.readouterr()
    call_command("complaint_index", "--month", "2026-10", "--format", "csv")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "month,institution_code,institution,complaints,complaint_share,clients,"
        "client_share,expected,index,index_low,index_high,funnel,zone"
    )
    # Counted: sirvan 1, gence 1; clients 10,000 and 40,000: expected 2 × 0.2
    # and 2 × 0.8; one complaint each is well within the funnel.
    rows = [line.split(",") for line in out[1:]]
    assert [r[:2] + r[3:9] + r[11:] for r in rows] == [
        ["2026-10", "sirvan", "1", "0.5", "10000", "0.2", "0.4", "2.5", "within", "red"],
        ["2026-10", "gence", "1", "0.5", "40000", "0.8", "1.6", "0.625", "within", "green"],
    ]
    # Garwood for one complaint: χ²(0.025; 2) / 2 = 0.02532, χ²(0.975; 4) / 2 = 5.5716.
    assert float(rows[0][9]) == pytest.approx(0.02532 / 0.4, rel=1e-3)
    assert float(rows[1][10]) == pytest.approx(5.5716 / 1.6, rel=1e-3)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\nnobank,2026-10-02,written,cards,,,\n")
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_complaints", str(bad), verbosity=0)


def test_client_counts_with_decimals_are_refused_not_inflated(banks):
    text = "institution_code,month,active_clients\nsirvan,2026-10,1.5\ngence,2026-10,412000.0\n"
    with pytest.raises(ImportRejected) as rejected:
        client_counts_import(source=io.BytesIO(text.encode()), filename="n.csv")
    assert [error.row for error in rejected.value.errors] == [2]
