"""Reading assessments: what the pages show, each in a fixed number of queries."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from institutions.models import Cohort, Institution

from . import scoring
from .models import (
    ActionItem,
    Answer,
    Assessment,
    AssessmentStatus,
    Indicator,
    Principle,
    PrincipleScore,
    Questionnaire,
    period_bounds,
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


@dataclass(frozen=True)
class PrincipleRow:
    principle: Principle
    score: float | None
    benchmark: float | None
    previous: float | None
    indicators: list[tuple[Indicator, Answer | None]]


@dataclass(frozen=True)
class AssessmentOutcome:
    """Everything the results page and the assessment reports show, read once."""

    assessment: Assessment
    rows: list[PrincipleRow]
    overall: float | None
    band: str | None
    gate: bool | None
    gate_pending: bool
    provisional: bool
    has_benchmark: bool
    weakest: list[tuple[Indicator, Answer]]
    strongest: list[tuple[Indicator, Answer]]
    gaps: list[tuple[Indicator, Answer, ActionItem | None]]
    reviewed: list[tuple[Indicator, Answer]]
    previous: Assessment | None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _bounds(period: str) -> tuple[datetime.date, datetime.date] | None:
    """A period's first and last day; None for one stored before periods were checked."""
    try:
        return period_bounds(period)
    except (ValueError, KeyError):
        return None


def previous_assessment(*, assessment: Assessment) -> Assessment | None:
    """The institution's latest assessment with a result, of the same questionnaire (any
    version of it, so principles compare by number), of a period that ended before this
    one began ("2026-H1" before "2026-H2"; the year "2026" before neither)."""
    this = _bounds(assessment.period)
    if this is None:
        return None
    candidates = (
        Assessment.objects.filter(
            institution_id=assessment.institution_id,
            submitted_at__isnull=False,
            questionnaire__code=assessment.questionnaire.code,
        )
        .exclude(pk=assessment.pk)
        .select_related("questionnaire")
    )
    earlier = [
        (bounds, candidate)
        for candidate in candidates
        if (bounds := _bounds(candidate.period)) is not None and bounds[1] < this[0]
    ]
    # The latest end first; of two ending together (2026-H2, 2026-Q4), the shorter period.
    latest = max(
        earlier,
        key=lambda pair: (pair[0][1], pair[0][0], pair[1].submitted_at, pair[1].pk),
        default=None,
    )
    return latest[1] if latest else None


def previous_scores(*, previous: Assessment | None) -> dict[int, float | None]:
    """The previous assessment's score by principle number, in one query whether or not
    there is one (the pages' query count stays fixed)."""
    return {
        number: _float(score)
        for number, score in PrincipleScore.objects.filter(
            assessment_id=previous.pk if previous else None
        ).values_list("principle__number", "score")
    }


def assessment_outcome(*, assessment: Assessment) -> AssessmentOutcome:
    """Scores per principle (the snapshot of a submitted or accepted assessment; the
    provisional score of a draft or returned one), the peer average, the previous
    assessment's scores (matched by principle number), gaps, actions and review notes."""
    inputs = scoring_input(assessment=assessment)
    live = scoring.score(answer for _indicator, answer in inputs)
    provisional = assessment.is_editable
    if not provisional:
        stored = {s.principle_id: _float(s.score) for s in assessment.principle_scores.all()}
        overall = _float(assessment.overall_score)
        band = assessment.band or None
        gate = assessment.gate_met
    else:
        stored = {p.principle: p.score for p in live.principles}
        overall, band, gate = live.overall, live.band, live.gate_met
    benchmark = peer_benchmark(assessment=assessment)
    previous = previous_assessment(assessment=assessment)
    before = previous_scores(previous=previous)
    answers = {
        a.indicator_id: a
        for a in Answer.objects.filter(assessment=assessment).select_related(
            "reviewed_by", "updated_by"
        )
    }
    by_principle: dict[int, list[tuple[Indicator, Answer | None]]] = {}
    principles: dict[int, Principle] = {}
    for indicator, _answer in inputs:
        principles.setdefault(indicator.principle_id, indicator.principle)
        by_principle.setdefault(indicator.principle_id, []).append(
            (indicator, answers.get(indicator.pk))
        )
    rows = [
        PrincipleRow(
            principle=principle,
            score=stored.get(key),
            benchmark=_float(benchmark.get(key)) if benchmark else None,
            previous=before.get(principle.number),
            indicators=by_principle[key],
        )
        for key, principle in principles.items()
    ]
    by_code = {answer.code: indicator for indicator, answer in inputs}
    weakest, strongest = scoring.weakest_and_strongest(answer for _i, answer in inputs)
    actions = {item.indicator_id: item for item in assessment.action_items.all()}
    return AssessmentOutcome(
        assessment=assessment,
        rows=rows,
        overall=overall,
        band=band,
        gate=gate,
        gate_pending=provisional and any(a.critical and not a.response for _i, a in inputs),
        provisional=provisional,
        has_benchmark=benchmark is not None,
        weakest=[(by_code[r.code], answers[by_code[r.code].pk]) for r in weakest],
        strongest=[(by_code[r.code], answers[by_code[r.code].pk]) for r in strongest],
        gaps=[
            (indicator, answers[indicator.pk], actions.get(indicator.pk))
            for indicator, answer in inputs
            if answer.response in ("partial", "not_met")
        ],
        reviewed=[
            (indicator, answers[indicator.pk])
            for indicator, _answer in inputs
            if indicator.pk in answers and answers[indicator.pk].has_review
        ],
        previous=previous,
    )


@dataclass(frozen=True)
class PrincipleSpread:
    principle: Principle
    lowest: float | None
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    highest: float | None
    mean: float | None
    scores: list[float]

    @property
    def summary(self) -> tuple[float | None, ...]:
        return self.lowest, self.median, self.highest, self.mean


@dataclass(frozen=True)
class CohortIndicator:
    indicator: Indicator
    share: float | None
    meets: int
    partial: int
    not_met: int


@dataclass(frozen=True)
class CohortMember:
    label: str
    named: bool
    assessment: Assessment
    scores: list[float | None]
    overall: float | None
    band: str


@dataclass(frozen=True)
class CohortOutcome:
    cohort: Cohort
    questionnaire: Questionnaire
    period: str
    cohort_size: int
    principles: list[Principle]
    spreads: list[PrincipleSpread]
    weakest: list[CohortIndicator]
    members: list[CohortMember]
    anonymised: bool
    withheld: int


def cohort_assessments(*, cohort: Cohort) -> QuerySet[Assessment]:
    """The submitted or accepted assessments of the cohort's institutions."""
    return Assessment.objects.filter(
        institution__cohorts=cohort, status__in=RESULT_STATUSES
    ).select_related("questionnaire", "institution")


def cohort_choices(*, cohort: Cohort) -> list[tuple[Questionnaire, str, int]]:
    """Each questionnaire version and period the cohort has results for, with how many
    institutions; the latest period first."""
    rows = (
        cohort_assessments(cohort=cohort)
        .values("questionnaire", "period")
        .annotate(count=Count("pk"))
        .order_by("-period", "questionnaire")
    )
    questionnaires = Questionnaire.objects.in_bulk({row["questionnaire"] for row in rows})
    return [(questionnaires[row["questionnaire"]], row["period"], row["count"]) for row in rows]


def _letters(number: int) -> str:
    """0 → A, 25 → Z, 26 → AA: labels for institutions shown without their names."""
    label = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        label = chr(ord("A") + remainder) + label
    return label


def cohort_outcome(
    *,
    cohort: Cohort,
    questionnaire: Questionnaire,
    period: str,
    may_name: Callable[[Institution], bool],
    weakest_limit: int = 10,
) -> CohortOutcome:
    """The cohort's results for one questionnaire version and period: the spread per
    principle, the weakest indicators over all members' answers, and each member's scores,
    best first. A member appears by name only where ``may_name`` says so; the others as
    "Institution A, B, …" in table order."""
    assessments = list(
        cohort_assessments(cohort=cohort)
        .filter(questionnaire=questionnaire, period=period)
        .prefetch_related("principle_scores")
        .order_by(F("overall_score").desc(nulls_last=True), "institution__code")
    )
    named = {a.pk: may_name(a.institution) for a in assessments}
    hidden = sum(not value for value in named.values())
    # As with the peer average: others' results without names only when at least
    # PEER_MINIMUM of them can be shown, or one would know whose they are.
    withheld = hidden if 0 < hidden < PEER_MINIMUM else 0
    if withheld:
        assessments = [a for a in assessments if named[a.pk]]
    principles = list(questionnaire.principles.order_by("number"))
    scores = {
        a.pk: {s.principle_id: _float(s.score) for s in a.principle_scores.all()}
        for a in assessments
    }
    spreads = []
    for principle in principles:
        values = [scores[a.pk][principle.pk] for a in assessments]
        present = [v for v in values if v is not None]
        summary = scoring.spread(present)
        spreads.append(
            PrincipleSpread(
                principle=principle,
                scores=present,
                **{
                    field: getattr(summary, field) if summary else None
                    for field in (
                        "lowest",
                        "lower_quartile",
                        "median",
                        "upper_quartile",
                        "highest",
                        "mean",
                    )
                },
            )
        )
    tallies = (
        Answer.objects.filter(assessment__in=[a.pk for a in assessments])
        .values("indicator")
        .annotate(
            meets=Count("pk", filter=Q(response="meets")),
            partial=Count("pk", filter=Q(response="partial")),
            not_met=Count("pk", filter=Q(response="not_met")),
        )
        .filter(Q(partial__gt=0) | Q(not_met__gt=0))
    )
    indicators = Indicator.objects.select_related("principle").in_bulk(
        [row["indicator"] for row in tallies]
    )
    ranked = sorted(
        (
            CohortIndicator(
                indicator=indicators[row["indicator"]],
                share=scoring.points_share(row["meets"], row["partial"], row["not_met"]),
                meets=row["meets"],
                partial=row["partial"],
                not_met=row["not_met"],
            )
            for row in tallies
        ),
        key=lambda item: (
            item.share,
            -item.not_met,
            item.indicator.principle.number,
            item.indicator.position,
        ),
    )
    members = []
    letters = 0
    for assessment in assessments:
        if named[assessment.pk]:
            label = assessment.institution.name
        else:
            label = _("Institution %(letter)s") % {"letter": _letters(letters)}
            letters += 1
        members.append(
            CohortMember(
                label=label,
                named=named[assessment.pk],
                assessment=assessment,
                scores=[scores[assessment.pk].get(p.pk) for p in principles],
                overall=_float(assessment.overall_score),
                band=assessment.band,
            )
        )
    return CohortOutcome(
        cohort=cohort,
        questionnaire=questionnaire,
        period=period,
        cohort_size=cohort.institutions.count(),
        principles=principles,
        spreads=spreads,
        weakest=ranked[:weakest_limit],
        members=members,
        anonymised=hidden > 0,
        withheld=withheld,
    )
