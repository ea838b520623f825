"""The complaint index without a database: a hand-computed month of five banks."""

import datetime

import pytest

from complaints.counting import ComplaintRecord, Reason, classify
from complaints.index import (
    InstitutionCounts,
    Method,
    Reference,
    Zone,
    ZoneRule,
    complaint_index,
)

COUNTED = {
    "cards",
    "payments",
    "accounts",
    "cash",
    "loans",
    "fees",
    "remote_banking",
    "service",
    "other",
}
OCT = datetime.date(2026, 10, 1)


def day(n: int) -> datetime.date:
    return OCT + datetime.timedelta(days=n - 1)


# Bank A: 6 complaints, of which 1 repeat (c1, cards, 10 days later) and 1 loan concession.
# Bank B: 3 complaints, of which 1 flagged as a repeat. Bank C: 1, outside the mandate.
# Bank D: 2 by the same complainant but in different categories: both count. Bank E: none.
COMPLAINTS = [
    ComplaintRecord(1, "A", day(2), "cards", "c1"),
    ComplaintRecord(2, "A", day(12), "cards", "c1"),
    ComplaintRecord(3, "A", day(3), "loans", "c2"),
    ComplaintRecord(4, "A", day(4), "fees", "c3"),
    ComplaintRecord(5, "A", day(5), "service", ""),
    ComplaintRecord(6, "A", day(6), "loan_concession", "c4"),
    ComplaintRecord(7, "B", day(7), "cards", "c5"),
    ComplaintRecord(8, "B", day(8), "cash", "c6"),
    ComplaintRecord(9, "B", day(9), "cash", "c7", flagged_repeat=True),
    ComplaintRecord(10, "C", day(10), "outside_mandate", "c8"),
    ComplaintRecord(11, "D", day(11), "cards", "c9"),
    ComplaintRecord(12, "D", day(11), "accounts", "c9"),
]
CLIENTS = {"A": 20_000, "B": 50_000, "C": 20_000, "D": 100_000, "E": 10_000}


def month_counts() -> list[InstitutionCounts]:
    verdicts = classify(COMPLAINTS, counted_categories=COUNTED)
    counted: dict[str, int] = dict.fromkeys(CLIENTS, 0)
    for record in COMPLAINTS:
        counted[record.institution] += verdicts[record.id].counted
    return [InstitutionCounts(code, counted[code], CLIENTS[code]) for code in CLIENTS]


def test_the_reasons_complaints_do_not_count():
    verdicts = classify(COMPLAINTS, counted_categories=COUNTED)
    assert verdicts[2].reason == Reason.REPEAT and verdicts[2].earlier == 1
    assert verdicts[6].reason == Reason.CATEGORY_EXCLUDED
    assert verdicts[9].reason == Reason.FLAGGED_REPEAT
    assert verdicts[10].reason == Reason.CATEGORY_EXCLUDED
    assert verdicts[12].counted and verdicts[11].counted
    assert sum(v.counted for v in verdicts.values()) == 8


def test_hand_computed_month_under_the_band_rule():
    table = complaint_index(month_counts(), ZoneRule())
    assert table.total_complaints == 8
    assert table.total_clients == 200_000
    rows = {row.institution: row for row in table.rows}
    assert list(rows) == ["A", "B", "D"]  # highest index first; C and E are not listed
    assert (rows["A"].complaint_share, rows["A"].client_share) == (0.5, 0.1)
    assert rows["A"].index == pytest.approx(5.0)
    assert rows["B"].index == pytest.approx(1.0)
    assert rows["D"].index == pytest.approx(0.5)
    assert [rows[k].zone for k in "ABD"] == [Zone.RED, Zone.YELLOW, Zone.GREEN]
    assert sorted(table.not_listed) == ["C", "E"]
    assert table.complete
    assert table.zone_counts() == {Zone.RED: 1, Zone.YELLOW: 1, Zone.GREEN: 1}
    assert rows["A"].figures() == {
        "complaints": 4,
        "complaint_share": 0.5,
        "clients": 20_000,
        "client_share": 0.1,
        "index": pytest.approx(5.0),
        # E = 8 × 0.1; Garwood: χ²(0.025; 8) / 2 / 0.8 = 2.1797 / 1.6, χ²(0.975; 10) / 1.6 =
        # 20.483 / 1.6. Funnel at E = 0.8: 97.5 % at r = 3, α = 0.415, limit 3.23 < 5; 99.9 %
        # at r = 5, α = 0.68, limit 5.40 > 5: above the 95 % limit, within the 99.8 %.
        "expected": pytest.approx(0.8),
        "index_low": pytest.approx(1.3623, abs=1e-4),
        "index_high": pytest.approx(12.802, abs=1e-3),
        "funnel": "above_95",
        "zone": "red",
    }


def test_hand_computed_month_under_the_significance_rule():
    # Expected complaints: A 0.8 (got 4: P(X>=4) = 0.009), B 2 (got 2), D 4 (got 2:
    # P(X<=2) = 0.238): only A differs beyond 95 % confidence.
    table = complaint_index(month_counts(), ZoneRule(method=Method.SIGNIFICANCE))
    rows = {row.institution: row for row in table.rows}
    assert rows["A"].expected == pytest.approx(0.8)
    assert [rows[k].zone for k in "ABD"] == [Zone.RED, Zone.YELLOW, Zone.YELLOW]


def test_significance_finds_green_with_enough_complaints():
    counts = [InstitutionCounts("big", 10, 500_000), InstitutionCounts("rest", 190, 500_000)]
    rows = {
        r.institution: r for r in complaint_index(counts, ZoneRule(method=Method.SIGNIFICANCE)).rows
    }
    assert rows["big"].zone == Zone.GREEN and rows["rest"].zone == Zone.RED


def test_bounds_are_inclusive_for_yellow():
    counts = [
        InstitutionCounts("x", 12, 100),
        InstitutionCounts("y", 8, 100),
        InstitutionCounts("z", 80, 800),
    ]
    rows = {r.institution: r for r in complaint_index(counts, ZoneRule()).rows}
    assert rows["x"].index == pytest.approx(1.2) and rows["x"].zone == Zone.YELLOW
    assert rows["y"].index == pytest.approx(0.8) and rows["y"].zone == Zone.YELLOW


def test_the_mean_reference_moves_the_bands():
    rule = ZoneRule(reference=Reference.MEAN)
    table = complaint_index(month_counts(), rule)
    assert table.reference_value == pytest.approx((5.0 + 1.0 + 0.5) / 3)
    rows = {row.institution: row for row in table.rows}
    # Mean 2.1667: green below 1.733, red above 2.6.
    assert [rows[k].zone for k in "ABD"] == [Zone.RED, Zone.GREEN, Zone.GREEN]


def test_complaints_without_a_client_count_make_the_period_incomplete():
    counts = [InstitutionCounts("A", 3, 1000), InstitutionCounts("B", 2, None)]
    table = complaint_index(counts, ZoneRule())
    assert not table.complete
    assert table.missing_clients == ["B"]
    assert [row.institution for row in table.rows] == ["A"]


def test_with_everyone_listed_the_client_weighted_mean_index_is_one():
    counts = [
        InstitutionCounts(k, c, n) for k, c, n in [("a", 5, 100), ("b", 7, 900), ("c", 1, 50)]
    ]
    table = complaint_index(counts, ZoneRule())
    assert sum(row.index * row.client_share for row in table.rows) == pytest.approx(1.0)


def test_scaling_every_count_changes_no_index():
    counts = month_counts()
    scaled = [InstitutionCounts(c.institution, c.complaints * 7, c.clients * 7) for c in counts]
    before = {r.institution: r.index for r in complaint_index(counts, ZoneRule()).rows}
    after = {r.institution: r.index for r in complaint_index(scaled, ZoneRule()).rows}
    assert after == pytest.approx(before)


def test_a_repeat_across_the_month_boundary_is_found():
    records = [
        ComplaintRecord("sep", "A", datetime.date(2026, 9, 20), "cards", "c1"),
        ComplaintRecord("oct", "A", datetime.date(2026, 10, 15), "cards", "c1"),
        ComplaintRecord("late", "A", datetime.date(2026, 12, 1), "cards", "c1"),
    ]
    verdicts = classify(records, counted_categories=COUNTED, repeat_days=30)
    assert verdicts["oct"].reason == Reason.REPEAT
    assert verdicts["late"].counted  # 47 days after the last one
    assert classify(records, counted_categories=COUNTED, repeat_days=20)["oct"].counted


def test_bad_rules_and_counts_are_refused():
    with pytest.raises(ValueError):
        ZoneRule(lower=1.3, upper=1.2)
    with pytest.raises(ValueError):
        ZoneRule(confidence=1.0)
    with pytest.raises(ValueError):
        complaint_index([InstitutionCounts("a", -1, 10)], ZoneRule())
