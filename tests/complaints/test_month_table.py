"""The regulator's working table of a month, beside what was published."""

import datetime

import pytest
from django.utils import translation

from complaints.models import ClientCount, Complaint, ComplaintCategory, ZoneRule
from complaints.month_table import month_table_context
from complaints.publications import publication_publish

pytestmark = pytest.mark.django_db

OCTOBER = datetime.date(2026, 10, 1)


def context(rule: ZoneRule | None = None) -> dict:
    return month_table_context(
        month=OCTOBER,
        kind="bank",
        period_type="month",
        zone_rule=rule or ZoneRule.objects.get(is_default=True),
    )


def test_the_month_is_computed_now_and_compared_with_its_latest_publication(banks, regulator):
    sirvan, gence = banks
    cards = ComplaintCategory.objects.get(code="cards")
    for bank in banks:
        Complaint.objects.create(
            institution=bank, received_on=OCTOBER, channel="oral", category=cards
        )
    ClientCount.objects.create(institution=sirvan, month=OCTOBER, active_clients=10000)
    page = context()
    assert [i.code for i in page["missing"]] == ["gence"]
    assert page["published"] is None and page["differs"] is False

    ClientCount.objects.create(institution=gence, month=OCTOBER, active_clients=40000)
    rule = ZoneRule.objects.get(is_default=True)
    publication = publication_publish(
        month=OCTOBER, kind="bank", period_type="month", zone_rule=rule, by=regulator
    )
    page = context()
    assert (page["published"], page["differs"], page["missing"]) == (publication, False, [])
    assert [(row["institution"].code, row["zone"]) for row in page["rows"]] == [
        ("sirvan", "red"),
        ("gence", "green"),
    ]
    assert page["zone_counts"] == {"red": 1, "yellow": 0, "green": 1}
    with translation.override("en"):
        assert context()["counts_text"] == "1 red, 0 yellow, 1 green"
    assert (page["previous_month"], page["next_month"]) == (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 11, 1),
    )
    ClientCount.objects.filter(institution=gence).update(active_clients=90000)
    assert context()["differs"] is True
    assert list(context()["revisions"]) == [publication]
