import pytest
from django.urls import reverse

from assessments.models import Questionnaire, QuestionnaireStatus

pytestmark = pytest.mark.django_db


def test_administrator_copies_a_published_version_into_a_draft(
    client_for, administrator, questionnaire
):
    client = client_for(administrator)
    change_url = reverse("admin:assessments_questionnaire_change", args=[questionnaire.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        reverse("admin:assessments_questionnaire_changelist"),
        {"action": "copy_to_draft", "_selected_action": [questionnaire.pk]},
    )
    assert response.status_code == 302
    draft = Questionnaire.objects.get(code=questionnaire.code, status=QuestionnaireStatus.DRAFT)
    assert draft.version == f"{questionnaire.version}-draft"
    assert draft.principles.count() == 6
    draft_page = client.get(reverse("admin:assessments_questionnaire_change", args=[draft.pk]))
    assert 'name="_save"' in draft_page.content.decode()


def test_posting_a_change_to_a_published_version_is_refused(
    client_for, administrator, questionnaire
):
    url = reverse("admin:assessments_questionnaire_change", args=[questionnaire.pk])
    response = client_for(administrator).post(
        url, {"code": questionnaire.code, "version": "9", "title_az": "Dəyişdi"}
    )
    assert response.status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.version == "1.0"


def test_other_roles_cannot_reach_the_questionnaire_admin(client_for, regulator, manager):
    for user in (regulator, manager):
        response = client_for(user).get(reverse("admin:assessments_questionnaire_changelist"))
        assert response.status_code == 302
