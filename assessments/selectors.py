"""Reading assessments: what the pages show, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from institutions.models import Institution

from . import scoring
from .models import (
    EDITABLE_STATUSES,
    NEWEST_PERIOD_FIRST,
    ActionItem,
    ActionStatus,
    Answer,
    Assessment,
    AssessmentEvent,
    AssessmentStatus,
    EventAction,
    Evidence,
    Indicator,
    Principle,
    PrincipleScore,
    Questionnaire,
    Response,
)

if TYPE_CHECKING:
    from .services import AnswerEntry

PEER_MINIMUM = 3


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


def _response_field(as_submitted: bool) -> str:
    """The answers' field that holds what is shown: as last submitted, or as they stand."""
    return "submitted_response" if as_submitted else "response"


def assessment_progress(
    *, assessment: Assessment, as_submitted: bool = False
) -> list[PrincipleProgress]:
    """Answered / total per principle, counted in the database; ``as_submitted``: of the
    answers as last submitted (see ``rules.sees_as_submitted``)."""
    answered = {f"indicators__answers__{_response_field(as_submitted)}": ""}
    principles = (
        Principle.objects.filter(questionnaire_id=assessment.questionnaire_id)
        .annotate(
            total=Count("indicators", distinct=True),
            answered=Count(
                "indicators__answers",
                filter=Q(indicators__answers__assessment=assessment) & ~Q(**answered),
                distinct=True,
            ),
        )
        .order_by("number")
    )
    return [PrincipleProgress(p, p.answered, p.total) for p in principles]


@dataclass(frozen=True)
class PrincipleNavigation:
    """Where a principle's page stands among the questionnaire's principles."""

    progress: list[PrincipleProgress]
    current: PrincipleProgress
    previous_number: int | None
    next_number: int | None

    @property
    def answered(self) -> int:
        return sum(p.answered for p in self.progress)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.progress)


def principle_navigation(
    *, assessment: Assessment, number: int, as_submitted: bool = False
) -> PrincipleNavigation:
    """The progress of every principle, and the principles before and after ``number``."""
    progress = assessment_progress(assessment=assessment, as_submitted=as_submitted)
    numbers = [p.principle.number for p in progress]
    position = numbers.index(number)
    return PrincipleNavigation(
        progress=progress,
        current=progress[position],
        previous_number=numbers[position - 1] if position > 0 else None,
        next_number=numbers[position + 1] if position + 1 < len(numbers) else None,
    )


def fill_rows(
    *, rows: list[dict], conflicts: dict[int, Answer], unsaved: list["AnswerEntry"]
) -> list[dict]:
    """A principle page's rows (indicator and fields), each with the answer someone else saved
    since the page was opened (``conflict``) and what this user typed that was not saved
    (``unsaved``: the answer's label and the comment), or None."""
    typed = {entry.indicator.pk: entry for entry in unsaved}
    labels = dict(Response.choices)
    shown = []
    for row in rows:
        pk = row["indicator"].pk
        entry = typed.get(pk)
        not_saved = entry and {"response": labels.get(entry.response), "comment": entry.comment}
        shown.append({**row, "conflict": conflicts.get(pk), "unsaved": not_saved})
    return shown


def returned_note(*, assessment: Assessment) -> AssessmentEvent | None:
    """The reviewer's note that returned the assessment, while it stands returned."""
    if assessment.status != AssessmentStatus.RETURNED:
        return None
    return assessment.events.filter(action=EventAction.RETURNED).last()


@dataclass(frozen=True)
class ReviewNote:
    indicator: Indicator
    verdict: str
    note: str

    @property
    def verdict_label(self) -> str:
        return Response(self.verdict).label if self.verdict else ""


@dataclass(frozen=True)
class ReviewRound:
    """One submission and its review: the notes on indicators and the decision, if taken."""

    number: int
    submitted: AssessmentEvent | None
    decision: AssessmentEvent | None
    notes: list[ReviewNote]


def review_rounds(*, assessment: Assessment) -> list[ReviewRound]:
    """Every round of review, first to last. A resubmission clears the answers' notes for the
    next round; an earlier round's are read back from the answers' audit history."""
    steps = list(
        assessment.events.filter(
            action__in=(EventAction.SUBMITTED, EventAction.RETURNED, EventAction.ACCEPTED)
        ).select_related("actor")
    )
    submissions = [step for step in steps if step.action == EventAction.SUBMITTED]
    indicators = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(
            principle__questionnaire_id=assessment.questionnaire_id
        ).select_related("principle")
    }
    order = list(indicators)
    live = [
        ReviewNote(indicators[a.indicator_id], a.review_verdict, a.review_note)
        for a in assessment.answers.exclude(review_verdict="", review_note="")
    ]
    if not submissions:
        return [ReviewRound(1, None, None, _in_order(live, order))] if live else []
    past = list(
        Answer.history.filter(assessment_id=assessment.pk, reviewed_at__isnull=False)
        .order_by("history_date", "history_id")
        .values("id", "indicator_id", "review_verdict", "review_note", "reviewed_at")
    )
    rounds = []
    for number, submission in enumerate(submissions, start=1):
        later = submissions[number] if number < len(submissions) else None
        decision = next(
            (
                step
                for step in steps
                if step.action != EventAction.SUBMITTED
                and step.at >= submission.at
                and (later is None or step.at < later.at)
            ),
            None,
        )
        if later is None:
            notes = live
        else:
            # The last state of each answer's review within the round.
            latest = {
                record["id"]: record
                for record in past
                if submission.at <= record["reviewed_at"] < later.at
            }
            notes = [
                ReviewNote(indicators[r["indicator_id"]], r["review_verdict"], r["review_note"])
                for r in latest.values()
                if r["review_verdict"] or r["review_note"]
            ]
        rounds.append(ReviewRound(number, submission, decision, _in_order(notes, order)))
    return rounds


def _in_order(notes: list[ReviewNote], order: list[int]) -> list[ReviewNote]:
    return sorted(notes, key=lambda note: order.index(note.indicator.pk))


def existing_assessment(
    *, institution: Institution, questionnaire: Questionnaire, period: str
) -> Assessment | None:
    """The institution's assessment of that questionnaire and period ("2026-H1"), if any."""
    return (
        Assessment.objects.for_period(period)
        .filter(institution=institution, questionnaire=questionnaire)
        .first()
    )


def principle_indicators(
    *, assessment: Assessment, principle: Principle, as_submitted: bool = False
) -> list[Indicator]:
    """The principle's indicators, each with ``.answer`` (or None) and its evidence files;
    ``as_submitted``: the answers as last submitted, and the files attached by then."""
    evidence = Evidence.objects.all()
    if as_submitted:
        evidence = evidence.filter(uploaded_at__lte=assessment.submitted_at)
    answers = (
        Answer.objects.filter(assessment=assessment)
        .select_related("updated_by", "reviewed_by")
        .prefetch_related(Prefetch("evidence", evidence))
    )
    indicators = list(
        principle.indicators.prefetch_related(Prefetch("answers", answers, to_attr="found"))
    )
    for indicator in indicators:
        indicator.answer = indicator.found[0] if indicator.found else None
        if as_submitted and indicator.answer is not None:
            indicator.answer.show_as_submitted()
    return indicators


def scoring_input(
    *, assessment: Assessment, as_submitted: bool = False
) -> list[tuple[Indicator, scoring.IndicatorAnswer]]:
    """Every indicator of the assessment's questionnaire with its answer, in order."""
    responses = dict(
        Answer.objects.filter(assessment=assessment).values_list(
            "indicator_id", _response_field(as_submitted)
        )
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
        Assessment.objects.with_result()
        .filter(
            institution_id=OuterRef("institution_id"),
            questionnaire_id=assessment.questionnaire_id,
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    peers = (
        Assessment.objects.with_result()
        .filter(questionnaire_id=assessment.questionnaire_id)
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
        Assessment.objects.with_result()
        .filter(institution=institution)
        .select_related("questionnaire", "institution")
        .prefetch_related(
            Prefetch("principle_scores", PrincipleScore.objects.select_related("principle"))
        )
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class HistoryRow:
    principle: Principle
    scores: list[Decimal | None]


def history_table(*, assessments: list[Assessment]) -> list[HistoryRow]:
    """A row per principle number of ``assessments`` (with their principle scores prefetched,
    as ``institution_history`` gives them), with each one's score, or None, in their order;
    versions of a questionnaire share their principles' numbers."""
    by_number = [{s.principle.number: s for s in a.principle_scores.all()} for a in assessments]
    principles: dict[int, Principle] = {}
    for scores in by_number:
        for number, score in scores.items():
            principles.setdefault(number, score.principle)
    return [
        HistoryRow(
            principle=principles[number],
            scores=[scores[number].score if number in scores else None for scores in by_number],
        )
        for number in sorted(principles)
    ]


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

    @property
    def answered(self) -> int:
        return sum(1 for _indicator, answer in self.indicators if answer and answer.response)

    @property
    def total(self) -> int:
        return len(self.indicators)


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

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def previous_assessment(*, assessment: Assessment) -> Assessment | None:
    """The institution's latest assessment with a result, of the same questionnaire (any
    version of it, so principles compare by number), of a period that ended before this
    one began ("2026-H1" before "2026-H2"; the year "2026" before neither). Of two ending on
    the same day (2026-H2, 2026-Q4), the shorter period; then the latest submitted."""
    return (
        Assessment.objects.with_result()
        .filter(
            institution_id=assessment.institution_id,
            questionnaire__code=assessment.questionnaire.code,
            period_end__lt=assessment.period_start,
        )
        .select_related("questionnaire")
        .order_by(*NEWEST_PERIOD_FIRST, F("submitted_at").desc(nulls_last=True), "-pk")
        .first()
    )


def previous_scores(*, previous: Assessment | None) -> dict[int, float | None]:
    """The previous assessment's score by principle number, in one query whether or not
    there is one (the pages' query count stays fixed)."""
    return {
        number: as_float(score)
        for number, score in PrincipleScore.objects.filter(
            assessment_id=previous.pk if previous else None
        ).values_list("principle__number", "score")
    }


def assessment_outcome(*, assessment: Assessment, as_submitted: bool = False) -> AssessmentOutcome:
    """Scores per principle (the snapshot of a submitted or accepted assessment; the
    provisional score of a draft or returned one), the peer average, the previous
    assessment's scores (matched by principle number), gaps, actions and review notes.
    ``as_submitted``: a returned assessment as last submitted, answers and scores alike."""
    inputs = scoring_input(assessment=assessment, as_submitted=as_submitted)
    live = scoring.score(answer for _indicator, answer in inputs)
    provisional = assessment.is_editable and not as_submitted
    if not provisional:
        stored = {s.principle_id: as_float(s.score) for s in assessment.principle_scores.all()}
        overall = as_float(assessment.overall_score)
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
    if as_submitted:
        for answer in answers.values():
            answer.show_as_submitted()
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
            benchmark=as_float(benchmark.get(key)) if benchmark else None,
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


def current_assessment(*, assessments: QuerySet[Assessment]) -> Assessment | None:
    """The newest of ``assessments`` still being filled in (a draft or returned): the latest
    period first, then the one started last."""
    return (
        assessments.filter(status__in=EDITABLE_STATUSES)
        .select_related("questionnaire")
        .order_by(*NEWEST_PERIOD_FIRST, "-created_at", "-pk")
        .first()
    )


def returned_assessments(*, assessments: QuerySet[Assessment]) -> list[Assessment]:
    """Those of ``assessments`` a reviewer returned, the latest period first, each with
    ``returns`` (the steps that returned it, the latest first, with their note) and ``noted``
    (how many of its answers carry a reviewer's note)."""
    returns = AssessmentEvent.objects.filter(action=EventAction.RETURNED).select_related("actor")
    return list(
        assessments.filter(status=AssessmentStatus.RETURNED)
        .select_related("questionnaire")
        .annotate(noted=Count("answers", filter=~Q(answers__review_note="")))
        .prefetch_related(Prefetch("events", returns.order_by("-at", "-pk"), to_attr="returns"))
        .order_by(*NEWEST_PERIOD_FIRST, "-pk")
    )


def action_items_due(
    *, assessments: QuerySet[Assessment], today: datetime.date, days: int = 30
) -> QuerySet[ActionItem]:
    """The action-plan items of ``assessments`` not done and due within ``days`` of ``today``
    or overdue, the earliest first, each with ``overdue`` (due before ``today``)."""
    return (
        ActionItem.objects.filter(
            assessment__in=assessments, due_on__lte=today + datetime.timedelta(days=days)
        )
        .exclude(status=ActionStatus.DONE)
        .annotate(overdue=Q(due_on__lt=today))
        .select_related("indicator", "assessment")
        .order_by("due_on", "pk")
    )
