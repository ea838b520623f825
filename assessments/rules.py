"""Who may see, fill in, review or plan an assessment (the role predicates: accounts/rules.py)."""

from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import admin_only, is_administrator, is_manager, is_supervisor
from institutions.rules import manages_institution

from .models import EDITABLE_STATUSES, Assessment, AssessmentStatus, Evidence


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
def was_submitted(user: User, assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.was_submitted


rules.add_perm("assessments.list_assessments", rules.is_authenticated)
rules.add_perm("assessments.start_assessment", is_manager)
rules.add_perm(
    "assessments.view_assessment",
    is_administrator | manages_assessment | (is_supervisor & is_beyond_draft),
)
rules.add_perm("assessments.work_on_assessment", manages_assessment)
rules.add_perm("assessments.fill_assessment", manages_assessment & is_editable)
rules.add_perm("assessments.review_assessment", is_supervisor & is_awaiting_review)
rules.add_perm("assessments.plan_actions", manages_assessment & was_submitted)

# The Django admin: questionnaire versions and assessments, for administrators only.
admin_only("assessments", "questionnaire", "principle", "indicator", "actionitem")
admin_only("assessments", "assessment", actions=("change", "delete"))
# The audit history (django-simple-history): administrators only.
admin_only("assessments", "historicalanswer", actions=("view",))


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    """The assessments ``user`` may open: the same rule as ``assessments.view_assessment``."""
    assessments = Assessment.objects.all()
    if is_administrator(user):
        return assessments
    if is_supervisor(user):
        return assessments.exclude(status=AssessmentStatus.DRAFT)
    if is_manager(user) and user.institution_id is not None:
        return assessments.filter(institution_id=user.institution_id)
    return assessments.none()


def sees_as_submitted(user: User, assessment: Assessment) -> bool:
    """Whether ``user`` sees ``assessment`` as it was last submitted: everyone outside the
    institution does while a reviewer's return has it being changed, until it is submitted
    again; the institution's own managers see their changes."""
    return assessment.status == AssessmentStatus.RETURNED and not manages_assessment(
        user, assessment
    )


def evidence_visible_to(user: User, evidence: Evidence) -> bool:
    assessment = evidence.answer.assessment
    if not user.has_perm("assessments.view_assessment", assessment):
        return False
    # A file attached since the last submission is part of the changes, not of what was sent.
    return not (
        sees_as_submitted(user, assessment) and evidence.uploaded_at > assessment.submitted_at
    )


def assessment_for(user: User, pk: int, perm: str) -> Assessment:
    """The assessment, if ``user`` has ``perm`` on it; PermissionDenied otherwise (Http404 if
    there is none): how every assessment page opens its assessment."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("institution", "questionnaire"), pk=pk
    )
    if not user.has_perm(perm, assessment):
        raise PermissionDenied(closed_reason(user, assessment, perm))
    return assessment


def closed_reason(user: User, assessment: Assessment, perm: str) -> str:
    """Why a step is closed to someone who may see the assessment: its status, not their
    institution. Empty (the page's general refusal) for anyone who may not see it at all."""
    if not user.has_perm("assessments.view_assessment", assessment):
        return ""
    status = assessment.status
    if perm == "assessments.review_assessment" and is_supervisor(user):
        if status == AssessmentStatus.ACCEPTED:
            return _("This assessment was accepted on %(date)s; it can no longer be reviewed.") % {
                "date": _day(assessment.decided_at)
            }
        if status == AssessmentStatus.RETURNED:
            return _(
                "This assessment was returned to the institution on %(date)s; it can be reviewed "
                "again once the institution submits it."
            ) % {"date": _day(assessment.decided_at)}
    if perm == "assessments.fill_assessment" and manages_assessment(user, assessment):
        if status == AssessmentStatus.ACCEPTED:
            return _(
                "This assessment was accepted on %(date)s; it can no longer be changed. Start a "
                "new assessment for a later period to record what has changed since."
            ) % {"date": _day(assessment.decided_at)}
        if status == AssessmentStatus.SUBMITTED:
            return _(
                "This assessment was submitted on %(date)s and awaits review; it can be changed "
                "again only if the reviewer returns it."
            ) % {"date": _day(assessment.submitted_at)}
    return ""


def _day(moment: datetime | None) -> str:
    return date_format(timezone.localdate(moment)) if moment else "—"
