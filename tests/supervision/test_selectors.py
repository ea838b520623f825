import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import AssessmentStatus
from supervision.selectors import (
    claims,
    institution_position,
    kind_chosen,
    published_kinds,
    review_queue,
    zone_map,
)
from supervision.warnings import Code, StrongBut
from tests.factories import InstitutionFactory, make_questionnaire, make_result

from .conftest import month, publish

pytestmark = pytest.mark.django_db


def test_the_zone_map_holds_the_last_12_months_newest_first_with_gaps(banks):
    sahil, dag, duz = banks
    for n in range(13):
        rows = {sahil: ("green", 0.5 + n / 100)}
        if n != 11:
            rows[dag] = ("red", 2.0)
        publish(month(n), rows)
    found = zone_map(kind="bank")
    assert found.months == [month(n) for n in range(12, 0, -1)]
    assert [line.code for line in found.lines] == ["dag-bank", "sahil-bank"]
    dag_line = found.lines[0]
    assert dag_line.cells[1] is None  # month 11: not listed
    assert dag_line.cells[0].zone == "red" and dag_line.cells[0].month == month(12)
    assert found.lines[1].cells[-1].index == pytest.approx(0.51)  # month 0 is left out
    assert duz not in [line.institution_id for line in found.lines]


def test_the_zone_map_reads_the_latest_revision_and_only_calendar_months(banks):
    sahil, dag, _duz = banks
    publish(month(0), {sahil: ("green", 0.6), dag: ("yellow", 1.1)})
    publish(month(0), {sahil: ("red", 1.9), dag: ("yellow", 1.1)}, revision=2)
    publish(month(0), {sahil: ("yellow", 1.0)}, period_type="rolling12")
    publish(month(0), {InstitutionFactory(kind="insurer"): ("red", 3.0)}, kind="insurer")
    found = zone_map(kind="bank")
    assert found.months == [month(0)]
    assert [(line.code, line.latest.zone) for line in found.lines] == [
        ("sahil-bank", "red"),
        ("dag-bank", "yellow"),
    ]


def test_lines_are_sorted_by_the_latest_index_those_not_listed_last(banks):
    sahil, dag, duz = banks
    publish(month(0), {sahil: ("red", 3.0), dag: ("green", 0.4), duz: ("yellow", 1.0)})
    publish(month(1), {dag: ("green", 0.7), duz: ("yellow", 1.1)})
    assert [line.code for line in zone_map(kind="bank").lines] == [
        "duz-bank",
        "dag-bank",
        "sahil-bank",
    ]


def test_each_line_carries_its_warnings(banks):
    sahil, dag, _duz = banks
    publish(month(0), {sahil: ("green", 0.5), dag: ("red", 1.5)})
    publish(month(1), {sahil: ("red", 1.6, "above_998"), dag: ("red", 1.4)})
    lines = {line.code: line for line in zone_map(kind="bank").lines}
    assert [w.code for w in lines["sahil-bank"].warnings] == [Code.ZONE_UP, Code.ABOVE_998]
    assert lines["dag-bank"].warnings == []


def test_kinds_offered_are_those_with_calendar_month_tables(banks):
    assert published_kinds() == []
    assert kind_chosen(wanted="insurer", kinds=[]) == "bank"
    publish(month(0), {InstitutionFactory(kind="insurer"): ("red", 3.0)}, kind="insurer")
    publish(month(0), {banks[0]: ("red", 3.0)}, kind="nbco", period_type="rolling12")
    assert published_kinds() == ["insurer"]
    assert kind_chosen(wanted=None, kinds=["insurer"]) == "insurer"
    publish(month(0), {banks[0]: ("red", 3.0)})
    assert published_kinds() == ["bank", "insurer"]
    assert kind_chosen(wanted=None, kinds=["bank", "insurer"]) == "bank"
    assert kind_chosen(wanted="insurer", kinds=["bank", "insurer"]) == "insurer"
    assert kind_chosen(wanted="nbco", kinds=["bank", "insurer"]) == "bank"


def test_claims_hold_the_latest_result_s_complaint_handling_score(banks, questionnaire):
    sahil, dag, duz = banks
    publish(month(0), {sahil: ("red", 1.5), dag: ("green", 0.5)})
    publish(month(1), {sahil: ("red", 1.8, "above_95"), dag: ("green", 0.4)})
    make_result(sahil, questionnaire, {5: 60}, period="2025")
    make_result(sahil, questionnaire, {1: 40, 5: 92.5}, period="2026")
    make_result(sahil, questionnaire, {5: 10}, period="2026-Q4", status=AssessmentStatus.RETURNED)
    make_result(dag, questionnaire, {5: 85})
    make_result(duz, questionnaire, {5: 95})  # not in the latest table
    found = claims(zone_map=zone_map(kind="bank"))
    assert [(c.line.code, c.handling_score, c.period_label) for c in found] == [
        ("sahil-bank", Decimal("92.50"), "2026"),
        ("dag-bank", Decimal("85.00"), "2026"),
    ]
    assert found[0].reasons == [StrongBut.RED, StrongBut.ABOVE_95]
    assert found[0].band == "strong"
    assert found[1].reasons == []


def test_complaint_handling_is_the_principle_the_questionnaire_marks(banks):
    """A questionnaire without a complaint-handling principle gives no score, whatever its
    fifth principle is."""
    publish(month(0), {banks[0]: ("red", 2.0)})
    small = make_questionnaire(principles=5)
    make_result(banks[0], small, {5: 95})
    [claim] = claims(zone_map=zone_map(kind="bank"))
    assert claim.handling_score is None
    assert claim.reasons == []


def test_the_review_queue_oldest_first_with_days_waiting(banks, questionnaire):
    now = timezone.now()
    newer = make_result(banks[0], questionnaire, {}, submitted_at=now - datetime.timedelta(days=2))
    older = make_result(banks[1], questionnaire, {}, submitted_at=now - datetime.timedelta(days=9))
    returned = make_result(
        banks[2], questionnaire, {}, status="returned", submitted_at=now - datetime.timedelta(20)
    )
    returned.decided_at = now - datetime.timedelta(days=5)
    returned.save()
    make_result(banks[2], questionnaire, {}, period="2025", status="accepted")
    submitted, waiting = review_queue(today=timezone.localdate())
    assert [(w.assessment, w.days) for w in submitted] == [(older, 9), (newer, 2)]
    assert [(w.assessment, w.days) for w in waiting] == [(returned, 5)]


def test_an_institution_s_position(banks, questionnaire):
    sahil, dag, _duz = banks
    publish(month(0), {sahil: ("red", 1.5), dag: ("green", 0.5)})
    publish(month(1), {dag: ("green", 0.4)})
    make_result(sahil, questionnaire, {1: 70, 5: 90})
    position = institution_position(institution=sahil)
    assert position.months == [month(1), month(0)]
    assert position.line.cells[0] is None and position.line.cells[1].index == 1.5
    assert [(s.principle.number, s.score) for s in position.scores] == [
        (1, Decimal("70.00")),
        (5, Decimal("90.00")),
    ]
    nobody = institution_position(institution=InstitutionFactory(kind="insurer"))
    assert nobody.line is None and nobody.months == [] and nobody.assessment is None


def _world(institutions: int, months: int, questionnaire) -> None:
    banks = [InstitutionFactory(kind="bank") for _ in range(institutions)]
    for n in range(months):
        publish(
            month(n),
            {bank: ("red" if i % 2 else "green", 1 + i / 10) for i, bank in enumerate(banks)},
        )
    for bank in banks[::2]:
        make_result(bank, questionnaire, {5: 90})
        make_result(bank, questionnaire, {5: 50}, period="2025", status="returned")


def _everything() -> None:
    found = zone_map(kind=kind_chosen(wanted=None, kinds=published_kinds()))
    claims(zone_map=found)
    review_queue(today=datetime.date.today())


@pytest.mark.parametrize(("institutions", "months"), [(2, 2), (9, 14)])
def test_the_dashboard_reads_in_five_queries_whatever_the_size(
    institutions, months, questionnaire, django_assert_num_queries
):
    _world(institutions, months, questionnaire)
    # The kinds, the publications, their rows, the assessments with scores, the queue.
    with django_assert_num_queries(5):
        _everything()


def test_an_external_assessment_is_not_the_institutions_own_claim(banks, questionnaire):
    sahil = banks[0]
    publish(month(0), {sahil: ("red", 1.8, "above_95")})
    make_result(sahil, questionnaire, {5: 62.5}, period="2026")
    make_result(sahil, questionnaire, {5: 100}, period="2026-Q4", kind="external")
    (found,) = claims(zone_map=zone_map(kind="bank"))
    assert (found.handling_score, found.reasons) == (Decimal("62.50"), [])
    make_result(sahil, questionnaire, {5: 90}, period="2026-H2", kind="accompanied")
    (found,) = claims(zone_map=zone_map(kind="bank"))
    assert found.handling_score == Decimal("90.00")
    assert found.reasons == [StrongBut.RED, StrongBut.ABOVE_95]
