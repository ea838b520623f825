"""Writing complaint data: recounting which complaints count, and publishing month tables."""

import datetime
from decimal import Decimal

from django.db import transaction

from accounts.models import User

from . import counting, index
from .models import Complaint, ComplaintCategory, Publication, PublicationRow, ZoneRule

REPEAT_DAYS = counting.DEFAULT_REPEAT_DAYS
UPDATE_BATCH = 2000


def complaints_recount(
    *,
    institution_ids: list[int],
    date_from: datetime.date,
    date_to: datetime.date,
    repeat_days: int = REPEAT_DAYS,
) -> int:
    """Classify again the complaints whose verdict a change in [date_from, date_to] can move:
    those received from date_from up to repeat_days after date_to. Returns how many changed."""
    counted_categories = set(
        ComplaintCategory.objects.filter(counts_toward_index=True).values_list("pk", flat=True)
    )
    window_start = date_from - datetime.timedelta(days=repeat_days)
    window_end = date_to + datetime.timedelta(days=repeat_days)
    changed = 0
    for institution_id in institution_ids:
        rows = list(
            Complaint.objects.filter(
                institution_id=institution_id, received_on__range=(window_start, window_end)
            ).values_list(
                "pk",
                "received_on",
                "category_id",
                "complainant_ref",
                "is_repeat",
                "counted",
                "reason",
                "repeat_of_id",
            )
        )
        verdicts = counting.classify(
            (
                counting.ComplaintRecord(
                    id=pk,
                    institution=institution_id,
                    received_on=received,
                    category=category,
                    complainant=complainant,
                    flagged_repeat=flagged,
                )
                for pk, received, category, complainant, flagged, *_rest in rows
            ),
            counted_categories=counted_categories,
            repeat_days=repeat_days,
        )
        updates = []
        for pk, received, _c, _p, _f, counted, reason, repeat_of in rows:
            if received < date_from:
                continue
            verdict = verdicts[pk]
            if (counted, reason, repeat_of) != (
                verdict.counted,
                verdict.reason.value,
                verdict.earlier,
            ):
                updates.append(
                    Complaint(
                        pk=pk,
                        counted=verdict.counted,
                        reason=verdict.reason.value,
                        repeat_of_id=verdict.earlier,
                    )
                )
        Complaint.objects.bulk_update(
            updates, ["counted", "reason", "repeat_of"], batch_size=UPDATE_BATCH
        )
        changed += len(updates)
    return changed


def rule_of(zone_rule: ZoneRule) -> index.ZoneRule:
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
        PublicationRow.objects.bulk_create(
            PublicationRow(
                publication=publication,
                institution_id=row.institution,
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


def stored_rule(publication: Publication) -> index.ZoneRule:
    return index.ZoneRule(
        method=index.Method(publication.method),
        lower=float(publication.lower),
        upper=float(publication.upper),
        reference=index.Reference(publication.reference),
        confidence=float(Decimal(publication.confidence)),
    )
