import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from institutions.models import Institution
from smartportal.downloads import chart_response, report_attachment
from smartportal.exports import CONTENT_TYPES
from smartportal.figures import to_svg
from smartportal.i18n import requested_language

from . import reports
from .forms import ActionItemForm, DecisionForm, PrincipleAnswersForm, ReviewForm, StartForm
from .models import (
    BAND_LABELS,
    ActionItem,
    Answer,
    Assessment,
    AssessmentStatus,
    Evidence,
    Indicator,
    Principle,
    Response,
)
from .rules import (
    assessment_for,
    assessments_visible_to,
    evidence_visible_to,
    sees_as_submitted,
)
from .selectors import (
    assessment_outcome,
    assessment_progress,
    existing_assessment,
    fill_rows,
    history_table,
    institution_history,
    missing_indicators,
    principle_indicators,
    principle_navigation,
    returned_note,
    review_rounds,
)
from .services import (
    AnswerEntry,
    AssessmentIncomplete,
    action_item_save,
    assessment_decide,
    assessment_start,
    assessment_submit,
    principle_save,
    review_save,
)

# ASCII digits only: str.isdigit() also takes "²", which int() refuses.
PRINCIPLE_NUMBER = re.compile(r"[0-9]{1,5}")


def _principle_number(value: str | None) -> int | None:
    """The principle a page's button asks for next ("2"), or None for anything else."""
    return int(value) if value and PRINCIPLE_NUMBER.fullmatch(value) else None


def _principle(assessment: Assessment, number: int) -> Principle:
    principle = assessment.questionnaire.principles.filter(number=number).first()
    if principle is None:
        raise Http404
    return principle


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = assessments_visible_to(request.user).select_related(
        "institution", "questionnaire"
    )
    status = request.GET.get("status", "")
    if status:
        assessments = assessments.filter(status=status)
    return render(
        request,
        "assessments/assessment_list.html",
        {
            "assessments": assessments,
            "status": status,
            "statuses": AssessmentStatus.choices,
            "can_start": request.user.has_perm("assessments.start_assessment"),
        },
    )


@login_required
def assessment_start_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("assessments.start_assessment"):
        raise PermissionDenied
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = assessment_start(
                institution=request.user.institution,
                questionnaire=form.cleaned_data["questionnaire"],
                period=form.cleaned_data["period"],
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            existing = existing_assessment(
                institution=request.user.institution,
                questionnaire=form.cleaned_data["questionnaire"],
                period=form.cleaned_data["period"],
            )
            if existing is not None:
                messages.info(
                    request,
                    format_html(
                        '<a href="{}">{}</a>',
                        existing.get_absolute_url(),
                        _("Open that assessment"),
                    ),
                )
        else:
            return redirect("assessments:fill", pk=assessment.pk, number=1)
    return render(request, "assessments/start.html", {"form": form})


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.view_assessment")
    as_submitted = sees_as_submitted(request.user, assessment)
    progress = assessment_progress(assessment=assessment, as_submitted=as_submitted)
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "as_submitted": as_submitted,
            "progress": progress,
            "answered": sum(p.answered for p in progress),
            "total": sum(p.total for p in progress),
            "events": assessment.events.select_related("actor"),
            "can_fill": request.user.has_perm("assessments.fill_assessment", assessment),
            "can_review": request.user.has_perm("assessments.review_assessment", assessment),
        },
    )


@login_required
def principle_fill(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.view_assessment")
    principle = _principle(assessment, number)
    if request.method != "POST":
        as_submitted = sees_as_submitted(request.user, assessment)
        indicators = principle_indicators(
            assessment=assessment, principle=principle, as_submitted=as_submitted
        )
        form = PrincipleAnswersForm(indicators=indicators)
        return _fill_page(request, assessment, principle, form, as_submitted=as_submitted)
    indicators = principle_indicators(assessment=assessment, principle=principle)
    # Not fillable any more but the user's own: the service refuses, the page explains.
    if not request.user.has_perm("assessments.work_on_assessment", assessment):
        raise PermissionDenied
    form = PrincipleAnswersForm(request.POST, request.FILES, indicators=indicators)
    if not form.is_valid():
        return _fill_page(request, assessment, principle, form)
    try:
        outcome = principle_save(
            assessment=assessment,
            entries=form.entries(),
            file_changes=form.file_changes(),
            by=request.user,
        )
    except ValidationError as error:
        form.add_refusal(error)
        return _fill_page(request, assessment, principle, form)
    except PermissionDenied:
        # Submitted by a colleague since the page opened: show it read-only, and what this
        # user typed, so that nothing typed is lost from sight.
        assessment.refresh_from_db()
        messages.warning(request, _("Your entries were not saved: see below."))
        unsaved = [entry for entry in form.entries() if entry.changed_by_user]
        return _fill_page(request, assessment, principle, form, unsaved=unsaved, can_fill=False)
    if outcome.conflicts:
        if outcome.saved:
            messages.info(request, _("Your other answers and files were saved."))
        stored = principle_indicators(assessment=assessment, principle=principle)
        form = form.after_conflicts(stored)
        return _fill_page(request, assessment, principle, form, conflicts=outcome.conflicts)
    messages.success(request, _("Saved."))
    target = _principle_number(request.POST.get("next_principle"))
    return redirect("assessments:fill", pk=pk, number=target or number)


def _fill_page(
    request: HttpRequest,
    assessment: Assessment,
    principle: Principle,
    form: PrincipleAnswersForm,
    *,
    conflicts: dict[int, Answer] | None = None,
    unsaved: list[AnswerEntry] | None = None,
    can_fill: bool | None = None,
    as_submitted: bool = False,
) -> HttpResponse:
    """The principle's page; once it cannot be filled in, a POST shows what is stored."""
    if can_fill is None:
        can_fill = request.user.has_perm("assessments.fill_assessment", assessment)
    if request.method == "POST" and not can_fill:
        form = PrincipleAnswersForm(
            indicators=principle_indicators(assessment=assessment, principle=principle)
        )
    navigation = principle_navigation(
        assessment=assessment, number=principle.number, as_submitted=as_submitted
    )
    return render(
        request,
        "assessments/fill.html",
        {
            "assessment": assessment,
            "as_submitted": as_submitted,
            "principle": principle,
            "form": form,
            "rows": fill_rows(rows=form.rows(), conflicts=conflicts or {}, unsaved=unsaved or []),
            "conflicts": conflicts or {},
            "progress": navigation.progress,
            "answered": navigation.answered,
            "total": navigation.total,
            "current": navigation.current,
            "next_number": navigation.next_number,
            "previous_number": navigation.previous_number,
            "can_fill": can_fill,
            "returned_note": returned_note(assessment=assessment),
        },
    )


@login_required
def assessment_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.view_assessment")
    if not request.user.has_perm("assessments.fill_assessment", assessment):
        if assessment.has_result and request.user.has_perm("assessments.plan_actions", assessment):
            messages.info(request, _("This assessment has been submitted already."))
            return redirect("assessments:results", pk=pk)
        raise PermissionDenied
    missing = missing_indicators(assessment=assessment)
    if request.method == "POST":
        try:
            assessment_submit(assessment=assessment, by=request.user)
        except AssessmentIncomplete as incomplete:
            missing = incomplete.missing
        except PermissionDenied:
            messages.info(request, _("This assessment has been submitted already."))
            return redirect("assessments:results", pk=pk)
        else:
            messages.success(request, _("The assessment was submitted."))
            return redirect("assessments:results", pk=pk)
    return render(
        request, "assessments/submit.html", {"assessment": assessment, "missing": missing}
    )


@login_required
def assessment_results(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.view_assessment")
    as_submitted = sees_as_submitted(request.user, assessment)
    outcome = assessment_outcome(assessment=assessment, as_submitted=as_submitted)
    return render(
        request,
        "assessments/results.html",
        {
            "assessment": assessment,
            "as_submitted": as_submitted,
            "outcome": outcome,
            "rows": outcome.rows,
            "overall": outcome.overall,
            "band": outcome.band,
            "band_label": BAND_LABELS.get(outcome.band, ""),
            "gate": outcome.gate,
            "gate_pending": outcome.gate_pending,
            "provisional": outcome.provisional,
            "has_benchmark": outcome.has_benchmark,
            "weakest": outcome.weakest,
            "strongest": outcome.strongest,
            "gaps": outcome.gaps,
            "reviewed": outcome.reviewed,
            "review_rounds": review_rounds(assessment=assessment),
            "can_plan": request.user.has_perm("assessments.plan_actions", assessment),
            "chart_url": reverse("assessments:chart", kwargs={"pk": pk}),
            "languages": settings.LANGUAGES,
        },
    )


@login_required
def assessment_chart(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.view_assessment")
    outcome = assessment_outcome(
        assessment=assessment, as_submitted=sees_as_submitted(request.user, assessment)
    )
    return chart_response(to_svg(reports.principles_chart(outcome)))


@login_required
def assessment_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.view_assessment")
    if fmt not in CONTENT_TYPES:
        raise Http404
    language = requested_language(request)
    as_submitted = sees_as_submitted(request.user, assessment)
    with translation.override(language):
        outcome = assessment_outcome(assessment=assessment, as_submitted=as_submitted)
        if fmt == "pdf":
            content = reports.assessment_pdf(
                outcome=outcome, chart=reports.principles_chart(outcome)
            )
        else:
            content = reports.assessment_xlsx(outcome=outcome)
    return report_attachment(content, fmt, f"{assessment.file_stem}-{language}")


@login_required
def principle_review(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.review_assessment")
    principle = _principle(assessment, number)
    indicators = principle_indicators(assessment=assessment, principle=principle)
    form = ReviewForm(request.POST or None, indicators=indicators)
    conflicts: dict[int, Answer] = {}
    if request.method == "POST" and form.is_valid():
        try:
            outcome = review_save(assessment=assessment, entries=form.entries(), by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if not outcome.conflicts:
                messages.success(request, _("Your notes were saved."))
                target = _principle_number(request.POST.get("next_principle"))
                if target is not None:
                    return redirect("assessments:review", pk=pk, number=target)
                return redirect("assessments:decide", pk=pk)
            if outcome.saved:
                messages.info(request, _("Your other notes were saved."))
            conflicts = outcome.conflicts
            stored = principle_indicators(assessment=assessment, principle=principle)
            form = form.after_conflicts(stored)
    numbers = list(assessment.questionnaire.principles.values_list("number", flat=True))
    position = numbers.index(number)
    return render(
        request,
        "assessments/review.html",
        {
            "assessment": assessment,
            "principle": principle,
            "form": form,
            "rows": form.rows(conflicts),
            "conflicts": conflicts,
            "numbers": numbers,
            "next_number": numbers[position + 1] if position + 1 < len(numbers) else None,
        },
    )


@login_required
def assessment_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.review_assessment")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = "accept" in request.POST
        try:
            assessment_decide(
                assessment=assessment,
                accept=accept,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("note", message)
        else:
            messages.success(
                request,
                _("The assessment was accepted.") if accept else _("The assessment was returned."),
            )
            return redirect("assessments:detail", pk=pk)
    return render(
        request,
        "assessments/decide.html",
        {
            "assessment": assessment,
            "form": form,
            "review_rounds": review_rounds(assessment=assessment),
        },
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("answer__assessment__institution"), pk=pk
    )
    if not evidence_visible_to(request.user, evidence):
        raise PermissionDenied
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
def action_item_edit(request: HttpRequest, pk: int, indicator: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk, "assessments.plan_actions")
    indicator = get_object_or_404(
        Indicator, pk=indicator, principle__questionnaire=assessment.questionnaire
    )
    gap = assessment.answers.filter(
        indicator=indicator, response__in=(Response.PARTIAL, Response.NOT_MET)
    ).exists()
    if not gap:
        raise Http404
    item = ActionItem.objects.filter(assessment=assessment, indicator=indicator).first()
    item = item or ActionItem(assessment=assessment, indicator=indicator)
    form = ActionItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        action_item_save(item=form.instance, by=request.user)
        messages.success(request, _("The action-plan item was saved."))
        return redirect(reverse("assessments:results", kwargs={"pk": pk}) + "#gaps")
    return render(
        request,
        "assessments/action_item.html",
        {"assessment": assessment, "indicator": indicator, "form": form},
    )


@login_required
def institution_history_view(request: HttpRequest, code: str) -> HttpResponse:
    institution = get_object_or_404(Institution, code=code)
    if not request.user.has_perm("institutions.view_institution", institution):
        raise PermissionDenied
    assessments = [
        a
        for a in institution_history(institution=institution)
        if request.user.has_perm("assessments.view_assessment", a)
    ]
    table = history_table(assessments=assessments)
    return render(
        request,
        "assessments/history.html",
        {"institution": institution, "assessments": assessments, "table": table},
    )
