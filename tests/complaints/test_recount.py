import datetime
import random

import pytest

from complaints.counting import ComplaintRecord, classify
from complaints.models import Complaint, ComplaintCategory
from complaints.recount import complaints_recount
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 1, 1)


def random_complaints(seed: int, institutions, categories, count: int = 300):
    rng = random.Random(seed)
    return [
        Complaint(
            institution=rng.choice(institutions),
            received_on=START + datetime.timedelta(days=rng.randrange(150)),
            channel="written",
            category=rng.choice(categories),
            complainant_ref=rng.choice(["", "a", "b", "c"]),
            is_repeat=rng.random() < 0.1,
        )
        for _ in range(count)
    ]


def expected_verdicts():
    counted = set(
        ComplaintCategory.objects.filter(counts_toward_index=True).values_list("pk", flat=True)
    )
    records = [
        ComplaintRecord(
            c.pk, c.institution_id, c.received_on, c.category_id, c.complainant_ref, c.is_repeat
        )
        for c in Complaint.objects.all()
    ]
    return classify(records, counted_categories=counted)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_recount_agrees_with_the_pure_rule(seed):
    institutions = [InstitutionFactory(code=f"b{i}", kind="bank") for i in range(3)]
    categories = list(ComplaintCategory.objects.filter(code__in=["cards", "fees", "loan_request"]))
    Complaint.objects.bulk_create(random_complaints(seed, institutions, categories))
    complaints_recount(
        institution_ids=[i.pk for i in institutions],
        date_from=START,
        date_to=START + datetime.timedelta(days=150),
    )
    expected = expected_verdicts()
    for complaint in Complaint.objects.all():
        verdict = expected[complaint.pk]
        assert (complaint.counted, complaint.reason, complaint.repeat_of_id) == (
            verdict.counted,
            verdict.reason.value,
            verdict.earlier,
        ), complaint.pk


def test_an_earlier_complaint_imported_later_turns_a_later_one_into_a_repeat():
    bank = InstitutionFactory(code="b", kind="bank")
    cards = ComplaintCategory.objects.get(code="cards")
    later = Complaint.objects.create(
        institution=bank,
        received_on=datetime.date(2026, 3, 10),
        channel="oral",
        category=cards,
        complainant_ref="x",
    )
    complaints_recount(
        institution_ids=[bank.pk], date_from=later.received_on, date_to=later.received_on
    )
    later.refresh_from_db()
    assert later.counted
    earlier = Complaint.objects.create(
        institution=bank,
        received_on=datetime.date(2026, 2, 25),
        channel="oral",
        category=cards,
        complainant_ref="x",
    )
    complaints_recount(
        institution_ids=[bank.pk], date_from=earlier.received_on, date_to=earlier.received_on
    )
    later.refresh_from_db()
    assert (later.counted, later.reason, later.repeat_of_id) == (False, "repeat", earlier.pk)


def test_the_repeat_window_is_a_setting(settings):
    settings.COMPLAINT_REPEAT_DAYS = 5
    bank = InstitutionFactory(code="b", kind="bank")
    cards = ComplaintCategory.objects.get(code="cards")
    first, second = (
        Complaint.objects.create(
            institution=bank,
            received_on=day,
            channel="oral",
            category=cards,
            complainant_ref="x",
        )
        for day in (datetime.date(2026, 3, 1), datetime.date(2026, 3, 10))
    )
    complaints_recount(
        institution_ids=[bank.pk], date_from=first.received_on, date_to=second.received_on
    )
    second.refresh_from_db()
    assert second.counted  # 9 days apart: beyond a 5-day window
