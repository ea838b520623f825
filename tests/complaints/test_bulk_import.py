"""A bulk load on PostgreSQL sets the complaints table's indexes (and its key to itself) aside
and puts them back: the schema ends as it began, on success and on failure, the result is the
same as an import that keeps them, and other work goes on or waits as it should."""

import datetime
import io
import threading
import time
from contextlib import contextmanager

import psycopg2
import pytest
from django.db import OperationalError, connection

from complaints import admin, importers
from complaints.counting import ComplaintRecord, classify
from complaints.importers import BIG_IMPORT, TABLE, complaints_import
from complaints.models import Complaint, ComplaintCategory
from complaints.recount import IMPORT_LOCK
from tests.complaints.test_admin import stop_counting
from tests.factories import InstitutionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="bulk loads and the import lock are PostgreSQL's; CI runs them",
    ),
]

HEADER = "institution_code,received_on,channel,category,complainant_ref,is_repeat,reference"
ROWS = BIG_IMPORT + 500


def schema() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'complaints_complaint'"
            " UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'complaints_complaint'::regclass"
        )
        return set(cursor.fetchall())


def big_file(rows: int = ROWS) -> io.BytesIO:
    """Complaints in pairs: the same complainant, bank and category, 10 days apart, so the
    second is a repeat; every 7th pair is about loan requests (never counted)."""
    first = datetime.date(2025, 1, 1)
    lines = [HEADER]
    for number in range(rows):
        pair = number // 2
        bank = ("sirvan", "gence")[pair % 2]
        person = f"p{pair}"
        day = first + datetime.timedelta(days=pair % 300 + 10 * (number % 2))
        category = "loan_request" if pair % 7 == 0 else "cards"
        lines.append(f"{bank},{day.isoformat()},written,{category},{person},,R-{number}")
    return io.BytesIO(("\n".join(lines) + "\n").encode())


@contextmanager
def statements():
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


@pytest.fixture
def banks():
    return [
        InstitutionFactory(code=code, kind="bank", name_az=name)
        for code, name in [("sirvan", "Şirvan Bank"), ("gence", "Gəncə Bank")]
    ]


def test_a_bulk_load_puts_back_every_index_and_foreign_key(banks):
    before = schema()
    with statements() as seen:
        summary = complaints_import(source=big_file(), filename="big.csv")
    assert any(sql.startswith("DROP INDEX") for sql in seen), "the bulk path was not taken"
    assert schema() == before
    assert summary.imported == ROWS == Complaint.objects.count()
    # The same verdicts as the rule in Python gives them.
    counted = set(
        ComplaintCategory.objects.filter(counts_toward_index=True).values_list("code", flat=True)
    )
    verdicts = classify(
        [
            ComplaintRecord(
                c.pk, c.institution_id, c.received_on, c.category.code, c.complainant_ref
            )
            for c in Complaint.objects.select_related("category")
        ],
        counted_categories=counted,
    )
    stored = {c.pk: (c.counted, c.reason, c.repeat_of_id) for c in Complaint.objects.all()}
    assert stored == {
        pk: (verdict.counted, str(verdict.reason), verdict.earlier)
        for pk, verdict in verdicts.items()
    }
    assert summary.excluded["repeat"] > 0 and summary.excluded["category_excluded"] > 0
    # The unique index is back: the same file adds nothing the second time.
    again = complaints_import(source=big_file(), filename="big.csv")
    assert (again.imported, again.already_imported) == (0, ROWS)


def test_a_failure_after_the_indexes_are_set_aside_puts_everything_back(banks, monkeypatch):
    before = schema()

    def fail(**kwargs):
        raise RuntimeError("the recount failed")

    monkeypatch.setattr(importers, "complaints_recount", fail)
    with statements() as seen, pytest.raises(RuntimeError):
        complaints_import(source=big_file(), filename="big.csv")
    assert any(sql.startswith("DROP INDEX") for sql in seen)
    assert schema() == before
    assert Complaint.objects.count() == 0


def test_a_dry_run_and_a_small_file_keep_the_indexes(banks):
    with statements() as seen:
        preview = complaints_import(source=big_file(), filename="big.csv", dry_run=True)
        small = complaints_import(source=big_file(BIG_IMPORT - 1), filename="small.csv")
    assert not any(sql.startswith(("DROP INDEX", "ALTER TABLE")) for sql in seen)
    assert preview.imported == ROWS and small.imported == BIG_IMPORT - 1
    assert Complaint.objects.count() == BIG_IMPORT - 1


def seed(rows: int) -> None:
    """``rows`` complaints already in the table (and in the planner's statistics)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO complaints_complaint (institution_id, received_on, channel, category_id,"
            " complainant_ref, is_repeat, reference, counted, reason, imported_at)"
            " SELECT i.id, DATE '2024-01-01' + mod(n, 300), 'oral', c.id, '', false, 'OLD-' || n,"
            " true, 'counted', now() FROM generate_series(1, %s) n,"
            " (SELECT MIN(id) AS id FROM institutions_institution) i,"
            " (SELECT MIN(id) AS id FROM complaints_complaintcategory) c",
            [rows],
        )
        cursor.execute("ANALYZE complaints_complaint")


@pytest.mark.parametrize(("existing", "bulk"), [(4 * ROWS - 2000, True), (4 * ROWS + 2000, False)])
def test_a_bulk_load_is_a_quarter_of_the_table_or_more(banks, existing, bulk):
    seed(existing)
    with statements() as seen:
        summary = complaints_import(source=big_file(), filename="big.csv")
    assert any(sql.startswith("DROP INDEX") for sql in seen) is bulk
    assert summary.imported == ROWS
    assert Complaint.objects.count() == existing + ROWS


def test_a_file_already_imported_keeps_the_indexes(banks):
    complaints_import(source=big_file(), filename="big.csv")
    with statements() as seen:
        again = complaints_import(source=big_file(), filename="big.csv")
    assert again.imported == 0
    assert not any(sql.startswith(("DROP INDEX", "ALTER TABLE")) for sql in seen)


def test_during_a_bulk_load_institutions_stay_readable_and_complaints_wait(banks, monkeypatch):
    """The pages that read institutions or categories go on; those that read complaints wait
    for the load to end (here: a reader with a 1 s lock timeout is refused)."""
    seen: dict[str, str] = {}

    def read_from_another_connection():
        for table in ("institutions_institution", "complaints_complaintcategory", TABLE):
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
                    cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                    seen[table] = "read"
            except OperationalError:
                seen[table] = "waited"
        connection.close()

    recount = importers.complaints_recount

    def recount_while_reading(**kwargs):
        reader = threading.Thread(target=read_from_another_connection)
        reader.start()
        reader.join()
        return recount(**kwargs)

    monkeypatch.setattr(importers, "complaints_recount", recount_while_reading)
    complaints_import(source=big_file(), filename="big.csv")
    assert seen == {
        "institutions_institution": "read",
        "complaints_complaintcategory": "read",
        TABLE: "waited",
    }


def other_connection():
    """A plain connection to the test database, outside Django's."""
    settings = connection.settings_dict
    return psycopg2.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    )


def test_a_transaction_that_reads_then_writes_complaints_during_a_bulk_load_goes_through(banks):
    """The import takes its table lock once, at full strength: a transaction that read the
    complaints before and writes them after (an administrator's recount) is let through first,
    where raising a lock the import already held deadlocked one of the two."""
    other, watcher = other_connection(), other_connection()
    watcher.autocommit = True
    result = {}

    def run_import():
        try:
            result["summary"] = complaints_import(source=big_file(), filename="big.csv")
        except Exception as error:  # noqa: BLE001  (asserted below)
            result["error"] = error
        finally:
            connection.close()

    try:
        cursor = other.cursor()
        cursor.execute("SELECT COUNT(*) FROM complaints_complaint")
        importer = threading.Thread(target=run_import)
        importer.start()
        with watcher.cursor() as watch:
            for _ in range(300):  # until the import waits for this transaction's lock
                watch.execute(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                if watch.fetchone()[0]:
                    break
                time.sleep(0.1)
            else:
                pytest.fail("the import never waited for the reading transaction")
        cursor.execute("UPDATE complaints_complaint SET reason = reason WHERE id < 0")
        other.commit()
        importer.join(timeout=120)
    finally:
        other.close()
        watcher.close()
    assert "error" not in result, result.get("error")
    assert result["summary"].imported == ROWS


def test_a_category_change_waits_for_a_running_import(client_for, administrator, monkeypatch):
    """The administrator's save takes the import's advisory lock before it touches the
    category, so its recount sees the import's rows and cannot deadlock with its checks."""
    held = []

    def recount_all():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND pid = pg_backend_pid() AND objid = %s",
                [IMPORT_LOCK],
            )
            held.append(cursor.fetchone()[0])
        return 0

    monkeypatch.setattr(admin, "complaints_recount_all", recount_all)
    stop_counting(client_for(administrator), ComplaintCategory.objects.get(code="fees"))
    assert held == [1]
