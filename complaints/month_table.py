"""The regulator's working table of a month: computed now from the data under a zone rule,
beside the revisions published so far and whether the data still gives the latest one."""

import datetime

from institutions.models import Institution, Kind

from . import index
from .funnel import funnel_summary
from .models import Publication, ZoneRule
from .months import month_in_range, month_runs_text
from .publications import publication_differs, rule_of
from .selectors import add_months, missing_client_months, period_bounds, period_counts
from .texts import zone_counts_text


def month_table_context(
    *, month: datetime.date, kind: str, period_type: str, zone_rule: ZoneRule
) -> dict[str, object]:
    """What the month's page shows: the table, who keeps it from being complete, the
    published revisions, and the neighbouring months."""
    computed = month_table_rows(
        month=month, kind=kind, period_type=period_type, zone_rule=zone_rule
    )
    table, rows, counts = computed["table"], computed["rows"], computed["counts"]
    names = Institution.objects.in_bulk(table.missing_clients + table.not_listed)
    published = Publication.objects.latest_revision(month=month, kind=kind, period_type=period_type)
    return {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "month": month,
        "period": period_type,
        "zone_rule": zone_rule,
        "table": table,
        "rows": rows,
        "funnel_summary": funnel_summary(rows=rows, not_listed=len(table.not_listed)),
        "zone_counts": table.zone_counts(),
        "counts_text": zone_counts_text(table.zone_counts()),
        "missing": [names[i] for i in table.missing_clients if i in names],
        "missing_months": _missing_months(
            month=month, kind=kind, period_type=period_type, table=table, names=names
        ),
        "period_months": _period_months_text(month=month, period_type=period_type),
        "not_listed": len(table.not_listed),
        "published": published,
        "revisions": Publication.objects.filter(
            month=month, kind=kind, period_type=period_type
        ).select_related("published_by"),
        "differs": published is not None
        and publication_differs(publication=published, counts=counts),
        **_neighbours(month),
    }


def _missing_months(
    *,
    month: datetime.date,
    kind: str,
    period_type: str,
    table: index.IndexTable,
    names: dict[int, Institution],
) -> list[dict[str, object]]:
    """The client counts that keep the table from being complete: the months missing, each
    set of months with the institutions that lack them (most institutions first)."""
    gaps = missing_client_months(
        month=month, kind=kind, period_type=period_type, institutions=table.missing_clients
    )
    groups: dict[tuple[datetime.date, ...], list[Institution]] = {}
    for institution_id, months in gaps.items():
        groups.setdefault(tuple(months), []).append(names[institution_id])
    return sorted(
        (
            {
                "months": month_runs_text(list(months)),
                "institutions": sorted(institutions, key=lambda each: each.name.casefold()),
            }
            for months, institutions in groups.items()
        ),
        key=lambda group: (-len(group["institutions"]), group["months"]),
    )


def _period_months_text(*, month: datetime.date, period_type: str) -> str:
    """``2025-11 – 2026-10`` for a rolling window, ``2026-10`` for a month."""
    first, after = period_bounds(month=month, period_type=period_type)
    last = add_months(after, -1)
    return f"{first:%Y-%m}" if first == last else f"{first:%Y-%m} – {last:%Y-%m}"


def _neighbours(month: datetime.date) -> dict[str, datetime.date | None]:
    """The months before and after, where the index knows them."""
    previous, after = add_months(month, -1), add_months(month, 1)
    return {
        "previous_month": previous if month_in_range(previous) else None,
        "next_month": after if month_in_range(after) else None,
    }


def month_table_rows(
    *, month: datetime.date, kind: str, period_type: str, zone_rule: ZoneRule
) -> dict[str, object]:
    """The month's table computed now, its rows as the pages list them, and the counts."""
    counts = period_counts(month=month, kind=kind, period_type=period_type)
    table = index.complaint_index(counts.values(), rule_of(zone_rule))
    return {"table": table, "rows": _rows_for_display(table), "counts": counts}


def _rows_for_display(table: index.IndexTable) -> list[dict]:
    institutions = Institution.objects.in_bulk([row.institution for row in table.rows])
    return [{"institution": institutions[row.institution], **row.figures()} for row in table.rows]
