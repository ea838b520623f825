import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.models import Answer, AssessmentStatus, Evidence, Indicator
from assessments.services import (
    answer_fingerprint,
    answers_save,
    assessment_decide,
    assessment_start,
    assessment_submit,
    evidence_change,
    review_fingerprint,
)
from tests.assessments.test_services import answer_all, entry, indicators_of
from tests.factories import InstitutionFactory, UserFactory, make_questionnaire

pytestmark = pytest.mark.django_db


def fill_url(assessment, number=1):
    return reverse("assessments:fill", kwargs={"pk": assessment.pk, "number": number})


def page_data(assessment, number, answers):
    """The POST a browser sends for one principle page: ``answers`` maps code -> (resp, comment)."""
    data = {}
    for indicator in Indicator.objects.filter(
        principle__questionnaire=assessment.questionnaire, principle__number=number
    ):
        stored = Answer.objects.filter(assessment=assessment, indicator=indicator).first()
        shown = (stored.response, stored.comment) if stored else ("", "")
        response, comment = answers.get(indicator.code, shown)
        prefix = f"i{indicator.pk}"
        data.update(
            {
                f"{prefix}-response": response,
                f"{prefix}-comment": comment,
                f"{prefix}-version": stored.version if stored else 0,
                f"{prefix}-seen": answer_fingerprint(*shown),
            }
        )
    return data


def submitted(assessment, manager):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    return assessment


def test_manager_starts_an_assessment_for_their_institution(client_for, manager, questionnaire):
    client = client_for(manager)
    response = client.post(
        reverse("assessments:start"),
        {"questionnaire": questionnaire.pk, "period": "2026-H1", "kind": "self"},
    )
    assessment = manager.institution.assessments.get()
    assert response["Location"] == fill_url(assessment)
    assert assessment.questionnaire == questionnaire


@pytest.mark.parametrize("period", ["9999", "0000", "2026-H3", "2026-Q5", "26", "20٢٦"])
def test_a_period_that_is_no_year_half_or_quarter_is_refused(
    client_for, manager, questionnaire, period
):
    response = client_for(manager).post(
        reverse("assessments:start"),
        {"questionnaire": questionnaire.pk, "period": period, "kind": "self"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert f'value="{period}"' in response.content.decode()  # kept as typed
    assert not manager.institution.assessments.exists()


def test_a_second_assessment_for_the_same_period_is_refused_keeping_the_input(
    client_for, assessment, manager
):
    response = client_for(manager).post(
        reverse("assessments:start"),
        {"questionnaire": assessment.questionnaire.pk, "period": "2026", "kind": "external"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="2026"' in content
    assert 'value="external" selected' in content or "selected" in content
    assert manager.institution.assessments.count() == 1


def test_saving_a_principle_page_keeps_the_answers(client_for, assessment, manager):
    client = client_for(manager)
    data = page_data(assessment, 1, {"1.1": ("meets", "Kredit siyasəti, s. 4")})
    response = client.post(fill_url(assessment), data)
    assert response.status_code == 302
    response = client.get(fill_url(assessment))
    first = indicators_of(assessment)[0]
    assert response.context["form"][f"i{first.pk}-response"].value() == "meets"
    page = response.content.decode()
    assert "Kredit siyasəti, s. 4" in page
    assert re.search(r'value="meets"[^>]*checked', page)
    assert response.context["current"].answered == 1


def test_a_conflict_shows_both_values_and_loses_nothing(client_for, assessment, manager):
    colleague = UserFactory(username="colleague", manager=True, institution=manager.institution)
    client = client_for(manager)
    opened = page_data(assessment, 1, {})
    first = indicators_of(assessment)[0]
    answers_save(
        assessment=assessment, entries=[entry(first, "meets", "Onların sübutu")], by=colleague
    )
    mine = dict(opened)
    mine[f"i{first.pk}-response"] = "not_met"
    mine[f"i{first.pk}-comment"] = "Mənim qeydim"
    response = client.post(fill_url(assessment), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Onların sübutu" in page
    assert "Mənim qeydim" in page
    assert Answer.objects.get(indicator=first).comment == "Onların sübutu"


def test_manager2_cannot_open_anything_of_another_institution(
    client_for, assessment, manager, other_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(manager)
    data = page_data(assessment, 1, {})
    first = indicators_of(assessment)[0]
    data[f"i{first.pk}-files"] = SimpleUploadedFile("a.pdf", b"%PDF-1.4")
    client.post(fill_url(assessment), data)
    evidence = Evidence.objects.get()
    submitted(assessment, manager)

    other = client_for(other_manager)
    pk = assessment.pk
    for url in [
        reverse("assessments:detail", kwargs={"pk": pk}),
        fill_url(assessment),
        reverse("assessments:submit", kwargs={"pk": pk}),
        reverse("assessments:results", kwargs={"pk": pk}),
        reverse("assessments:chart", kwargs={"pk": pk}),
        reverse("assessments:review", kwargs={"pk": pk, "number": 1}),
        reverse("assessments:decide", kwargs={"pk": pk}),
        reverse("assessments:action", kwargs={"pk": pk, "indicator": first.pk}),
        reverse("assessments:evidence", kwargs={"pk": evidence.pk}),
        reverse("assessments:history", kwargs={"code": assessment.institution.code}),
    ]:
        assert other.get(url).status_code == 403, url
    assert other.post(fill_url(assessment), page_data(assessment, 1, {})).status_code == 403
    assert assessment not in other.get(reverse("assessments:list")).context["assessments"]


def test_anonymous_visitors_are_sent_to_login(client, assessment):
    response = client.get(fill_url(assessment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_regulators_and_trainers_do_not_see_drafts(client_for, assessment, regulator, trainer):
    for user in (regulator, trainer):
        client = client_for(user)
        assert (
            client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk})).status_code
            == 403
        )
        assert assessment not in client.get(reverse("assessments:list")).context["assessments"]


def test_the_submit_page_links_every_missing_indicator(client_for, assessment, manager):
    response = client_for(manager).get(reverse("assessments:submit", kwargs={"pk": assessment.pk}))
    page = response.content.decode()
    for indicator in indicators_of(assessment):
        assert f"principles/{indicator.principle.number}/#indicator-{indicator.code}" in page


def test_a_submitted_assessment_is_read_only(client_for, assessment, manager):
    submitted(assessment, manager)
    client = client_for(manager)
    page = client.get(fill_url(assessment)).content.decode()
    assert 'type="radio"' not in page
    first = indicators_of(assessment)[0]
    data = page_data(assessment, 1, {first.code: ("not_met", "")})
    assert client.post(fill_url(assessment), data).status_code == 200
    assert Answer.objects.get(indicator=first).response == "meets"


def test_results_page_shows_scores_gate_and_chart(client_for, assessment, manager):
    submitted(assessment, manager)
    client = client_for(manager)
    page = client.get(reverse("assessments:results", kwargs={"pk": assessment.pk})).content.decode()
    assert "100,0%" in page
    assert reverse("assessments:chart", kwargs={"pk": assessment.pk}) in page
    chart = client.get(reverse("assessments:chart", kwargs={"pk": assessment.pk}))
    assert chart["Content-Type"] == "image/svg+xml"
    assert chart.content.startswith(b"<?xml") and b"<svg" in chart.content


def test_regulator_reviews_and_returns_and_the_manager_sees_the_note(
    client_for, assessment, manager, regulator
):
    submitted(assessment, manager)
    first = indicators_of(assessment)[0]
    client = client_for(regulator)
    review_url = reverse("assessments:review", kwargs={"pk": assessment.pk, "number": 1})
    client.post(review_url, {f"i{first.pk}-verdict": "partial", f"i{first.pk}-note": "İmza yoxdur"})
    response = client.post(
        reverse("assessments:decide", kwargs={"pk": assessment.pk}),
        {"note": "Zəhmət olmasa düzəldin", "return": "1"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    manager_client = client_for(manager)
    page = manager_client.get(fill_url(assessment)).content.decode()
    assert "İmza yoxdur" in page
    detail = manager_client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk}))
    assert "Zəhmət olmasa düzəldin" in detail.content.decode()


def test_returning_without_a_note_is_refused(client_for, assessment, manager, regulator):
    submitted(assessment, manager)
    response = client_for(regulator).post(
        reverse("assessments:decide", kwargs={"pk": assessment.pk}), {"note": "", "return": "1"}
    )
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_managers_cannot_review_their_own(client_for, assessment, manager):
    submitted(assessment, manager)
    url = reverse("assessments:decide", kwargs={"pk": assessment.pk})
    assert client_for(manager).post(url, {"accept": "1"}).status_code == 403


def test_action_plan_item_for_a_gap(client_for, assessment, manager):
    first = indicators_of(assessment)[0]
    answer_all(assessment, manager, response="partial")
    assessment_submit(assessment=assessment, by=manager)
    client = client_for(manager)
    url = reverse("assessments:action", kwargs={"pk": assessment.pk, "indicator": first.pk})
    response = client.post(
        url,
        {
            "what": "Siyasəti yeniləmək",
            "responsible": "Risk şöbəsi",
            "due_on": "2026-12-31",
            "status": "open",
        },
    )
    assert response.status_code == 302
    page = client.get(assessment.institution.get_absolute_url()).content.decode()
    assert "Siyasəti yeniləmək" in page


def peer(questionnaire, code, response):
    institution = InstitutionFactory(code=code)
    user = UserFactory(username=f"m-{code}", manager=True, institution=institution)
    other = assessment_start(
        institution=institution, questionnaire=questionnaire, period="2026", kind="self", by=user
    )
    answer_all(other, user, response=response)
    assessment_submit(assessment=other, by=user)
    return institution


def test_peer_benchmark_needs_three_other_institutions_and_names_none(
    client_for, assessment, manager
):
    submitted(assessment, manager)
    url = reverse("assessments:results", kwargs={"pk": assessment.pk})
    client = client_for(manager)
    peers = [peer(assessment.questionnaire, f"peer-{n}", "partial") for n in "ab"]
    response = client.get(url)
    assert response.context["has_benchmark"] is False
    assert all(row.benchmark is None for row in response.context["rows"])
    peers.append(peer(assessment.questionnaire, "peer-c", "not_met"))
    response = client.get(url)
    assert response.context["has_benchmark"] is True
    # Principle 1 of each peer: 50 %, 50 % and 0 %.
    assert response.context["rows"][0].benchmark == pytest.approx(33.33, abs=0.01)
    page = response.content.decode()
    for institution in peers:
        assert institution.name_az not in page
        assert institution.code not in page


@pytest.mark.parametrize("page", ["fill", "results"])
def test_query_count_does_not_grow_with_the_number_of_indicators(
    client_for, manager, institution, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    counts = []
    for size, code in ((3, "small"), (12, "large")):
        questionnaire = make_questionnaire(principles=3, indicators=size, code=code)
        assessment = assessment_start(
            institution=institution,
            questionnaire=questionnaire,
            period="2026",
            kind="self",
            by=manager,
        )
        answer_all(assessment, manager, response="partial")
        for indicator in indicators_of(assessment)[:size]:
            evidence_change(
                assessment=assessment,
                indicator=indicator,
                uploads=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")],
                remove_ids=[],
                by=manager,
            )
        if page == "results":
            assessment_submit(assessment=assessment, by=manager)
            Answer.objects.filter(assessment=assessment).update(review_note="Qeyd")
        url = (
            fill_url(assessment)
            if page == "fill"
            else reverse("assessments:results", kwargs={"pk": assessment.pk})
        )
        client = client_for(manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_after_a_conflict_untouched_rows_show_what_is_stored_now(client_for, assessment, manager):
    colleague = UserFactory(username="colleague", manager=True, institution=manager.institution)
    first, second, *_ = indicators_of(assessment)
    opened = page_data(assessment, 1, {})
    answers_save(
        assessment=assessment,
        entries=[entry(first, "meets"), entry(second, "partial", "Həmkarın qeydi")],
        by=colleague,
    )
    mine = {**opened, f"i{first.pk}-response": "not_met"}
    response = client_for(manager).post(fill_url(assessment), mine)
    form = response.context["form"]
    assert form[f"i{first.pk}-response"].value() == "not_met"
    assert form[f"i{second.pk}-response"].value() == "partial"
    assert form[f"i{second.pk}-comment"].value() == "Həmkarın qeydi"


def test_saving_after_a_colleague_submitted_shows_what_was_not_saved(
    client_for, assessment, manager
):
    opened = page_data(assessment, 1, {})
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    first = indicators_of(assessment)[0]
    mine = {**opened, f"i{first.pk}-response": "not_met", f"i{first.pk}-comment": "Yazdığım"}
    response = client_for(manager).post(fill_url(assessment), mine)
    assert response.status_code == 200
    assert "Yazdığım" in response.content.decode()
    assert Answer.objects.get(indicator=first).response == "meets"


def test_the_submit_page_of_a_submitted_assessment_leads_to_its_results(
    client_for, assessment, manager
):
    submitted(assessment, manager)
    response = client_for(manager).get(reverse("assessments:submit", kwargs={"pk": assessment.pk}))
    assert response["Location"] == reverse("assessments:results", kwargs={"pk": assessment.pk})


def test_a_returned_assessment_shows_provisional_results(
    client_for, assessment, manager, regulator
):
    submitted(assessment, manager)
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    first = indicators_of(assessment)[0]
    answers_save(
        assessment=assessment, entries=[entry(first, "not_met", seen=(1, "meets", ""))], by=manager
    )
    response = client_for(manager).get(reverse("assessments:results", kwargs={"pk": assessment.pk}))
    assert response.context["provisional"] is True
    assert response.context["overall"] < 100
    assert [i.code for i, _a, _item in response.context["gaps"]] == [first.code]


def test_action_items_only_for_gaps_and_not_in_the_past(client_for, assessment, manager):
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    met = indicators_of(assessment)[0]
    client = client_for(manager)
    url = reverse("assessments:action", kwargs={"pk": assessment.pk, "indicator": met.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["Principle 1", "Evidence and comment", "Save", "Progress"]),
        ("ru", ["Принцип 1", "Сохранить", "Ход заполнения"]),
        ("az", ["Prinsip 1", "Yadda saxla"]),
    ],
)
def test_the_assessment_pages_speak_the_chosen_language(
    client_for, assessment, manager, language, texts
):
    client = client_for(manager)
    client.cookies["django_language"] = language
    page = client.get(fill_url(assessment)).content.decode()
    for text in texts:
        assert text in page, text
    answer_all(assessment, manager)
    results = client.get(reverse("assessments:results", kwargs={"pk": assessment.pk}))
    assert f'<html lang="{language}">' in results.content.decode()
    chart = client.get(reverse("assessments:chart", kwargs={"pk": assessment.pk})).content
    title = {"en": "Principle 1", "ru": "Принцип 1", "az": "Prinsip 1"}[language]
    assert title.encode() in chart


def test_bad_files_are_named_on_their_indicator_and_nothing_is_saved(
    client_for, assessment, manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first, second, *_ = indicators_of(assessment)
    data = page_data(assessment, 1, {first.code: ("meets", "Sübut")})
    data[f"i{first.pk}-files"] = SimpleUploadedFile("virus.exe", b"MZ")
    data[f"i{second.pk}-files"] = SimpleUploadedFile("fake.pdf", b"<html>")
    response = client_for(manager).post(fill_url(assessment), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "virus.exe" in " ".join(form.errors[f"i{first.pk}-files"])
    assert "fake.pdf" in " ".join(form.errors[f"i{second.pk}-files"])
    assert form[f"i{first.pk}-comment"].value() == "Sübut"
    assert not Answer.objects.exists()


def test_a_duplicate_assessment_links_to_the_existing_one(client_for, assessment, manager):
    response = client_for(manager).post(
        reverse("assessments:start"),
        {"questionnaire": assessment.questionnaire.pk, "period": "2026", "kind": "self"},
    )
    assert f'<a href="{assessment.get_absolute_url()}">' in response.content.decode()


def test_the_history_page_shows_each_submitted_assessment_it_may_show(
    client_for, assessment, manager, regulator
):
    submitted(assessment, manager)
    url = reverse("assessments:history", kwargs={"code": assessment.institution.code})
    response = client_for(regulator).get(url)
    assert response.context["assessments"] == [assessment]
    assert [(row.principle.number, row.scores) for row in response.context["table"]] == [
        (1, [100]),
        (2, [100]),
    ]
    assert f'<a href="{reverse("assessments:results", kwargs={"pk": assessment.pk})}">2026</a>' in (
        response.content.decode()
    )


def test_the_list_filters_by_every_status_in_the_models_wording(client_for, assessment, manager):
    client = client_for(manager)
    page = client.get(reverse("assessments:list")).content.decode()
    with translation.override("az"):
        for value, label in AssessmentStatus.choices:
            assert f'<option value="{value}">{label}</option>' in page
    filtered = client.get(reverse("assessments:list") + "?status=submitted")
    assert list(filtered.context["assessments"]) == []
    assert '<option value="submitted" selected>' in filtered.content.decode()
    drafts = client.get(reverse("assessments:list") + "?status=draft")
    assert list(drafts.context["assessments"]) == [assessment]


# Issue 13: bounded texts (1), reviews never overwritten (3), returned assessments as
# submitted outside the institution (6), principle numbers in ASCII digits only (7).


def test_a_comment_over_the_limit_is_refused_on_the_page_keeping_what_was_typed(
    client_for, assessment, manager
):
    first = indicators_of(assessment)[0]
    typed = "Kredit siyasəti, bölmə 4. " * 300
    response = client_for(manager).post(
        fill_url(assessment), page_data(assessment, 1, {"1.1": ("meets", typed)})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "7799" in page and "5000" in page
    assert typed.strip() in page
    assert not Answer.objects.filter(indicator=first).exists()


def review_url(assessment, number=1):
    return reverse("assessments:review", kwargs={"pk": assessment.pk, "number": number})


def review_data(assessment, number, notes):
    """The POST a review page sends: ``notes`` maps code -> (verdict, note); the page showed
    the reviews stored when this is called."""
    data = {}
    for indicator in Indicator.objects.filter(
        principle__questionnaire=assessment.questionnaire, principle__number=number
    ):
        stored = Answer.objects.get(assessment=assessment, indicator=indicator)
        shown = (stored.review_verdict, stored.review_note)
        verdict, note = notes.get(indicator.code, shown)
        data.update(
            {
                f"i{indicator.pk}-verdict": verdict,
                f"i{indicator.pk}-note": note,
                f"i{indicator.pk}-seen": review_fingerprint(*shown),
            }
        )
    return data


def test_a_second_reviewer_sees_both_reviews_and_overwrites_nothing(
    client_for, assessment, manager, regulator, trainer
):
    submitted(assessment, manager)
    first, second = indicators_of(assessment)[:2]
    opened = review_data(assessment, 1, {})
    trainer_page = review_data(assessment, 1, {"1.1": ("partial", "Təlimçinin qeydi")})
    assert client_for(trainer).post(review_url(assessment), trainer_page).status_code == 302
    mine = dict(opened)
    mine[f"i{first.pk}-verdict"] = "not_met"
    mine[f"i{first.pk}-note"] = "Tənzimləyicinin qeydi"
    mine[f"i{second.pk}-note"] = "İkinci indikator"
    response = client_for(regulator).post(review_url(assessment), mine)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Təlimçinin qeydi" in page
    assert "Tənzimləyicinin qeydi" in page
    assert response.context["conflicts"].keys() == {first.pk}
    stored = Answer.objects.get(indicator=first)
    assert (stored.review_verdict, stored.review_note) == ("partial", "Təlimçinin qeydi")
    assert Answer.objects.get(indicator=second).review_note == "İkinci indikator"
    # Saving the page again, having seen both, replaces the other review on purpose.
    form = response.context["form"]
    again = {name: form[name].value() for name in form.fields}
    assert client_for(regulator).post(review_url(assessment), again).status_code == 302
    stored.refresh_from_db()
    assert (stored.review_verdict, stored.review_note) == ("not_met", "Tənzimləyicinin qeydi")


@pytest.mark.parametrize("target", ["²", "٣", "2a", "99999999999999999999"])
def test_a_next_principle_that_is_no_plain_number_stays_on_the_page(
    client_for, assessment, manager, regulator, target
):
    data = page_data(assessment, 1, {"1.1": ("meets", "")})
    data["next_principle"] = target
    response = client_for(manager).post(fill_url(assessment), data)
    assert response.status_code in (302, 404)
    assert Answer.objects.get(indicator=indicators_of(assessment)[0]).response == "meets"
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    review = review_data(assessment, 1, {"1.1": ("partial", "Qeyd")})
    review["next_principle"] = target
    response = client_for(regulator).post(review_url(assessment), review)
    assert response.status_code in (302, 404)
    assert Answer.objects.get(indicator=indicators_of(assessment)[0]).review_note == "Qeyd"


def test_the_next_principle_button_still_leads_on(client_for, assessment, manager):
    data = page_data(assessment, 1, {"1.1": ("meets", "")})
    data["next_principle"] = "2"
    response = client_for(manager).post(fill_url(assessment), data)
    assert response.url == fill_url(assessment, 2)


@pytest.fixture
def changed_after_return(assessment, manager, regulator, settings, tmp_path):
    """Submitted with 1.1 "partial" and a file, returned, then changed by the institution:
    1.1 "not_met" with a new comment and a second file, 1.2 cleared."""
    settings.MEDIA_ROOT = tmp_path
    answer_all(assessment, manager)
    first, second = indicators_of(assessment)[:2]
    answers_save(
        assessment=assessment,
        entries=[entry(first, "partial", "Təqdim olunmuş sübut", seen=(1, "meets", ""))],
        by=manager,
    )
    evidence_change(
        assessment=assessment,
        indicator=first,
        uploads=[SimpleUploadedFile("submitted.pdf", b"%PDF-1.4 a")],
        remove_ids=[],
        by=manager,
    )
    assessment_submit(assessment=assessment, by=manager)
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    answers_save(
        assessment=assessment,
        entries=[
            entry(
                first, "not_met", "Yarımçıq dəyişiklik", seen=(2, "partial", "Təqdim olunmuş sübut")
            ),
            entry(second, "", "", seen=(1, "meets", "")),
        ],
        by=manager,
    )
    evidence_change(
        assessment=assessment,
        indicator=first,
        uploads=[SimpleUploadedFile("draft.pdf", b"%PDF-1.4 b")],
        remove_ids=[],
        by=manager,
    )
    assessment.refresh_from_db()
    return assessment


@pytest.mark.parametrize("role", ["regulator", "trainer"])
def test_supervisors_see_a_returned_assessment_as_it_was_submitted(
    client_for, changed_after_return, request, role
):
    assessment = changed_after_return
    client = client_for(request.getfixturevalue(role))
    page = client.get(fill_url(assessment))
    content = page.content.decode()
    assert "Təqdim olunmuş sübut" in content
    assert "Yarımçıq dəyişiklik" not in content
    assert "submitted.pdf" in content and "draft.pdf" not in content
    assert page.context["as_submitted"] is True
    assert page.context["current"].answered == page.context["current"].total
    results = client.get(reverse("assessments:results", kwargs={"pk": assessment.pk}))
    assert results.context["provisional"] is False
    assert results.context["overall"] == float(assessment.overall_score)
    gaps = [indicator.code for indicator, _answer, _item in results.context["gaps"]]
    assert gaps == ["1.1"]
    assert [a.response for _i, a, _item in results.context["gaps"]] == ["partial"]
    detail = client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk}))
    assert detail.context["answered"] == detail.context["total"]
    draft = Evidence.objects.get(original_name="draft.pdf")
    assert client.get(reverse("assessments:evidence", kwargs={"pk": draft.pk})).status_code == 403
    sent = Evidence.objects.get(original_name="submitted.pdf")
    assert client.get(reverse("assessments:evidence", kwargs={"pk": sent.pk})).status_code == 200


def test_the_institution_keeps_seeing_its_changes(client_for, changed_after_return, manager):
    assessment = changed_after_return
    client = client_for(manager)
    content = client.get(fill_url(assessment)).content.decode()
    assert "Yarımçıq dəyişiklik" in content and "draft.pdf" in content
    results = client.get(reverse("assessments:results", kwargs={"pk": assessment.pk}))
    assert results.context["provisional"] is True
    assert [a.response for _i, a, _item in results.context["gaps"]] == ["not_met"]
    detail = client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk}))
    assert detail.context["answered"] == detail.context["total"] - 1


def _round_trip(assessment, manager, regulator):
    """Submitted, returned with notes, submitted again and accepted with other notes."""
    from assessments.services import ReviewEntry, review_save

    first, second = indicators_of(assessment)[:2]
    submitted(assessment, manager)
    review_save(
        assessment=assessment,
        entries=[ReviewEntry(first, "partial", "Birinci turun qeydi")],
        by=regulator,
    )
    assessment_decide(assessment=assessment, accept=False, note="Sübut əlavə edin", by=regulator)
    assessment_submit(assessment=assessment, by=manager)
    review_save(
        assessment=assessment,
        entries=[ReviewEntry(second, "meets", "İkinci turun qeydi")],
        by=regulator,
    )


def test_the_notes_of_every_round_stay_on_the_results_page(
    client_for, assessment, manager, regulator
):
    _round_trip(assessment, manager, regulator)
    assessment_decide(assessment=assessment, accept=True, note="Qəbul edildi", by=regulator)
    client = client_for(manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("assessments:results", kwargs={"pk": assessment.pk}))
    text = re.sub(r"\s+", " ", page.content.decode())
    notes = text[text.index('id="review-heading"') :]
    first_round = notes.index("Round 1")
    second_round = notes.index("Round 2")
    assert first_round < notes.index("Birinci turun qeydi") < second_round
    assert first_round < notes.index("Sübut əlavə edin") < second_round
    assert "returned for changes" in notes[first_round:second_round]
    assert second_round < notes.index("İkinci turun qeydi")
    assert second_round < notes.index("Qəbul edildi")
    assert "accepted" in notes[second_round:]


def test_the_decision_page_shows_the_earlier_rounds_notes(
    client_for, assessment, manager, regulator
):
    _round_trip(assessment, manager, regulator)
    client = client_for(regulator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("assessments:decide", kwargs={"pk": assessment.pk}))
    text = re.sub(r"\s+", " ", page.content.decode())
    assert "You recorded no note" not in text
    first_round, second_round = text.index("Round 1"), text.index("Round 2")
    assert first_round < text.index("Birinci turun qeydi") < second_round
    assert first_round < text.index("Sübut əlavə edin") < second_round
    assert second_round < text.index("İkinci turun qeydi")


OWN_INSTITUTION = "own institution"


def test_a_reviewer_opening_an_accepted_assessments_review_is_told_it_was_accepted(
    client_for, assessment, manager, regulator
):
    submitted(assessment, manager)
    assessment_decide(assessment=assessment, accept=True, note="", by=regulator)
    client = client_for(regulator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in (
        reverse("assessments:review", kwargs={"pk": assessment.pk, "number": 1}),
        reverse("assessments:decide", kwargs={"pk": assessment.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 403
        page = response.content.decode()
        assert "was accepted on" in page
        assert "can no longer be reviewed" in page
        assert OWN_INSTITUTION not in page


def test_a_manager_opening_the_offline_page_of_an_accepted_assessment_is_told_why(
    client_for, assessment, manager, regulator, other_manager
):
    submitted(assessment, manager)
    assessment_decide(assessment=assessment, accept=True, note="", by=regulator)
    url = reverse("assessments:offline_upload", kwargs={"pk": assessment.pk})
    client = client_for(manager)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert "was accepted on" in page
    assert "can no longer be changed" in page
    assert OWN_INSTITUTION not in page
    stranger = client_for(other_manager)
    stranger.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = stranger.get(url)
    assert response.status_code == 403
    assert OWN_INSTITUTION in response.content.decode()
    assert "was accepted on" not in response.content.decode()


def test_a_score_shows_the_same_one_decimal_figure_before_and_after_submission_everywhere(
    client_for, institution, manager, trainer
):
    """126 of 136 points is 92.647 %: 92,6 on every page and report, never 92,7 (92.65 rounded
    a second time)."""
    import io

    import openpyxl

    from cohorts.models import Cohort
    from tests.assessments.test_reports import pdf_text

    questionnaire = make_questionnaire(principles=1, indicators=3, code="q-126", weights=(60, 3, 5))
    assessment = assessment_start(
        institution=institution, questionnaire=questionnaire, period="2026", kind="self", by=manager
    )
    answers_save(
        assessment=assessment,
        entries=[
            entry(indicator, response)
            for indicator, response in zip(
                indicators_of(assessment), ("meets", "meets", "not_met"), strict=True
            )
        ],
        by=manager,
    )
    client = client_for(manager)
    results = reverse("assessments:results", kwargs={"pk": assessment.pk})
    assert "92,6%" in client.get(results).content.decode()

    assessment_submit(assessment=assessment, by=manager)
    pages = [
        client.get(results).content.decode(),
        client.get(reverse("assessments:list")).content.decode(),
        client.get(
            reverse("assessments:history", kwargs={"code": institution.code})
        ).content.decode(),
    ]
    for page in pages:
        assert "92,6%" in page and "92,7" not in page
    report = reverse("assessments:report", kwargs={"pk": assessment.pk, "fmt": "pdf"})
    assert "92.6%" in pdf_text(client.get(report + "?lang=en").content)
    report = reverse("assessments:report", kwargs={"pk": assessment.pk, "fmt": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(report + "?lang=en").content))
    rows = list(workbook["Summary"].iter_rows(values_only=True))
    assert next(row[1] for row in rows if row[0] == "Overall score") == 92.6

    cohort = Cohort.objects.create(name="Qrup", created_by=trainer)
    cohort.institutions.set([institution])
    cohort.trainers.add(trainer)
    page = client_for(trainer).get(reverse("cohorts:detail", kwargs={"pk": cohort.pk}))
    assert [member.overall for member in page.context["outcome"].members] == [92.6]
    assert "92,7" not in page.content.decode()


def test_a_drafts_results_say_what_is_not_answered_yet_and_that_the_score_is_provisional(
    client_for, assessment, manager
):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets")], by=manager)
    client = client_for(manager)
    client.cookies["django_language"] = "en"
    url = reverse("assessments:results", kwargs={"pk": assessment.pk})
    page = re.sub(r"\s+", " ", client.get(url).content.decode())
    table = page.split('id="chart-heading"')[1].split("</table>")[0]
    # Principle 1 has one of three indicators answered, principle 2 none.
    assert "no applicable indicator" not in page
    assert "not answered yet" in table.split("2. Principle 2")[1]
    assert "1 of 3 indicators answered" in table.split("2. Principle 2")[0]
    overall = page.split('id="overall-heading"')[1].split("</section>")[0]
    assert "Provisional" in overall
    assert "It counts only the 1 of 6 indicators answered so far" in overall
