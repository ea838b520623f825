"""Scoring without a database: weights, N/A, empty principles, the gate, a hand-computed case."""

import pytest

from assessments.scoring import (
    Band,
    IndicatorAnswer,
    band_for,
    score,
    weakest_and_strongest,
)


def answer(code, principle, response, weight=1, critical=False):
    return IndicatorAnswer(
        code=code, principle=principle, weight=weight, critical=critical, response=response
    )


HAND_COMPUTED = [
    answer("1.1", 1, "meets", weight=2),  # 4 of 4
    answer("1.2", 1, "partial"),  # 1 of 2
    answer("1.3", 1, "na"),  # left out
    answer("2.1", 2, "not_met", critical=True),  # 0 of 2
    answer("2.2", 2, "meets", weight=3),  # 6 of 6
    answer("3.1", 3, "na"),  # nothing applicable
]


def test_hand_computed_example():
    result = score(HAND_COMPUTED)
    first, second, third = result.principles
    assert (first.earned, first.possible, first.applicable, first.total) == (5, 6, 2, 3)
    assert first.score == 83.3
    assert (second.earned, second.possible) == (6, 8)
    assert second.score == pytest.approx(75.0)
    assert third.score is None
    assert (third.applicable, third.answered, third.total) == (0, 1, 1)
    assert result.overall == 78.6  # 100 × 11 ÷ 14, rounded once
    assert result.band is Band.IMPROVE
    assert result.gate_met is False
    assert result.complete


def test_weights_change_the_score():
    light = score([answer("a", 1, "meets"), answer("b", 1, "not_met")])
    heavy = score([answer("a", 1, "meets", weight=3), answer("b", 1, "not_met")])
    assert light.overall == pytest.approx(50.0)
    assert heavy.overall == pytest.approx(75.0)


def test_not_applicable_is_left_out_of_the_denominator():
    with_na = score([answer("a", 1, "meets"), answer("b", 1, "na")])
    assert with_na.overall == pytest.approx(100.0)
    assert with_na.principles[0].possible == 2


def test_a_principle_with_nothing_applicable_has_no_score_and_no_effect_on_overall():
    result = score([answer("a", 1, "na"), answer("b", 2, "partial")])
    assert result.principles[0].score is None
    assert result.overall == pytest.approx(50.0)


def test_nothing_applicable_anywhere_means_no_overall_score_and_no_band():
    result = score([answer("a", 1, "na")])
    assert result.overall is None
    assert result.band is None


@pytest.mark.parametrize(
    ("critical_response", "gate"),
    [("meets", True), ("partial", False), ("not_met", False), (None, False)],
)
def test_the_gate_needs_every_critical_indicator_met(critical_response, gate):
    result = score(
        [
            answer("a", 1, "meets", critical=True),
            answer("b", 2, critical_response, critical=True),
            answer("c", 2, "not_met"),
        ]
    )
    assert result.gate_met is gate


def test_a_non_critical_failure_does_not_close_the_gate():
    assert score([answer("a", 1, "meets", critical=True), answer("b", 1, "not_met")]).gate_met


def test_unanswered_indicators_are_listed_and_count_nowhere():
    result = score([answer("a", 1, "meets"), answer("b", 1, None), answer("c", 2, "")])
    assert result.unanswered == ["b", "c"]
    assert not result.complete
    assert result.overall == pytest.approx(100.0)
    assert result.principles[1].score is None
    assert (result.principles[0].answered, result.principles[0].total) == (1, 2)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, Band.URGENT),
        (49.99, Band.URGENT),
        (50, Band.IMPROVE),
        (79.99, Band.IMPROVE),
        (80, Band.STRONG),
        (100, Band.STRONG),
        (None, None),
    ],
)
def test_bands(value, band):
    assert band_for(value) is band


def test_an_unknown_answer_or_a_bad_weight_is_refused():
    with pytest.raises(ValueError, match="unknown answer"):
        score([answer("a", 1, "maybe")])
    with pytest.raises(ValueError, match="weight"):
        score([answer("a", 1, "meets", weight=0)])


def test_weakest_and_strongest():
    weakest, strongest = weakest_and_strongest(
        [
            answer("1.1", 1, "partial"),
            answer("1.2", 1, "not_met"),
            answer("1.3", 1, "meets"),
            answer("2.1", 2, "not_met", weight=2),
            answer("2.2", 2, "meets", weight=3),
            answer("2.3", 2, "na"),
        ],
        limit=3,
    )
    assert [r.code for r in weakest] == ["2.1", "1.2", "1.1"]
    assert [r.code for r in strongest] == ["2.2", "1.3"]


def test_spread_of_scores():
    from assessments.scoring import spread

    assert spread([]) is None
    single = spread([42.0])
    assert (single.lowest, single.median, single.highest, single.mean) == (42.0, 42.0, 42.0, 42.0)
    five = spread([80.0, 0.0, 20.0, 60.0, 40.0])
    assert (five.lowest, five.lower_quartile, five.median, five.upper_quartile, five.highest) == (
        0.0,
        20.0,
        40.0,
        60.0,
        80.0,
    )
    assert five.mean == 40.0


def test_points_share():
    from assessments.scoring import points_share

    assert points_share(1, 1, 1) == 50.0
    assert points_share(0, 0, 0) is None
    assert points_share(3, 0, 1) == 75.0


def test_a_score_is_rounded_once_to_one_decimal_half_up():
    from assessments.scoring import percentage

    # 92.647… is 92.6, not 92.65 rounded again to 92.7; 0.05 goes up, as people round.
    assert percentage(126, 136) == 92.6
    assert percentage(1, 8) == 12.5
    assert percentage(1, 16) == 6.3
    assert percentage(2, 3) == 66.7
