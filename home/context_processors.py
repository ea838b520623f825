from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def navigation(request: HttpRequest) -> dict:
    """The main menu: only what the user's role may open (each app's rules.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": [(_("Complaint index"), reverse("public:index"), False)]}
    links = [(_("Home"), reverse("home"))]
    if user.has_perm("supervision.view_dashboard"):
        links.append((_("Supervision"), reverse("supervision:dashboard")))
    if user.institution_id and user.has_perm("institutions.view_institution", user.institution):
        links.append((_("Our institution"), user.institution.get_absolute_url()))
    if user.has_perm("institutions.list_institutions"):
        links.append((_("Institutions"), reverse("institutions:list")))
    if user.has_perm("assessments.list_assessments"):
        links.append((_("Self-assessments"), reverse("assessments:list")))
    if user.has_perm("cohorts.list_cohorts"):
        links.append((_("Cohorts"), reverse("cohorts:list")))
    if user.has_perm("complaints.manage_complaints"):
        links.append((_("Complaint index"), reverse("complaints:home")))
    elif user.institution_id and user.has_perm(
        "complaints.view_institution_complaints", user.institution
    ):
        links.append(
            (_("Complaint index"), reverse("complaints:institution", args=[user.institution.code]))
        )
    else:
        links.append((_("Complaint index"), reverse("public:index")))
    if user.is_staff:
        links.append((_("Administration"), reverse("admin:index")))
    home = reverse("home")
    return {
        "nav_links": [
            (label, url, request.path == url or (url != home and request.path.startswith(url)))
            for label, url in links
        ]
    }
