"""Who may see or change what: the one place that decides it.

Views ask through ``user.has_perm(perm, obj)`` (django-rules) and list pages
through the ``*_visible_to`` functions below, so both answer from the same rules.
"""

import rules
from django.db.models import QuerySet

from institutions.models import Institution

from .models import Role, User


@rules.predicate
def is_administrator(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN)


@rules.predicate
def is_regulator(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REGULATOR


@rules.predicate
def is_trainer(user: User) -> bool:
    return user.is_authenticated and user.role == Role.TRAINER


@rules.predicate
def is_manager(user: User) -> bool:
    return user.is_authenticated and user.role == Role.MANAGER


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
rules.add_perm("institutions.change_institution", is_administrator | manages_institution)
rules.add_perm("institutions.add_institution", is_administrator)
rules.add_perm("institutions.delete_institution", is_administrator)

# The Django admin is for administrators only; these let them manage users there.
rules.add_perm("accounts.view_user", is_administrator)
rules.add_perm("accounts.add_user", is_administrator)
rules.add_perm("accounts.change_user", is_administrator)
rules.add_perm("accounts.delete_user", is_administrator)


def institutions_visible_to(user: User) -> QuerySet[Institution]:
    """The institutions whose profile ``user`` may read."""
    if is_administrator(user) or is_regulator(user) or is_trainer(user):
        return Institution.objects.all()
    if is_manager(user) and user.institution_id is not None:
        return Institution.objects.filter(pk=user.institution_id)
    return Institution.objects.none()
