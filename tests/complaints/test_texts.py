"""The texts a published table carries, on its page and in its reports alike."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from complaints.index import Zone
from complaints.models import Publication
from complaints.texts import (
    change_heading,
    methodology,
    not_listed_text,
    publication_title,
    revision_text,
    rule_text,
    zone_counts_text,
)

pytestmark = pytest.mark.usefixtures("english")


def publication(**fields) -> Publication:
    defaults = {
        "month": datetime.date(2026, 10, 1),
        "kind": "bank",
        "period_type": "month",
        "revision": 2,
        "method": "band",
        "lower": Decimal("0.800"),
        "upper": Decimal("1.200"),
        "confidence": Decimal("0.950"),
        "not_listed": 1,
        "published_at": timezone.make_aware(datetime.datetime(2026, 11, 3, 10, 0)),
    }
    return Publication(**{**defaults, **fields})


def test_the_methodology_explains_the_client_base_of_the_kind():
    banks, insurers, both = methodology("bank"), methodology("insurer"), methodology()
    assert banks.points[0] == insurers.points[0] == both.points[0]
    assert both.points[1:3] == (banks.points[1], insurers.points[1])
    assert "contracts" in insurers.points[1] and "current-account" in banks.points[1]
    assert banks.disclaimer.startswith("The index is not a rating")


def test_zone_counts_read_worst_first_by_name_or_zone():
    assert zone_counts_text({"red": 3, "yellow": 6, "green": 8}) == "3 red, 6 yellow, 8 green"
    assert zone_counts_text(dict.fromkeys(Zone, 0)) == "0 red, 0 yellow, 0 green"


def test_the_title_names_kind_month_and_a_rolling_period():
    assert publication_title(publication()) == "Complaint index, Bank: 2026-10"
    assert publication_title(publication(period_type="rolling12")) == (
        "Complaint index, Bank: the 12 months 2025-11 – 2026-10"
    )


def test_a_rolling_table_compares_with_the_previous_12_month_window():
    assert change_heading(publication()) == "Change from the previous month"
    assert change_heading(publication(period_type="rolling12")) == (
        "Change from the previous 12-month window"
    )


def test_revision_and_rule_texts():
    assert revision_text(publication()).startswith("Revision 2, published ")
    assert rule_text(publication()) == (
        "Green below 0.80, red above 1.20 (times the reference), yellow between."
    )
    assert "95 % confidence" in rule_text(publication(method="significance"))


def test_the_not_listed_text_counts_in_the_language():
    assert not_listed_text(publication(not_listed=1)).startswith("1 institution received")
    assert "3 institutions" in not_listed_text(publication(not_listed=3))
    with translation.override("ru"):
        assert not_listed_text(publication(not_listed=3)).startswith("На 3 организации")
    # Nothing to say when every institution is listed; a rolling table speaks of 12 months.
    assert not_listed_text(publication(not_listed=0)) == ""
    assert "in the 12 months" in not_listed_text(publication(not_listed=2, period_type="rolling12"))
