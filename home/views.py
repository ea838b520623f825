"""Each role's home page: the first thing a user sees, drawn from every app below."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from assessments.models import AssessmentStatus
from assessments.rules import assessments_visible_to
from institutions.models import Kind
from institutions.rules import institutions_visible_to

HOME_TEMPLATES = {
    Role.MANAGER: "home/home_manager.html",
    Role.REGULATOR: "home/home_supervisor.html",
    Role.TRAINER: "home/home_supervisor.html",
    Role.ADMIN: "home/home_admin.html",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own home page after login."""
    user = request.user
    role = Role.ADMIN if user.is_administrator else user.role
    context = {}
    if role == Role.MANAGER:
        context["institution"] = user.institution
    else:
        labels = dict(Kind.choices)
        counts = (
            institutions_visible_to(user)
            .values("kind")
            .annotate(total=Count("id"))
            .order_by("kind")
        )
        context["kind_counts"] = [(labels[row["kind"]], row["total"]) for row in counts]
        context["awaiting_review"] = (
            assessments_visible_to(user).filter(status=AssessmentStatus.SUBMITTED).count()
        )
    return render(request, HOME_TEMPLATES[role], context)
