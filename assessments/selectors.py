"""Reading assessments: what the pages show, each in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from institutions.models import Institution

from . import scoring
from .models import (
    ActionItem,
    Answer,
    Assessment,
    AssessmentStatus,
    Indicator,
    Principle,
    PrincipleScore,
)

PEER_MINIMUM = 3
RESULT_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.ACCEPTED)


@dataclass(frozen=True)
class PrincipleProgress:
    principle: Principle
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def assessment_progress(*, assessment: Assessment) -> list[PrincipleProgress]:
    """Answered / total per principle, counted in the database."""
    principles = (
        Principle.objects.filter(questionnaire_id=assessment.questionnaire_id)
        .annotate(
            total=Count("indicators", distinct=True),
            answered=Count(
                "indicators__answers",
                filter=Q(indicators__answers__assessment=assessment)
                & ~Q(indicators__answers__response=""),
                distinct=True,
            ),
        )
        .order_by("number")
    )
    return [PrincipleProgress(p, p.answered, p.total) for p in principles]


def principle_indicators(*, assessment: Assessment, principle: Principle) -> list[Indicator]:
    """The principle's indicators, each with ``.answer`` (or None) and its evidence files."""
    answers = (
        Answer.objects.filter(assessment=assessment)
        .select_related("updated_by", "reviewed_by")
        .prefetch_related("evidence")
    )
    indicators = list(
        principle.indicators.prefetch_related(Prefetch("answers", answers, to_attr="found"))
    )
    for indicator in indicators:
        indicator.answer = indicator.found[0] if indicator.found else None
    return indicators


def scoring_input(*, assessment: Assessment) -> list[tuple[Indicator, scoring.IndicatorAnswer]]:
    """Every indicator of the assessment's questionnaire with its answer, in order."""
    responses = dict(
        Answer.objects.filter(assessment=assessment).values_list("indicator_id", "response")
    )
    indicators = Indicator.objects.filter(
        principle__questionnaire_id=assessment.questionnaire_id
    ).select_related("principle")
    return [
        (
            indicator,
            scoring.IndicatorAnswer(
                # Codes repeat across principles in some versions; the id never does.
                code=str(indicator.pk),
                principle=indicator.principle_id,
                weight=indicator.weight,
                critical=indicator.is_critical,
                response=responses.get(indicator.pk) or None,
            ),
        )
        for indicator in indicators
    ]


def missing_indicators(*, assessment: Assessment) -> list[Indicator]:
    answered = Answer.objects.filter(assessment=assessment).exclude(response="")
    return list(
        Indicator.objects.filter(principle__questionnaire_id=assessment.questionnaire_id)
        .exclude(pk__in=answered.values("indicator_id"))
        .select_related("principle")
    )


def peer_benchmark(*, assessment: Assessment) -> dict[int, Decimal | None] | None:
    """Average score per principle (by principle id) over the latest submitted assessment of
    each other institution with the same questionnaire version; None unless at least
    PEER_MINIMUM institutions contribute, and a principle's average only where at least
    PEER_MINIMUM of them have a score for it. Institutions are never named."""
    latest = (
        Assessment.objects.filter(
            institution_id=OuterRef("institution_id"),
            questionnaire_id=assessment.questionnaire_id,
            status__in=RESULT_STATUSES,
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    peers = (
        Assessment.objects.filter(
            questionnaire_id=assessment.questionnaire_id, status__in=RESULT_STATUSES
        )
        .exclude(institution_id=assessment.institution_id)
        .filter(pk=Subquery(latest))
    )
    if peers.count() < PEER_MINIMUM:
        return None
    averages = (
        PrincipleScore.objects.filter(assessment__in=peers, score__isnull=False)
        .values("principle_id")
        .annotate(average=Avg("score"), contributors=Count("assessment"))
    )
    return {
        row["principle_id"]: row["average"] if row["contributors"] >= PEER_MINIMUM else None
        for row in averages
    }


def institution_history(*, institution: Institution) -> QuerySet[Assessment]:
    """The institution's assessments that have a result, oldest first, with their scores."""
    return (
        Assessment.objects.filter(institution=institution, submitted_at__isnull=False)
        .select_related("questionnaire", "institution")
        .prefetch_related(
            Prefetch("principle_scores", PrincipleScore.objects.select_related("principle"))
        )
        .order_by("submitted_at", "pk")
    )


def open_action_items(*, institution: Institution) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(assessment__institution=institution)
        .exclude(status="done")
        .select_related("indicator", "assessment")
    )
