"""The counting rule in SQL (complaints.recount.reason_sql: the import's insert and the recount)
gives every complaint the verdict that the plain rule, complaints.counting.classify, gives it
on the same data: randomised complaints plus the edge cases, on SQLite and PostgreSQL."""

import datetime
import io
import random
from dataclasses import dataclass

import pytest

from complaints import importers
from complaints.counting import ComplaintRecord, Reason, classify
from complaints.importers import complaints_import
from complaints.models import Complaint, ComplaintCategory
from complaints.recount import complaints_recount_all
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

HEADER = "institution_code,received_on,channel,category,complainant_ref,is_repeat,reference"
BANKS = ["sirvan", "gence", "agdas"]
CHANNELS = ["oral", "written", "in_person"]
# Counting categories and, twice as likely as each of them, ones that never count.
CATEGORIES = ["cards", "fees", "loans", "loan_request", "outside_mandate", "loan_concession"]
COMPLAINANTS = ["", "", "a", "b", "c", "d"]
START = datetime.date(2026, 1, 1)
SEEDS = [1, 2, 3]


@dataclass(frozen=True)
class Row:
    bank: str
    received_on: datetime.date
    category: str
    complainant: str
    flagged: bool
    reference: str
    channel: str = "written"


def edge_cases(repeat_days: int) -> list[Row]:
    """Each case by a complainant of its own, so that no random complaint comes between."""
    day = START + datetime.timedelta(days=5)
    later = datetime.timedelta(days=repeat_days)
    return [
        # Exactly repeat_days after the earlier one: a repeat. One day more: counted.
        Row("sirvan", day, "cards", "exact", False, "EXACT-1"),
        Row("sirvan", day + later, "cards", "exact", False, "EXACT-2"),
        Row("gence", day, "cards", "beyond", False, "BEYOND-1"),
        Row(
            "gence", day + later + datetime.timedelta(days=1), "cards", "beyond", False, "BEYOND-2"
        ),
        # Across a month boundary: 31 January, then 1 February.
        Row("agdas", datetime.date(2026, 1, 31), "fees", "boundary", False, "BOUNDARY-1"),
        Row("agdas", datetime.date(2026, 2, 1), "fees", "boundary", False, "BOUNDARY-2"),
        # A flagged repeat is itself the earlier complaint of the next one.
        Row("sirvan", datetime.date(2026, 3, 1), "loans", "chain", False, "CHAIN-1"),
        Row("sirvan", datetime.date(2026, 3, 2), "loans", "chain", True, "CHAIN-2"),
        Row("sirvan", datetime.date(2026, 3, 3), "loans", "chain", False, "CHAIN-3"),
        # A category that never counts wins over the flag; the same day, the file's order.
        Row("gence", datetime.date(2026, 3, 9), "loan_request", "excluded", True, "EXCLUDED-1"),
        Row("gence", datetime.date(2026, 3, 9), "loan_request", "excluded", False, "EXCLUDED-2"),
        # No complainant: never a repeat, however close.
        Row("agdas", datetime.date(2026, 3, 9), "cards", "", False, "ANONYMOUS-1"),
        Row("agdas", datetime.date(2026, 3, 9), "cards", "", False, "ANONYMOUS-2"),
    ]


def random_rows(seed: int, repeat_days: int, count: int = 400) -> list[Row]:
    rng = random.Random(seed)
    rows = [
        Row(
            bank=rng.choice(BANKS),
            received_on=START + datetime.timedelta(days=rng.randrange(150)),
            category=rng.choice(CATEGORIES),
            complainant=rng.choice(COMPLAINANTS),
            flagged=rng.random() < 0.1,
            reference=f"R-{number}",
            channel=rng.choice(CHANNELS),
        )
        for number in range(count)
    ]
    rows += edge_cases(repeat_days)
    rng.shuffle(rows)
    return rows


def import_rows(rows: list[Row]) -> None:
    lines = [
        f"{r.bank},{r.received_on},{r.channel},{r.category},{r.complainant},"
        f"{int(r.flagged)},{r.reference}"
        for r in rows
    ]
    text = "\n".join([HEADER, *lines]) + "\n"
    complaints_import(source=io.BytesIO(text.encode()), filename="complaints.csv")


def stored() -> dict[str, tuple[bool, str, str | None]]:
    """Every complaint's verdict as the database holds it, by reference."""
    return {
        c.reference: (c.counted, c.reason, c.repeat_of.reference if c.repeat_of else None)
        for c in Complaint.objects.select_related("repeat_of")
    }


def expected(*, repeat_days: int, repeats: bool = True) -> dict[str, tuple[bool, str, str | None]]:
    """The plain rule's verdicts on the complaints in the database; without ``repeats``, what
    a complaint alone decides (no complainant, so no earlier complaint is looked for)."""
    counted = set(
        ComplaintCategory.objects.filter(counts_toward_index=True).values_list("code", flat=True)
    )
    complaints = list(Complaint.objects.select_related("category"))
    references = {c.pk: c.reference for c in complaints}
    verdicts = classify(
        [
            ComplaintRecord(
                c.pk,
                c.institution_id,
                c.received_on,
                c.category.code,
                c.complainant_ref if repeats else "",
                c.is_repeat,
            )
            for c in complaints
        ],
        counted_categories=counted,
        repeat_days=repeat_days,
    )
    return {
        references[pk]: (v.counted, v.reason.value, references.get(v.earlier))
        for pk, v in verdicts.items()
    }


@pytest.fixture
def banks():
    return [InstitutionFactory(code=code, kind="bank") for code in BANKS]


@pytest.fixture
def without_recount(monkeypatch):
    """The import inserts its rows but leaves the repeats to a recount run later."""
    monkeypatch.setattr(importers, "complaints_recount", lambda **kwargs: 0)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_import_sets_what_a_complaint_alone_decides(banks, without_recount, seed):
    import_rows(random_rows(seed, 30))
    assert stored() == expected(repeat_days=30, repeats=False)


@pytest.mark.parametrize("repeat_days", [30, 7])
@pytest.mark.parametrize("seed", SEEDS)
def test_the_recount_gives_every_complaint_the_plain_rules_verdict(
    banks, without_recount, settings, seed, repeat_days
):
    settings.COMPLAINT_REPEAT_DAYS = repeat_days
    import_rows(random_rows(seed, repeat_days))
    complaints_recount_all()
    verdicts = stored()
    assert verdicts == expected(repeat_days=repeat_days)
    # The edge cases are what they are meant to be, not merely the same in both.
    assert verdicts["EXACT-2"] == (False, Reason.REPEAT, "EXACT-1")
    assert verdicts["BEYOND-2"] == (True, Reason.COUNTED, None)
    assert verdicts["BOUNDARY-2"] == (False, Reason.REPEAT, "BOUNDARY-1")
    assert verdicts["CHAIN-2"] == (False, Reason.FLAGGED_REPEAT, None)
    assert verdicts["CHAIN-3"] == (False, Reason.REPEAT, "CHAIN-2")
    assert (
        verdicts["EXCLUDED-1"] == verdicts["EXCLUDED-2"] == (False, Reason.CATEGORY_EXCLUDED, None)
    )
    assert verdicts["ANONYMOUS-2"] == (True, Reason.COUNTED, None)
    assert {reason for _counted, reason, _earlier in verdicts.values()} == set(Reason)


@pytest.mark.parametrize("seed", SEEDS)
def test_imports_in_any_order_end_with_the_plain_rules_verdicts(banks, seed):
    """The later half of the complaints first, then the earlier half: each import recounts
    only around its own days, and that is enough."""
    rows = sorted(random_rows(seed, 30), key=lambda row: row.received_on)
    middle = START + datetime.timedelta(days=60)
    import_rows([row for row in rows if row.received_on >= middle])
    import_rows([row for row in rows if row.received_on < middle])
    assert stored() == expected(repeat_days=30)
