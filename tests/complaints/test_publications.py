"""Publishing a month's table: revisions, a frozen copy of the rule and rows, and whether the
data still gives the published table."""

import datetime

import pytest

from complaints import index
from complaints.models import ClientCount, Complaint, ComplaintCategory, Publication, ZoneRule
from complaints.publications import (
    PeriodIncomplete,
    PublicationUnchanged,
    publication_differs,
    publication_publish,
    rule_of,
)
from complaints.selectors import period_counts

pytestmark = pytest.mark.django_db

OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture
def october(banks):
    """Şirvan: 1 complaint, 10,000 clients; Gəncə: 1 complaint, 40,000 clients."""
    category = ComplaintCategory.objects.get(code="cards")
    for bank, clients in zip(banks, (10000, 40000), strict=True):
        Complaint.objects.create(
            institution=bank, received_on=OCTOBER, channel="oral", category=category
        )
        ClientCount.objects.create(institution=bank, month=OCTOBER, active_clients=clients)
    return banks


def publish(by, rule: ZoneRule | None = None) -> Publication:
    return publication_publish(
        month=OCTOBER,
        kind="bank",
        period_type="month",
        zone_rule=rule or ZoneRule.objects.get(is_default=True),
        by=by,
    )


def test_the_pure_rule_comes_from_a_zone_rule_or_a_publications_copy(october, regulator):
    rule = ZoneRule.objects.get(method="significance")
    expected = index.ZoneRule(method=index.Method.SIGNIFICANCE, lower=0.8, upper=1.2)
    assert rule_of(rule) == expected
    assert rule_of(publish(regulator, rule)) == expected


def test_each_publication_of_a_month_is_its_next_revision(october, regulator):
    first = publish(regulator)
    ClientCount.objects.filter(institution=october[1]).update(active_clients=30000)
    second = publish(regulator)
    assert (first.revision, second.revision) == (1, 2)
    assert (first.published_by, first.rule_name, first.total_complaints) == (
        regulator,
        "Band 0.80-1.20",
        2,
    )
    assert [(row.institution_code, row.zone) for row in second.rows.all()] == [
        ("sirvan", "red"),
        ("gence", "green"),
    ]


def test_the_same_table_again_publishes_nothing_new(october, regulator):
    first = publish(regulator)
    with pytest.raises(PublicationUnchanged) as unchanged:
        publish(regulator)
    assert unchanged.value.latest == first
    assert Publication.objects.count() == 1
    # Another rule gives another table, even from the same data.
    assert publish(regulator, ZoneRule.objects.get(method="significance")).revision == 2


def test_a_month_with_a_missing_client_count_is_not_published(october, regulator):
    ClientCount.objects.filter(institution=october[1]).delete()
    with pytest.raises(PeriodIncomplete) as incomplete:
        publish(regulator)
    assert incomplete.value.missing == [october[1].pk]
    assert not Publication.objects.exists()


def test_a_publication_differs_once_the_data_gives_another_table(october, regulator):
    publication = publish(regulator)
    counts = period_counts(month=OCTOBER, kind="bank")
    assert not publication_differs(publication=publication, counts=counts)
    ClientCount.objects.filter(institution=october[1]).update(active_clients=90000)
    counts = period_counts(month=OCTOBER, kind="bank")
    assert publication_differs(publication=publication, counts=counts)
