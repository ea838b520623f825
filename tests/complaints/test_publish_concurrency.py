"""Four regulators publishing the same month at the same moment, each on its own real
PostgreSQL connection: one revision is made, the others are told it is already published."""

import threading

import pytest
from django.db import connection

from complaints.models import ClientCount, Complaint, ComplaintCategory, Publication, ZoneRule
from complaints.publications import PublicationUnchanged, publication_publish
from tests.complaints.test_publications import OCTOBER

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database with separate connections and advisory locks (PostgreSQL; CI)",
    ),
]


@pytest.fixture
def october(banks):
    category = ComplaintCategory.objects.get(code="cards")
    for bank, clients in zip(banks, (10000, 40000), strict=True):
        Complaint.objects.create(
            institution=bank, received_on=OCTOBER, channel="oral", category=category
        )
        ClientCount.objects.create(institution=bank, month=OCTOBER, active_clients=clients)


def at_once(count, work):
    """Run ``work`` in ``count`` threads (so on as many connections), released together;
    returns what each returned or raised."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def run(number):
        try:
            barrier.wait(timeout=10)
            outcomes[number] = work()
        except Exception as error:  # noqa: BLE001  (the test looks at it)
            outcomes[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.parametrize("earlier", [False, True], ids=["first publication", "a new revision"])
def test_simultaneous_publications_of_one_table_make_one_revision(october, regulator, earlier):
    def publish(rule: ZoneRule) -> Publication:
        return publication_publish(
            month=OCTOBER, kind="bank", period_type="month", zone_rule=rule, by=regulator
        )

    if earlier:  # the same data under another rule: revision 1
        publish(ZoneRule.objects.get(method="significance"))
    default = ZoneRule.objects.get(is_default=True)
    outcomes = at_once(4, lambda: publish(default))
    made = [o for o in outcomes if isinstance(o, Publication)]
    unchanged = [o for o in outcomes if isinstance(o, PublicationUnchanged)]
    assert (len(made), len(unchanged)) == (1, 3), outcomes
    assert {o.latest for o in unchanged} == set(made)
    revisions = Publication.objects.filter(month=OCTOBER).order_by("revision")
    assert [p.revision for p in revisions] == ([1, 2] if earlier else [1])
    assert made[0].rows.count() == 2
