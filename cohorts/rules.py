"""Who may see, make or change a cohort (the role predicates: accounts/rules.py)."""

import rules
from django.db.models import QuerySet

from accounts.models import User
from accounts.rules import is_administrator, is_manager, is_regulator, is_trainer

from .models import Cohort


@rules.predicate
def trains_cohort(user: User, cohort: Cohort | None) -> bool:
    return cohort is not None and is_trainer(user) and cohort.trainers.filter(pk=user.pk).exists()


@rules.predicate
def manages_cohort_member(user: User, cohort: Cohort | None) -> bool:
    """A manager whose institution is in the cohort sees its report, the others unnamed."""
    return (
        cohort is not None
        and is_manager(user)
        and user.institution_id is not None
        and cohort.institutions.filter(pk=user.institution_id).exists()
    )


rules.add_perm("cohorts.list_cohorts", rules.is_authenticated)
rules.add_perm("cohorts.add_cohort", is_administrator | is_trainer)
rules.add_perm("cohorts.change_cohort", is_administrator | trains_cohort)
rules.add_perm(
    "cohorts.view_cohort",
    is_administrator | is_regulator | trains_cohort | manages_cohort_member,
)


def cohorts_visible_to(user: User) -> QuerySet[Cohort]:
    """The cohorts ``user`` may open: the same rule as ``cohorts.view_cohort``."""
    if is_administrator(user) or is_regulator(user):
        return Cohort.objects.all()
    if is_trainer(user):
        return Cohort.objects.filter(trainers=user)
    if is_manager(user) and user.institution_id is not None:
        return Cohort.objects.filter(institutions=user.institution_id)
    return Cohort.objects.none()
