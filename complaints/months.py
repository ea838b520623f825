"""The months the complaint index knows: from January 2000 to the end of next year. A month,
a client count's month or a complaint's date outside them is refused wherever it is typed,
imported or asked for in an address."""

import datetime

from django.utils import timezone

FIRST_MONTH = datetime.date(2000, 1, 1)


def last_month() -> datetime.date:
    """December of next year: client counts may be planned, nothing lies further ahead."""
    return datetime.date(timezone.localdate().year + 1, 12, 1)


def month_in_range(month: datetime.date) -> bool:
    return FIRST_MONTH <= month.replace(day=1) <= last_month()


def month_parse(text: str) -> datetime.date | None:
    """``YYYY-MM`` within the range, as the first day of that month; None otherwise."""
    try:
        month = datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return None
    return month if month_in_range(month) else None


def range_bounds() -> dict[str, str]:
    """The first and last month as a message names them: ``{"first": "2000-01", ...}``."""
    return {"first": f"{FIRST_MONTH:%Y-%m}", "last": f"{last_month():%Y-%m}"}


def month_runs_text(months: list[datetime.date]) -> str:
    """Months as runs: ``2025-11 – 2026-02, 2026-05`` (months in order, no repeats)."""
    runs: list[list[datetime.date]] = []
    for month in months:
        previous = runs[-1][-1] if runs else None
        if (
            previous
            and (month.year * 12 + month.month) - (previous.year * 12 + previous.month) == 1
        ):
            runs[-1].append(month)
        else:
            runs.append([month])
    return ", ".join(
        f"{run[0]:%Y-%m}" if len(run) == 1 else f"{run[0]:%Y-%m} – {run[-1]:%Y-%m}" for run in runs
    )
