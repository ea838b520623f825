"""Properties of the pure domain code, checked on generated data (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import IndicatorAnswer, score
from complaints.index import InstitutionCounts, Method, ZoneRule, complaint_index

RESPONSES = st.sampled_from([None, "", "meets", "partial", "not_met", "na"])

answers_lists = st.lists(
    st.builds(
        IndicatorAnswer,
        code=st.uuids().map(str),
        principle=st.integers(min_value=1, max_value=6),
        weight=st.integers(min_value=1, max_value=5),
        critical=st.booleans(),
        response=RESPONSES,
    ),
    max_size=60,
)


@given(answers_lists)
def test_every_score_stays_between_0_and_100(answers):
    result = score(answers)
    for value in [result.overall, *(p.score for p in result.principles)]:
        assert value is None or 0 <= value <= 100


@given(answers_lists, st.randoms(use_true_random=False))
def test_scores_do_not_depend_on_the_order_of_the_answers(answers, random):
    shuffled = list(answers)
    random.shuffle(shuffled)
    first, second = score(answers), score(shuffled)
    assert first.overall == pytest.approx(second.overall, abs=1e-9)
    assert {p.principle: p.score for p in first.principles} == pytest.approx(
        {p.principle: p.score for p in second.principles}, abs=1e-9
    )
    assert first.gate_met == second.gate_met
    assert sorted(first.unanswered) == sorted(second.unanswered)


every_listed = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=5_000_000)
    ),
    min_size=1,
    max_size=40,
)


def counts_of(pairs, factor=1):
    return [
        InstitutionCounts(institution=f"bank-{n}", complaints=c * factor, clients=k * factor)
        for n, (c, k) in enumerate(pairs)
    ]


@given(every_listed)
def test_with_every_institution_listed_the_client_weighted_mean_index_is_one(pairs):
    table = complaint_index(counts_of(pairs), ZoneRule())
    assert len(table.rows) == len(pairs)
    assert sum(row.client_share * row.index for row in table.rows) == pytest.approx(1, abs=1e-9)


@settings(max_examples=60)
@given(
    every_listed,
    st.integers(min_value=2, max_value=1000),
    st.sampled_from([Method.BAND, Method.SIGNIFICANCE]),
)
def test_scaling_every_count_by_the_same_factor_changes_no_index(pairs, factor, method):
    rule = ZoneRule(method=method)
    before = complaint_index(counts_of(pairs), rule)
    after = complaint_index(counts_of(pairs, factor), rule)
    assert [(r.institution, r.index) for r in before.rows] == [
        (r.institution, r.index) for r in after.rows
    ]
    if method == Method.BAND:
        assert [r.zone for r in before.rows] == [r.zone for r in after.rows]
