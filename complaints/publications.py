"""Publishing a month's table: a publication freezes the rows, the rule and its parameters;
and telling whether the data still gives the table that was published."""

import datetime

from django.db import connection, transaction

from accounts.models import User
from institutions.models import Institution

from . import index
from .models import Publication, PublicationRow, ZoneRule
from .selectors import period_counts


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


class PublicationUnchanged(Exception):
    """The table is the latest revision's, under the same rule: nothing new to publish."""

    def __init__(self, latest: Publication) -> None:
        super().__init__(str(latest))
        self.latest = latest


PUBLISH_LOCK = 4_041_002  # with the table's hash: one publication of a table at a time


def _publishing_locked_out(*, month: datetime.date, kind: str, period_type: str) -> None:
    """Within the current transaction, wait for another publication of the same table to end
    (a PostgreSQL advisory lock: there may be no revision yet to lock as a row)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                [PUBLISH_LOCK, f"{kind}/{period_type}/{month:%Y-%m}"],
            )


def _same_table(latest: Publication | None, zone_rule: ZoneRule, counts: dict) -> bool:
    return (
        latest is not None
        and latest.rule_name == zone_rule.name
        and rule_of(latest) == rule_of(zone_rule)
        and not publication_differs(publication=latest, counts=counts)
    )


def publication_publish(
    *,
    month: datetime.date,
    kind: str,
    period_type: str,
    zone_rule: ZoneRule,
    by: User,
    note: str = "",
) -> Publication:
    """Freeze the table as it stands now under ``zone_rule``: a new revision of the month.
    Raises PublicationUnchanged when the latest revision already is this table."""
    with transaction.atomic():
        _publishing_locked_out(month=month, kind=kind, period_type=period_type)
        counts = period_counts(month=month, kind=kind, period_type=period_type)
        table = index.complaint_index(counts.values(), rule_of(zone_rule))
        if not table.complete:
            raise PeriodIncomplete(table.missing_clients)
        last = Publication.objects.latest_revision(month=month, kind=kind, period_type=period_type)
        if _same_table(last, zone_rule, counts):
            raise PublicationUnchanged(last)
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
            not_listed_expected=table.not_listed_expected,
            note=note,
            published_by=by,
        )
        _rows_freeze(publication=publication, table=table)
    return publication


def _rows_freeze(*, publication: Publication, table: index.IndexTable) -> None:
    """The table's rows, with each institution's code and names as they are now."""
    institutions = Institution.objects.in_bulk([row.institution for row in table.rows])
    PublicationRow.objects.bulk_create(
        PublicationRow(
            publication=publication,
            institution_id=row.institution,
            institution_code=institutions[row.institution].code,
            name_az=institutions[row.institution].name_az,
            name_en=institutions[row.institution].name_en,
            name_ru=institutions[row.institution].name_ru,
            **row.figures(),
        )
        for row in table.rows
    )


def publication_differs(
    *, publication: Publication, counts: dict[int, index.InstitutionCounts]
) -> bool:
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
