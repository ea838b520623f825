import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessments.models import Answer, AssessmentStatus, Principle
from assessments.services import (
    ReviewEntry,
    answers_save,
    assessment_start,
    assessment_submit,
    review_save,
)
from tests.assessments.test_services import entry, indicators_of

pytestmark = pytest.mark.django_db

MIXED = ["meets", "partial", "not_met", "meets", "meets", "partial", "meets"]


def pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks folded, as one string."""
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def report_url(assessment, fmt, lang=None):
    url = reverse("assessments:report", kwargs={"pk": assessment.pk, "fmt": fmt})
    return f"{url}?lang={lang}" if lang else url


def answered(assessment, manager, *, comment_on_first=""):
    entries = [
        entry(indicator, MIXED[i % len(MIXED)], comment_on_first if i == 0 else "")
        for i, indicator in enumerate(indicators_of(assessment))
    ]
    answers_save(assessment=assessment, entries=entries, by=manager)
    assessment_submit(assessment=assessment, by=manager)
    return assessment


@pytest.fixture
def full(institution, manager, questionnaire):
    """A submitted assessment of the shipped six-principle questionnaire, mixed answers."""
    institution.name_az = "Şəki-Gəncə Ümid Kredit BOKT"
    institution.save()
    assessment = assessment_start(
        institution=institution, questionnaire=questionnaire, period="2026", kind="self", by=manager
    )
    return answered(assessment, manager, comment_on_first='=HYPERLINK("x")')


def page_scores(client, assessment) -> list[str]:
    """The per-principle scores as the results page prints them."""
    page = client.get(reverse("assessments:results", kwargs={"pk": assessment.pk}))
    table = page.content.decode().split('id="chart-heading"')[1].split("</table>")[0]
    # Each principle's row: its heading cell, then its score.
    return re.findall(r'</th>\s*<td class="text-end"[^>]*>([\d.,]+)%', table)


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_the_pdf_says_name_principles_and_scores_in_the_chosen_language(
    client_for, full, manager, language
):
    client = client_for(manager)
    client.cookies["django_language"] = language
    scores = page_scores(client, full)
    response = client.get(report_url(full, "pdf", language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'filename="assessment-{full.institution.code}-2026-smart-2010-v1.0-{language}.pdf"'
        in response["Content-Disposition"]
    )
    text = pdf_text(response.content)
    with translation.override(language):
        assert full.institution.name in text
        titles = [p.title for p in Principle.objects.filter(questionnaire=full.questionnaire)]
    assert len(titles) == 6
    for title in titles:
        assert re.sub(r"\s+", " ", title) in text
    assert len(scores) == 6
    for score in scores:
        assert f"{score}%" in text
    if language == "az":
        assert "Şəki-Gəncə Ümid Kredit BOKT" in text
    if language == "ru":
        assert "Принцип" in text or "Институт" in text or "НБКО" in text


def test_the_pdf_prints_user_text_as_typed(client_for, full, manager, english):
    text = pdf_text(client_for(manager).get(report_url(full, "pdf", "en")).content)
    assert '=HYPERLINK("x")' in text


def test_the_excel_reads_back_to_the_numbers_of_the_results_page(
    client_for, full, manager, english
):
    client = client_for(manager)
    client.cookies["django_language"] = "en"
    scores = page_scores(client, full)
    response = client.get(report_url(full, "xlsx", "en"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Summary"
    summary = workbook["Summary"]
    rows = list(summary.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Principle")
    principle_rows = rows[header + 1 : header + 7]
    excel_scores = [row[1] for row in principle_rows]
    assert all(isinstance(value, float) for value in excel_scores)
    assert [f"{value:.1f}" for value in excel_scores] == scores
    overall = next(row[1] for row in rows if row[0] == "Overall score")
    full.refresh_from_db()
    assert overall == pytest.approx(float(full.overall_score), abs=0.05)
    assert len(summary._charts) == 1
    sheets = [name for name in workbook.sheetnames if name.startswith("Principle ")]
    assert len(sheets) == 6
    first = workbook["Principle 1"]
    cells = [row for row in first.iter_rows(min_row=5, values_only=True) if row[0]]
    assert len(cells) == 7
    # A comment that looks like a formula stays text, as typed, quote-prefixed.
    assert cells[0][3] == '=HYPERLINK("x")'
    assert first.cell(row=5, column=4).data_type == "s"
    assert first.cell(row=5, column=4).quotePrefix


def test_the_report_compares_with_the_previous_assessment_and_shows_review_notes(
    client_for, institution, manager, regulator, small_questionnaire, english
):
    earlier = assessment_start(
        institution=institution,
        questionnaire=small_questionnaire,
        period="2025",
        kind="self",
        by=manager,
    )
    answers_save(
        assessment=earlier,
        entries=[entry(i, "not_met") for i in indicators_of(earlier)],
        by=manager,
    )
    assessment_submit(assessment=earlier, by=manager)
    later = assessment_start(
        institution=institution,
        questionnaire=small_questionnaire,
        period="2026",
        kind="self",
        by=manager,
    )
    answers_save(
        assessment=later, entries=[entry(i, "meets") for i in indicators_of(later)], by=manager
    )
    assessment_submit(assessment=later, by=manager)
    first = indicators_of(later)[0]
    review_save(
        assessment=later,
        entries=[ReviewEntry(indicator=first, verdict="partial", note="Siyasət köhnədir")],
        by=regulator,
    )
    response = client_for(manager).get(report_url(later, "xlsx", "en"))
    summary = openpyxl.load_workbook(io.BytesIO(response.content))["Summary"]
    rows = list(summary.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "Principle")
    assert rows[header][1:5] == ("Score", "Peer average", "Previous", "Change from the previous")
    assert rows[header + 1][1:5] == (100.0, None, 0.0, 100.0)
    text = pdf_text(client_for(manager).get(report_url(later, "pdf", "en")).content)
    assert "Previous assessment 2025" in text
    assert "Siyasət köhnədir" in text
    assert "+100.0" in text


def test_nobody_downloads_a_report_they_may_not_see(
    client_for, full, other_manager, regulator, assessment, manager
):
    for fmt in ("pdf", "xlsx"):
        assert client_for(other_manager).get(report_url(full, fmt)).status_code == 403
        # Regulators see an assessment once submitted, never a draft.
        assert client_for(regulator).get(report_url(assessment, fmt)).status_code == 403
    assert client_for(regulator).get(report_url(full, "pdf")).status_code == 200


def test_unknown_formats_and_languages_are_not_found(client_for, full, manager):
    client = client_for(manager)
    assert client.get(report_url(full, "docx")).status_code == 404
    assert client.get(report_url(full, "pdf", "de")).status_code == 404


def test_a_draft_report_is_marked_provisional(client_for, assessment, manager, english):
    Answer.objects.filter(assessment=assessment).delete()
    answers_save(
        assessment=assessment,
        entries=[entry(indicators_of(assessment)[0], "meets")],
        by=manager,
    )
    assert assessment.status == AssessmentStatus.DRAFT
    text = pdf_text(client_for(manager).get(report_url(assessment, "pdf", "en")).content)
    assert "Provisional" in text
    assert "Not answered" in text


def test_the_results_page_offers_the_report_in_three_languages(client_for, full, manager):
    content = (
        client_for(manager)
        .get(reverse("assessments:results", kwargs={"pk": full.pk}))
        .content.decode()
    )
    assert f'formaction="{report_url(full, "pdf")}"' in content
    assert f'formaction="{report_url(full, "xlsx")}"' in content
    for code in ("az", "en", "ru"):
        assert f'<option value="{code}"' in content


def test_a_reports_queries_do_not_grow_with_the_questionnaire(
    client_for, manager, regulator, full, small_questionnaire, other_institution
):
    small = assessment_start(
        institution=other_institution,
        questionnaire=small_questionnaire,
        period="2025",
        kind="self",
        by=manager,
    )
    answered(small, manager)
    client = client_for(regulator)
    counts = []
    for assessment in (small, full):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(report_url(assessment, "xlsx", "en")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_long_texts_and_pasted_control_characters_still_give_both_files(
    client_for, assessment, manager, english
):
    """A comment at the 5,000-character limit (taller than a page) and Word's vertical tab."""
    first, second = indicators_of(assessment)[:2]
    answers_save(
        assessment=assessment,
        entries=[
            entry(first, "meets", "Siyasət sənədi. " * 312),
            entry(second, "partial", "Siyasət\x0bbölmə 2"),
        ],
        by=manager,
    )
    client = client_for(manager)
    response = client.get(report_url(assessment, "pdf", "en"))
    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 3
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(report_url(assessment, "xlsx", "en")).content)
    )
    comments = [row[3] for row in workbook["Principle 1"].iter_rows(min_row=5, values_only=True)]
    assert comments[1] == "Siyasətbölmə 2"
    offline = client.get(
        reverse("assessments:offline_download", kwargs={"pk": assessment.pk}) + "?answers=1"
    )
    assert offline.status_code == 200


def submit(institution, questionnaire, period, manager, response):
    assessment = assessment_start(
        institution=institution, questionnaire=questionnaire, period=period, kind="self", by=manager
    )
    answers_save(
        assessment=assessment,
        entries=[entry(i, response) for i in indicators_of(assessment)],
        by=manager,
    )
    assessment_submit(assessment=assessment, by=manager)
    return assessment


def test_the_previous_assessment_is_the_earlier_period_whatever_the_order_of_submission(
    client_for, institution, manager, regulator, small_questionnaire, english
):
    from assessments.services import assessment_decide

    earlier = submit(institution, small_questionnaire, "2025", manager, "not_met")
    later = submit(institution, small_questionnaire, "2026", manager, "meets")
    assessment_decide(assessment=earlier, accept=False, note="Əlavə edin", by=regulator)
    answers_save(
        assessment=earlier,
        entries=[entry(indicators_of(earlier)[0], "partial", seen=(1, "not_met", ""))],
        by=manager,
    )
    assessment_submit(assessment=earlier, by=manager)
    later_text = pdf_text(client_for(manager).get(report_url(later, "pdf", "en")).content)
    assert "Previous assessment 2025" in later_text
    earlier_text = pdf_text(client_for(manager).get(report_url(earlier, "pdf", "en")).content)
    assert "Previous assessment" not in earlier_text
    # The return belonged to the earlier round: the resubmitted report does not claim a review.
    assert "Reviewed" not in earlier_text


def test_the_change_is_the_difference_of_the_printed_figures(
    client_for, institution, manager, small_questionnaire, english
):
    from assessments.models import PrincipleScore

    earlier = submit(institution, small_questionnaire, "2025", manager, "partial")
    later = submit(institution, small_questionnaire, "2026", manager, "partial")
    first = small_questionnaire.principles.get(number=1)
    PrincipleScore.objects.filter(assessment=earlier, principle=first).update(score="60.14")
    PrincipleScore.objects.filter(assessment=later, principle=first).update(score="70.16")
    text = pdf_text(client_for(manager).get(report_url(later, "pdf", "en")).content)
    assert "70.2% — 60.1% +10.1" in text


def test_two_questionnaires_in_one_period_give_two_file_names(
    client_for, institution, manager, small_questionnaire
):
    from tests.factories import make_questionnaire

    other = make_questionnaire(code="other-q")
    client = client_for(manager)
    names = {
        client.get(report_url(submit(institution, q, "2026", manager, "meets"), "pdf", "en"))[
            "Content-Disposition"
        ]
        for q in (small_questionnaire, other)
    }
    assert names == {
        'attachment; filename="assessment-umid-test-2026-test-q-v1-en.pdf"',
        'attachment; filename="assessment-umid-test-2026-other-q-v1-en.pdf"',
    }


def test_a_comment_of_ten_thousand_lines_stored_before_the_limit_still_gives_the_pdf(
    client_for, assessment, manager, english
):
    first = indicators_of(assessment)[0]
    answers_save(assessment=assessment, entries=[entry(first, "meets", "qısa")], by=manager)
    legacy = "\n".join(f"sətir {number}" for number in range(10_000))
    Answer.objects.filter(indicator=first).update(comment=legacy)
    response = client_for(manager).get(report_url(assessment, "pdf", "en"))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "sətir 0" in text and "sətir 9999" in text


def test_supervisors_reports_of_a_returned_assessment_are_as_submitted(
    client_for, assessment, manager, regulator, english
):
    from assessments.services import assessment_decide

    answered(assessment, manager, comment_on_first="Təqdim olunmuş sübut")
    assessment_decide(assessment=assessment, accept=False, note="Düzəldin", by=regulator)
    first = indicators_of(assessment)[0]
    answers_save(
        assessment=assessment,
        entries=[
            entry(
                first, "not_met", "Yarımçıq dəyişiklik", seen=(1, "meets", "Təqdim olunmuş sübut")
            )
        ],
        by=manager,
    )
    client = client_for(regulator)
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(report_url(assessment, "xlsx", "en")).content)
    )["Principle 1"]
    assert [sheet["C5"].value, sheet["D5"].value] == ["Meets", "Təqdim olunmuş sübut"]
    text = pdf_text(client.get(report_url(assessment, "pdf", "en")).content)
    assert "Təqdim olunmuş sübut" in text and "Yarımçıq" not in text
    assert "Provisional" not in text
    own = openpyxl.load_workbook(
        io.BytesIO(client_for(manager).get(report_url(assessment, "xlsx", "en")).content)
    )["Principle 1"]
    assert [own["C5"].value, own["D5"].value] == ["Does not meet", "Yarımçıq dəyişiklik"]
