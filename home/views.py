"""Each role's home page: the first thing a user sees, drawn from every app below."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import Role, User
from assessments.models import AssessmentStatus
from assessments.rules import assessments_visible_to
from assessments.selectors import (
    action_items_due,
    assessment_progress,
    current_assessment,
    returned_assessments,
)
from cohorts.rules import cohorts_visible_to
from cohorts.selectors import cohort_summaries
from complaints.selectors import institution_latest_row
from complaints.zones import funnel_position_label
from institutions.models import Kind
from institutions.rules import institutions_visible_to

HOME_TEMPLATES = {
    Role.MANAGER: "home/home_manager.html",
    Role.TRAINER: "home/home_trainer.html",
    Role.ADMIN: "home/home_admin.html",
}


def _overview(user: User) -> dict:
    """Institutions by kind and the assessments awaiting review, as ``user`` may see them."""
    labels = dict(Kind.choices)
    counts = (
        institutions_visible_to(user).values("kind").annotate(total=Count("id")).order_by("kind")
    )
    return {
        "kind_counts": [(labels[row["kind"]], row["total"]) for row in counts],
        "awaiting_review": assessments_visible_to(user)
        .filter(status=AssessmentStatus.SUBMITTED)
        .count(),
    }


def _manager_home(user: User) -> dict:
    """The manager's own institution: the assessment being filled in, what reviewers returned,
    the action items due, and its place in the latest published complaint index."""
    institution = user.institution
    assessments = assessments_visible_to(user)
    current = current_assessment(assessments=assessments)
    progress = assessment_progress(assessment=current) if current else []
    may_see_index = institution is not None and user.has_perm(
        "complaints.view_institution_complaints", institution
    )
    row = institution_latest_row(institution=institution) if may_see_index else None
    return {
        "institution": institution,
        "current": current,
        "answered": sum(p.answered for p in progress),
        "total": sum(p.total for p in progress),
        "next_principle": next((p.principle for p in progress if not p.complete), None),
        "returned": returned_assessments(assessments=assessments),
        "due_items": action_items_due(assessments=assessments, today=timezone.localdate()),
        "may_see_index": may_see_index,
        "latest_row": row,
        "funnel_label": funnel_position_label(row.funnel) if row else "",
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page after login."""
    user = request.user
    role = Role.ADMIN if user.is_administrator else user.role
    if role == Role.REGULATOR:
        # A supervisor's first question is who to look at now: the dashboard answers it.
        return redirect("supervision:dashboard")
    if role == Role.MANAGER:
        context = _manager_home(user)
    elif role == Role.TRAINER:
        cohorts = cohort_summaries(cohorts=cohorts_visible_to(user))
        context = {**_overview(user), "cohorts": cohorts}
    else:
        context = _overview(user)
    return render(request, HOME_TEMPLATES[role], context)
