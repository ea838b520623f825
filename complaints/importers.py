"""Loading complaints and client counts from CSV or Excel files.

Every row is checked before anything is saved; one bad row rejects the whole file with
each bad row named. A dry run does the whole import inside a transaction and rolls it
back, so its preview is exactly what the import would do.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from institutions.models import Institution
from smartportal.tabular import (
    HEADER_ROW,
    ImportRejected,
    RowError,
    TableError,
    normalise_date,
    read_table,
)

from .models import Channel, ClientCount, ClientCountChange, Complaint, ComplaintCategory
from .services import complaints_recount

COMPLAINT_COLUMNS = ["institution_code", "received_on", "channel", "category"]
COMPLAINT_OPTIONAL = ["complainant_ref", "is_repeat", "reference"]
CLIENT_COLUMNS = ["institution_code", "month", "active_clients"]
TRUE_WORDS = {"1", "true", "yes", "bəli", "da", "да"}
FALSE_WORDS = {"", "0", "false", "no", "xeyr", "yox", "нет"}
BATCH = 5000
SHOWN_ERRORS = 200


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
    missing = [c for c in required if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in known]
    errors = []
    if missing:
        errors.append(
            RowError(
                HEADER_ROW, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}
            )
        )
    if unknown:
        errors.append(
            RowError(
                HEADER_ROW, _("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)}
            )
        )
    if errors:
        raise ImportRejected(errors)
    if frame.empty:
        raise ImportRejected([RowError(HEADER_ROW, _("The file has no rows."))])
    return frame


def _parse_dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values.map(normalise_date), format="%Y-%m-%d", errors="coerce")


def _add(errors: dict[int, list[str]], rows, message: str) -> None:
    for row in rows:
        errors.setdefault(int(row), []).append(message)


def _reject(errors: dict[int, list[str]]) -> None:
    if errors:
        raise ImportRejected(
            [RowError(row, "; ".join(messages)) for row, messages in sorted(errors.items())]
        )


def complaints_import(
    *,
    source: BinaryIO | Path | str,
    filename: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ComplaintSummary:
    frame = _read(source, filename, COMPLAINT_COLUMNS, COMPLAINT_COLUMNS + COMPLAINT_OPTIONAL)
    for column in COMPLAINT_OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    errors: dict[int, list[str]] = {}

    codes = frame["institution_code"].str.lower()
    institutions = dict(Institution.objects.values_list("code", "pk"))
    institution_ids = codes.map(institutions)
    for code, rows in (
        frame.index[institution_ids.isna()].groupby(codes[institution_ids.isna()]).items()
    ):
        _add(errors, rows, _("unknown institution %(code)s") % {"code": code or "—"})

    dates = _parse_dates(frame["received_on"])
    _add(
        errors, frame.index[dates.isna()], _("received_on is not a date (YYYY-MM-DD or DD.MM.YYYY)")
    )
    future = dates > pd.Timestamp(timezone.localdate())
    _add(errors, frame.index[future.fillna(False)], _("received_on is in the future"))

    channels = frame["channel"].str.lower()
    bad_channel = ~channels.isin(Channel.values)
    _add(
        errors,
        frame.index[bad_channel],
        _("channel must be one of %(choices)s") % {"choices": ", ".join(Channel.values)},
    )

    categories = dict(ComplaintCategory.objects.values_list("code", "pk"))
    category_ids = frame["category"].str.lower().map(categories)
    for code, rows in (
        frame.index[category_ids.isna()].groupby(frame["category"][category_ids.isna()]).items()
    ):
        _add(errors, rows, _("unknown category %(code)s") % {"code": code or "—"})

    repeat_words = frame["is_repeat"].str.lower()
    bad_repeat = ~repeat_words.isin(TRUE_WORDS | FALSE_WORDS)
    _add(errors, frame.index[bad_repeat], _("is_repeat must be 1/0, true/false or yes/no"))

    too_long = (frame["reference"].str.len() > 64) | (frame["complainant_ref"].str.len() > 64)
    _add(
        errors, frame.index[too_long], _("complainant_ref and reference hold 64 characters at most")
    )

    keyed = frame["reference"] != ""
    first_seen: dict[tuple[str, str], int] = {}
    for row, code, reference in zip(
        frame.index[keyed], codes[keyed], frame.loc[keyed, "reference"], strict=True
    ):
        if (code, reference) in first_seen:
            _add(
                errors,
                [row],
                _("reference repeats row %(row)s") % {"row": first_seen[code, reference]},
            )
        else:
            first_seen[code, reference] = row
    _reject(errors)

    frame = frame.assign(
        institution_id=institution_ids.astype(int),
        category_id=category_ids.astype(int),
        received=dates.dt.date,
        channel=channels,
        repeat=repeat_words.isin(TRUE_WORDS),
    )
    summary = ComplaintSummary(rows=len(frame), dry_run=dry_run)
    existing = set(
        Complaint.objects.filter(
            institution_id__in=frame["institution_id"].unique().tolist(),
            reference__in=frame.loc[keyed, "reference"].unique().tolist(),
        ).values_list("institution_id", "reference")
    )
    known = [
        (iid, ref) in existing
        for iid, ref in zip(frame["institution_id"], frame["reference"], strict=True)
    ]
    fresh = frame[~pd.Series(known, index=frame.index)]
    summary.already_imported = len(frame) - len(fresh)

    try:
        with transaction.atomic():
            new_ids = []
            for start in range(0, len(fresh), BATCH):
                chunk = fresh.iloc[start : start + BATCH]
                created = Complaint.objects.bulk_create(
                    Complaint(
                        institution_id=row.institution_id,
                        received_on=row.received,
                        channel=row.channel,
                        category_id=row.category_id,
                        complainant_ref=row.complainant_ref,
                        is_repeat=row.repeat,
                        reference=row.reference,
                    )
                    for row in chunk.itertuples()
                )
                new_ids.extend(c.pk for c in created if c.pk is not None)
                if progress:
                    progress(min(start + BATCH, len(fresh)), len(fresh))
            summary.imported = len(fresh)
            if len(fresh):
                complaints_recount(
                    institution_ids=sorted(fresh["institution_id"].unique().tolist()),
                    date_from=min(fresh["received"]),
                    date_to=max(fresh["received"]),
                )
                reasons = (
                    Counter(
                        Complaint.objects.filter(pk__in=new_ids).values_list("reason", flat=True)
                    )
                    if new_ids
                    else Counter()
                )
                summary.counted = reasons.pop("counted", 0)
                summary.excluded = dict(reasons)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _month(text: str) -> datetime.date | None:
    value = normalise_date(text)
    for pattern in ("%Y-%m", "%Y-%m-%d", "%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def client_counts_import(
    *,
    source: BinaryIO | Path | str,
    filename: str | None = None,
    dry_run: bool = False,
    by: User | None = None,
) -> ClientCountSummary:
    frame = _read(source, filename, CLIENT_COLUMNS, CLIENT_COLUMNS)
    errors: dict[int, list[str]] = {}
    codes = frame["institution_code"].str.lower()
    institutions = dict(Institution.objects.values_list("code", "pk"))
    institution_ids = codes.map(institutions)
    for row in frame.index[institution_ids.isna()]:
        _add(errors, [row], _("unknown institution %(code)s") % {"code": codes[row] or "—"})
    months = frame["month"].map(_month)
    _add(errors, frame.index[months.isna()], _("month must be YYYY-MM"))
    counts = pd.to_numeric(
        frame["active_clients"].str.replace(r"[\s\u00a0,.]", "", regex=True), errors="coerce"
    )
    _add(errors, frame.index[counts.isna()], _("active_clients is not a whole number"))
    _add(errors, frame.index[counts < 0], _("active_clients cannot be negative"))
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
                    ClientCount.objects.create(
                        institution_id=institution_id, month=month, active_clients=value
                    )
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
                    current.save(update_fields=["active_clients", "updated_at"])
                    summary.replaced += 1
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary
