"""Loading complaints and client counts from CSV or Excel files.

Every row is checked before anything is saved; one bad row rejects the whole file with
each bad row named. A dry run does the whole import inside a transaction and rolls it
back, so its preview is exactly what the import would do.
"""

import csv
import datetime
import io
import shutil
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from institutions.models import Institution
from smartportal.tabular import (
    HEADER_ROW,
    ImportRejected,
    RowError,
    TableError,
    check_columns,
    echo,
    iter_table,
    normalise_date,
    normalise_number,
    read_table,
)

from .counting import Reason
from .models import (
    Channel,
    ClientCount,
    ClientCountChange,
    Complaint,
    ComplaintCategory,
    ComplaintImport,
)
from .months import FIRST_MONTH, month_in_range, range_bounds
from .recount import complaints_recount, counted_sql, imports_locked_out, reason_sql

COMPLAINT_COLUMNS = ["institution_code", "received_on", "channel", "category"]
COMPLAINT_OPTIONAL = ["complainant_ref", "is_repeat", "reference"]
CLIENT_COLUMNS = ["institution_code", "month", "active_clients"]
TRUE_WORDS = {"1", "true", "yes", "bəli", "da", "да"}
FALSE_WORDS = {"", "0", "false", "no", "xeyr", "yox", "нет"}


class _DryRun(Exception):
    """Raised to roll a dry run back."""


@dataclass
class ComplaintSummary:
    rows: int = 0
    imported: int = 0
    already_imported: int = 0
    counted: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


@dataclass
class ClientCountSummary:
    rows: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    dry_run: bool = False


def _read(
    source: BinaryIO | Path | str, filename: str | None, required: list[str], known: list[str]
):
    try:
        frame = read_table(source, filename=filename)
    except TableError as exc:
        raise ImportRejected([RowError(HEADER_ROW, str(exc))]) from exc
    check_columns(list(frame.columns), required=required, optional=known)
    if frame.empty:
        raise ImportRejected([RowError(HEADER_ROW, _("The file has no rows."))])
    return frame


def _parse_dates(values: pd.Series) -> pd.Series:
    """ISO dates, or DD.MM.YYYY / DD/MM/YYYY ones; anything else becomes NaT."""
    dates = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
    others = dates.isna()
    if others.any():  # only the cells that are not ISO dates go through the slower pattern
        dotted = values[others].str.replace(
            r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$", r"\3-\2-\1", regex=True
        )
        dates[others] = pd.to_datetime(dotted, format="%Y-%m-%d", errors="coerce")
    return dates


def _add(errors: dict[int, list[str]], rows, message: str) -> None:
    for row in rows:
        errors.setdefault(int(row), []).append(message)


def _reject(errors: dict[int, list[str]]) -> None:
    if errors:
        raise ImportRejected(
            [RowError(row, "; ".join(messages)) for row, messages in sorted(errors.items())]
        )


MAX_REPORTED = 1000
BIG_IMPORT = 10_000
STAGING_COLUMNS = [
    "row_number",
    "institution_id",
    "received_on",
    "channel",
    "category_id",
    "complainant_ref",
    "is_repeat",
    "reference",
]


def _validate_complaints(
    frame: pd.DataFrame, institutions: dict[str, int], categories: dict[str, int]
) -> tuple[pd.DataFrame, dict[int, list[str]]]:
    """Check one chunk; returns the rows ready for the staging table and the errors by row."""
    for column in COMPLAINT_OPTIONAL:
        if column not in frame.columns:
            frame = frame.assign(**{column: ""})
    errors: dict[int, list[str]] = {}
    codes = frame["institution_code"].str.lower()
    institution_ids = codes.map(institutions)
    unknown = institution_ids.isna()
    for row in frame.index[unknown]:
        _add(errors, [row], _("unknown institution %(code)s") % {"code": echo(codes[row]) or "—"})

    dates = _parse_dates(frame["received_on"])
    _add(
        errors,
        frame.index[dates.isna()],
        _("received_on is not a date (YYYY-MM-DD or DD.MM.YYYY)"),
    )
    future = dates > pd.Timestamp(timezone.localdate())
    _add(errors, frame.index[future.fillna(False)], _("received_on is in the future"))
    too_early = dates < pd.Timestamp(FIRST_MONTH)
    _add(
        errors,
        frame.index[too_early.fillna(False)],
        _("received_on is before %(first)s") % {"first": FIRST_MONTH.isoformat()},
    )

    channels = frame["channel"].str.lower()
    _add(
        errors,
        frame.index[~channels.isin(Channel.values)],
        _("channel must be one of %(choices)s") % {"choices": ", ".join(Channel.values)},
    )
    category_codes = frame["category"].str.lower()
    category_ids = category_codes.map(categories)
    for row in frame.index[category_ids.isna()]:
        _add(
            errors,
            [row],
            _("unknown category %(code)s") % {"code": echo(category_codes[row]) or "—"},
        )

    repeat_words = frame["is_repeat"].str.lower()
    _add(
        errors,
        frame.index[~repeat_words.isin(TRUE_WORDS | FALSE_WORDS)],
        _("is_repeat must be 1/0, true/false or yes/no"),
    )
    too_long = (frame["reference"].str.len() > 64) | (frame["complainant_ref"].str.len() > 64)
    _add(
        errors,
        frame.index[too_long],
        _("complainant_ref and reference hold 64 characters at most"),
    )
    keys = (codes + "\x1f" + frame["reference"]).where(frame["reference"] != "")
    repeated = keys.duplicated(keep="first") & keys.notna()
    if repeated.any():
        first_rows = keys[keys.notna()].reset_index().drop_duplicates(keys.name or 0)
        first_of = dict(zip(first_rows.iloc[:, 1], first_rows.iloc[:, 0], strict=True))
        for row in frame.index[repeated]:
            _add(errors, [row], _("reference repeats row %(row)s") % {"row": first_of[keys[row]]})
    if errors:
        return frame.iloc[0:0], errors
    clean = pd.DataFrame(
        {
            "row_number": frame.index,
            "institution_id": institution_ids.astype(int),
            "received_on": dates.dt.strftime("%Y-%m-%d"),
            "channel": channels,
            "category_id": category_ids.astype(int),
            "complainant_ref": frame["complainant_ref"],
            "is_repeat": repeat_words.isin(TRUE_WORDS),
            "reference": frame["reference"],
        }
    )
    return clean, errors


def _check_header(columns: list[str]) -> None:
    check_columns(columns, required=COMPLAINT_COLUMNS, optional=COMPLAINT_OPTIONAL)


class _Staging:
    """A temporary table the file is loaded into before anything touches the complaints."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor
        self.name = f"staging_{uuid.uuid4().hex[:12]}"
        cursor.execute(
            f"CREATE TEMPORARY TABLE {self.name} ("  # noqa: S608  (name is generated here)
            "row_number integer, institution_id bigint, received_on date, channel varchar(16),"
            " category_id bigint, complainant_ref varchar(64), is_repeat boolean,"
            " reference varchar(64))"
        )

    def load(self, frame: pd.DataFrame) -> None:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            # Every value quoted: COPY never reads a quoted value as NULL, not even a cell
            # holding \N, and an empty cell stays an empty string.
            frame.to_csv(
                buffer, index=False, header=False, columns=STAGING_COLUMNS, quoting=csv.QUOTE_ALL
            )
            buffer.seek(0)
            self.cursor.cursor.copy_expert(
                f"COPY {self.name} ({', '.join(STAGING_COLUMNS)}) FROM STDIN"
                " WITH (FORMAT csv, NULL '\\N')",
                buffer,
            )
        else:
            self.cursor.executemany(
                f"INSERT INTO {self.name} VALUES ({', '.join(['%s'] * len(STAGING_COLUMNS))})",  # noqa: S608
                frame[STAGING_COLUMNS].itertuples(index=False, name=None),
            )

    def repeated_references(self) -> list[tuple[int, int]]:
        """(row, first row) of each row whose institution and reference an earlier row has."""
        self.cursor.execute(
            f"SELECT s.row_number, f.first_row FROM {self.name} s JOIN ("  # noqa: S608
            f" SELECT institution_id, reference, MIN(row_number) AS first_row"
            f" FROM {self.name} WHERE reference <> ''"
            f" GROUP BY institution_id, reference HAVING COUNT(*) > 1) f"
            " ON s.institution_id = f.institution_id AND s.reference = f.reference"
            " AND s.row_number <> f.first_row ORDER BY s.row_number"
        )
        return self.cursor.fetchall()

    def drop(self) -> None:
        self.cursor.execute(f"DROP TABLE {self.name}")


TABLE = "complaints_complaint"
# The file's rows that are not in the table yet: a reference is imported once per institution.
NEW_ROWS = (
    "s.reference = '' OR NOT EXISTS (SELECT 1 FROM complaints_complaint c"
    " WHERE c.institution_id = s.institution_id AND c.reference = s.reference"
    # Lets the planner use the partial unique index on (institution, reference).
    " AND c.reference <> '')"
)


class _BulkLoad:
    """For a bulk load, the complaints table's secondary indexes and its foreign key to itself
    (the repeat link) are dropped and built again after the insert: building an index once is
    far cheaper than updating it row by row (PostgreSQL's "Populating a Database"). The foreign
    keys to institutions and categories stay, since dropping them would lock those tables, and
    every page that reads them, until the import ends; their checks run during the insert.
    All of it happens inside the import's transaction, so a failure puts everything back."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = %s::regclass AND NOT indisprimary AND indexrelid NOT IN ("
            " SELECT conindid FROM pg_constraint WHERE conrelid = %s::regclass)",
            [TABLE, TABLE],
        )
        self.indexes = cursor.fetchall()
        cursor.execute(
            "SELECT quote_ident(conname), pg_get_constraintdef(oid), confrelid = conrelid,"
            " condeferrable, condeferred FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f'",
            [TABLE],
        )
        keys = cursor.fetchall()
        self.own_keys = [(name, definition) for name, definition, own, *_ in keys if own]
        deferrable = [name for name, _d, _own, can, _deferred in keys if can]
        self.deferred = [name for name, _d, _own, can, deferred in keys if can and deferred]
        # The table cannot change while checks of its rows are pending (rows added earlier in an
        # enclosing transaction): they run now, and the new rows are checked as they go in.
        if deferrable:
            cursor.execute(f"SET CONSTRAINTS {', '.join(deferrable)} IMMEDIATE")
        for name, _definition in self.own_keys:
            cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {name}")
        for name, _definition in self.indexes:
            cursor.execute(f"DROP INDEX {name}")

    def restore(self) -> None:
        self.cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in self.indexes:
            self.cursor.execute(definition)
        for name, definition in self.own_keys:
            self.cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")
        if self.deferred:
            self.cursor.execute(f"SET CONSTRAINTS {', '.join(self.deferred)} DEFERRED")


def _is_bulk_load(cursor, staging: str, rows: int) -> bool:
    """A file that adds at least BIG_IMPORT new complaints, and at least a quarter of what the
    table holds (by the planner's estimate), loads faster with the indexes built afterwards."""
    if connection.vendor != "postgresql" or rows < BIG_IMPORT:
        return False
    cursor.execute(f"SELECT COUNT(*) FROM {staging} s WHERE {NEW_ROWS}")  # noqa: S608
    (new,) = cursor.fetchone()
    cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
    (estimate,) = cursor.fetchone()
    return new >= BIG_IMPORT and new * 4 >= max(estimate, 0)


def _as_path(source: BinaryIO | Path | str, filename: str | None) -> tuple[Path, bool]:
    if isinstance(source, (str, Path)):
        return Path(source), False
    suffix = ".xlsx" if (filename or "").lower().endswith(".xlsx") else ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        shutil.copyfileobj(source, handle)
    return Path(handle.name), True


def complaints_import(
    *,
    source: BinaryIO | Path | str,
    filename: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    chunk_rows: int = 100_000,
    by: User | None = None,
) -> ComplaintSummary:
    """Stream the file in chunks into a staging table (PostgreSQL COPY), check every row,
    then insert what is new and recount, all in one transaction: a bad row anywhere, even
    the last of a million, leaves the database as it was."""
    path, temporary = _as_path(source, filename)
    institutions = dict(Institution.objects.values_list("code", "pk"))
    categories = dict(ComplaintCategory.objects.values_list("code", "pk"))
    summary = ComplaintSummary(dry_run=dry_run)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            _import_session(cursor)
            staging = _Staging(cursor)
            summary.rows = _stage(
                staging,
                path,
                institutions=institutions,
                categories=categories,
                chunk_rows=chunk_rows,
                progress=progress,
            )
            if progress:
                progress(summary.rows, summary.rows)
            # A dry run keeps the indexes: its preview must not make readers wait.
            bulk = not dry_run and _is_bulk_load(cursor, staging.name, summary.rows)
            _lock_complaints(cursor, bulk=bulk)
            bulk_load = _BulkLoad(cursor) if bulk else None
            last_id, summary.imported = _insert_new(cursor, staging)
            summary.already_imported = summary.rows - summary.imported
            if summary.imported:
                summary.counted, summary.excluded = _recount_new(cursor, last_id)
            if bulk_load:
                bulk_load.restore()
            staging.drop()
            _record(summary, source=(filename or path.name), by=by)
            if connection.vendor == "postgresql" and summary.imported >= BIG_IMPORT:
                # Fresh statistics, so that the month tables plan well after a bulk load.
                cursor.execute("ANALYZE complaints_complaint")
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    finally:
        if temporary:
            path.unlink(missing_ok=True)
    return summary


def _import_session(cursor) -> None:
    if connection.vendor == "postgresql":
        # One import at a time (the table itself is locked only once the file is read).
        imports_locked_out()
        # Sorts and hashes of a large file stay in memory (this transaction only).
        cursor.execute("SET LOCAL work_mem = '256MB'")


def _stage(
    staging: _Staging,
    path: Path,
    *,
    institutions: dict[str, int],
    categories: dict[str, int],
    chunk_rows: int,
    progress: Callable[[int, int], None] | None,
) -> int:
    """Check the file chunk by chunk and load it into the staging table while no row is bad;
    returns the rows read. Rejects the file naming its first MAX_REPORTED bad rows."""
    estimate = max(path.stat().st_size // 60, 1)
    errors: dict[int, list[str]] = {}
    bad_rows = rows = 0
    try:
        for chunk in iter_table(path, chunk_rows=chunk_rows):
            if rows == 0:
                _check_header(list(chunk.columns))
            clean, chunk_errors = _validate_complaints(chunk, institutions, categories)
            bad_rows += len(chunk_errors)
            for row, messages in chunk_errors.items():
                if len(errors) < MAX_REPORTED:
                    errors[row] = messages
            if not errors:
                staging.load(clean)
            rows += len(chunk)
            if progress:
                progress(rows, max(estimate, rows))
    except TableError as exc:
        raise ImportRejected([RowError(HEADER_ROW, str(exc))]) from exc
    if rows == 0:
        raise ImportRejected([RowError(HEADER_ROW, _("The file has no rows."))])
    if not errors:
        # A reference repeated in another chunk: no chunk alone could see it.
        for row, first in staging.repeated_references():
            bad_rows += 1
            if len(errors) < MAX_REPORTED:
                errors[row] = [_("reference repeats row %(row)s") % {"row": first}]
    if errors:
        raise ImportRejected(
            [RowError(row, "; ".join(m)) for row, m in sorted(errors.items())], total=bad_rows
        )
    return rows


def _lock_complaints(cursor, *, bulk: bool) -> None:
    if connection.vendor == "postgresql":
        # Taken once, at the strength needed, so never raised while held: the new rows are
        # those after the highest id now, and a bulk load drops indexes.
        mode = "ACCESS EXCLUSIVE" if bulk else "SHARE ROW EXCLUSIVE"
        cursor.execute(f"LOCK TABLE {TABLE} IN {mode} MODE")


# What the row alone decides is set by the insert; the recount adds the repeats.
INSERT_REASON = reason_sql(
    category_counts="cat.counts_toward_index", flagged="s.is_repeat", repeat="FALSE"
)


def _insert_new(cursor, staging: _Staging) -> tuple[int, int]:
    """Insert the staged rows that are new; returns the highest id before them and how many
    were inserted."""
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TABLE}")  # noqa: S608
    (last_id,) = cursor.fetchone()
    cursor.execute(
        "INSERT INTO complaints_complaint (institution_id, received_on, channel,"  # noqa: S608
        " category_id, complainant_ref, is_repeat, reference, counted, reason,"
        " imported_at)"
        " SELECT s.institution_id, s.received_on, s.channel, s.category_id,"
        " s.complainant_ref, s.is_repeat, s.reference,"
        f" {counted_sql(INSERT_REASON)}, {INSERT_REASON}, %s"
        f" FROM {staging.name} s"
        " JOIN complaints_complaintcategory cat ON cat.id = s.category_id"
        f" WHERE {NEW_ROWS}"
        # Date order keeps the month index growing at its end; the row number
        # keeps the file's order among complaints of one day.
        " ORDER BY s.received_on, s.institution_id, s.row_number",
        [timezone.now()],
    )
    return last_id, cursor.rowcount


def _recount_new(cursor, last_id: int) -> tuple[int, dict[str, int]]:
    """Recount around the complaints after ``last_id``; returns how many of them count, and
    how many do not by reason."""
    cursor.execute(
        f"SELECT MIN(received_on), MAX(received_on) FROM {TABLE} WHERE id > %s",  # noqa: S608
        [last_id],
    )
    first_day, last_day = cursor.fetchone()
    added = Complaint.objects.filter(pk__gt=last_id)
    complaints_recount(
        institution_ids=list(added.values_list("institution_id", flat=True).distinct()),
        date_from=_as_date(first_day),
        date_to=_as_date(last_day),
    )
    reasons = Counter(
        dict(added.values("reason").annotate(n=Count("id")).values_list("reason", "n"))
    )
    return reasons.pop(Reason.COUNTED, 0), dict(reasons)


def _record(summary: ComplaintSummary, *, source: str, by: User | None) -> None:
    ComplaintImport.objects.create(
        source=source[:255],
        rows=summary.rows,
        imported=summary.imported,
        already_imported=summary.already_imported,
        counted=summary.counted,
        excluded=summary.excluded,
        imported_by=by,
    )


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _month(text: str) -> datetime.date | None:
    value = normalise_date(text)
    for pattern in ("%Y-%m", "%Y-%m-%d", "%m.%Y"):
        try:
            month = datetime.datetime.strptime(value, pattern).date().replace(day=1)
        except ValueError:
            continue
        return month if month_in_range(month) else None
    return None


# More than any institution has (and far inside the database's 64-bit column).
MAX_CLIENTS = 1_000_000_000


def _whole_number(text: str) -> int | None:
    """A count as typed ('412 000', '4.12E+05'), if it is a whole number; None otherwise."""
    try:
        value = Decimal(normalise_number(text))
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.to_integral_value():
        return None
    # Beyond the limit the exact value does not matter, only that it is too large.
    return int(value) if abs(value) <= MAX_CLIENTS else (MAX_CLIENTS + 1) * (-1 if value < 0 else 1)


def client_counts_import(
    *,
    source: BinaryIO | Path | str,
    filename: str | None = None,
    dry_run: bool = False,
    by: User | None = None,
) -> ClientCountSummary:
    frame = _read(source, filename, CLIENT_COLUMNS, [])
    errors: dict[int, list[str]] = {}
    codes = frame["institution_code"].str.lower()
    institutions = dict(Institution.objects.values_list("code", "pk"))
    institution_ids = codes.map(institutions)
    for row in frame.index[institution_ids.isna()]:
        _add(errors, [row], _("unknown institution %(code)s") % {"code": echo(codes[row]) or "—"})
    months = frame["month"].map(_month)
    _add(
        errors,
        frame.index[months.isna()],
        _("month must be YYYY-MM, from %(first)s to %(last)s") % range_bounds(),
    )
    counts = frame["active_clients"].map(_whole_number)
    not_whole = counts.isna()
    _add(errors, frame.index[not_whole], _("active_clients is not a whole number"))
    counts = counts.where(~not_whole, 0)
    _add(errors, frame.index[counts < 0], _("active_clients cannot be negative"))
    _add(
        errors,
        frame.index[counts > MAX_CLIENTS],
        _("active_clients is more than %(limit)s")
        % {"limit": number_format(MAX_CLIENTS, force_grouping=True)},
    )
    keys = codes + "\x1f" + frame["month"].map(lambda m: str(_month(m)))
    first = {}
    for row, key in keys.items():
        if key in first and row not in errors:
            _add(
                errors, [row], _("same institution and month as row %(row)s") % {"row": first[key]}
            )
        first.setdefault(key, row)
    _reject(errors)

    summary = ClientCountSummary(rows=len(frame), dry_run=dry_run)
    source_name = filename or str(getattr(source, "name", source))
    try:
        with transaction.atomic():
            for institution_id, month, value in zip(
                institution_ids.astype(int), months, counts.astype(int), strict=True
            ):
                current = (
                    ClientCount.objects.select_for_update()
                    .filter(institution_id=institution_id, month=month)
                    .first()
                )
                if current is None:
                    count = ClientCount(
                        institution_id=institution_id, month=month, active_clients=value
                    )
                    count._history_user = by  # the audit history's "who", also off the web
                    count.save()
                    summary.created += 1
                elif current.active_clients == value:
                    summary.unchanged += 1
                else:
                    ClientCountChange.objects.create(
                        count=current,
                        old_value=current.active_clients,
                        new_value=value,
                        source=source_name[:255],
                        changed_by=by,
                    )
                    current.active_clients = value
                    current._history_user = by
                    current.save(update_fields=["active_clients", "updated_at"])
                    summary.replaced += 1
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary
