"""Deciding, in the database, which complaints count: the rule of complaints.counting as one
SQL expression, the recount that applies it after an import or a category change, and the
lock that keeps imports and recounts of every complaint one at a time."""

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min

from .counting import Reason
from .models import Complaint

IMPORT_LOCK = 4_041_001  # the advisory lock held by a complaints import, or a category change


def reason_sql(*, category_counts: str, flagged: str, repeat: str) -> str:
    """The reason a complaint counts or not, as a SQL CASE over three boolean column
    expressions, tested in the order complaints.counting.classify tests them."""
    return (
        f"CASE WHEN NOT ({category_counts}) THEN '{Reason.CATEGORY_EXCLUDED}'"
        f" WHEN ({flagged}) THEN '{Reason.FLAGGED_REPEAT}'"
        f" WHEN ({repeat}) THEN '{Reason.REPEAT}'"
        f" ELSE '{Reason.COUNTED}' END"
    )


def counted_sql(reason: str) -> str:
    """Whether the complaint counts, from a reason expression (``reason_sql`` or a column)."""
    return f"(({reason}) = '{Reason.COUNTED}')"


def _repeat_of_sql(reason: str, previous_id: str) -> str:
    return f"(CASE WHEN ({reason}) = '{Reason.REPEAT}' THEN {previous_id} END)"


def _recount_sql(*, institution_ids: list[int], repeat_days: int) -> str:
    """The recount's UPDATE; its parameters are the first and last day read and the first day
    whose complaints it may change."""
    window_start = {
        "postgresql": f"ordered.received_on - {int(repeat_days)}",
        "sqlite": f"date(ordered.received_on, '-{int(repeat_days)} days')",
    }[connection.vendor]
    reason = reason_sql(
        category_counts="category_counts",
        flagged="is_repeat",
        repeat=f"complainant_ref <> '' AND previous_on >= {window_start}",
    )
    repeat_of = _repeat_of_sql("verdicts.reason", "verdicts.previous_id")
    distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"
    institutions = ", ".join(str(int(pk)) for pk in institution_ids)
    return f"""
WITH ordered AS (
    SELECT c.id,
           c.received_on,
           c.is_repeat,
           c.complainant_ref,
           cat.counts_toward_index AS category_counts,
           LAG(c.id) OVER same AS previous_id,
           LAG(c.received_on) OVER same AS previous_on
    FROM complaints_complaint c
    JOIN complaints_complaintcategory cat ON cat.id = c.category_id
    WHERE c.institution_id IN ({institutions})
      AND c.received_on >= %s AND c.received_on <= %s
    WINDOW same AS (
        PARTITION BY c.institution_id, c.complainant_ref, c.category_id
        ORDER BY c.received_on, c.id
    )
),
verdicts AS (
    SELECT id, {reason} AS reason, previous_id, received_on
    FROM ordered
)
UPDATE complaints_complaint
SET reason = verdicts.reason,
    counted = {counted_sql("verdicts.reason")},
    repeat_of_id = {repeat_of}
FROM verdicts
WHERE complaints_complaint.id = verdicts.id
  AND verdicts.received_on >= %s
  AND (complaints_complaint.reason <> verdicts.reason
       OR complaints_complaint.repeat_of_id {distinct} {repeat_of})
"""  # noqa: S608  (every value interpolated is an integer or a constant of this module)


def imports_locked_out() -> None:
    """Within the current transaction, wait for a running complaints import to end and keep
    the next one from starting until this transaction ends (a PostgreSQL advisory lock). A
    category change that recounts every complaint takes it first, so that it neither recounts
    without an import's new rows nor deadlocks with the import's checks of its rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def complaints_recount(
    *,
    institution_ids: list[int],
    date_from: datetime.date,
    date_to: datetime.date,
    repeat_days: int | None = None,
) -> int:
    """Classify again, in the database, the complaints whose verdict a change in
    [date_from, date_to] can move: those received from date_from up to repeat_days after
    date_to. The same rule as complaints.counting.classify; returns how many changed."""
    if not institution_ids:
        return 0
    if repeat_days is None:
        repeat_days = settings.COMPLAINT_REPEAT_DAYS
    sql = _recount_sql(institution_ids=institution_ids, repeat_days=repeat_days)
    start = date_from - datetime.timedelta(days=repeat_days)
    end = date_to + datetime.timedelta(days=repeat_days)
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, end, date_from])
        return cursor.rowcount


def complaints_recount_all() -> int:
    """Recount every complaint: after a category starts or stops counting."""
    span = Complaint.objects.aggregate(first=Min("received_on"), last=Max("received_on"))
    if span["first"] is None:
        return 0
    institutions = list(Complaint.objects.values_list("institution_id", flat=True).distinct())
    # The recount decides the category and flag verdicts as well as the repeats.
    return complaints_recount(
        institution_ids=institutions, date_from=span["first"], date_to=span["last"]
    )
