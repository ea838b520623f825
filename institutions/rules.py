"""Who may see or change an institution's profile (the role predicates: accounts/rules.py)."""

import rules
from django.db.models import QuerySet

from accounts.models import User
from accounts.rules import is_administrator, is_manager, is_regulator, is_trainer

from .models import Institution


@rules.predicate
def manages_institution(user: User, institution: Institution | None) -> bool:
    return (
        institution is not None
        and is_manager(user)
        and user.institution_id is not None
        and user.institution_id == institution.pk
    )


rules.add_perm("institutions.list_institutions", is_administrator | is_regulator | is_trainer)
rules.add_perm(
    "institutions.view_institution",
    is_administrator | is_regulator | is_trainer | manages_institution,
)
rules.add_perm(
    "institutions.change_institution", is_administrator | is_regulator | manages_institution
)
# The official names, code and kind, which the central bank publishes: never the managers'.
rules.add_perm("institutions.change_institution_identity", is_administrator | is_regulator)
rules.add_perm("institutions.add_institution", is_administrator)
rules.add_perm("institutions.delete_institution", is_administrator)


def institutions_visible_to(user: User) -> QuerySet[Institution]:
    """The institutions whose profile ``user`` may read."""
    if is_administrator(user) or is_regulator(user) or is_trainer(user):
        return Institution.objects.all()
    if is_manager(user) and user.institution_id is not None:
        return Institution.objects.filter(pk=user.institution_id)
    return Institution.objects.none()
