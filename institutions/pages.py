"""An institution's page: its profile, then a section from each app above that has something
to say about the institution (its self-assessments, later its complaint index). Those apps
register their section when they start, so this app never imports them."""

from collections.abc import Callable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .models import Institution

# A section: the template and its context for this user and institution, or None to show none.
SectionBuilder = Callable[[HttpRequest, Institution], tuple[str, dict] | None]
_builders: list[SectionBuilder] = []


def institution_section(builder: SectionBuilder) -> SectionBuilder:
    """Register ``builder``'s section on every institution's page (in the order registered)."""
    if builder not in _builders:
        _builders.append(builder)
    return builder


def institution_sections(*, request: HttpRequest, institution: Institution) -> list[SafeString]:
    """Each registered section, rendered for ``request.user``."""
    sections = []
    for builder in _builders:
        found = builder(request, institution)
        if found is not None:
            template, context = found
            sections.append(
                render_to_string(template, {"institution": institution, **context}, request)
            )
    return sections
