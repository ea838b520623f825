"""Who may see or change what: the one place that decides it.

Views ask through ``user.has_perm(perm, obj)`` (django-rules) and list pages
through the ``*_visible_to`` functions below, so both answer from the same rules.
"""

import rules
from django.db.models import QuerySet

from assessments.models import EDITABLE_STATUSES, Assessment, AssessmentStatus, Evidence
from institutions.models import Cohort, Institution

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

# The Django admin is for administrators only: users, questionnaire versions, assessments.
for _model in (
    "accounts.user",
    "assessments.questionnaire",
    "assessments.principle",
    "assessments.indicator",
    "assessments.actionitem",
):
    _app, _name = _model.split(".")
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"{_app}.{_action}_{_name}", is_administrator)
rules.add_perm("assessments.change_assessment", is_administrator)
rules.add_perm("assessments.delete_assessment", is_administrator)


@rules.predicate
def manages_assessment(user: User, assessment: Assessment | None) -> bool:
    return assessment is not None and manages_institution(user, assessment.institution)


@rules.predicate
def is_beyond_draft(user: User, assessment: Assessment | None) -> bool:
    """Regulators and trainers see an assessment once it has been submitted, not before."""
    return assessment is not None and assessment.status != AssessmentStatus.DRAFT


@rules.predicate
def is_editable(user: User, assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.status in EDITABLE_STATUSES


@rules.predicate
def is_awaiting_review(user: User, assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.status == AssessmentStatus.SUBMITTED


@rules.predicate
def has_result(user: User, assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.submitted_at is not None


is_supervisor = is_regulator | is_trainer

rules.add_perm("assessments.list_assessments", rules.is_authenticated)
rules.add_perm("assessments.start_assessment", is_manager)
rules.add_perm(
    "assessments.view_assessment",
    is_administrator | manages_assessment | (is_supervisor & is_beyond_draft),
)
rules.add_perm("assessments.work_on_assessment", manages_assessment)
rules.add_perm("assessments.fill_assessment", manages_assessment & is_editable)
rules.add_perm("assessments.review_assessment", is_supervisor & is_awaiting_review)
rules.add_perm("assessments.plan_actions", manages_assessment & has_result)


rules.add_perm("complaints.manage_complaints", is_administrator | is_regulator)
rules.add_perm(
    "complaints.view_institution_complaints",
    is_administrator | is_regulator | manages_institution,
)
for _name in ("complaintcategory", "zonerule"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"complaints.{_action}_{_name}", is_administrator)
# The audit history (django-simple-history, complaint imports): administrators only.
rules.add_perm("assessments.view_historicalanswer", is_administrator)
for _name in ("publication", "clientcountchange", "complaint", "clientcount", "complaintimport"):
    rules.add_perm(f"complaints.view_{_name}", is_administrator)
rules.add_perm("complaints.change_complaint", is_administrator)
rules.add_perm("complaints.change_clientcount", is_administrator)


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


rules.add_perm("institutions.list_cohorts", rules.is_authenticated)
rules.add_perm("institutions.add_cohort", is_administrator | is_trainer)
rules.add_perm("institutions.change_cohort", is_administrator | trains_cohort)
rules.add_perm(
    "institutions.view_cohort",
    is_administrator | is_regulator | trains_cohort | manages_cohort_member,
)


def cohorts_visible_to(user: User) -> QuerySet[Cohort]:
    """The cohorts ``user`` may open: the same rule as ``institutions.view_cohort``."""
    if is_administrator(user) or is_regulator(user):
        return Cohort.objects.all()
    if is_trainer(user):
        return Cohort.objects.filter(trainers=user)
    if is_manager(user) and user.institution_id is not None:
        return Cohort.objects.filter(institutions=user.institution_id)
    return Cohort.objects.none()


def institutions_visible_to(user: User) -> QuerySet[Institution]:
    """The institutions whose profile ``user`` may read."""
    if is_administrator(user) or is_regulator(user) or is_trainer(user):
        return Institution.objects.all()
    if is_manager(user) and user.institution_id is not None:
        return Institution.objects.filter(pk=user.institution_id)
    return Institution.objects.none()


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    """The assessments ``user`` may open: the same rule as ``assessments.view_assessment``."""
    assessments = Assessment.objects.all()
    if is_administrator(user):
        return assessments
    if is_regulator(user) or is_trainer(user):
        return assessments.exclude(status=AssessmentStatus.DRAFT)
    if is_manager(user) and user.institution_id is not None:
        return assessments.filter(institution_id=user.institution_id)
    return assessments.none()


def evidence_visible_to(user: User, evidence: Evidence) -> bool:
    return user.has_perm("assessments.view_assessment", evidence.answer.assessment)
