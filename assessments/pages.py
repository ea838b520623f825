"""The assessments' section of an institution's page: its self-assessments and open actions."""

from django.http import HttpRequest

from institutions.models import Institution
from institutions.pages import institution_section

from .rules import assessments_visible_to
from .selectors import open_action_items


@institution_section
def assessments_section(request: HttpRequest, institution: Institution) -> tuple[str, dict]:
    assessments = assessments_visible_to(request.user).filter(institution=institution)
    return "assessments/_institution_section.html", {
        "assessments": assessments.select_related("questionnaire"),
        "action_items": open_action_items(institution=institution).filter(
            assessment__in=assessments
        ),
    }
