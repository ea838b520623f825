"""Which institutions in a table the user may open, so their names link to their page."""

from collections.abc import Iterable

from institutions.models import Institution


def linkable_institutions(user, rows: Iterable[dict]) -> set[str]:
    """The codes of the rows' institutions whose complaint page ``user`` may see: one query
    for the lot, and none for an anonymous visitor. A row's ``institution`` is the
    institution (a table computed now) or the published row naming it."""
    if not user.is_authenticated:
        return set()
    ids = {getattr(row["institution"], "institution_id", row["institution"].pk) for row in rows}
    return {
        institution.code
        for institution in Institution.objects.in_bulk(ids - {None}).values()
        if user.has_perm("complaints.view_institution_complaints", institution)
    }
