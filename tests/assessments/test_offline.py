import io
import re

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, AnswerSource
from assessments.offline import MARKER_SHEET, MAX_WORKBOOK_BYTES
from assessments.services import (
    ImportRow,
    answers_import,
    answers_save,
    assessment_start,
    assessment_submit,
)
from tests.assessments.test_services import answer_all, entry, indicators_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_url(assessment):
    return reverse("assessments:offline_download", kwargs={"pk": assessment.pk})


def upload_url(assessment):
    return reverse("assessments:offline_upload", kwargs={"pk": assessment.pk})


@pytest.fixture
def en_client(client_for, manager):
    """The manager, reading the pages in English."""
    logged_in = client_for(manager)
    logged_in.post(reverse("set_language"), {"language": "en", "next": "/"})
    return logged_in


def download(en_client, assessment, query="?answers=1&lang=en"):
    response = en_client.get(download_url(assessment) + query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(en_client, assessment, workbook, mode="overwrite", name="filled.xlsx"):
    data = workbook if isinstance(workbook, bytes) else workbook_bytes(workbook)
    return en_client.post(
        upload_url(assessment),
        {"mode": mode, "file": SimpleUploadedFile(name, data, content_type=XLSX)},
    )


def stored(assessment):
    return {
        answer.indicator.code: (answer.response, answer.comment)
        for answer in Answer.objects.filter(assessment=assessment).select_related("indicator")
    }


def errors_of(response):
    return [str(error) for error in response.context["errors"]]


def test_the_download_has_a_guide_a_sheet_per_principle_and_drop_downs(
    en_client, assessment, institution
):
    response = en_client.get(download_url(assessment) + "?lang=ru")
    assert response["Content-Disposition"] == (
        'attachment; filename="assessment-umid-test-2026-test-q-v1-ru-blank.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    guide, marker, first, second = workbook.worksheets
    assert [first.title, second.title] == ["P1", "P2"]
    assert marker.title == MARKER_SHEET
    assert marker.sheet_state == "veryHidden"
    assert marker["B2"].value == assessment.pk
    assert first["B3"].value == "Индикатор 1.1"
    assert [first[f"A{row}"].value for row in (3, 4, 5)] == ["1.1", "1.2", "1.3"]
    assert first["D3"].value is None
    # Indicator 1.3 allows 'not applicable': it alone gets the list that offers it.
    validations = {str(v.sqref): v.formula1 for v in first.data_validations.dataValidation}
    assert validations == {"D3 D4": "offline_answers_without_na", "D5": "offline_answers"}
    assert str(workbook.defined_names["offline_answers"].attr_text).endswith("$D$4")
    assert [marker[f"D{row}"].value for row in (1, 2, 3, 4)] == [
        "Соответствует",
        "Частично соответствует",
        "Не соответствует",
        "Неприменимо",
    ]
    guide_text = " ".join(str(cell.value) for row in guide.iter_rows() for cell in row)
    assert institution.name_ru in guide_text
    assert "2026" in guide_text


def test_the_download_with_answers_shows_them_in_the_chosen_language(
    en_client, assessment, manager
):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "partial", "Siyasət")], by=manager)
    sheet = download(en_client, assessment, "?answers=1&lang=az")["P1"]
    assert (sheet["D3"].value, sheet["E3"].value) == ("Qismən cavab verir", "Siyasət")
    blank = download(en_client, assessment, "?lang=az")["P1"]
    assert (blank["D3"].value, blank["E3"].value) == (None, None)


def test_an_unknown_language_is_not_found(en_client, assessment):
    assert en_client.get(download_url(assessment) + "?lang=fr").status_code == 404


def test_round_trip_saves_the_answers(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Meets"
    workbook["P1"]["E3"] = "Credit policy, p. 4"
    workbook["P2"]["D5"] = "Not applicable"
    response = upload(en_client, assessment, workbook)
    assert response.status_code == 200
    assert errors_of(response) == []
    assert stored(assessment) == {
        "1.1": ("meets", "Credit policy, p. 4"),
        "2.3": ("na", ""),
    }
    outcome = response.context["outcome"]
    assert (len(outcome.filled), len(outcome.overwritten), len(outcome.unchanged)) == (2, 0, 4)
    page = response.content.decode()
    assert "2 indicators filled in" in page
    assert "4 indicators left unchanged" in page
    # A step in the assessment's history, with who; uploading the same file again changes
    # nothing and adds none.
    steps = list(assessment.events.values_list("action", "actor__username"))
    assert steps[-1] == ("imported", "mgr")
    upload(en_client, assessment, workbook)
    assert list(assessment.events.values_list("action", "actor__username")) == steps
    detail = en_client.get(reverse("assessments:detail", kwargs={"pk": assessment.pk}))
    assert "Answers imported from an Excel file" in detail.content.decode()


def test_fill_blanks_only_keeps_existing_answers_and_overwrite_replaces_them(
    en_client, assessment, manager
):
    first, second = indicators_of(assessment)[:2]
    answers_save(assessment=assessment, entries=[entry(first, "not_met", "On the web")], by=manager)
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Meets"
    workbook["P1"]["E3"] = "From the file"
    workbook["P1"]["D4"] = "Partially meets"

    response = upload(en_client, assessment, workbook, mode="blanks")
    assert stored(assessment) == {"1.1": ("not_met", "On the web"), "1.2": ("partial", "")}
    assert len(response.context["outcome"].filled) == 1

    response = upload(en_client, assessment, workbook, mode="overwrite")
    # The file was made before 1.2 was saved; 1.2 stands as the file says, so it is no conflict.
    assert response.context["conflicts"] == []
    assert stored(assessment) == {"1.1": ("meets", "From the file"), "1.2": ("partial", "")}
    assert [i.code for i in response.context["outcome"].overwritten] == ["1.1"]


def test_empty_cells_never_erase_anything(en_client, assessment, manager):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets", "Kept")], by=manager)
    workbook = download(en_client, assessment, "?lang=en")
    workbook["P1"]["E3"] = "New comment"
    response = upload(en_client, assessment, workbook, mode="overwrite")
    assert stored(assessment) == {"1.1": ("meets", "New comment")}
    assert "erased nothing" in response.content.decode()


def test_a_bad_cell_is_named_and_nothing_is_saved(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Meets"
    workbook["P2"]["D4"] = "maybe"
    workbook["P2"]["D3"] = "=1+1"
    response = upload(en_client, assessment, workbook)
    errors = errors_of(response)
    assert any(error.startswith("P2!D4: “maybe” is not one of the answers") for error in errors)
    assert any(error.startswith("P2!D3: a formula is not accepted") for error in errors)
    assert len(errors) == 2
    assert "P2!D4" in response.content.decode()
    assert stored(assessment) == {}
    assert response.context["outcome"] is None


def test_moved_added_or_deleted_rows_are_errors(en_client, assessment):
    workbook = download(en_client, assessment)
    sheet = workbook["P1"]
    sheet["A3"], sheet["A4"] = "1.2", "1.1"
    sheet["D4"] = "Meets"
    sheet["A7"] = "1.9"
    del workbook["P2"]
    errors = errors_of(upload(en_client, assessment, workbook))
    assert [error.split(":")[0] for error in errors] == ["P1!A3", "P1!A4", "P1!A7", "P2"]
    assert stored(assessment) == {}


def test_a_file_of_another_assessment_is_refused(en_client, assessment, institution, manager):
    other = assessment_start(
        institution=institution,
        questionnaire=assessment.questionnaire,
        period="2025",
        kind="self",
        by=manager,
    )
    workbook = download(en_client, other)
    workbook["P1"]["D3"] = "Meets"
    response = upload(en_client, assessment, workbook)
    assert errors_of(response) == [
        "This file belongs to another assessment. Download the file of this assessment and "
        "enter the answers in it."
    ]
    assert stored(assessment) == {}
    assert stored(other) == {}


def test_a_file_of_another_questionnaire_version_is_refused(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook[MARKER_SHEET]["B3"] = assessment.questionnaire_id + 1
    workbook["P1"]["D3"] = "Meets"
    [error] = errors_of(upload(en_client, assessment, workbook))
    assert error.startswith("This file was made for another questionnaire version.")
    assert stored(assessment) == {}


def test_an_inserted_column_is_an_error(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook["P1"].insert_cols(3)
    workbook["P2"]["D3"] = "Meets"
    errors = errors_of(upload(en_client, assessment, workbook))
    assert errors == [
        "P1!C2: the columns were changed: columns must not be added, deleted or moved."
    ]
    assert stored(assessment) == {}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("answers.xlsx", b"PK\x03\x04 but not really a zip"),
        ("answers.csv", b"code,answer\n1.1,meets\n"),
        ("answers.xlsx", b"just text"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_cleanly(en_client, assessment, name, content):
    response = upload(en_client, assessment, content, name=name)
    assert response.status_code == 200
    [error] = errors_of(response)
    assert f"“{name}” is not an Excel workbook (.xlsx)" in error
    assert 'role="alert"' in response.content.decode()


def test_a_workbook_of_another_origin_is_refused(en_client, assessment):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "1.1"
    response = upload(en_client, assessment, workbook)
    [error] = errors_of(response)
    assert error.startswith("This file is not an offline questionnaire of the portal.")


def test_a_file_over_the_size_limit_is_refused(en_client, assessment):
    response = upload(en_client, assessment, b"PK\x03\x04" + b"0" * MAX_WORKBOOK_BYTES)
    assert errors_of(response) == ["The file is larger than 2 MB."]


def test_the_mode_must_be_chosen(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Meets"
    data = workbook_bytes(workbook)
    response = en_client.post(
        upload_url(assessment), {"file": SimpleUploadedFile("f.xlsx", data, content_type=XLSX)}
    )
    assert "mode" in response.context["form"].errors
    assert stored(assessment) == {}


def test_labels_in_every_language_and_codes_are_accepted(en_client, assessment):
    workbook = download(en_client, assessment)
    sheet, other = workbook["P1"], workbook["P2"]
    sheet["D3"] = "  tələblərə CAVAB VERİR "
    sheet["D4"] = "частично соответствует"
    sheet["D5"] = "n/a"
    other["D3"] = "NOT_MET"
    other["D4"] = "Does not meet"
    other["D5"] = "Tətbiq olunmur"
    response = upload(en_client, assessment, workbook)
    assert errors_of(response) == []
    assert {code: answer for code, (answer, _comment) in stored(assessment).items()} == {
        "1.1": "meets",
        "1.2": "partial",
        "1.3": "na",
        "2.1": "not_met",
        "2.2": "not_met",
        "2.3": "na",
    }


def test_not_applicable_is_refused_where_the_indicator_does_not_allow_it(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook["P1"]["D4"] = "Неприменимо"
    workbook["P1"]["D5"] = "Not applicable"
    errors = errors_of(upload(en_client, assessment, workbook))
    assert errors == ["P1!D4: indicator 1.2 cannot be answered “Not applicable”."]
    assert stored(assessment) == {}


def test_an_answer_changed_on_the_portal_after_the_download_is_not_overwritten(
    en_client, assessment, manager
):
    first, second = indicators_of(assessment)[:2]
    answers_save(assessment=assessment, entries=[entry(first, "meets", "Mine")], by=manager)
    workbook = download(en_client, assessment)
    colleague = UserFactory(username="colleague", manager=True, institution=manager.institution)
    answers_save(
        assessment=assessment,
        entries=[entry(first, "partial", "Theirs", seen=(1, "meets", "Mine"))],
        by=colleague,
    )
    workbook["P1"]["D3"] = "Does not meet"
    workbook["P1"]["E3"] = "From the file"
    workbook["P1"]["D4"] = "Meets"
    response = upload(en_client, assessment, workbook, mode="overwrite")
    assert stored(assessment) == {"1.1": ("partial", "Theirs"), "1.2": ("meets", "")}
    [(row, answer)] = response.context["conflicts"]
    assert row.indicator == first
    assert answer.updated_by == colleague
    page = response.content.decode()
    assert "Not overwritten" in page
    # Both sides of the conflict, by their names: the portal's now and the file's refused one.
    conflict = page[page.index("conflicts-heading") :]
    conflict = conflict[: conflict.index("</section>")]
    assert "Partially meets" in conflict
    assert "Theirs" in conflict
    assert "Does not meet" in conflict
    assert "From the file" in conflict
    assert "not_met" not in conflict


def test_a_formula_looking_comment_is_escaped_in_the_download_and_survives_the_round_trip(
    en_client, assessment, manager
):
    first = indicators_of(assessment)[0]
    comment = '=HYPERLINK("http://evil.example","click")'
    answers_save(assessment=assessment, entries=[entry(first, "meets", comment)], by=manager)
    cell = download(en_client, assessment)["P1"]["E3"]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert cell.value == comment
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Partially meets"
    upload(en_client, assessment, workbook, mode="overwrite")
    assert stored(assessment) == {"1.1": ("partial", comment)}


def test_a_manager_of_another_institution_gets_403(client_for, assessment, other_manager):
    client = client_for(other_manager)
    assert client.get(download_url(assessment)).status_code == 403
    assert client.get(upload_url(assessment)).status_code == 403
    response = client.post(upload_url(assessment), {"mode": "overwrite"})
    assert response.status_code == 403


def test_a_submitted_assessment_can_be_downloaded_but_not_uploaded(en_client, assessment, manager):
    workbook = download(en_client, assessment)
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    assert en_client.get(download_url(assessment)).status_code == 200
    assert upload(en_client, assessment, workbook).status_code == 403


def test_the_detail_page_links_to_offline_filling_for_those_who_may_fill(
    en_client, client_for, assessment, regulator, manager
):
    page = en_client.get(assessment.get_absolute_url()).content.decode()
    assert download_url(assessment) + "?answers=1" in page
    assert upload_url(assessment) in page
    answer_all(assessment, manager)
    assessment_submit(assessment=assessment, by=manager)
    page = client_for(regulator).get(assessment.get_absolute_url()).content.decode()
    assert upload_url(assessment) not in page


def test_the_upload_page_renders_the_form_and_the_downloads(en_client, assessment):
    response = en_client.get(upload_url(assessment))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    assert 'name="mode"' in page
    assert "lang=ru" in page
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)


def test_the_import_service_refuses_rows_that_do_not_fit(assessment, manager, questionnaire):
    first = indicators_of(assessment)[0]
    foreign = questionnaire.principles.first().indicators.first()
    with pytest.raises(ValidationError):
        answers_import(
            assessment=assessment,
            rows=[ImportRow(indicator=first, response="na", comment="", seen_version=0)],
            mode="overwrite",
            by=manager,
        )
    with pytest.raises(ValidationError):
        answers_import(
            assessment=assessment,
            rows=[ImportRow(indicator=foreign, response="meets", comment="", seen_version=0)],
            mode="blanks",
            by=manager,
        )
    with pytest.raises(ValueError, match="unknown import mode"):
        answers_import(assessment=assessment, rows=[], mode="replace", by=manager)
    assert stored(assessment) == {}


def test_fill_blanks_takes_the_files_comment_with_its_answer(en_client, assessment, manager):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "", "qaralama qeyd")], by=manager)
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Meets"
    workbook["P1"]["E3"] = "Siyasət, s. 4"
    upload(en_client, assessment, workbook, mode="blanks")
    assert stored(assessment)["1.1"] == ("meets", "Siyasət, s. 4")


def test_a_comment_over_the_limit_in_the_file_is_refused_and_nothing_saved(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Meets"
    workbook["P1"]["D4"] = "Meets"
    workbook["P1"]["E4"] = "Policy. " * 700
    response = upload(en_client, assessment, workbook)
    assert errors_of(response) == [
        "1.2: This text has 5599 characters; at most 5000 are allowed. Shorten it and save again."
    ]
    assert stored(assessment) == {}


def test_a_version_in_the_marker_sheet_that_is_no_plain_number_reads_as_lost(
    en_client, assessment, manager
):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets", "Mine")], by=manager)
    workbook = download(en_client, assessment)
    workbook[MARKER_SHEET]["G2"] = "²"
    workbook["P1"]["D3"] = "Does not meet"
    response = upload(en_client, assessment, workbook, mode="overwrite")
    assert response.status_code == 200
    # A lost version makes the overwrite a conflict, never a loss.
    assert [row.indicator for row, _answer in response.context["conflicts"]] == [first]
    assert stored(assessment) == {"1.1": ("meets", "Mine")}


@pytest.mark.parametrize("role", ["regulator", "trainer"])
def test_supervisors_download_a_returned_assessment_as_it_was_submitted(
    client_for, assessment, manager, request, role
):
    from assessments.services import assessment_decide

    answer_all(assessment, manager)
    first = indicators_of(assessment)[0]
    assessment_submit(assessment=assessment, by=manager)
    assessment_decide(
        assessment=assessment,
        accept=False,
        note="Düzəldin",
        by=request.getfixturevalue("regulator"),
    )
    answers_save(
        assessment=assessment,
        entries=[entry(first, "not_met", "Dəyişiklik", seen=(1, "meets", ""))],
        by=manager,
    )
    client = client_for(request.getfixturevalue(role))
    sheet = download(client, assessment)["P1"]
    assert (sheet["D3"].value, sheet["E3"].value) == ("Meets", None)
    mine = download(client_for(manager), assessment)["P1"]
    assert (mine["D3"].value, mine["E3"].value) == ("Does not meet", "Dəyişiklik")


def test_an_import_is_recorded_as_such_in_the_answer_history(en_client, assessment):
    workbook = download(en_client, assessment)
    workbook["P1"]["D3"] = "Meets"
    upload(en_client, assessment, workbook, name="bank-answers.xlsx")
    [entry] = Answer.history.filter(assessment=assessment)
    assert entry.history_change_reason == "offline import: bank-answers.xlsx"
    assert AnswerSource.describe(entry.history_change_reason) == (
        "imported from the offline workbook: bank-answers.xlsx"
    )
