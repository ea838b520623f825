"""Benchmark of the complaint index on PostgreSQL (run by `make bench`, not by `make test`).

1,000,000 generated complaints over 36 months and 30 banks:
- import rows per second, against a raw COPY of the same file into a plain table, and against
  the least any import into the complaints table costs;
- one month's table, against the bare SQL aggregate behind it.
Prints the figures; it asserts nothing about time.
"""

import csv
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import django

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
BANKS = 30
MONTHS = 36
FIRST = datetime.date(2023, 1, 1)


def clear(connection, banks) -> None:
    """Remove the benchmark's complaints in one statement (the ORM would go row by row)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM complaints_complaint WHERE institution_id = ANY(%s)",
            [[bank.pk for bank in banks]],
        )
        # Each run deletes a million rows: without this the next one measures a bloated table.
        cursor.execute("VACUUM ANALYZE complaints_complaint")


def least_insert(cursor) -> tuple[float, float, int]:
    """Seconds to insert bench_raw's rows, typed by joins, into a copy of the complaints table
    that has only its primary key, then to build copies of the table's other indexes: the
    floor under any import that ends with the rows in that table, however it reads and checks
    the file: the insert alone, and with the indexes built."""
    cursor.execute("DROP TABLE IF EXISTS bench_floor")
    cursor.execute(
        "CREATE TABLE bench_floor (LIKE complaints_complaint INCLUDING DEFAULTS INCLUDING IDENTITY)"
    )
    cursor.execute("ALTER TABLE bench_floor ADD PRIMARY KEY (id)")
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'complaints_complaint'"
        " AND indexname <> 'complaints_complaint_pkey'"
    )
    indexes = [
        definition.replace(" INDEX ", " INDEX bench_floor_", 1).replace(
            "complaints_complaint ", "bench_floor ", 1
        )
        for (definition,) in cursor.fetchall()
    ]
    started = time.perf_counter()
    cursor.execute(
        "INSERT INTO bench_floor (institution_id, received_on, channel, category_id,"
        " complainant_ref, is_repeat, reference, counted, reason, imported_at)"
        " SELECT i.id, r.received_on::date, r.channel, c.id, r.complainant_ref,"
        " r.is_repeat = '1', r.reference, true, 'counted', now() FROM bench_raw r"
        " JOIN institutions_institution i ON i.code = r.institution_code"
        " JOIN complaints_complaintcategory c ON c.code = r.category"
        " ORDER BY r.received_on::date, i.id"
    )
    inserted = time.perf_counter() - started
    for statement in indexes:
        cursor.execute(statement)
    indexed = time.perf_counter() - started
    cursor.execute("DROP TABLE bench_floor")
    return inserted, indexed, len(indexes)


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartportal.settings.local")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)

    from complaints.importers import COMPLAINT_COLUMNS, COMPLAINT_OPTIONAL, complaints_import
    from complaints.index import complaint_index
    from complaints.models import ClientCount, ComplaintCategory, ZoneRule
    from complaints.publications import rule_of
    from complaints.selectors import add_months, period_counts
    from institutions.models import Institution

    banks = []
    for number in range(BANKS):
        bank, _ = Institution.objects.get_or_create(
            code=f"bench-bank-{number:02d}", defaults={"kind": "bank", "name_az": f"Bank {number}"}
        )
        banks.append(bank)
    clear(connection, banks)
    ClientCount.objects.filter(institution__in=banks).delete()
    ClientCount.objects.bulk_create(
        ClientCount(institution=bank, month=add_months(FIRST, m), active_clients=20_000 + 9_000 * i)
        for i, bank in enumerate(banks)
        for m in range(MONTHS)
    )

    rng = random.Random(2026)
    categories = [
        "cards",
        "payments",
        "accounts",
        "cash",
        "loans",
        "fees",
        "remote_banking",
        "service",
        "other",
        "loan_concession",
        "loan_request",
        "outside_mandate",
    ]
    weights = [14, 10, 10, 8, 16, 10, 10, 8, 4, 5, 3, 2]
    days = (add_months(FIRST, MONTHS) - FIRST).days
    path = Path(tempfile.mkdtemp()) / "complaints.csv"
    started = time.perf_counter()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COMPLAINT_COLUMNS, *COMPLAINT_OPTIONAL])
        codes = [bank.code for bank in banks]
        bank_weights = [1 + i for i in range(BANKS)]
        for number in range(ROWS):
            writer.writerow(
                [
                    rng.choices(codes, bank_weights)[0],
                    (FIRST + datetime.timedelta(days=rng.randrange(days))).isoformat(),
                    rng.choice(("oral", "written", "in_person")),
                    rng.choices(categories, weights)[0],
                    f"P{rng.randrange(ROWS // 3)}",
                    "1" if rng.random() < 0.02 else "0",
                    f"CB-{number}",
                ]
            )
    size_mb = path.stat().st_size / 1e6
    print(f"Generated {ROWS:,} rows ({size_mb:.0f} MB) in {time.perf_counter() - started:.1f} s")

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute(
            "CREATE TABLE bench_raw (institution_code text, received_on text, channel text,"
            " category text, complainant_ref text, is_repeat text, reference text)"
        )
        started = time.perf_counter()
        with path.open(encoding="utf-8") as handle:
            cursor.cursor.copy_expert("COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER)", handle)
        raw_seconds = time.perf_counter() - started
        insert_seconds, floor_seconds, indexes = least_insert(cursor)
        cursor.execute("DROP TABLE bench_raw")
    print(f"Raw COPY into a plain table: {raw_seconds:.1f} s, {ROWS / raw_seconds:,.0f} rows/s")
    print(
        "Least any import into the complaints table costs (the rows already in the database,"
        " no checks): insert into a copy of the table with its primary key only"
        f" {insert_seconds:.1f} s ({raw_seconds / insert_seconds:.2f} of raw COPY's speed);"
        f" with its other {indexes} indexes then built {floor_seconds:.1f} s"
        f" ({raw_seconds / floor_seconds:.2f})"
    )

    # A second reference: the same rows copied straight into the complaints table, with its
    # indexes and foreign keys but none of the import's checks, counting or recount.
    ids = {bank.code: bank.pk for bank in banks}
    category_ids = dict(ComplaintCategory.objects.values_list("code", "pk"))
    typed = path.with_name("typed.csv")
    with path.open(encoding="utf-8") as source, typed.open("w", encoding="utf-8") as target:
        reader = csv.reader(source)
        next(reader)
        writer = csv.writer(target)
        for code, received, channel, category, person, repeat, reference in reader:
            writer.writerow(
                [
                    ids[code],
                    received,
                    channel,
                    category_ids[category],
                    person,
                    repeat == "1",
                    reference,
                    True,
                    "counted",
                    "2026-01-01T00:00:00Z",
                ]
            )
    with connection.cursor() as cursor:
        started = time.perf_counter()
        with typed.open(encoding="utf-8") as handle:
            cursor.cursor.copy_expert(
                "COPY complaints_complaint (institution_id, received_on, channel, category_id,"
                " complainant_ref, is_repeat, reference, counted, reason, imported_at)"
                " FROM STDIN WITH (FORMAT csv)",
                handle,
            )
        table_seconds = time.perf_counter() - started
    typed.unlink()
    clear(connection, banks)
    print(
        f"Raw COPY into the complaints table itself: {table_seconds:.1f} s, "
        f"{ROWS / table_seconds:,.0f} rows/s"
    )

    started = time.perf_counter()
    summary = complaints_import(source=path)
    import_seconds = time.perf_counter() - started
    print(
        f"import_complaints: {import_seconds:.1f} s, {ROWS / import_seconds:,.0f} rows/s "
        f"({raw_seconds / import_seconds:.2f} of raw COPY's speed, "
        f"{table_seconds / import_seconds:.2f} of COPY into the complaints table); "
        f"{summary.counted:,} counted, excluded {summary.excluded}"
    )

    month = add_months(FIRST, MONTHS // 2)
    after = add_months(month, 1)
    rule = rule_of(ZoneRule.objects.get(is_default=True))
    timings = {"table": [], "aggregate": []}
    for _ in range(5):
        started = time.perf_counter()
        table = complaint_index(period_counts(month=month, kind="bank").values(), rule)
        timings["table"].append(time.perf_counter() - started)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.institution_id, COUNT(*) FROM complaints_complaint c"
                " JOIN institutions_institution i ON i.id = c.institution_id"
                " WHERE i.kind = 'bank' AND c.counted AND c.received_on >= %s"
                " AND c.received_on < %s GROUP BY c.institution_id",
                [month, after],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT cc.institution_id, AVG(cc.active_clients) FROM complaints_clientcount cc"
                " JOIN institutions_institution i ON i.id = cc.institution_id"
                " WHERE i.kind = 'bank' AND cc.month >= %s AND cc.month < %s"
                " GROUP BY cc.institution_id",
                [month, after],
            )
            cursor.fetchall()
        timings["aggregate"].append(time.perf_counter() - started)
    table_ms = 1000 * min(timings["table"])
    aggregate_ms = 1000 * min(timings["aggregate"])
    print(
        f"Month table {month:%Y-%m} ({len(table.rows)} banks listed): {table_ms:.1f} ms; "
        f"bare SQL aggregate: {aggregate_ms:.1f} ms; ratio {table_ms / aggregate_ms:.2f}"
    )
    failed_import_leaves_nothing(path, connection)
    clear(connection, banks)
    path.unlink()


def failed_import_leaves_nothing(path: Path, connection) -> None:
    """One bad row at 90 % of the file (row 900,000 of 1,000,000): the import is refused,
    names the row, and the database is as it was. Exits non-zero otherwise."""
    from complaints.importers import complaints_import
    from complaints.models import ComplaintImport
    from smartportal.tabular import ImportRejected

    bad_row = ROWS * 9 // 10
    broken = path.with_name("broken.csv")
    with path.open(encoding="utf-8") as source, broken.open("w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            target.write("no-such-bank" + line[line.index(",") :] if number == bad_row else line)

    def state() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM complaints_complaint")
            return (*cursor.fetchone(), ComplaintImport.objects.count())

    before = state()
    started = time.perf_counter()
    try:
        complaints_import(source=broken)
    except ImportRejected as rejected:
        named = [error.row for error in rejected.errors]
    else:
        sys.exit("The import with a bad row was accepted.")
    seconds = time.perf_counter() - started
    after = state()
    broken.unlink()
    # Rows are numbered as a spreadsheet shows them: the header is row 1.
    print(
        f"Import with one bad row at row {bad_row + 1:,} of {ROWS + 1:,}: refused in "
        f"{seconds:.1f} s, rows named {named}; complaints before/after {before[0]:,}/{after[0]:,}"
    )
    if named != [bad_row + 1] or after != before:
        sys.exit("The failed import changed the database or named the wrong row.")


if __name__ == "__main__":
    main()
