import pytest

from cohorts.models import Cohort
from cohorts.selectors import _letters, cohort_choices, cohort_outcome, cohort_summaries
from tests.cohorts.conftest import submitted
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_letters_go_on_past_z():
    assert [_letters(n) for n in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


def test_cohort_outcome_lists_only_the_chosen_period(cohort, small_questionnaire, english):
    member = cohort.institutions.get(name_az="Üzv W BOKT")
    submitted(member, small_questionnaire, ["meets"], period="2025")
    outcome = cohort_outcome(
        cohort=cohort, questionnaire=small_questionnaire, period="2025", may_name=lambda i: True
    )
    assert [m.label for m in outcome.members] == ["Üzv W BOKT"]


def test_the_latest_period_comes_first_by_its_dates(cohort, small_questionnaire):
    """ "2026" ends after "2026-H1" although it sorts before it as text; of periods ending on
    one day, the shorter first."""
    member = cohort.institutions.get(name_az="Üzv W BOKT")
    for period in ("2025", "2026-H1", "2026-H2"):
        submitted(member, small_questionnaire, ["meets"], period=period)
    choices = cohort_choices(cohort=cohort)
    assert [(period, count) for _q, period, count in choices] == [
        ("2026-H2", 1),
        ("2026", 3),
        ("2026-H1", 1),
        ("2025", 1),
    ]


def test_cohort_summaries_give_each_cohorts_latest_medians_in_five_queries(
    trainer, small_questionnaire, django_assert_num_queries
):
    """Responses go to indicators 1.1-1.3 and 2.1-2.3 in order; meets 2, partial 1, not met 0
    points, not applicable left out."""
    m1, m2, m3, m4, m5 = (InstitutionFactory(name_az=f"Üzv {n}") for n in range(1, 6))
    submitted(m1, small_questionnaire, ["meets"] * 4 + ["partial", "not_met"])  # 100, 50
    submitted(m2, small_questionnaire, ["partial"] * 3 + ["meets", "meets", "partial"])  # 50, 83.33
    submitted(m3, small_questionnaire, ["not_met", "partial", "meets"] + ["not_met"] * 3)  # 50, 0
    submitted(m4, small_questionnaire, ["meets", "meets", "partial", "meets", "not_met", "na"])
    submitted(m4, small_questionnaire, ["not_met"], period="2025")  # an earlier period: left out
    first = Cohort.objects.create(name="Birinci qrup")
    first.institutions.set([m1, m2, m3, m4, m5])
    second = Cohort.objects.create(name="İkinci qrup")
    second.institutions.set([m1, m3])
    empty = Cohort.objects.create(name="Boş qrup")
    empty.institutions.set([m5])
    with django_assert_num_queries(5):
        summaries = cohort_summaries(cohorts=Cohort.objects.order_by("pk"))
    by_name = {s.cohort.name: s for s in summaries}
    one, two, none = by_name["Birinci qrup"], by_name["İkinci qrup"], by_name["Boş qrup"]
    assert [m.name_az for m in one.members] == ["Üzv 1", "Üzv 2", "Üzv 3", "Üzv 4", "Üzv 5"]
    assert (one.questionnaire, one.period, one.results) == (small_questionnaire, "2026", 4)
    # Principle 1: 50, 50, 83.33, 100; principle 2: 0, 50, 50, 83.33 (2.3 not applicable).
    assert [s.median for s in one.spreads] == [
        pytest.approx((50 + 83.3) / 2),
        pytest.approx(50),
    ]
    assert [len(s.scores) for s in one.spreads] == [4, 4]
    assert [s.median for s in two.spreads] == [pytest.approx(75), pytest.approx(25)]
    assert (none.questionnaire, none.period, none.results, none.spreads) == (None, "", 0, [])


def test_the_weakest_indicators_count_the_answers_as_submitted(
    cohort, small_questionnaire, english
):
    from assessments.models import Answer, Assessment
    from assessments.services import answers_save, assessment_decide
    from tests.assessments.test_services import entry
    from tests.factories import UserFactory

    before = cohort_outcome(
        cohort=cohort, questionnaire=small_questionnaire, period="2026", may_name=lambda i: True
    ).weakest
    # The member that met everything is returned and starts changing its answers.
    best = Assessment.objects.get(institution__cohorts=cohort, overall_score=100)
    assessment_decide(
        assessment=best, accept=False, note="Düzəldin", by=UserFactory(regulator=True)
    )
    manager = UserFactory(manager=True, institution=best.institution)
    answer = Answer.objects.filter(assessment=best).select_related("indicator").first()
    answers_save(
        assessment=best,
        entries=[entry(answer.indicator, "not_met", seen=(answer.version, "meets", ""))],
        by=manager,
    )
    after = cohort_outcome(
        cohort=cohort, questionnaire=small_questionnaire, period="2026", may_name=lambda i: True
    ).weakest
    assert all(item.meets + item.partial + item.not_met == 2 for item in after)
    assert [(i.indicator, i.not_met, i.partial) for i in after] == [
        (i.indicator, i.not_met, i.partial) for i in before
    ]
