"""The supervision section of an institution's page: where it stands in the published tables
and its latest self-assessment's scores, for regulators and its own managers."""

from django.http import HttpRequest

from institutions.models import Institution
from institutions.pages import institution_section

from .presentation import position_context
from .rules import sees_position
from .selectors import institution_position


@institution_section
def position_section(request: HttpRequest, institution: Institution) -> tuple[str, dict] | None:
    if not sees_position(request.user, institution):
        return None
    position = institution_position(institution=institution)
    return "supervision/_institution_section.html", position_context(position)
