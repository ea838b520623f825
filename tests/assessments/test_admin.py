import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.models import BAND_LABELS, Assessment, Questionnaire, QuestionnaireStatus
from assessments.services import answers_save, assessment_start, assessment_submit
from tests.assessments.test_services import answer_all, entry, indicators_of

pytestmark = pytest.mark.django_db


def start_like(assessment, manager, *periods):
    """Assessments of ``assessment``'s institution and questionnaire for ``periods``."""
    for period in periods:
        assessment_start(
            institution=assessment.institution,
            questionnaire=assessment.questionnaire,
            period=period,
            kind="self",
            by=manager,
        )


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


def test_the_administrator_changes_a_period_as_written_on_the_start_page(
    client_for, administrator, assessment
):
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    client = client_for(administrator)
    page = client.get(url).content.decode()
    assert 'name="period" value="2026"' in page
    data = {
        "institution": assessment.institution.pk,
        "questionnaire": assessment.questionnaire.pk,
        "period": "2026-Q3",
        "kind": "self",
        "status": "draft",
        "events-TOTAL_FORMS": 1,
        "events-INITIAL_FORMS": 1,
        "events-MIN_NUM_FORMS": 0,
        "events-MAX_NUM_FORMS": 1000,
        "events-0-id": assessment.events.get().pk,
        "events-0-assessment": assessment.pk,
    }
    assert client.post(url, {**data, "period": "2026-Q5"}).status_code == 200
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.period_start, assessment.period_end) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
    )


def test_the_admin_refuses_a_second_assessment_for_a_period(
    client_for, administrator, assessment, manager
):

    other = assessment_start(
        institution=assessment.institution,
        questionnaire=assessment.questionnaire,
        period="2025",
        kind="self",
        by=manager,
    )
    client = client_for(administrator)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("admin:assessments_assessment_change", args=[other.pk]),
        {
            "institution": other.institution.pk,
            "questionnaire": other.questionnaire.pk,
            "period": "2026",
            "kind": "self",
            "status": "draft",
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "already has an assessment for that period" in response.content.decode()
    other.refresh_from_db()
    assert other.period_label == "2025"


def test_the_admin_searches_periods_as_written(client_for, administrator, assessment, manager):
    start_like(assessment, manager, "2025-H1", "2026-Q3", "2024")
    client = client_for(administrator)
    url = reverse("admin:assessments_assessment_changelist")

    def found(term):
        shown = client.get(url, {"q": term}).context["cl"].result_list
        return sorted(a.period_label for a in shown)

    assert found("H1") == ["2025-H1"]
    assert found("2026") == ["2026", "2026-Q3"]
    assert found("q3") == ["2026-Q3"]
    assert found("umid-test 2024") == ["2024"]
    assert found("202") == ["2024", "2025-H1", "2026", "2026-Q3"]


def test_the_databases_label_of_a_period_is_the_one_shown(assessment, manager):
    from assessments.admin import period_text
    from assessments.models import Assessment
    from assessments.periods import PARTS

    start_like(assessment, manager, *(f"2026-{part}" for part in PARTS if part))
    labels = [
        (a.period_text, a.period_label)
        for a in Assessment.objects.annotate(period_text=period_text())
    ]
    assert len(labels) == len(PARTS)
    assert all(text == label for text, label in labels), labels


def test_the_admin_sorts_periods_by_their_end_then_their_start(
    client_for, administrator, assessment, manager
):
    # Created so that their ids are in neither order: 2026-H1 and 2026-Q2 end on one day.
    start_like(assessment, manager, "2026-Q2", "2025", "2026-H1", "2026-Q1")
    client = client_for(administrator)
    url = reverse("admin:assessments_assessment_changelist")
    columns = client.get(url).context["cl"].list_display
    column = columns.index("period")

    def order(sort):
        shown = client.get(url, {"o": sort}).context["cl"].result_list
        return [a.period_label for a in shown if a.period_label != assessment.period_label]

    assert order(f"{column}") == ["2025", "2026-Q1", "2026-H1", "2026-Q2"]
    assert order(f"-{column}") == ["2026-Q2", "2026-H1", "2026-Q1", "2025"]


@pytest.fixture
def en_admin(client_for, administrator):
    """The administrator, reading the admin in English."""
    client = client_for(administrator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def publish_a_copy(en_admin, questionnaire):
    changelist = reverse("admin:assessments_questionnaire_changelist")
    en_admin.post(changelist, {"action": "copy_to_draft", "_selected_action": [questionnaire.pk]})
    draft = Questionnaire.objects.get(code=questionnaire.code, status=QuestionnaireStatus.DRAFT)
    response = en_admin.post(
        changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    draft.refresh_from_db()
    return draft, response


def test_publishing_a_version_says_which_version_was_published(en_admin, questionnaire):
    draft, response = publish_a_copy(en_admin, questionnaire)
    assert draft.status == QuestionnaireStatus.PUBLISHED
    today = timezone.localdate().strftime("%d/%m/%Y")
    *_copied, published = [str(m) for m in response.context["messages"]]
    assert published == f"{draft.title} — version 1.0-draft (published {today}) is published."


def test_two_published_versions_of_a_title_are_told_apart(english, questionnaire):
    questionnaire.published_at = datetime.datetime(2026, 1, 12, 21, 30, tzinfo=datetime.UTC)
    copy = Questionnaire(code=questionnaire.code, version="2.0", title_az=questionnaire.title_az)
    copy.title_en = questionnaire.title_en
    assert str(questionnaire) != str(copy)
    # Published late on the 12th in UTC: already the 13th in Baku.
    assert str(questionnaire) == f"{questionnaire.title} — version 1.0 (published 13/01/2026)"
    assert str(copy) == f"{questionnaire.title} — version 2.0"


def test_the_indicator_list_shows_and_filters_by_version(en_admin, questionnaire):
    draft, _response = publish_a_copy(en_admin, questionnaire)
    url = reverse("admin:assessments_indicator_changelist")
    page = en_admin.get(url).content.decode()
    assert '<th scope="col" class="sortable column-version">' in page
    assert f'<td class="field-version">{escape(str(draft))}</td>' in page
    filtered = en_admin.get(url, {"principle__questionnaire__id__exact": draft.pk})
    versions = {i.principle.questionnaire_id for i in filtered.context["cl"].result_list}
    assert versions == {draft.pk}


def history_of(en_admin, **query):
    response = en_admin.get(reverse("admin:assessments_historicalanswer_changelist"), query)
    assert response.status_code == 200
    return response


def test_the_answer_history_is_searched_by_indicator_assessment_and_period(
    en_admin, assessment, manager
):
    first, second = indicators_of(assessment)[:2]
    answers_save(
        assessment=assessment, entries=[entry(first, "meets"), entry(second, "partial")], by=manager
    )
    found = history_of(en_admin, q=first.code).context["cl"].result_list
    assert [h.indicator_id for h in found] == [first.pk]
    by_text = history_of(en_admin, q=second.text_en).context["cl"].result_list
    assert [h.indicator_id for h in by_text] == [second.pk]
    for query in (assessment.pk, assessment.institution.name_az, "2026"):
        assert len(history_of(en_admin, q=query).context["cl"].result_list) == 2
    assert len(history_of(en_admin, q="2025").context["cl"].result_list) == 0


def test_a_typed_answer_says_typed_in_the_answer_history(en_admin, assessment, manager):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets")], by=manager)
    page = history_of(en_admin).content.decode()
    assert '<td class="field-source">typed in the portal</td>' in page
    imported = history_of(en_admin, source="offline import").context["cl"].result_list
    assert len(imported) == 0
    typed = history_of(en_admin, source="saved").context["cl"].result_list
    assert len(typed) == 1


def test_the_history_page_shows_status_labels(en_admin, assessment, manager):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    url = reverse("admin:assessments_assessment_history", args=[assessment.pk])
    page = en_admin.get(url).content.decode()
    assert re.search(r"Draft\s*&nbsp;&rarr;&nbsp;&nbsp;Submitted", page)
    assert "submitted&nbsp;" not in page
    # The band is stored as a code without choices: its label is shown, and a save without a
    # change reason says "—", not "None".
    assessment.refresh_from_db()
    label = str(BAND_LABELS[assessment.band])
    assert re.search(rf"<strong>Band:</strong>\s*—\s*&nbsp;&rarr;&nbsp;&nbsp;{label}", page)
    assert re.search(r"<td>\s*—\s*</td>", page)
    assert not re.search(r"<td>\s*None\s*</td>", page)


def test_english_dates_put_the_day_first(en_admin, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        submitted_at=datetime.datetime(2026, 1, 12, 8, 0, tzinfo=datetime.UTC)
    )
    page = en_admin.get(reverse("admin:assessments_assessment_changelist")).content.decode()
    # In Baku time, day first.
    assert '<td class="field-submitted_at nowrap">12 Jan 2026 12:00</td>' in page
