"""The latest revision of a published table, asked of the database once."""

import datetime

import pytest

from complaints.models import Publication

pytestmark = pytest.mark.django_db

SEPTEMBER, OCTOBER = datetime.date(2026, 9, 1), datetime.date(2026, 10, 1)


def publication(month: datetime.date, revision: int, by, **fields) -> Publication:
    values = {
        "kind": "bank",
        "period_type": "month",
        "rule_name": "Band",
        "method": "band",
        "lower": "0.800",
        "upper": "1.200",
        "reference": "sector",
        "confidence": "0.950",
        "reference_value": 1.0,
        "total_complaints": 0,
        "total_clients": 0,
        "not_listed": 0,
        "published_by": by,
    }
    return Publication.objects.create(month=month, revision=revision, **{**values, **fields})


@pytest.fixture
def publications(regulator) -> dict[str, Publication]:
    return {
        "sep-1": publication(SEPTEMBER, 1, regulator),
        "oct-1": publication(OCTOBER, 1, regulator),
        "oct-2": publication(OCTOBER, 2, regulator),
        "oct-rolling": publication(OCTOBER, 1, regulator, period_type="rolling12"),
        "oct-insurer": publication(OCTOBER, 1, regulator, kind="insurer"),
    }


def test_the_latest_revision_of_one_months_table(publications):
    latest = Publication.objects.latest_revision
    assert latest(month=OCTOBER, kind="bank") == publications["oct-2"]
    rolling = latest(month=OCTOBER, kind="bank", period_type="rolling12")
    assert rolling == publications["oct-rolling"]
    assert latest(month=OCTOBER, kind="insurer") == publications["oct-insurer"]
    assert latest(month=datetime.date(2026, 11, 1), kind="bank") is None
    # After a filter: the latest of what is left.
    first = Publication.objects.filter(revision=1).latest_revision(month=OCTOBER, kind="bank")
    assert first == publications["oct-1"]


def test_only_the_latest_revision_of_each_table(publications):
    assert set(Publication.objects.latest_revisions()) == {
        publications[name] for name in ("sep-1", "oct-2", "oct-rolling", "oct-insurer")
    }
