"""Writing complaint data: recounting which complaints count, and publishing month tables."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min

from accounts.models import User
from institutions.models import Institution

from . import index
from .models import Complaint, Publication, PublicationRow, ZoneRule

RECOUNT_SQL = """
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
    SELECT id,
           CASE
               WHEN NOT category_counts THEN 'category_excluded'
               WHEN is_repeat THEN 'flagged_repeat'
               WHEN complainant_ref <> '' AND previous_on >= {window_start} THEN 'repeat'
               ELSE 'counted'
           END AS reason,
           previous_id,
           received_on
    FROM ordered
)
UPDATE complaints_complaint
SET reason = verdicts.reason,
    counted = (verdicts.reason = 'counted'),
    repeat_of_id = CASE WHEN verdicts.reason = 'repeat' THEN verdicts.previous_id END
FROM verdicts
WHERE complaints_complaint.id = verdicts.id
  AND verdicts.received_on >= %s
  AND (complaints_complaint.reason <> verdicts.reason
       OR complaints_complaint.repeat_of_id IS DISTINCT FROM
          (CASE WHEN verdicts.reason = 'repeat' THEN verdicts.previous_id END))
"""


IMPORT_LOCK = 4_041_001  # the advisory lock held by a complaints import, or a category change


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
    window_start = {
        "postgresql": f"ordered.received_on - {int(repeat_days)}",
        "sqlite": f"date(ordered.received_on, '-{int(repeat_days)} days')",
    }[connection.vendor]
    sql = RECOUNT_SQL.format(
        institutions=", ".join(str(int(pk)) for pk in institution_ids),
        window_start=window_start,
    )
    if connection.vendor == "sqlite":
        sql = sql.replace("IS DISTINCT FROM", "IS NOT")
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


def rule_of(zone_rule: ZoneRule | Publication) -> index.ZoneRule:
    """The pure rule from a zone rule, or from the copy of it that a publication keeps."""
    return index.ZoneRule(
        method=index.Method(zone_rule.method),
        lower=float(zone_rule.lower),
        upper=float(zone_rule.upper),
        reference=index.Reference(zone_rule.reference),
        confidence=float(zone_rule.confidence),
    )


class PeriodIncomplete(Exception):
    def __init__(self, missing: list) -> None:
        super().__init__(", ".join(str(m) for m in missing))
        self.missing = missing


def publication_publish(
    *,
    month: datetime.date,
    kind: str,
    period_type: str,
    zone_rule: ZoneRule,
    by: User,
    note: str = "",
) -> Publication:
    """Freeze the table as it stands now under ``zone_rule``: a new revision of the month."""
    from .selectors import period_counts

    with transaction.atomic():
        counts = period_counts(month=month, kind=kind, period_type=period_type)
        table = index.complaint_index(counts.values(), rule_of(zone_rule))
        if not table.complete:
            raise PeriodIncomplete(table.missing_clients)
        last = (
            Publication.objects.select_for_update()
            .filter(month=month, kind=kind, period_type=period_type)
            .order_by("-revision")
            .first()
        )
        publication = Publication.objects.create(
            month=month,
            kind=kind,
            period_type=period_type,
            revision=(last.revision + 1) if last else 1,
            rule_name=zone_rule.name,
            method=zone_rule.method,
            lower=zone_rule.lower,
            upper=zone_rule.upper,
            reference=zone_rule.reference,
            confidence=zone_rule.confidence,
            reference_value=table.reference_value,
            total_complaints=table.total_complaints,
            total_clients=table.total_clients,
            not_listed=len(table.not_listed),
            note=note,
            published_by=by,
        )
        institutions = Institution.objects.in_bulk([row.institution for row in table.rows])
        PublicationRow.objects.bulk_create(
            PublicationRow(
                publication=publication,
                institution_id=row.institution,
                institution_code=institutions[row.institution].code,
                name_az=institutions[row.institution].name_az,
                name_en=institutions[row.institution].name_en,
                name_ru=institutions[row.institution].name_ru,
                complaints=row.complaints,
                complaint_share=row.complaint_share,
                clients=row.clients,
                client_share=row.client_share,
                index=row.index,
                expected=row.expected,
                zone=row.zone.value,
            )
            for row in table.rows
        )
    return publication


def publication_differs(*, publication: Publication, counts: dict) -> bool:
    """Whether the data now gives another table than the one published, under the rule the
    publication kept: any row's counts, shares, index or zone, or the sector totals."""
    table = index.complaint_index(counts.values(), rule_of(publication))
    current = {
        row.institution: (row.complaints, row.clients, round(row.index, 9), row.zone.value)
        for row in table.rows
    }
    stored = {
        row.institution_id: (row.complaints, row.clients, round(row.index, 9), row.zone)
        for row in publication.rows.all()
    }
    totals = (table.total_complaints, table.total_clients)
    return current != stored or totals != (publication.total_complaints, publication.total_clients)
