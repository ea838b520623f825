"""The audit history: who changed assessments, answers, reviews, complaint data, client counts,
zone rules and publications, and when; visible to administrators only."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment
from assessments.services import ReviewEntry, answers_save, assessment_submit, review_save
from complaints.models import ClientCount, ComplaintImport, Publication, ZoneRule
from tests.assessments.test_services import entry, indicators_of
from tests.complaints.conftest import banks  # noqa: F401
from tests.complaints.test_views_regulator import COUNTS, publish_october, upload

pytestmark = pytest.mark.django_db


def test_every_answer_save_and_review_is_kept_with_who_and_when(assessment, manager, regulator):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "partial")], by=manager)
    answer = Answer.objects.get(assessment=assessment, indicator=first)
    answers_save(
        assessment=assessment,
        entries=[entry(first, "meets", "Siyasət", seen=(answer.version, "partial", ""))],
        by=manager,
    )
    answers_save(
        assessment=assessment,
        entries=[entry(i, "meets") for i in indicators_of(assessment)[1:]],
        by=manager,
    )
    assessment_submit(assessment=assessment, by=manager)
    review_save(
        assessment=assessment,
        entries=[ReviewEntry(indicator=first, verdict="partial", note="Köhnə siyasət")],
        by=regulator,
    )
    history = list(answer.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.response, h.review_note, h.history_user) for h in history] == [
        ("+", "partial", "", manager),
        ("~", "meets", "", manager),
        ("~", "meets", "Köhnə siyasət", regulator),
    ]
    assert history[1].comment == "Siyasət"
    assert [h.history_change_reason for h in history[1:]] == ["saved", "reviewed"]
    steps = Assessment.history.filter(id=assessment.pk).order_by("history_date")
    assert [h.status for h in steps] == ["draft", "submitted"]
    assert steps.last().history_user == manager


def test_complaint_imports_client_counts_and_publications_are_kept(
    client_for,
    regulator,
    banks,  # noqa: F811
):
    client = client_for(regulator)
    publish_october(client)
    record = ComplaintImport.objects.get()
    assert (record.imported_by, record.source, record.rows, record.imported) == (
        regulator,
        "data.csv",
        5,
        5,
    )
    upload(client, "client_counts", COUNTS.replace("10000", "12000"))
    count = ClientCount.objects.get(institution__code="sirvan")
    assert [(h.active_clients, h.history_user) for h in count.history.order_by("history_date")] == [
        (10000, regulator),
        (12000, regulator),
    ]
    publication = Publication.objects.get()
    assert publication.history.get().history_user == regulator


def test_zone_rule_changes_in_the_admin_are_kept(client_for, administrator):
    rule = ZoneRule.objects.get(is_default=True)
    client = client_for(administrator)
    change = reverse("admin:complaints_zonerule_change", args=[rule.pk])
    form = client.get(change).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data["upper"] = "1.30"
    data["is_default"] = "on" if rule.is_default else ""
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = rule.history.latest()
    assert (latest.history_user, latest.upper) == (administrator, Decimal("1.30"))
    history_page = client.get(reverse("admin:complaints_zonerule_history", args=[rule.pk]))
    assert history_page.status_code == 200
    assert administrator.username in history_page.content.decode()


def test_only_administrators_see_the_history(
    client_for, regulator, manager, administrator, assessment
):
    urls = [
        reverse("admin:assessments_assessment_history", args=[assessment.pk]),
        reverse("admin:assessments_historicalanswer_changelist"),
        reverse("admin:complaints_complaintimport_changelist"),
    ]
    for user in (regulator, manager):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302
            assert "/admin/login/" in response["Location"]
    for url in urls:
        assert client_for(administrator).get(url).status_code == 200
