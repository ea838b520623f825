import pytest

from accounts.models import Role
from assessments.services import answers_save, assessment_start, assessment_submit
from cohorts.models import Cohort
from tests.assessments.test_services import entry, indicators_of
from tests.factories import InstitutionFactory, UserFactory


def submitted(institution, questionnaire, responses, *, period="2026"):
    """A submitted assessment whose indicators get ``responses`` in order (cycled)."""
    by = UserFactory(role=Role.MANAGER, institution=institution)
    assessment = assessment_start(
        institution=institution, questionnaire=questionnaire, period=period, kind="self", by=by
    )
    entries = [
        entry(indicator, responses[i % len(responses)])
        for i, indicator in enumerate(indicators_of(assessment))
    ]
    answers_save(assessment=assessment, entries=entries, by=by)
    assessment_submit(assessment=assessment, by=by)
    return assessment


@pytest.fixture
def cohort(trainer, small_questionnaire):
    """Three members with results (100 %, 50 %, 0 % on every principle) and one without."""
    members = [
        InstitutionFactory(**{f"name_{code}": f"Üzv {letter} BOKT" for code in ("az", "en", "ru")})
        for letter in "XYZW"
    ]
    group = Cohort.objects.create(name="Təlim qrupu", created_by=trainer)
    group.institutions.set(members)
    group.trainers.add(trainer)
    for institution, response in zip(members, ["meets", "partial", "not_met"], strict=False):
        submitted(institution, small_questionnaire, [response])
    return group
