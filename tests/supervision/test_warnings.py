"""Early warnings and the "strong on complaint handling, but …" flag, on hand-made months."""

from supervision.warnings import (
    Code,
    EarlyWarning,
    Position,
    StrongBut,
    early_warnings,
    strong_but,
)


def at(zone: str, index: float = 1.0, funnel: str = "within") -> Position:
    return Position(zone=zone, index=index, funnel=funnel)


def codes(months) -> list[str]:
    return [warning.code for warning in early_warnings(months)]


def test_no_months_and_one_quiet_month_give_no_warning():
    assert early_warnings([]) == []
    assert early_warnings([at("green", 0.5)]) == []
    assert early_warnings([None]) == []


def test_a_move_towards_red_is_up_and_names_both_zones():
    assert early_warnings([at("green", 0.6), at("red", 1.4)]) == [
        EarlyWarning(Code.ZONE_UP, zones=("green", "red"))
    ]


def test_a_move_towards_green_is_down():
    assert early_warnings([at("red", 1.4), at("yellow", 1.0)]) == [
        EarlyWarning(Code.ZONE_DOWN, zones=("red", "yellow"))
    ]


def test_only_the_two_latest_months_count_for_a_move():
    assert Code.ZONE_UP not in codes([at("green"), at("red"), at("red")])


def test_a_gap_on_either_side_is_no_move():
    assert codes([None, at("red", 1.5)]) == []
    assert codes([at("red", 1.5), None]) == []
    # The month before the gap is not compared with the one after it.
    assert codes([at("green"), None, at("yellow")]) == []


def test_red_in_3_of_the_last_6_counts_and_names_the_window():
    months = [at("red"), at("green"), at("red"), at("green"), at("red"), at("green")]
    assert early_warnings(months) == [
        EarlyWarning(Code.ZONE_DOWN, zones=("red", "green")),
        EarlyWarning(Code.PERSISTENT_RED, count=3, window=6),
    ]


def test_red_twice_in_the_last_6_is_not_persistent():
    # Seven months, three reds; the first falls outside the window of six.
    months = [at("red"), at("yellow"), at("yellow"), at("red"), at("yellow"), at("yellow")]
    assert Code.PERSISTENT_RED not in codes([*months, at("red")])
    assert EarlyWarning(Code.PERSISTENT_RED, count=3, window=6) in early_warnings(
        [*months[1:], at("red"), at("red")]
    )


def test_gaps_are_not_red_and_do_not_widen_the_window():
    # Four reds, but two lie beyond the last 6 published months: the gaps fill the window.
    months = [at("red"), at("red"), None, None, None, at("red"), None, at("red")]
    assert Code.PERSISTENT_RED not in codes(months)
    assert Code.PERSISTENT_RED in codes([at("red"), None, at("red"), None, at("red")])


def test_with_fewer_than_6_months_the_window_is_what_was_published():
    assert early_warnings([at("red"), at("red"), at("red")]) == [
        EarlyWarning(Code.PERSISTENT_RED, count=3, window=3)
    ]


def test_an_index_up_in_each_of_the_last_3_months_carries_the_4_indices():
    months = [
        at("green", 0.9),
        at("green", 0.5),
        at("green", 0.6),
        at("green", 0.7),
        at("green", 0.8),
    ]
    assert early_warnings(months) == [EarlyWarning(Code.RISING, indices=(0.5, 0.6, 0.7, 0.8))]


def test_a_flat_month_or_a_fall_breaks_the_rise():
    assert Code.RISING not in codes([at("green", x) for x in (0.5, 0.6, 0.6, 0.7)])
    assert Code.RISING not in codes([at("green", x) for x in (0.5, 0.7, 0.6, 0.8)])
    assert Code.RISING not in codes([at("green", x) for x in (0.6, 0.7, 0.8)])


def test_a_gap_breaks_the_rise():
    assert Code.RISING not in codes([None, at("green", 0.6), at("green", 0.7), at("green", 0.8)])
    assert Code.RISING not in codes(
        [at("green", 0.5), at("green", 0.6), None, at("green", 0.7), at("green", 0.8)]
    )


def test_above_the_998_limit_only_in_the_latest_month():
    assert early_warnings([at("yellow", 1.3, "above_998")]) == [
        EarlyWarning(Code.ABOVE_998, indices=(1.3,))
    ]
    assert Code.ABOVE_998 not in codes([at("yellow", 1.3, "above_998"), at("yellow", 1.2)])
    assert Code.ABOVE_998 not in codes([at("yellow", 1.3, "above_95")])
    assert Code.ABOVE_998 not in codes([at("yellow", 1.3, "above_998"), None])


def test_warnings_come_in_a_fixed_order():
    months = [at("red", 1.1), at("red", 1.2), at("yellow", 1.3), at("red", 1.6, "above_998")]
    assert codes(months) == [Code.ZONE_UP, Code.PERSISTENT_RED, Code.RISING, Code.ABOVE_998]


def test_strong_but_needs_the_strong_band():
    red = [at("red", 2.0, "above_998")]
    assert strong_but(handling_score=79.99, months=red) == []
    assert strong_but(handling_score=None, months=red) == []
    assert strong_but(handling_score=80, months=red) == [StrongBut.RED, StrongBut.ABOVE_998]


def test_strong_but_above_the_95_limit_while_yellow():
    assert strong_but(handling_score=92.5, months=[at("yellow", 1.3, "above_95")]) == [
        StrongBut.ABOVE_95
    ]


def test_strong_but_red_for_months_though_green_now():
    months = [at("red"), at("red"), at("red"), at("green", 0.7)]
    assert strong_but(handling_score=85, months=months) == [StrongBut.PERSISTENT_RED]


def test_strong_and_nothing_against_it_is_no_flag():
    assert strong_but(handling_score=95, months=[at("green", 0.4, "below_95")]) == []
    assert strong_but(handling_score=95, months=[at("red"), None]) == []
    assert strong_but(handling_score=95, months=[]) == []
