"""Reading a cohort's results: the spread of scores, the weakest indicators, each member."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.models import (
    NEWEST_PERIOD_FIRST,
    Answer,
    Assessment,
    Indicator,
    Principle,
    Questionnaire,
)
from assessments.periods import Period
from assessments.selectors import PEER_MINIMUM, as_float
from institutions.models import Institution

from .models import Cohort


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
    return (
        Assessment.objects.with_result()
        .filter(institution__cohorts=cohort)
        .select_related("questionnaire", "institution")
    )


def cohort_choices(*, cohort: Cohort) -> list[tuple[Questionnaire, str, int]]:
    """Each questionnaire version and period (as its label, "2026-H1") the cohort has results
    for, with how many institutions; the latest period first."""
    rows = (
        cohort_assessments(cohort=cohort)
        .values("questionnaire", "period_start", "period_end")
        .annotate(count=Count("pk"))
        .order_by(*NEWEST_PERIOD_FIRST, "questionnaire")
    )
    questionnaires = Questionnaire.objects.in_bulk({row["questionnaire"] for row in rows})
    return [
        (
            questionnaires[row["questionnaire"]],
            Period(row["period_start"], row["period_end"]).label,
            row["count"],
        )
        for row in rows
    ]


def _letters(number: int) -> str:
    """0 → A, 25 → Z, 26 → AA: labels for institutions shown without their names."""
    label = ""
    number += 1
    while number:
        number, remainder = divmod(number - 1, 26)
        label = chr(ord("A") + remainder) + label
    return label


SPREAD_FIELDS = ("lowest", "lower_quartile", "median", "upper_quartile", "highest", "mean")


def _spreads(
    principles: list[Principle], scores: list[dict[int, float | None]]
) -> list[PrincipleSpread]:
    """Each principle's spread over the members' scores (``scores``: one dict per member)."""
    spreads = []
    for principle in principles:
        present = [v for member in scores if (v := member.get(principle.pk)) is not None]
        summary = scoring.spread(present)
        spreads.append(
            PrincipleSpread(
                principle=principle,
                scores=present,
                **{field: getattr(summary, field) if summary else None for field in SPREAD_FIELDS},
            )
        )
    return spreads


def _weakest_indicators(assessments: list[Assessment], limit: int) -> list[CohortIndicator]:
    """The indicators with a gap in any member's answers as submitted (never an institution's
    changes after a return), the lowest share of points first."""
    tallies = (
        Answer.objects.filter(assessment__in=[a.pk for a in assessments])
        .values("indicator")
        .annotate(
            meets=Count("pk", filter=Q(submitted_response="meets")),
            partial=Count("pk", filter=Q(submitted_response="partial")),
            not_met=Count("pk", filter=Q(submitted_response="not_met")),
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
    return ranked[:limit]


def _members(
    assessments: list[Assessment],
    named: dict[int, bool],
    principles: list[Principle],
    scores: list[dict[int, float | None]],
) -> list[CohortMember]:
    """Each member's row in table order; those not named lettered A, B, … in that order."""
    members = []
    letters = 0
    for assessment, own in zip(assessments, scores, strict=True):
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
                scores=[own.get(p.pk) for p in principles],
                overall=as_float(assessment.overall_score),
                band=assessment.band,
            )
        )
    return members


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
        .for_period(period)
        .filter(questionnaire=questionnaire)
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
    scores = [
        {s.principle_id: as_float(s.score) for s in a.principle_scores.all()} for a in assessments
    ]
    return CohortOutcome(
        cohort=cohort,
        questionnaire=questionnaire,
        period=period,
        cohort_size=cohort.institutions.count(),
        principles=principles,
        spreads=_spreads(principles, scores),
        weakest=_weakest_indicators(assessments, weakest_limit),
        members=_members(assessments, named, principles, scores),
        anonymised=hidden > 0,
        withheld=withheld,
    )


@dataclass(frozen=True)
class CohortSummary:
    """A cohort at a glance: its members and, for the questionnaire version and period its
    page shows first (the latest), how many have a result and the spread per principle."""

    cohort: Cohort
    members: list[Institution]
    questionnaire: Questionnaire | None
    period: str
    results: int
    spreads: list[PrincipleSpread]


def _results_key(assessment: Assessment) -> tuple:
    return assessment.questionnaire_id, assessment.period_start, assessment.period_end


def _latest_results(cohorts: list[Cohort]) -> dict[int, list[Assessment]]:
    """By cohort id, its members' assessments with a result of the latest questionnaire
    version and period it has results for, chosen in the order of ``cohort_choices``."""
    assessments = (
        Assessment.objects.with_result()
        .filter(institution__cohorts__in=cohorts)
        .select_related("questionnaire")
        .annotate(cohort_id=F("institution__cohorts"))
        .prefetch_related("principle_scores")
        .order_by("cohort_id", *NEWEST_PERIOD_FIRST, "questionnaire")
    )
    latest: dict[int, list[Assessment]] = {}
    for assessment in assessments:
        chosen = latest.setdefault(assessment.cohort_id, [])
        if not chosen or _results_key(assessment) == _results_key(chosen[0]):
            chosen.append(assessment)
    return latest


def cohort_summaries(*, cohorts: QuerySet[Cohort]) -> list[CohortSummary]:
    """Each of ``cohorts`` with its members by name and the spread of its latest results per
    principle, in five queries however many cohorts and members there are. Nothing is
    withheld: for those who may see every member's results (its trainers, regulators)."""
    members = Prefetch("institutions", Institution.objects.order_by("name_az"))
    cohorts = list(cohorts.prefetch_related(members))
    latest = _latest_results(cohorts)
    principles: dict[int, list[Principle]] = {}
    for principle in Principle.objects.filter(
        questionnaire__in={group[0].questionnaire_id for group in latest.values()}
    ).order_by("number"):
        principles.setdefault(principle.questionnaire_id, []).append(principle)
    summaries = []
    for cohort in cohorts:
        group = latest.get(cohort.pk, [])
        scores = [
            {s.principle_id: as_float(s.score) for s in a.principle_scores.all()} for a in group
        ]
        first = group[0] if group else None
        summaries.append(
            CohortSummary(
                cohort=cohort,
                members=sorted(cohort.institutions.all(), key=lambda i: i.name.casefold()),
                questionnaire=first.questionnaire if first else None,
                period=first.period_label if first else "",
                results=len(group),
                spreads=_spreads(principles.get(first.questionnaire_id, []), scores)
                if first
                else [],
            )
        )
    return summaries
