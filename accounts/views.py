from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.models import AssessmentStatus
from institutions.models import Kind

from .access import assessments_visible_to, institutions_visible_to
from .models import Role

HOME_TEMPLATES = {
    Role.MANAGER: "accounts/home_manager.html",
    Role.REGULATOR: "accounts/home_supervisor.html",
    Role.TRAINER: "accounts/home_supervisor.html",
    Role.ADMIN: "accounts/home_admin.html",
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


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes shows after too many failed logins (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
