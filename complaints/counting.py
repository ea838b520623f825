"""Which complaints count toward the index, and why the others do not. No Django.

A complaint does not count when its category never counts (loan concessions, loan
requests, topics outside the central bank's authority), or when it is a repeat: flagged so,
or made by the same complainant about the same institution and category at most
``repeat_days`` days after an earlier complaint (month boundaries do not matter).
"""

import datetime
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_REPEAT_DAYS = 30


class Reason(StrEnum):
    COUNTED = "counted"
    CATEGORY_EXCLUDED = "category_excluded"
    FLAGGED_REPEAT = "flagged_repeat"
    REPEAT = "repeat"


@dataclass(frozen=True)
class ComplaintRecord:
    id: Hashable
    institution: Hashable
    received_on: datetime.date
    category: str
    complainant: str = ""
    flagged_repeat: bool = False


@dataclass(frozen=True)
class Verdict:
    counted: bool
    reason: Reason
    earlier: Hashable | None = None  # the complaint this one repeats, when found by the rule


def classify(
    records: Iterable[ComplaintRecord],
    *,
    counted_categories: set[str],
    repeat_days: int = DEFAULT_REPEAT_DAYS,
) -> dict[Hashable, Verdict]:
    """A verdict for every complaint. Pass the complaints from ``repeat_days`` before the
    period too, so that repeats across the period's start are found."""
    if repeat_days < 0:
        raise ValueError("repeat_days cannot be negative")
    verdicts: dict[Hashable, Verdict] = {}
    latest: dict[tuple, ComplaintRecord] = {}
    for record in sorted(records, key=lambda r: (r.received_on, r.id)):
        key = (record.institution, record.complainant, record.category)
        earlier = latest.get(key) if record.complainant else None
        if record.complainant:
            latest[key] = record
        if record.category not in counted_categories:
            verdicts[record.id] = Verdict(False, Reason.CATEGORY_EXCLUDED)
        elif record.flagged_repeat:
            verdicts[record.id] = Verdict(False, Reason.FLAGGED_REPEAT)
        elif earlier and (record.received_on - earlier.received_on).days <= repeat_days:
            verdicts[record.id] = Verdict(False, Reason.REPEAT, earlier.id)
        else:
            verdicts[record.id] = Verdict(True, Reason.COUNTED)
    return verdicts
