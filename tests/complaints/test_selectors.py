"""What the pages read: months with data, a month's complaints, published rows."""

import datetime

import pytest

from complaints.models import ClientCount, Complaint, ComplaintCategory, ZoneRule
from complaints.publications import publication_publish
from complaints.selectors import (
    add_months,
    complaints_received,
    institution_latest_row,
    months_with_data,
    publication_rows,
)
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

SEPTEMBER, OCTOBER = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)
NOVEMBER = datetime.date(2026, 11, 1)


def complaint(bank, day: datetime.date, *, category: str = "cards", reference: str = ""):
    return Complaint.objects.create(
        institution=bank,
        received_on=day,
        channel="oral",
        category=ComplaintCategory.objects.get(code=category),
        reference=reference,
    )


def publish(month: datetime.date, by):
    return publication_publish(
        month=month,
        kind="bank",
        period_type="month",
        zone_rule=ZoneRule.objects.get(is_default=True),
        by=by,
    )


def test_months_run_across_years():
    assert add_months(datetime.date(2026, 11, 1), 3) == datetime.date(2027, 2, 1)
    assert add_months(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)


def test_months_with_data_show_their_latest_publication(banks, regulator):
    sirvan, gence = banks
    complaint(sirvan, SEPTEMBER)
    for bank in banks:
        ClientCount.objects.create(institution=bank, month=SEPTEMBER, active_clients=100)
    ClientCount.objects.create(institution=gence, month=OCTOBER, active_clients=100)
    publish(SEPTEMBER, regulator)
    ClientCount.objects.filter(institution=gence, month=SEPTEMBER).update(active_clients=300)
    latest = publish(SEPTEMBER, regulator)
    assert latest.revision == 2
    assert months_with_data(kind="bank") == [(OCTOBER, None), (SEPTEMBER, latest)]
    assert months_with_data(kind="insurer") == []


def test_a_months_complaints_by_institution_and_reason(banks):
    sirvan, gence = banks
    complaint(sirvan, OCTOBER + datetime.timedelta(days=3), reference="S-2")
    complaint(sirvan, OCTOBER, reference="S-1")
    complaint(gence, OCTOBER, category="loan_request", reference="G-1")
    Complaint.objects.filter(reference="G-1").update(counted=False, reason="category_excluded")
    complaint(gence, SEPTEMBER, reference="G-0")

    def references(**filters) -> list[str]:
        found = complaints_received(kind="bank", month=OCTOBER, **filters)
        return [c.reference for c in found]

    assert references() == ["S-1", "G-1", "S-2"]
    assert references(institution_code="sirvan") == ["S-1", "S-2"]
    assert references(reason="category_excluded") == ["G-1"]
    assert references(reason="unknown") == ["S-1", "G-1", "S-2"]


def test_published_rows_carry_the_change_from_the_latest_previous_revision(banks, regulator):
    sirvan, gence = banks
    for month in (SEPTEMBER, OCTOBER):
        for bank in banks:
            ClientCount.objects.create(institution=bank, month=month, active_clients=100)
    complaint(sirvan, SEPTEMBER)
    publish(SEPTEMBER, regulator)  # Şirvan alone: index 2
    complaint(gence, SEPTEMBER)
    publish(SEPTEMBER, regulator)  # revision 2: both at 1
    complaint(sirvan, OCTOBER)
    complaint(sirvan, OCTOBER + datetime.timedelta(days=1))
    complaint(gence, OCTOBER)
    rows = publication_rows(publication=publish(OCTOBER, regulator))
    changes = {row["institution"].institution_code: row["change"] for row in rows}
    assert changes == {"sirvan": pytest.approx(4 / 3 - 1), "gence": pytest.approx(2 / 3 - 1)}
    assert [row["zone"] for row in rows] == ["red", "green"]


def test_an_institutions_latest_row_is_in_the_newest_months_latest_revision(banks, regulator):
    sirvan, gence = banks
    assert institution_latest_row(institution=sirvan) is None
    for month in (SEPTEMBER, OCTOBER):
        for bank in banks:
            ClientCount.objects.create(institution=bank, month=month, active_clients=100)
    complaint(sirvan, SEPTEMBER)
    publish(SEPTEMBER, regulator)
    row = institution_latest_row(institution=sirvan)
    assert (row.publication.month, row.index, row.zone) == (SEPTEMBER, 2.0, "red")
    assert institution_latest_row(institution=gence) is None
    complaint(gence, OCTOBER)
    publish(OCTOBER, regulator)
    # October does not list Şirvan: September's row does not stand in for it.
    assert institution_latest_row(institution=sirvan) is None
    assert institution_latest_row(institution=gence).publication.month == OCTOBER
    complaint(sirvan, OCTOBER + datetime.timedelta(days=2))
    revision = publish(OCTOBER, regulator)
    row = institution_latest_row(institution=sirvan)
    assert (row.publication, row.index) == (revision, 1.0)
    insurer = InstitutionFactory(code="sigorta", kind="insurer")
    ClientCount.objects.create(institution=insurer, month=NOVEMBER, active_clients=50)
    complaint(insurer, NOVEMBER)
    publication_publish(
        month=NOVEMBER,
        kind="insurer",
        period_type="month",
        zone_rule=ZoneRule.objects.get(is_default=True),
        by=regulator,
    )
    assert institution_latest_row(institution=sirvan).publication == revision
    assert institution_latest_row(institution=insurer).publication.kind == "insurer"
