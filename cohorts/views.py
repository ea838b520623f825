"""Cohorts: named groups of institutions a trainer works with, and their results report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Role
from smartportal.downloads import chart_response, report_attachment
from smartportal.exports import CONTENT_TYPES
from smartportal.figures import to_svg
from smartportal.i18n import requested_language

from . import reports
from .forms import CohortForm
from .models import Cohort
from .rules import cohorts_visible_to
from .selectors import cohort_choices, cohort_outcome


def _cohort_for(request: HttpRequest, pk: int, perm: str) -> Cohort:
    cohort = get_object_or_404(Cohort, pk=pk)
    if not request.user.has_perm(perm, cohort):
        raise PermissionDenied
    return cohort


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = cohorts_visible_to(request.user).prefetch_related("institutions")
    return render(
        request,
        "cohorts/cohort_list.html",
        {"cohorts": cohorts, "can_add": request.user.has_perm("cohorts.add_cohort")},
    )


@login_required
def cohort_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        if not request.user.has_perm("cohorts.add_cohort"):
            raise PermissionDenied
        cohort = Cohort(created_by=request.user)
    else:
        cohort = _cohort_for(request, pk, "cohorts.change_cohort")
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        if pk is None and request.user.role == Role.TRAINER:
            cohort.trainers.add(request.user)
        messages.success(request, _("The cohort was saved."))
        return redirect(cohort)
    return render(request, "cohorts/cohort_form.html", {"form": form, "cohort": cohort})


def _selection(request: HttpRequest, cohort: Cohort):
    """The questionnaire version and period asked for (``?results=<id>:<period>``), else the
    latest the cohort has results for; with every choice for the picker."""
    choices = cohort_choices(cohort=cohort)
    wanted = request.GET.get("results", "")
    for questionnaire, period, count in choices:
        if wanted in ("", f"{questionnaire.pk}:{period}"):
            return choices, (questionnaire, period, count)
    if wanted:
        raise Http404
    return choices, None


def _outcome(request: HttpRequest, cohort: Cohort, questionnaire, period: str):
    anonymous = request.GET.get("anonymous") == "1"
    return cohort_outcome(
        cohort=cohort,
        questionnaire=questionnaire,
        period=period,
        may_name=lambda institution: (
            not anonymous and request.user.has_perm("institutions.view_institution", institution)
        ),
    )


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for(request, pk, "cohorts.view_cohort")
    choices, selected = _selection(request, cohort)
    outcome = _outcome(request, cohort, selected[0], selected[1]) if selected else None
    key = f"{selected[0].pk}:{selected[1]}" if selected else ""
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "members": cohort.institutions.order_by("name_az"),
            "choices": choices,
            "selected": selected,
            "outcome": outcome,
            "can_change": request.user.has_perm("cohorts.change_cohort", cohort),
            "results_key": key,
            "report_params": [("results", key)],
            "anonymous_params": [("results", key), ("anonymous", "1")],
            "show_members": request.user.has_perm("institutions.list_institutions"),
            "withheld_note": reports.withheld_note(outcome.withheld)
            if outcome and outcome.withheld
            else "",
        },
    )


@login_required
def cohort_chart(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for(request, pk, "cohorts.view_cohort")
    _choices, selected = _selection(request, cohort)
    if selected is None:
        raise Http404
    outcome = _outcome(request, cohort, selected[0], selected[1])
    return chart_response(to_svg(reports.spread_chart(outcome)))


@login_required
def cohort_report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    cohort = _cohort_for(request, pk, "cohorts.view_cohort")
    if fmt not in CONTENT_TYPES:
        raise Http404
    language = requested_language(request)
    _choices, selected = _selection(request, cohort)
    if selected is None:
        raise Http404
    questionnaire, period, _count = selected
    with translation.override(language):
        outcome = _outcome(request, cohort, questionnaire, period)
        if fmt == "pdf":
            chart = reports.spread_chart(outcome) if outcome.members else None
            content = reports.cohort_pdf(outcome=outcome, chart=chart)
        else:
            content = reports.cohort_xlsx(outcome=outcome)
    suffix = "-anonymised" if outcome.anonymised else ""
    return report_attachment(content, fmt, f"cohort-{cohort.pk}-{period}-{language}{suffix}")
