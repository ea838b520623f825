"""Filling in an assessment offline: the questionnaire downloaded as Excel and uploaded back."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from smartportal.exports import XLSX_CONTENT_TYPE
from smartportal.i18n import CONTENT_LANGUAGES, requested_language

from .forms import OfflineUploadForm
from .offline import (
    CellError,
    WorkbookRejected,
    workbook_build,
    workbook_filename,
    workbook_read,
)
from .rules import assessment_for, sees_as_submitted
from .services import answers_import

SHOWN_ERRORS = 50


@login_required
def offline_download(request: HttpRequest, pk: int) -> HttpResponse:
    # Whoever may read the answers on the portal may take them away in a file.
    assessment = assessment_for(request.user, pk, "assessments.view_assessment")
    language = requested_language(request)
    with_answers = request.GET.get("answers") == "1"
    content = workbook_build(
        assessment=assessment,
        language=language,
        with_answers=with_answers,
        as_submitted=sees_as_submitted(request.user, assessment),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = workbook_filename(
        assessment=assessment, language=language, with_answers=with_answers
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def offline_upload(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.fill_assessment")
    form = OfflineUploadForm(request.POST or None, request.FILES or None)
    errors: list[CellError] = []
    outcome = None
    conflicts = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = workbook_read(assessment=assessment, upload=form.cleaned_data["file"])
            outcome = answers_import(
                assessment=assessment,
                rows=rows,
                mode=form.cleaned_data["mode"],
                by=request.user,
                filename=form.cleaned_data["file"].name,
            )
        except WorkbookRejected as rejected:
            errors = rejected.errors
        except ValidationError as invalid:
            errors = [CellError("", message) for message in invalid.messages]
        except PermissionDenied as refused:
            # Submitted by a colleague since the page was opened.
            errors = [CellError("", str(refused))]
        else:
            # The file's row beside the portal's answer: both what stands and what was refused.
            conflicts = [
                (row, outcome.conflicts[row.indicator.pk])
                for row in rows
                if row.indicator.pk in outcome.conflicts
            ]
            form = OfflineUploadForm()
    return render(
        request,
        "assessments/offline_upload.html",
        {
            "assessment": assessment,
            "form": form,
            "errors": errors[:SHOWN_ERRORS],
            "error_count": len(errors),
            "outcome": outcome,
            "conflicts": conflicts,
            "languages": CONTENT_LANGUAGES,
        },
    )
