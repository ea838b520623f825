"""The statistics of a table row against values worked out by hand (the Poisson terms are
summed here with math, independently of scipy), and the properties they must keep."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaints.index import (
    InstitutionCounts,
    Method,
    Zone,
    ZoneRule,
    _significance_zone,
    complaint_index,
)
from complaints.statistics import (
    FUNNEL_PROBABILITIES,
    Funnel,
    expected_complaints,
    funnel_label,
    funnel_limit,
    funnel_limits,
    index_interval,
)


def poisson_cdf(k: int, mean: float) -> float:
    """P(X <= k) for a Poisson mean, summed term by term (in logarithms: no overflow)."""
    if k < 0:
        return 0.0
    return math.fsum(
        math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1)) for i in range(k + 1)
    )


def test_expected_complaints_are_the_sector_rate_times_the_clients():
    assert expected_complaints(clients=20_000, sector_complaints=8, sector_clients=200_000) == 0.8
    with pytest.raises(ValueError):
        expected_complaints(clients=1, sector_complaints=1, sector_clients=0)


def test_no_complaint_has_a_zero_lower_limit_and_an_upper_of_minus_log_0_025():
    low, high = index_interval(0, 2.0)
    assert low == 0.0
    assert high == pytest.approx(-math.log(0.025) / 2.0, rel=1e-9)  # 1.8444


def test_one_complaint_expected_once_gives_the_textbook_interval():
    low, high = index_interval(1, 1.0)
    assert low == pytest.approx(-math.log(0.975), rel=1e-9)  # 0.0253
    assert high == pytest.approx(5.5716, abs=1e-4)
    # The Garwood limits are the means under which O or more, or O or fewer, is a 2.5 % tail.
    assert 1 - poisson_cdf(0, low) == pytest.approx(0.025, rel=1e-9)
    assert poisson_cdf(1, high) == pytest.approx(0.025, rel=1e-9)


@pytest.mark.parametrize(("observed", "expected"), [(3, 1.4), (30, 21.0), (300, 250.0)])
def test_the_interval_holds_its_tail_probabilities_small_and_large(observed, expected):
    low, high = index_interval(observed, expected)
    assert 1 - poisson_cdf(observed - 1, low * expected) == pytest.approx(0.025, rel=1e-6)
    assert poisson_cdf(observed, high * expected) == pytest.approx(0.025, rel=1e-6)


def test_a_funnel_limit_worked_out_by_hand():
    # E = 1, p = 0.975: F(2) = 0.9197 < p <= F(3) = 0.9810, so r = 3 and the limit is
    # 3 - (F(3) - p) / (F(3) - F(2)) = 2.9019.
    f3, f2 = poisson_cdf(3, 1.0), poisson_cdf(2, 1.0)
    assert funnel_limit(1.0, 0.975) == pytest.approx(3 - (f3 - 0.975) / (f3 - f2), rel=1e-9)
    assert funnel_limit(1.0, 0.975) == pytest.approx(2.9019, abs=1e-4)
    # E = 50, p = 0.999: r is the smallest count whose distribution function reaches p.
    r = next(k for k in range(200) if poisson_cdf(k, 50.0) >= 0.999)
    fr, fr1 = poisson_cdf(r, 50.0), poisson_cdf(r - 1, 50.0)
    assert funnel_limit(50.0, 0.999) == pytest.approx((r - (fr - 0.999) / (fr - fr1)) / 50, 1e-9)


def test_labels_against_the_limits():
    expected = 20.0
    lowest, low, high, highest = (funnel_limit(expected, p) for p in FUNNEL_PROBABILITIES)
    assert funnel_label(highest + 0.01, expected) == Funnel.ABOVE_998
    assert funnel_label((high + highest) / 2, expected) == Funnel.ABOVE_95
    assert funnel_label(1.0, expected) == Funnel.WITHIN
    assert funnel_label((lowest + low) / 2, expected) == Funnel.BELOW_95
    assert funnel_label(lowest - 0.01, expected) == Funnel.BELOW_998


def test_a_small_bank_with_a_high_index_can_be_chance_a_large_one_cannot():
    table = complaint_index(
        [
            InstitutionCounts("small", complaints=2, clients=2_000),
            InstitutionCounts("large", complaints=650, clients=1_000_000),
            InstitutionCounts("rest", complaints=348, clients=997_000),
            InstitutionCounts("quiet", complaints=0, clients=1_000),
        ],
        ZoneRule(),
    )
    rows = {row.institution: row for row in table.rows}
    small, large = rows["small"], rows["large"]
    assert small.expected == 1.0 and small.funnel == Funnel.WITHIN  # index 2.0
    assert large.expected == 500.0 and large.funnel == Funnel.ABOVE_998  # index 1.3
    assert small.index_low < 1 < small.index_high
    assert 1 < large.index_low < 1.3 < large.index_high
    assert small.figures()["funnel"] == "within" and large.figures()["index_low"] > 1
    assert table.not_listed_expected == [0.5]  # 1 000 of 2 000 000 clients, 1 000 complaints


def test_the_limits_widen_as_the_expected_count_shrinks():
    sizes = [1000.0, 200.0, 50.0, 10.0, 2.0, 0.5]
    for p in (0.975, 0.999):
        uppers = [funnel_limit(e, p) for e in sizes]
        assert uppers == sorted(uppers) and len(set(uppers)) == len(uppers)
    for p in (0.001, 0.025):
        lowers = [funnel_limit(e, p) for e in sizes]
        assert lowers == sorted(lowers, reverse=True) and len(set(lowers)) == len(lowers)


@given(
    observed=st.integers(min_value=0, max_value=2_000),
    expected=st.floats(min_value=0.05, max_value=5_000, allow_nan=False),
)
def test_the_interval_holds_the_index_and_the_label_agrees_with_the_limits(observed, expected):
    low, high = index_interval(observed, expected)
    index = observed / expected
    assert low <= index <= high
    label = funnel_label(index, expected)
    lowest, low95, high95, highest = (funnel_limit(expected, p) for p in FUNNEL_PROBABILITIES)
    assert lowest <= low95 <= high95 <= highest
    assert (label == Funnel.ABOVE_998) == (index > highest)
    assert (label == Funnel.ABOVE_95) == (high95 < index <= highest)
    assert (label == Funnel.WITHIN) == (low95 <= index <= high95)


@given(
    observed=st.integers(min_value=0, max_value=400),
    expected=st.floats(min_value=0.2, max_value=300, allow_nan=False),
)
def test_where_the_significance_rule_says_red_or_green_the_funnel_says_beyond_95(
    observed, expected
):
    rule = ZoneRule(method=Method.SIGNIFICANCE, confidence=0.95)
    zone = _significance_zone(observed, expected, rule.confidence)
    label = funnel_label(observed / expected, expected)
    if zone == Zone.RED:
        assert label in (Funnel.ABOVE_95, Funnel.ABOVE_998)
    if zone == Zone.GREEN:
        assert label in (Funnel.BELOW_95, Funnel.BELOW_998)


def test_a_whole_curve_of_limits_agrees_with_the_limits_one_at_a_time():
    sizes = [0.05, 0.4, 1.0, 2.5, 7.3, 20.0, 113.7, 950.0]
    for p in FUNNEL_PROBABILITIES:
        curve = funnel_limits(sizes, p)
        assert curve == [pytest.approx(funnel_limit(e, p), rel=1e-12) for e in sizes]
        assert curve == [pytest.approx(_by_hand_limit(e, p), abs=1e-9) for e in sizes]
    with pytest.raises(ValueError):
        funnel_limits([3.0, 0.0], 0.975)


def _by_hand_limit(expected: float, p: float) -> float:
    """Spiegelhalter's interpolated limit from the hand-summed distribution function."""
    r = next(k for k in range(10_000) if poisson_cdf(k, expected) >= p)
    at_r, before = poisson_cdf(r, expected), poisson_cdf(r - 1, expected)
    return (r - (at_r - p) / (at_r - before)) / expected
