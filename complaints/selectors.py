"""Reading complaint data: the counts behind a month's table, in the database, and what the
pages list: months, complaints, published rows and an institution's history."""

import datetime

from django.db.models import Avg, Count, Q, QuerySet, Subquery, Sum

from institutions.models import Institution

from .index import InstitutionCounts
from .models import (
    REASON_LABELS,
    Channel,
    ClientCount,
    Complaint,
    ComplaintCategory,
    PeriodType,
    Publication,
    PublicationRow,
)

ROLLING_MONTHS = 12
# The columns of every table file (command line, CSV, Excel and JSON downloads).
INDEX_COLUMNS = [
    "month",
    "institution_code",
    "institution",
    "complaints",
    "complaint_share",
    "clients",
    "client_share",
    "expected",
    "index",
    "index_low",
    "index_high",
    "funnel",
    "zone",
]


def add_months(month: datetime.date, months: int) -> datetime.date:
    total = month.year * 12 + month.month - 1 + months
    return datetime.date(total // 12, total % 12 + 1, 1)


def period_bounds(*, month: datetime.date, period_type: str) -> tuple[datetime.date, datetime.date]:
    """The first month and the first day after the period."""
    first = (
        add_months(month, -(ROLLING_MONTHS - 1)) if period_type == PeriodType.ROLLING_12 else month
    )
    return first, add_months(month, 1)


def period_counts(
    *, month: datetime.date, kind: str, period_type: str = PeriodType.MONTH
) -> dict[int, InstitutionCounts]:
    """Counted complaints and clients per institution of ``kind`` (by institution id).

    For a rolling window complaints are summed; clients, a stock, are averaged over the
    months that have a count, except for insurers, whose contracts concluded are summed.
    """
    first, after = period_bounds(month=month, period_type=period_type)
    complaints = dict(
        Complaint.objects.filter(
            institution__kind=kind, received_on__gte=first, received_on__lt=after, counted=True
        )
        .values("institution_id")
        .annotate(n=Count("id"))
        .values_list("institution_id", "n")
    )
    clients_qs = ClientCount.objects.filter(
        institution__kind=kind, month__gte=first, month__lt=after
    ).values("institution_id")
    aggregate = Sum("active_clients") if kind == "insurer" else Avg("active_clients")
    months = ROLLING_MONTHS if period_type == PeriodType.ROLLING_12 else 1
    # A count missing for any month of the window leaves the institution without one: the
    # period is then incomplete rather than quietly based on fewer months.
    clients = {
        institution_id: round(value)
        for institution_id, value, present in clients_qs.annotate(
            v=aggregate, present=Count("id")
        ).values_list("institution_id", "v", "present")
        if present == months
    }
    return {
        institution_id: InstitutionCounts(
            institution_id, complaints.get(institution_id, 0), clients.get(institution_id)
        )
        for institution_id in set(complaints) | set(clients)
    }


def missing_client_months(
    *, month: datetime.date, kind: str, period_type: str, institutions: list[int]
) -> dict[int, list[datetime.date]]:
    """For each of ``institutions``, the months of the period that have no client count of
    it, oldest first (an institution with every count is left out)."""
    first, after = period_bounds(month=month, period_type=period_type)
    months = [add_months(first, step) for step in range(ROLLING_MONTHS + 1)]
    months = [each for each in months if each < after]
    present: dict[int, set[datetime.date]] = {}
    for institution_id, counted in ClientCount.objects.filter(
        institution_id__in=institutions, month__gte=first, month__lt=after
    ).values_list("institution_id", "month"):
        present.setdefault(institution_id, set()).add(counted)
    missing = {
        institution_id: [each for each in months if each not in present.get(institution_id, ())]
        for institution_id in institutions
    }
    return {institution_id: gaps for institution_id, gaps in missing.items() if gaps}


def complaint_breakdown(
    *, institution_id: int, first: datetime.date, after: datetime.date
) -> tuple[list[dict], list[dict]]:
    """Complaints by category and by channel, counted and not, for one institution, the most
    first; each with its ``name`` in the active language (never the code)."""
    base = Complaint.objects.filter(
        institution_id=institution_id, received_on__gte=first, received_on__lt=after
    )
    by_category = list(
        base.values("category")
        .annotate(total=Count("id"), counted=Count("id", filter=Q(counted=True)))
        .order_by("-total", "category")
    )
    names = ComplaintCategory.objects.in_bulk([row["category"] for row in by_category])
    by_channel = base.values("channel").annotate(total=Count("id")).order_by("-total", "channel")
    return (
        [{**row, "name": names[row["category"]].name} for row in by_category],
        [{**row, "name": Channel(row["channel"]).label} for row in by_channel],
    )


def institution_index_history(*, institution: Institution) -> list[dict]:
    """The institution's row in the latest revision of each published month (calendar
    months), oldest first; a month whose latest revision does not list it is left out."""
    return list(
        Publication.objects.filter(kind=institution.kind, period_type=PeriodType.MONTH)
        .latest_revisions()
        .filter(rows__institution=institution)
        .order_by("month")
        .values(
            "month",
            "revision",
            "rows__index",
            "rows__zone",
            "rows__complaints",
            "rule_name",
            "method",
            "lower",
            "upper",
            "reference_value",
        )
    )


def months_with_data(*, kind: str) -> list[tuple[datetime.date, Publication | None]]:
    """The months with complaints or client counts of ``kind``, newest first, each with the
    latest revision of its published calendar-month table, if any."""
    months = sorted(
        set(Complaint.objects.filter(institution__kind=kind).dates("received_on", "month"))
        | set(ClientCount.objects.filter(institution__kind=kind).dates("month", "month")),
        reverse=True,
    )
    published = {
        publication.month: publication
        for publication in Publication.objects.filter(
            kind=kind, period_type=PeriodType.MONTH
        ).latest_revisions()
    }
    return [(month, published.get(month)) for month in months]


def complaints_received(
    *, kind: str, month: datetime.date, institution_code: str = "", reason: str = ""
) -> QuerySet[Complaint]:
    """The complaints received in the month, in order, with their earlier complaint; of one
    institution and one reason when given (an unknown reason is ignored)."""
    complaints = (
        Complaint.objects.filter(
            institution__kind=kind,
            received_on__gte=month,
            received_on__lt=add_months(month, 1),
        )
        .select_related("institution", "category", "repeat_of")
        .order_by("received_on", "id")
    )
    if institution_code:
        complaints = complaints.filter(institution__code=institution_code)
    if reason in REASON_LABELS:
        complaints = complaints.filter(reason=reason)
    return complaints


def publication_rows(*, publication: Publication) -> list[dict]:
    """The published rows, highest index first, each with its change from the latest revision
    of the previous month's table of the same kind and period (None when not listed there)."""
    previous = Publication.objects.latest_revision(
        month=add_months(publication.month, -1),
        kind=publication.kind,
        period_type=publication.period_type,
    )
    before = dict(previous.rows.values_list("institution_id", "index")) if previous else {}
    return [
        {
            "institution": row,
            "complaints": row.complaints,
            "complaint_share": row.complaint_share,
            "clients": row.clients,
            "client_share": row.client_share,
            "expected": row.expected,
            "index": row.index,
            "index_low": row.index_low,
            "index_high": row.index_high,
            "funnel": row.funnel,
            "zone": row.zone,
            "change": row.index - before[row.institution_id]
            if row.institution_id in before
            else None,
        }
        for row in publication.rows.all()
    ]


def institution_latest_row(*, institution: Institution) -> PublicationRow | None:
    """The institution's row, with its publication, in the latest revision of the newest
    published calendar-month table of its kind; None when nothing of its kind is published or
    that table does not list it (an older month's row never stands in for it)."""
    newest = (
        Publication.objects.filter(kind=institution.kind, period_type=PeriodType.MONTH)
        .order_by("-month", "-revision")
        .values("pk")[:1]
    )
    return (
        PublicationRow.objects.filter(publication=Subquery(newest), institution=institution)
        .select_related("publication")
        .first()
    )
