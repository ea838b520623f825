"""Reading assessments: what the pages show, each in a fixed number of queries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q, QuerySet

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
                code=indicator.code,
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


def peer_benchmark(*, assessment: Assessment) -> dict[int, Decimal] | None:
    """Average score per principle (by principle id) over other institutions' submitted
    assessments of the same questionnaire version; None unless at least PEER_MINIMUM
    other institutions contribute. Institutions are never named."""
    peers = PrincipleScore.objects.filter(
        assessment__questionnaire_id=assessment.questionnaire_id,
        assessment__status__in=RESULT_STATUSES,
    ).exclude(assessment__institution_id=assessment.institution_id)
    contributors = peers.aggregate(n=Count("assessment__institution", distinct=True))["n"]
    if contributors < PEER_MINIMUM:
        return None
    averages = peers.values("principle_id").annotate(average=Avg("score"))
    return {row["principle_id"]: row["average"] for row in averages}


def institution_history(*, institution: Institution) -> QuerySet[Assessment]:
    """The institution's assessments that have a result, oldest first, with their scores."""
    return (
        Assessment.objects.filter(institution=institution, submitted_at__isnull=False)
        .select_related("questionnaire")
        .prefetch_related(
            Prefetch("principle_scores", PrincipleScore.objects.select_related("principle"))
        )
        .order_by("period", "submitted_at")
    )


def open_action_items(*, institution: Institution) -> QuerySet[ActionItem]:
    return (
        ActionItem.objects.filter(assessment__institution=institution)
        .exclude(status="done")
        .select_related("indicator", "assessment")
    )
