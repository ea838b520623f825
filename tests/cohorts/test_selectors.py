import pytest

from cohorts.selectors import _letters, cohort_choices, cohort_outcome
from tests.cohorts.conftest import submitted

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
