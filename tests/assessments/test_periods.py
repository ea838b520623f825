"""Periods without a database: the dates a label names, and the label dates give back."""

import datetime

import pytest

from assessments.periods import Period


@pytest.mark.parametrize(
    ("period", "first", "last"),
    [
        ("2026", "2026-01-01", "2026-12-31"),
        ("2026-H1", "2026-01-01", "2026-06-30"),
        ("2026-H2", "2026-07-01", "2026-12-31"),
        ("2024-Q1", "2024-01-01", "2024-03-31"),
        ("2026-Q4", "2026-10-01", "2026-12-31"),
    ],
)
def test_a_period_spans_its_dates(period, first, last):
    assert Period.parse(period) == Period(
        datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    )


@pytest.mark.parametrize(
    "label",
    ["1900", "2099", "2026", "2026-H1", "2026-H2", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
)
def test_the_dates_give_back_the_label(label):
    assert Period.parse(label).label == label


def test_february_ends_on_its_last_day_in_a_leap_year():
    assert Period.parse("2024-Q1").end == datetime.date(2024, 3, 31)
    assert Period.parse("2024-H1").end == datetime.date(2024, 6, 30)
    assert Period.of(2024, "Q1").start == datetime.date(2024, 1, 1)


@pytest.mark.parametrize(
    "label",
    ["9999", "0000", "1899", "2100", "2026-H3", "2026-Q5", "26", "20٢٦", "2026\n", " 2026"]
    + ["2026-h1", "2026-", "2026H1", "", "2026-Q1-Q2"],
)
def test_only_a_year_half_or_quarter_from_1900_to_2099_is_a_period(label):
    with pytest.raises(ValueError, match="not a year, half-year or quarter"):
        Period.parse(label)


def test_other_spans_of_days_are_named_by_their_dates():
    span = Period(datetime.date(2026, 1, 15), datetime.date(2026, 3, 10))
    assert span.label == "2026-01-15/2026-03-10"
    assert Period(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)).label == (
        "2026-01-01/2027-12-31"
    )
